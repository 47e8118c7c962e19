/**
 * Render tables: the argv each operation renders per tmux version, or "unsupported" where the version
 * gates it (VersionError). Two parts:
 * - hand-written rows stating literal argv for the behaviours that matter (flag order, `--`, `;` escaping,
 *   capture flags, value history, positionals per release);
 * - a sweep over every command, every flag and every positional in every manifest release, whose expected
 *   argv is computed from the raw manifest YAML by an oracle written independently of the runtime.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest, releaseOrderOf } from '../../codegen/manifest/load-manifest.js';
import type { CommandSpec, FlagSpec, PositionalSpec } from '../../codegen/manifest/manifest-schema.js';
import {
  BreakPane,
  CapturePane,
  catalog,
  ChooseBuffer,
  ChooseClient,
  ChooseTree,
  CommandPrompt,
  CopyMode,
  CustomizeMode,
  DisplayPanes,
  KillPane,
  KillSession,
  KillWindow,
  MovePane,
  NewPane,
  ParameterError,
  RespawnPane,
  RespawnWindow,
  ResizePane,
  ServerAccess,
  SetHook,
  ShowHooks,
  ShowOptions,
  ShowWindowOptions,
  SwitchMode,
  WaitFor,
  DisplayMessage,
  ListPanes,
  ListSessions,
  NewSession,
  NewWindow,
  operationClasses,
  RefreshClient,
  RunShell,
  SendKeys,
  SetOption,
  SplitWindow,
  Target,
  VersionError,
  type Operation,
} from '../../src/index.js';

type Expected = readonly string[] | 'unsupported';
const MATRIX = ['3.1c', '3.3a', '3.5a', '3.7c', '3.8'] as const;
const IDS = '#{pane_id}\t#{window_id}\t#{session_id}';

function rendered(op: Operation, version: string): Expected {
  try {
    return op.render({ version });
  } catch (e) {
    if (e instanceof VersionError) return 'unsupported';
    throw e;
  }
}

interface Row {
  readonly name: string;
  readonly op: () => Operation;
  /** Expected argv per matrix version; one value applies to every version. */
  readonly argv: Expected | Readonly<Record<(typeof MATRIX)[number], Expected>>;
}

