/**
 * Reading tmuxp's format, as a specification: the short forms, expansion and inheritance, and validation
 * errors that name the key at its line and column (nothing is built from a file with any of them).
 */
import { describe, expect, it } from 'vitest';
import { parseWorkspace, WorkspaceError, type Workspace } from '../../src/index.js';

const env = { HOME: '/home/me', PROJECT: 'demo', EMPTY: '' };
const read = (text: string, file = '/work/ws/dev.yaml') => parseWorkspace(text, { env, cwd: '/cwd', file });
const panesOf = async (text: string) => (await read(text)).sessions[0]!.windows[0]!.panes;
const cmds = (ws: Workspace, w = 0, p = 0) =>
  ws.sessions[0]!.windows[w]!.panes[p]!.commands.map((c) => c.cmd);

describe('pane short forms', () => {
  it.each([
    ['a bare string', '- vim', [['vim']]],
    ['null, blank and pane', '- null\n      - blank\n      - pane', [[], [], []]],
    ['a list of commands', '- [cd src, vim]', [['cd src', 'vim']]],
    ['shell_command as a string', '- shell_command: top', [['top']]],
    ["shell_command: ['blank'] (one item)", "- shell_command: ['blank']", [[]]],
    ["'blank' among others is a command", "- shell_command: ['echo', 'blank']", [['echo', 'blank']]],
    ['items with cmd', '- shell_command:\n          - cmd: make\n            enter: false', [['make']]],
  ])('%s', async (_name, panes, expected) => {
    const read = await panesOf(`session_name: s\nwindows:\n  - panes:\n      ${panes}\n`);
    expect(read.map((p) => p.commands.map((c) => c.cmd))).toEqual(expected);
  });

  it('gives a window without panes one empty pane', async () => {
    expect(await panesOf('session_name: s\nwindows:\n  - window_name: w\n')).toHaveLength(1);
  });

  it('keeps enter and sleeps per command, defaulting to the pane', async () => {
    const [pane] = await panesOf(
      'session_name: s\nwindows:\n  - panes:\n      - shell_command:\n          - a\n          - cmd: b\n            enter: false\n            sleep_before: 1.5\n        enter: true\n        sleep_after: 2\n',
    );
    expect(
      pane!.commands.map(({ cmd, enter, sleepBefore, sleepAfter }) => [cmd, enter, sleepBefore, sleepAfter]),
    ).toEqual([
      ['a', true, 0, 2],
      ['b', false, 1.5, 2],
    ]);
  });
});

describe('inheritance and expansion', () => {
  it('runs shell_command_before of the session, window and pane before the pane commands', async () => {
    const ws = await read(
      'session_name: s\nshell_command_before: [s1]\nwindows:\n  - shell_command_before: w1\n    panes:\n      - shell_command_before: [p1]\n        shell_command: [cmd]\n      - other\n',
    );
    expect(cmds(ws, 0, 0)).toEqual(['s1', 'w1', 'p1', 'cmd']);
    expect(cmds(ws, 0, 1)).toEqual(['s1', 'w1', 'other']);
  });

  it('inherits suppress_history (default true) and lets a pane override it', async () => {
    const ws = await read(
      'session_name: s\nsuppress_history: false\nwindows:\n  - panes: [a, {shell_command: b, suppress_history: true}]\n  - suppress_history: true\n    panes: [c]\n',
    );
    const flags = ws.sessions[0]!.windows.flatMap((w) => w.panes.map((p) => p.commands[0]!.suppressHistory));
    expect(flags).toEqual([false, true, true]);
    expect(
      (await read('session_name: s\nwindows: [{panes: [a]}]\n')).sessions[0]!.windows[0]!.panes[0]!
        .commands[0]!.suppressHistory,
    ).toBe(true);
  });

  it('resolves directories: the session against the file, a window against the session, a pane against the window', async () => {
    const ws = await read(
      'session_name: s\nstart_directory: ./src\nwindows:\n  - start_directory: lib\n    panes: [a, {start_directory: ../test}]\n  - start_directory: ~/notes\n    panes: [b]\n  - panes: [c]\n',
    );
    const s = ws.sessions[0]!;
    expect(s.startDirectory).toBe('/work/ws/src');
    expect(s.windows.map((w) => w.startDirectory)).toEqual([
      '/work/ws/src/lib',
      '/home/me/notes',
      '/work/ws/src',
    ]);
    expect(s.windows[0]!.panes.map((p) => p.startDirectory)).toEqual([
      '/work/ws/src/lib',
      '/work/ws/src/test',
    ]);
  });

  it('expands $VAR, ${VAR} and ~ in names, directories, environment and options, but not in commands', async () => {
    const ws = await read(
      'session_name: $PROJECT-${PROJECT}\nstart_directory: ~/$PROJECT\nenvironment: {A: $UNSET, B: "${EMPTY}x"}\noptions: {status-left: "~/$PROJECT"}\nwindows:\n  - window_name: w-$PROJECT\n    panes: [echo $PROJECT]\n',
    );
    const s = ws.sessions[0]!;
    expect(s.name).toBe('demo-demo');
    expect(s.startDirectory).toBe('/home/me/demo');
    expect(s.environment).toEqual({ A: '$UNSET', B: 'x' });
    expect(s.options).toEqual({ 'status-left': '/home/me/demo' });
    expect(s.windows[0]!.name).toBe('w-demo');
    expect(cmds(ws)).toEqual(['echo $PROJECT']);
  });

  it('takes before_script relative to the file, as words', async () => {
    const ws = await read('session_name: s\nbefore_script: ./setup.sh --quick\nwindows: [{panes: [a]}]\n');
    expect(ws.sessions[0]!.beforeScript).toEqual(['/work/ws/setup.sh', '--quick']);
  });

  it('gives window_shell to panes without a shell, and merges window and pane environment', async () => {
    const [a, b] = await panesOf(
      'session_name: s\nwindows:\n  - window_shell: htop\n    environment: {X: w, Y: w}\n    panes: [{environment: {Y: p}}, {shell: top}]\n',
    );
    expect([a!.shell, b!.shell]).toEqual(['htop', 'top']);
    expect(a!.environment).toEqual({ X: 'w', Y: 'p' });
  });

  it('writes option values as tmux takes them (booleans as on/off)', async () => {
    const ws = await read(
      'session_name: s\noptions: {mouse: on, history-limit: 5000}\nwindows:\n  - options_after: {synchronize-panes: true}\n    panes: [a]\n',
    );
    expect(ws.sessions[0]!.options).toEqual({ mouse: 'on', 'history-limit': '5000' });
    expect(ws.sessions[0]!.windows[0]!.optionsAfter).toEqual({ 'synchronize-panes': 'on' });
  });

  it('reads several sessions: documents, or a list', async () => {
    const docs = await read(
      'session_name: a\nwindows: [{panes: [x]}]\n---\nsession_name: b\nwindows: [{panes: [y]}]\n',
    );
    const list = await read(
      '- session_name: a\n  windows: [{panes: [x]}]\n- session_name: b\n  windows: [{panes: [y]}]\n',
    );
    expect(docs.sessions.map((s) => s.name)).toEqual(['a', 'b']);
    expect(list.sessions.map((s) => s.name)).toEqual(['a', 'b']);
  });

  it('reads JSON', async () => {
    const ws = await read(
      '{"session_name": "j", "windows": [{"window_name": "w", "panes": ["ls"]}]}',
      '/w/j.json',
    );
    expect(cmds(ws)).toEqual(['ls']);
  });
});

