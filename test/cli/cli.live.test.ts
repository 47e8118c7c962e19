/**
 * The `tmuxkit` command as a user runs it (a process, no standard input, as in CI), on every installed
 * tmux: each command's output and exit code (0 done, 1 tmux or the load failed, 2 a wrong command line, 3 a
 * missing or invalid workspace file), one-line errors with `file:line:column`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateTmux } from '../support/private-tmux.js';
import { runTmuxkit, type CliRun } from '../support/cli-process.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  .version as string;
const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const WORKSPACE =
  'session_name: cli\nwindows:\n  - window_name: one\n    panes: [null, null]\n  - window_name: two\n';
writeFileSync(join(dir, 'cli.yaml'), WORKSPACE);
writeFileSync(join(dir, 'bad.yaml'), 'session_name: bad\nwindows:\n  - layot: tiled\n');

function tmuxkit(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliRun> {
  return runTmuxkit(args, { cwd: dir, env, ...(input !== undefined ? { input } : {}) });
}

writeFileSync(
  join(dir, 'project.yml'),
  'name: imported\nroot: /tmp\npre: make deps\nwindows:\n  - editor:\n      layout: tiled\n      panes: [vim, top]\n  - shell: ls\n',
);

describe('tmuxkit, without a server', () => {
  it('imports a tmuxinator project, with a warning for what it left out', async () => {
    const imported = await tmuxkit(['import', 'tmuxinator', 'project.yml']);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^session_name: imported\nstart_directory: \/tmp\nwindows:\n/);
    expect(imported.stderr).toBe(
      'tmuxkit: project.yml: pre: left out (a shell command run before the project starts)\n',
    );
    expect((await tmuxkit(['import', 'tmuxinator', 'project.yml', '-o', 'imported.yaml'])).code).toBe(0);
    expect((await tmuxkit(['load', '--dry-run', '-L', 'tmuxkit-test-none', 'imported.yaml'])).stdout).toMatch(
      /-s imported/,
    );
    expect((await tmuxkit(['import', 'teamocil', 'project.yml'])).code).toBe(2);
    expect((await tmuxkit(['import', 'tmuxinator', 'cli.yaml'])).code).toBe(3);
  });

  it('prints help and its version', async () => {
    const help = await tmuxkit(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['load', 'freeze', 'ls', 'convert', 'import'])
      expect(help.stdout).toContain(command);
    expect(await tmuxkit(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await tmuxkit(['load', '--help'])).stdout).toMatch(/--dry-run/);
  });

  it('exits 2 for a wrong command line', async () => {
    expect((await tmuxkit(['frobnicate'])).code).toBe(2);
    expect((await tmuxkit(['load'])).code).toBe(2);
    expect((await tmuxkit(['load', '--on-exists', 'merge', 'cli.yaml'])).code).toBe(2);
  });

  it('exits 3 for a missing or invalid file, one line per problem', async () => {
    const missing = await tmuxkit(['load', '-d', 'nowhere.yaml']);
    expect(missing).toMatchObject({ code: 3, stdout: '' });
    expect(missing.stderr).toMatch(/^tmuxkit: nowhere\.yaml: no such workspace file/);
    const bad = await tmuxkit(['load', '-d', 'bad.yaml']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toBe(`tmuxkit: ${join(dir, 'bad.yaml')}:3:5: windows[0].layot: unknown key\n`);
  });

  it('lists workspace files, and converts between YAML and JSON', async () => {
    const configs = join(dir, 'configs');
    mkdirSync(join(dir, 'xdg', 'tmuxkit'), { recursive: true });
    mkdirSync(configs);
    writeFileSync(join(configs, 'one.yaml'), WORKSPACE);
    writeFileSync(join(dir, 'xdg', 'tmuxkit', 'two.json'), '{}');
    const env = { TMUXP_CONFIGDIR: configs, XDG_CONFIG_HOME: join(dir, 'xdg'), HOME: dir };
    const ls = await tmuxkit(['ls'], env);
    expect(ls.stdout).toBe(
      `one\t${join(configs, 'one.yaml')}\ntwo\t${join(dir, 'xdg', 'tmuxkit', 'two.json')}\n`,
    );
    expect(JSON.parse((await tmuxkit(['ls', '--json'], env)).stdout)).toHaveLength(2);
    const printed = await tmuxkit(['convert', '--stdout', 'cli.yaml']);
    expect(JSON.parse(printed.stdout)).toMatchObject({
      session_name: 'cli',
      windows: [{ window_name: 'one' }, { window_name: 'two' }],
    });
    expect(await tmuxkit(['convert', 'cli.yaml'])).toMatchObject({
      code: 0,
      stdout: `${join(dir, 'cli.json')}\n`,
    });
    expect(existsSync(join(dir, 'cli.json'))).toBe(true);
    expect((await tmuxkit(['convert', 'cli.yaml'])).code).toBe(1); // exists; -y to overwrite
    expect((await tmuxkit(['convert', '-y', 'cli.yaml'])).code).toBe(0);
  });
});

for (const tmux of installedTmuxVersions()) {
  describe(`tmuxkit load and freeze, tmux ${tmux.version}`, () => {
    let server: PrivateTmux;
    const run = (args: string[]) =>
      tmuxkit([...args.slice(0, 1), '-L', server.socketName, ...args.slice(1)], { TMUXKIT_TMUX: tmux.bin });
    beforeAll(async () => {
      server = await PrivateTmux.start(tmux.bin, 'cli');
    });
    afterAll(() => server.kill());

    it('prints the plan with --dry-run and changes nothing', async () => {
      const dry = await run(['load', '--dry-run', 'cli.yaml']);
      expect(dry.code).toBe(0);
      expect(dry.stdout.split('\n')[0]).toMatch(/^tmux new-session -d .*-s cli/);
      expect((await server.run(['has-session', '-t', '=cli'])).exitCode).not.toBe(0);
    });

    it('loads detached, refuses a second load, and replaces with --on-exists', async () => {
      const first = await run(['load', '-d', 'cli.yaml']);
      expect(first).toMatchObject({ code: 0, stderr: '' });
      expect(first.stdout).toMatch(/^cli \$\d+ created\n$/);
      expect(
        (await server.run(['list-windows', '-t', '=cli', '-F', '#{window_name} #{window_panes}'])).stdout,
      ).toBe('one 2\ntwo 1');
      const again = await run(['load', '-d', 'cli.yaml']);
      expect(again.code).toBe(1);
      expect(again.stderr).toBe(
        "tmuxkit: session 'cli' is running already (on_exists: error; use replace, reuse or append)\n",
      );
      const replaced = await run(['load', '-d', '--json', '--on-exists', 'replace', 'cli.yaml']);
      expect(replaced.code).toBe(0);
      expect(JSON.parse(replaced.stdout)).toMatchObject([{ name: 'cli', action: 'replaced' }]);
      expect((await run(['load', '-d', '-y', 'cli.yaml'])).stdout).toMatch(/ reused\n$/);
    });

    it('loads under another name with -s, and appends with -a', async () => {
      expect((await run(['load', '-d', '-s', 'renamed', 'cli.yaml'])).code).toBe(0);
      expect((await run(['load', '-d', '-a', '-s', 'renamed', 'cli.yaml'])).stdout).toMatch(/appended/);
      expect((await server.run(['list-windows', '-t', '=renamed', '-F', '#{window_name}'])).stdout).toBe(
        'one\ntwo\none\ntwo',
      );
    });

    it('opens a REPL with the server and the first pane, its window and session bound', async () => {
      const repl = await tmuxkit(
        ['shell', '-L', server.socketName],
        { TMUXKIT_TMUX: tmux.bin },
        'console.log((await server.sessions()).length > 0, typeof tmuxkit.Plan, [session.kind, window.kind, pane.kind].join())\n.exit\n',
      );
      expect(repl.code).toBe(0);
      expect(repl.stdout).toContain('true function session,window,pane');
    });

    it('freezes a session to standard output or a file, and the file loads back', async () => {
      const frozen = await run(['freeze', 'cli']);
      expect(frozen.code).toBe(0);
      expect(frozen.stdout).toMatch(/^session_name: cli\n(start_directory: .*\n)?windows:\n/);
      const out = join(dir, `frozen-${tmux.slot}.json`);
      expect((await run(['freeze', '-o', out, 'cli'])).code).toBe(0);
      expect(JSON.parse(readFileSync(out, 'utf8')).session_name).toBe('cli');
      expect((await run(['freeze', '-o', out, 'cli'])).code).toBe(1); // exists
      expect((await run(['load', '-d', '-s', 'thawed', out])).code).toBe(0);
      expect((await server.run(['list-windows', '-t', '=thawed', '-F', '#{window_name}'])).stdout).toBe(
        'one\ntwo',
      );
      expect((await run(['freeze', 'no-such-session'])).code).toBe(1);
    });
  });
}