const rows: Row[] = [
  {
    name: 'split-window captures ids and keeps manifest flag order',
    op: () => new SplitWindow({ target: '%1', horizontal: true, detached: true }),
    argv: ['split-window', '-d', '-F', IDS, '-h', '-P', '-t', '%1'],
  },
  {
    name: 'split-window -Z exists from 3.2',
    op: () => new SplitWindow({ zoom: true }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['split-window', '-F', IDS, '-P', '-Z'],
      '3.5a': ['split-window', '-F', IDS, '-P', '-Z'],
      '3.7c': ['split-window', '-F', IDS, '-P', '-Z'],
      '3.8': ['split-window', '-F', IDS, '-P', '-Z'],
    },
  },
  {
    name: 'split-window: the caller format is printed after the ids',
    op: () => new SplitWindow({ format: '#{pane_tty}' }),
    argv: ['split-window', '-F', `${IDS}\t#{pane_tty}`, '-P'],
  },
  {
    name: 'split-window: positionals after --, a trailing ; escaped',
    op: () => new SplitWindow({ shellCommand: 'vim', arguments: ['-c', 'set x;'] }),
    argv: ['split-window', '-F', IDS, '-P', '--', 'vim', '-c', 'set x\\;'],
  },
  {
    name: 'split-window: environment as NAME=value, once per variable',
    op: () => new SplitWindow({ environment: { A: '1', B: 'two words' } }),
    argv: ['split-window', '-e', 'A=1', '-e', 'B=two words', '-F', IDS, '-P'],
  },
  {
    name: 'new-session with names and size',
    op: () =>
      new NewSession({ detached: true, sessionName: 'dev', windowName: 'editor', width: '80', height: '24' }),
    argv: ['new-session', '-d', '-F', IDS, '-n', 'editor', '-P', '-s', 'dev', '-x', '80', '-y', '24'],
  },
  {
    name: 'new-window -S (select if exists) from 3.3',
    op: () => new NewWindow({ selectExisting: true, windowName: 'logs' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
      '3.5a': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
      '3.7c': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
      '3.8': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
    },
  },
  {
    name: 'break-pane captures ids',
    op: () => new BreakPane({ source: '%2', detached: true }),
    argv: ['break-pane', '-d', '-P', '-F', IDS, '-s', '%2'],
  },
  {
    name: 'list-sessions asks for the fields the version has',
    op: () => new ListSessions(),
    argv: {
      '3.1c': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_name}',
      ],
      '3.3a': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
      '3.5a': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
      '3.7c': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
      '3.8': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
    },
  },
  {
    name: 'list-panes -f filter from 3.2',
    op: () => new ListPanes({ all: true, filter: '#{pane_active}' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': expect.arrayContaining(['list-panes', '-a', '-f', '#{pane_active}']) as unknown as Expected,
      '3.5a': expect.arrayContaining(['-f', '#{pane_active}']) as unknown as Expected,
      '3.7c': expect.arrayContaining(['-f', '#{pane_active}']) as unknown as Expected,
      '3.8': expect.arrayContaining(['-f', '#{pane_active}']) as unknown as Expected,
    },
  },
  {
    name: 'display-message: format positional, trailing ; escaped',
    op: () => new DisplayMessage({ print: true, target: '%0', message: '#{pane_id};' }),
    argv: ['display-message', '-p', '-t', '%0', '--', '#{pane_id}\\;'],
  },
  {
    name: 'display-message -c takes no value in 3.2 only (3.2 and 3.2a)',
    op: () => new DisplayMessage({ targetClient: '/dev/pts/1', print: true }),
    argv: ['display-message', '-c', '/dev/pts/1', '-p'],
  },
  {
    name: 'refresh-client -l: attached optional value 3.3 up to 3.7',
    op: () => new RefreshClient({ requestClipboard: '%1' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['refresh-client', '-l%1'],
      '3.5a': ['refresh-client', '-l%1'],
      '3.7c': 'unsupported',
      '3.8': 'unsupported',
    },
  },
  {
    name: 'refresh-client -l bare in every release',
    op: () => new RefreshClient({ requestClipboard: true }),
    argv: ['refresh-client', '-l'],
  },
  {
    name: 'run-shell with no command: optional from 3.2',
    op: () => new RunShell({ delay: 1 }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['run-shell', '-d', '1'],
      '3.5a': ['run-shell', '-d', '1'],
      '3.7c': ['run-shell', '-d', '1'],
      '3.8': ['run-shell', '-d', '1'],
    },
  },
  {
    name: 'send-keys: keys after --, a key that is just ;',
    op: () => new SendKeys({ target: 'dev:1.0', keys: ['echo hi', ';', 'Enter'] }),
    argv: ['send-keys', '-t', 'dev:1.0', '--', 'echo hi', '\\;', 'Enter'],
  },
  {
    name: 'set-option: a value starting with a dash stays a value after --',
    op: () => new SetOption({ global: true, option: '@x', value: '-v' }),
    argv: ['set-option', '-g', '--', '@x', '-v'],
  },
  {
    name: 'capture-pane with negative start and a Target value',
    op: () => new CapturePane({ print: true, startLine: '-100', target: Target.pane(3) }),
    argv: ['capture-pane', '-p', '-S', '-100', '-t', '%3'],
  },
];

describe('render table (hand-written)', () => {
  for (const row of rows) {
    for (const version of MATRIX) {
      const expected =
        Array.isArray(row.argv) || typeof row.argv === 'string'
          ? row.argv
          : (row.argv as Record<string, Expected>)[version]!;
      it(`${row.name} @ ${version}`, () => {
        expect(rendered(row.op(), version)).toEqual(expected);
      });
    }
  }

  it('display-message -c with a value is unsupported in 3.2 and 3.2a, where -c took none', () => {
    const op = new DisplayMessage({ targetClient: '/dev/pts/1' });
    expect(rendered(op, '3.2')).toBe('unsupported');
    expect(rendered(op, '3.2a')).toBe('unsupported');
    expect(rendered(op, '3.1c')).toEqual(['display-message', '-c', '/dev/pts/1']);
    expect(rendered(op, '3.3')).toEqual(['display-message', '-c', '/dev/pts/1']);
  });

  it('VersionError names the command, the flag, the release needed and the release found', () => {
    const error = (() => {
      try {
        new SplitWindow({ zoom: true }).render({ version: '3.1c' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(VersionError);
    expect(error).toMatchObject({
      command: 'split-window',
      flag: 'Z',
      needed: '3.2 or newer',
      found: '3.1c',
    });
    expect(String((error as Error).message)).toBe(
      'split-window -Z needs tmux 3.2 or newer, but the server runs tmux 3.1c',
    );
  });

  it('renders for development builds: next-3.8 and master have every 3.7c flag', () => {
    expect(new SplitWindow({ keepOpen: true }).render({ version: 'next-3.8' })).toContain('-k');
    expect(new SplitWindow({ keepOpen: true }).render({ version: 'master' })).toContain('-k');
  });
});

// ---------------------------------------------------------------------------------------------------
// What tmux 3.8 changed, 3.7c beside 3.8: every new command, flag, value-taking, target and positional
// change of the release (tmux-3.8's list-commands and source-file -n probes agree; see the reality test).

const U = 'unsupported' as const;
const ids = (...rest: string[]) => ['-F', IDS, ...rest];

const changesIn38: readonly (readonly [string, () => Operation, Expected, Expected])[] = [
  [
    'switch-mode is new',
    () =>
      new SwitchMode({
        windows: true,
        target: '%1',
        zoom: true,
        killPane: true,
        format: '#{window_name}',
        template: 'select-window -t %%',
      }),
    U,
    ['switch-mode', '-F', '#{window_name}', '-k', '-t', '%1', '-w', '-Z', '--', 'select-window -t %%'],
  ],
  ['switch-mode -s', () => new SwitchMode({ sessions: true }), U, ['switch-mode', '-s']],
  [
    'break-pane -W -x -y -X -Y (floating)',
    () =>
      new BreakPane({
        source: '%2',
        floating: true,
        width: 40,
        height: '50%',
        xPosition: '10',
        yPosition: '5%',
      }),
    U,
    ['break-pane', '-P', ...ids('-s', '%2', '-W', '-x', '40', '-y', '50%', '-X', '10', '-Y', '5%')],
  ],
  [
    'break-pane without 3.8 flags is unchanged',
    () => new BreakPane({ source: '%2' }),
    ['break-pane', '-P', ...ids('-s', '%2')],
    ['break-pane', '-P', ...ids('-s', '%2')],
  ],
  [
    'capture-pane -I (history times)',
    () => new CapturePane({ print: true, historyTimes: true }),
    U,
    ['capture-pane', '-p', '-I'],
  ],
  [
    'capture-pane -R (grid dump)',
    () => new CapturePane({ print: true, dumpGrid: true }),
    U,
    ['capture-pane', '-p', '-R'],
  ],
  ['choose-buffer -k', () => new ChooseBuffer({ killPane: true }), U, ['choose-buffer', '-k']],
  [
    'choose-client -h -i -k',
    () => new ChooseClient({ hidePane: true, showInfo: true, killPane: true }),
    U,
    ['choose-client', '-h', '-i', '-k'],
  ],
  [
    'choose-tree -h -k',
    () => new ChooseTree({ hidePane: true, killPane: true }),
    U,
    ['choose-tree', '-h', '-k'],
  ],
  ['command-prompt -P (in a pane)', () => new CommandPrompt({ inPane: true }), U, ['command-prompt', '-P']],
  ['copy-mode -k', () => new CopyMode({ killPane: true }), U, ['copy-mode', '-k']],
  ['customize-mode -k', () => new CustomizeMode({ killPane: true }), U, ['customize-mode', '-k']],
  [
    'display-message -j (JSON)',
    () => new DisplayMessage({ json: true, print: true, message: '{}' }),
    U,
    ['display-message', '-p', '-j', '--', '{}'],
  ],
  ['display-panes -b is gone', () => new DisplayPanes({ noBlock: true }), ['display-panes', '-b'], U],
  [
    'display-panes -t named a client before 3.8',
    () => new DisplayPanes({ target: '/dev/pts/1' }),
    ['display-panes', '-t', '/dev/pts/1'],
    U,
  ],
  [
    'display-panes -t names a pane from 3.8',
    () => new DisplayPanes({ targetPane: '%1' }),
    U,
    ['display-panes', '-t', '%1'],
  ],
  [
    'display-panes -s -k -Z',
    () => new DisplayPanes({ sourceWindow: '@2', killPane: true, zoom: true }),
    U,
    ['display-panes', '-s', '@2', '-k', '-Z'],
  ],
  [
    'kill-pane -a -f',
    () => new KillPane({ allOthers: true, filter: '#{pane_dead}' }),
    U,
    ['kill-pane', '-a', '-f', '#{pane_dead}'],
  ],
  [
    'kill-window -a -f',
    () => new KillWindow({ allOthers: true, filter: '#{==:#{window_name},x}' }),
    U,
    ['kill-window', '-a', '-f', '#{==:#{window_name},x}'],
  ],
  [
    'kill-session -a -f',
    () => new KillSession({ allOthers: true, filter: '#{session_attached}' }),
    U,
    ['kill-session', '-a', '-f', '#{session_attached}'],
  ],
  [
    'move-pane -p is gone',
    () => new MovePane({ source: '%1', percentage: 20 }),
    ['move-pane', '-p', '20', '-s', '%1'],
    U,
  ],
  [
    'move-pane -M -D -L3 -P -X -Y -z (floating)',
    () =>
      new MovePane({
        mouse: true,
        down: true,
        left: 3,
        position: 'centre',
        xPosition: '1',
        yPosition: '2',
        zIndex: 0,
      }),
    U,
    ['move-pane', '-M', '-D', '-L3', '-P', 'centre', '-X', '1', '-Y', '2', '-z', '0'],
  ],
  ['move-pane -R -U with counts', () => new MovePane({ right: 2, up: 1 }), U, ['move-pane', '-R2', '-U1']],
  [
    'new-pane -A -B -C -D -K -M -O -T -W (modal)',
    () =>
      new NewPane({
        modal: true,
        aboveZoom: true,
        closeOnClickOutside: true,
        closeOnEscape: true,
        allKeys: true,
        mouse: true,
        borderLines: 'double',
        title: 'T',
        wait: true,
      }),
    U,
    ['new-pane', ...ids('-P', '-A', '-B', 'double', '-C', '-D', '-K', '-M', '-O', '-T', 'T', '-W')],
  ],
  [
    'new-pane -d (undocumented from 3.8) and -L',
    () => new NewPane({ detached: true, tiled: true }),
    ['new-pane', '-d', ...ids('-P', '-L')],
    ['new-pane', '-d', ...ids('-P', '-L')],
  ],
  ['new-window -E (empty)', () => new NewWindow({ empty: true }), U, ['new-window', ...ids('-P', '-E')]],
  ['respawn-pane -E', () => new RespawnPane({ empty: true, kill: true }), U, ['respawn-pane', '-k', '-E']],
  [
    'respawn-window -E',
    () => new RespawnWindow({ empty: true, kill: true }),
    U,
    ['respawn-window', '-k', '-E'],
  ],
  [
    'resize-pane -D with the adjustment positional (3.8 still reads it)',
    () => new ResizePane({ down: true, adjustment: 5, target: '%1' }),
    ['resize-pane', '-D', '-t', '%1', '--', '5'],
    ['resize-pane', '-D', '-t', '%1', '--', '5'],
  ],
  [
    'resize-pane -D takes its count from 3.8 (attached)',
    () => new ResizePane({ down: 5, target: '%1' }),
    U,
    ['resize-pane', '-D5', '-t', '%1'],
  ],
  ['resize-pane -L with a count', () => new ResizePane({ left: 2 }), U, ['resize-pane', '-L2']],
  [
    'resize-pane -R with a count',
    () => new ResizePane({ right: 4, target: '%1' }),
    U,
    ['resize-pane', '-R4', '-t', '%1'],
  ],
  [
    'resize-pane -U bare in both',
    () => new ResizePane({ up: true }),
    ['resize-pane', '-U'],
    ['resize-pane', '-U'],
  ],
  [
    'server-access -g (a group)',
    () => new ServerAccess({ group: true, allow: true, user: 'staff' }),
    U,
    ['server-access', '-a', '-g', '--', 'staff'],
  ],
  [
    'set-hook -B -T (a monitor)',
    () => new SetHook({ monitor: '@busy:%*:#{pane_command_running}', whenTrue: true, global: true }),
    U,
    ['set-hook', '-g', '-B', '@busy:%*:#{pane_command_running}', '-T'],
  ],
  [
    'set-hook -E (fire an event)',
    () => new SetHook({ fireEvent: true, hook: '@deployed' }),
    U,
    ['set-hook', '-E', '--', '@deployed'],
  ],
  [
    'set-hook without a hook: optional from 3.8',
    () => new SetHook({ global: true, run: true }),
    U,
    ['set-hook', '-g', '-R'],
  ],
  [
    'show-hooks -B -F',
    () => new ShowHooks({ monitors: true, format: '#{hook_fire_count}' }),
    U,
    ['show-hooks', '-B', '-F', '#{hook_fire_count}'],
  ],
  [
    'show-options -F',
    () => new ShowOptions({ global: true, format: '#{option_name}' }),
    U,
    ['show-options', '-g', '-F', '#{option_name}'],
  ],
  [
    'show-window-options -F',
    () => new ShowWindowOptions({ format: '#{option_name}' }),
    U,
    ['show-window-options', '-F', '#{option_name}'],
  ],
  [
    'split-window -B -T -W',
    () => new SplitWindow({ borderLines: 'single', title: 'build', wait: true }),
    U,
    ['split-window', ...ids('-P', '-B', 'single', '-T', 'build', '-W')],
  ],
  [
    'wait-for -E -F -v (events)',
    () => new WaitFor({ event: true, format: '#{hook}', printPayload: true, channel: 'pane-exited' }),
    U,
    ['wait-for', '-E', '-F', '#{hook}', '-v', '--', 'pane-exited'],
  ],
  [
    'wait-for -l -w (waiters)',
    () => new WaitFor({ listWaiters: true, channel: 'c' }),
    U,
    ['wait-for', '-l', '--', 'c'],
  ],
  [
    'wait-for -w',
    () => new WaitFor({ wakeWaiter: 'w1', channel: 'c' }),
    U,
    ['wait-for', '-w', 'w1', '--', 'c'],
  ],
  [
    'wait-for -S unchanged',
    () => new WaitFor({ signal: true, channel: 'c' }),
    ['wait-for', '-S', '--', 'c'],
    ['wait-for', '-S', '--', 'c'],
  ],
];

describe('render table: what tmux 3.8 changed, 3.7c beside 3.8', () => {
  it.each(changesIn38)('%s', (_name, op, at37c, at38) => {
    expect({ '3.7c': rendered(op(), '3.7c'), '3.8': rendered(op(), '3.8') }).toEqual({
      '3.7c': at37c,
      '3.8': at38,
    });
  });

  it('names the parameter that now owns a reused letter', () => {
    expect(() => new DisplayPanes({ target: '/dev/pts/1' }).render({ version: '3.8' })).toThrow(
      'display-panes -t needs tmux 2.9a up to (not including) 3.8, but the server runs tmux 3.8 (in tmux 3.8, -t is targetPane)',
    );
  });

  it('refuses a count where the flag takes none, and a bare flag where it needs one', () => {
    expect(() => new ResizePane({ down: 5 }).render({ version: '3.7c' })).toThrow(
      'resize-pane -D needs tmux 3.8 or newer, but the server runs tmux 3.7c (for -D with a value)',
    );
    expect(() => new ResizePane({ down: 'five' as never })).toThrow(ParameterError);
  });

  it('covers every command and flag the manifest dates 3.8', () => {
    const covered = new Set(
      changesIn38.flatMap(([, op]) => {
        const o = op();
        return Object.keys(o.params)
          .map((p) => `${o.command} ${p}`)
          .concat(o.command);
      }),
    );
    const dated38 = manifest.commands.flatMap((c) => [
      ...(c.since === '3.8' ? [c.command] : []),
      ...c.flags
        .filter(
          (f) => f.since === '3.8' || f.until === '3.8' || f.valueHistory?.some((h) => h.since === '3.8'),
        )
        .map((f) => `${c.command} ${f.param}`),
      ...c.positionals
        .filter((p) => p.requiredUntil === '3.8' || p.until === '3.8')
        .map((p) => `${c.command} ${p.param}`),
    ]);
    expect(dated38.filter((x) => !covered.has(x))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// The sweep: an independent oracle over the raw manifest.

const manifest = loadManifest();
const order = releaseOrderOf(manifest);
const releases = manifest.releases.map((r) => r.version);
const rowsByKind = new Map<string, readonly string[]>(manifest.rows.map((r) => [r.kind, r.variables]));
const formatByName = new Map(manifest.formats.map((v) => [v.name, v]));

function exists(
  item: { since?: string | undefined; until?: string | undefined },
  release: string,
  floor: string,
) {
  return (
    order.compare(release, item.since ?? floor) >= 0 &&
    (item.until === undefined || order.compare(release, item.until) < 0)
  );
}

function sampleFor(
  value: FlagSpec['value'] | PositionalSpec['type'],
  target: FlagSpec['target'],
): [unknown, string] {
  if (target) {
    const s = { pane: '%7', window: '@7', session: '$7', client: '/dev/pts/7' }[target];
    return [s, s];
  }
  switch (value) {
    case 'int':
    case 'number':
      return [2, '2'];
    case 'size':
      return ['10%', '10%'];
    case 'environment':
      return [{ V: '1' }, 'V=1'];
    default:
      return ['x;', 'x\\;'];
  }
}

function rowFormatAt(kind: string, release: string): string {
  return rowsByKind
    .get(kind)!
    .filter((name) => {
      const v = formatByName.get(name)!;
      return exists(v, release, v.since) && !(v.missing ?? []).some((m) => exists(m, release, v.since));
    })
    .map((name) => `#{${name}}`)
    .join('\t');
}

/** Expected argv by the manifest's own words, or 'unsupported'. */
function oracle(
  c: CommandSpec,
  release: string,
  given: ReadonlyMap<string, string[]>,
  positionals: readonly string[][],
): Expected {
  if (!exists(c, release, c.since)) return 'unsupported';
  const argv = [c.command];
  for (const f of c.flags) {
    let values = given.get(f.param);
    if (c.result.kind === 'created' && (f.flag === 'P' || f.flag === 'F')) {
      values = f.flag === 'P' ? [] : [values ? `${IDS}\t${values[0]}` : IDS];
    }
    if (c.result.kind === 'rows' && f.flag === 'F') {
      const own = rowFormatAt(c.result.rows!, release);
      values = [values ? `${own}\t${values[0]}` : own];
    }
    if (values === undefined) continue;
    if (!exists(f, release, c.since)) return 'unsupported';
    const history = f.valueHistory?.find((h) => exists(h, release, c.since));
    const takes = history ? history.takesValue : f.value !== undefined;
    if (values.length === 0 && takes === true) return 'unsupported';
    if (values.length === 0) argv.push(`-${f.flag}`);
    else if (takes === false) return 'unsupported';
    else if (takes === 'optional') argv.push(...values.map((v) => `-${f.flag}${v}`));
    else argv.push(...values.flatMap((v) => [`-${f.flag}`, v]));
  }
  const active = c.positionals.filter((p) => exists(p, release, c.since));
  for (let i = 0; i < c.positionals.length; i++) {
    const p = c.positionals[i]!;
    const has = positionals[i] !== undefined;
    if (has && !exists(p, release, c.since)) return 'unsupported';
    const required =
      !p.optional || (p.requiredUntil !== undefined && order.compare(release, p.requiredUntil) < 0);
    if (!has && required && active.includes(p)) return 'unsupported';
  }
  const values = positionals.flatMap((v) => v ?? []);
  if (values.length > 0) argv.push('--', ...values);
  return argv;
}

interface SweepCase {
  readonly label: string;
  readonly command: CommandSpec;
  readonly params: Record<string, unknown>;
  readonly flags: Map<string, string[]>;
  readonly positionals: string[][];
}

/** Base positionals: the ones required in some release, so every flag case is renderable where it exists. */
function baseCase(c: CommandSpec): Omit<SweepCase, 'label'> {
  const params: Record<string, unknown> = {};
  const positionals: string[][] = [];
  c.positionals.forEach((p, i) => {
    if (p.optional && p.requiredUntil === undefined) return;
    const [value, text] = sampleFor(p.type, undefined);
    params[p.param] = p.variadic ? [value] : value;
    positionals[i] = [text];
  });
  return { command: c, params, flags: new Map(), positionals };
}

const sweep: SweepCase[] = [];
for (const c of manifest.commands) {
  sweep.push({ label: `${c.command} (base)`, ...baseCase(c) });
  for (const f of c.flags) {
    const base = baseCase(c);
    const [value, text] = f.value === undefined ? [true, undefined] : sampleFor(f.value, f.target);
    base.params[f.param] = value;
    base.flags.set(f.param, text === undefined ? [] : [text]);
    const reused = c.flags.some((g) => g !== f && g.flag === f.flag);
    const label = `${c.command} -${f.flag}${reused ? ` (${f.param})` : ''}`;
    sweep.push({ label, ...base });
    // A value flag that is bare or optional-valued in some release also takes `true` (resize-pane -D).
    if (f.value !== undefined && f.valueHistory?.some((h) => h.takesValue !== true)) {
      const bare = baseCase(c);
      bare.params[f.param] = true;
      bare.flags.set(f.param, []);
      sweep.push({ label: `${label} bare`, ...bare });
    }
  }
  c.positionals.forEach((p, i) => {
    if (!p.optional || p.requiredUntil !== undefined) return;
    const base = baseCase(c);
    // Earlier positionals that coexist with this one must be given for it to be.
    const coexist = (q: PositionalSpec) =>
      releases.some((r) => exists(q, r, c.since) && exists(p, r, c.since));
    c.positionals.slice(0, i + 1).forEach((q, j) => {
      if (base.positionals[j] !== undefined || !coexist(q)) return;
      const [value, text] = sampleFor(q.type, undefined);
      base.params[q.param] = q.variadic ? [value] : value;
      base.positionals[j] = [text];
    });
    sweep.push({ label: `${c.command} ${p.param}`, ...base });
  });
}

describe('render sweep: every command, flag and positional in every release', () => {
  it('covers every command, every flag and every positional of the manifest', () => {
    const flags = new Set(sweep.flatMap((s) => [...s.flags.keys()].map((p) => `${s.command.command} ${p}`)));
    expect(flags.size).toBe(manifest.commands.reduce((n, c) => n + c.flags.length, 0));
    expect(new Set(sweep.map((s) => s.command.command)).size).toBe(manifest.commands.length);
    expect(operationClasses.size).toBe(
      manifest.commands.length + manifest.commands.filter((c) => c.alias).length,
    );
    expect(catalog.length).toBe(manifest.commands.length);
  });

  it.each(sweep.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    const OperationClass = operationClasses.get(s.command.command)!;
    const op = new OperationClass(s.params as never);
    const mismatches: string[] = [];
    let supported = 0;
    for (const release of releases) {
      const expected = oracle(s.command, release, s.flags, s.positionals);
      const actual = rendered(op, release);
      if (expected !== 'unsupported') supported++;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(
          `${release}: expected ${JSON.stringify(expected)}, rendered ${JSON.stringify(actual)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    // Every case must render somewhere, or it would test nothing but refusals.
    expect(supported).toBeGreaterThan(0);
  });
});