describe('validation', () => {
  const problems = async (text: string) => {
    const error = await read(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkspaceError);
    return (error as WorkspaceError).diagnostics.map((d) => `${d.line}:${d.column} ${d.key}: ${d.message}`);
  };

  it.each([
    [
      'an unknown key, with a hint',
      'session_name: s\nwindows:\n  - window_nme: w\n',
      ['3:5 windows[0].window_nme: unknown key'],
    ],
    [
      'a near miss of a key',
      'session_name: s\nwindows:\n  - panes: [a]\n    start-directory: /x\n',
      ["4:5 windows[0].start-directory: unknown key (did you mean 'start_directory'?)"],
    ],
    [
      'a bad layout',
      'session_name: s\nwindows:\n  - layout: tilde\n',
      ["3:13 windows[0].layout: unknown layout 'tilde'"],
    ],
    [
      'a wrong type',
      'session_name: s\nwindows:\n  - focus: maybe\n',
      ['3:12 windows[0].focus: must be true or false'],
    ],
    ['no session_name', 'windows: [{panes: [a]}]\n', ['1:1 session_name: is required']],
    ['no windows', 'session_name: s\n', ['1:1 windows: is required (a list of windows)']],
    [
      'a bad on_exists',
      'session_name: s\non_exists: merge\nwindows: [{}]\n',
      ['2:12 on_exists: must be one of error, replace, reuse, append'],
    ],
    [
      'a negative sleep',
      'session_name: s\nwindows:\n  - panes:\n      - shell_command: a\n        sleep_before: -1\n',
      ['5:23 windows[0].panes[0].sleep_before: must be a number of seconds, 0 or more'],
    ],
    [
      'a command item without cmd',
      'session_name: s\nwindows:\n  - panes:\n      - shell_command:\n          - enter: false\n',
      ["5:13 windows[0].panes[0].shell_command[0]: a command item needs 'cmd'"],
    ],
    [
      'a session name tmux would change',
      'session_name: a.b\nwindows: [{}]\n',
      ["1:15 session_name: must be non-empty, without ':' or '.' (tmux's target separators)"],
    ],
  ])('reports %s at its position', async (_name, text, expected) => {
    const found = await problems(text);
    expect(found.map((f) => f.replace(/ \(tiled[^)]*\)| \(even-[^)]*\)/, ''))).toEqual(
      expected.map((e) => e.replace(/ \(even-[^)]*\)/, '')),
    );
  });

  it('reports every problem, with the file in the message', async () => {
    const error = (await read('session_name: s\nbogus: 1\nwindows:\n  - layout: x\n').catch(
      (e: unknown) => e,
    )) as WorkspaceError;
    expect(error.diagnostics).toHaveLength(2);
    expect(error.message).toMatch(/^2 problems:\n\/work\/ws\/dev\.yaml:2:1: bogus: unknown key/);
  });

  it('reports YAML syntax errors at their position', async () => {
    const found = await problems('session_name: s\nwindows:\n  - panes: [a\n');
    expect(found[0]).toMatch(/^\d+:\d+ : /);
  });
});
