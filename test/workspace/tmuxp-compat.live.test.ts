/**
 * tmuxp compatibility: each file in `compat/` is loaded by tmuxp 1.74 (scripts/install-tmuxp.sh) into
 * one private server and by `loadWorkspace` into another, at the same size, and the two sessions must
 * match: windows (index, name, order, which is active), pane counts, layouts, pane directories, session,
 * window and global options, and what ran in every pane (what its commands printed, in order). tmuxp
 * 1.74 needs tmux 3.2a or later, so 3.1c is left out. Where tmuxkit differs on purpose (commands are not
 * expanded with the loader's environment; a pane's environment is merged with its window's), the files
 * stay clear of the difference and `workspace-reader.test.ts` pins tmuxkit's behaviour.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { readWorkspaceFile, Server, snapshot, SubprocessEngine, loadWorkspace } from '../../src/index.js';
import { privateServers } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const here = dirname(fileURLToPath(import.meta.url));
const tmuxp = join(here, '../../.cache/tmuxp/bin/tmuxp');
const files = readdirSync(join(here, 'compat')).filter((f) => f.endsWith('.yaml'));
const size = { width: 200, height: 50 };
const servers = privateServers();
afterAll(() => servers.killAll());

it('has tmuxp 1.74 installed to compare with (scripts/install-tmuxp.sh)', async () => {
  expect(existsSync(tmuxp), `${tmuxp} is missing`).toBe(true);
  expect((await execa(tmuxp, ['--version'])).stdout).toMatch(/^tmuxp 1\.74\.\d+, libtmux 0\.62/);
});

/** A layout's geometry without its pane ids (the two tools create panes in another order). */
function withoutPaneIds(layout: string): unknown {
  if (layout.startsWith('{'))
    return JSON.parse(layout, (key, value: unknown) => (key === 'I' ? undefined : value));
  // tmux's own form: a checksum, then each pane as WxH,X,Y,ID.
  return layout.replace(/^[0-9a-f]{4},/, '').replace(/(\d+x\d+,\d+,\d+),\d+/g, '$1');
}

/** What must match, read from one server: structure from a snapshot, then options and pane output. */
async function observe(engine: SubprocessEngine, session: string) {
  const snap = await snapshot(engine);
  const server = new Server(engine);
  const windows = snap.windows.where({ sessionName: session }).orderBy('windowIndex');
  const show = async (args: string[]) => (await engine.run(['show-options', ...args])).stdoutLines;
  const out = [];
  for (const w of windows) {
    const panes = snap.panes.where({ windowId: w.windowId }).orderBy('paneIndex');
    const ran = [];
    for (const p of panes) {
      // What the commands printed, in order. Every command prints `out-` and a value it computes, so the
      // typed text (`echo out-$X`) never matches; where the output lands on the screen may differ, as
      // tmuxkit types a pane's commands without waiting for each to finish (the shell reads them in turn).
      const text = (await server.pane(p.paneId).capture()).join('\n');
      ran.push(text.match(/out-[\w/.-]+/g) ?? []);
    }
    out.push({
      index: w.windowIndex,
      name: w.windowName,
      layout: withoutPaneIds(w.windowLayout ?? ''),
      active: w.windowActive,
      directories: panes.map((p) => p.paneCurrentPath),
      ran,
      options: (await show(['-w', '-t', w.windowId])).filter((l) => !l.startsWith('@tmuxkit')),
    });
  }
  return {
    windows: out,
    options: await show(['-t', session]),
    globalOptions: (await show(['-g'])).filter((l) => l.startsWith('@')),
  };
}

/** Waits until every pane has printed what its commands print (both tools type them asynchronously). */
async function settle(engine: SubprocessEngine, session: string) {
  const deadline = Date.now() + 15_000;
  let last = '';
  while (Date.now() < deadline) {
    const now = JSON.stringify(await observe(engine, session));
    if (now === last) return JSON.parse(now) as Awaited<ReturnType<typeof observe>>;
    last = now;
    await new Promise((r) => setTimeout(r, 700));
  }
  throw new Error(`session ${session} kept changing for 15 s`);
}

const versions = installedTmuxVersions().filter((v) => v.slot !== '3.1c');
describe.each(versions.map((v) => [v.version, v] as const))('tmux %s', (version, tmux) => {
  it.each(files)('%s loads the same with tmuxp and with tmuxkit', async (file) => {
    const path = join(here, 'compat', file);
    const workspace = await readWorkspaceFile(path);
    const name = workspace.sessions[0]!.name;

    const theirs = servers.connection(tmux.bin, `tmuxp-${version}`);
    const env = {
      ...theirs.env,
      PATH: `${dirname(tmux.bin)}:${process.env['PATH']}`,
      COLUMNS: String(size.width),
      LINES: String(size.height),
    };
    const loaded = await execa(
      tmuxp,
      ['load', '-d', '-y', '-L', theirs.socketName, '-f', theirs.configFile, path],
      { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000 },
    );
    expect(loaded.exitCode, `tmuxp load failed: ${loaded.stderr}`).toBe(0);

    const mine = new SubprocessEngine(servers.connection(tmux.bin, `tmuxkit-${version}`));
    await loadWorkspace(mine, workspace, { size });

    const expected = await settle(new SubprocessEngine(theirs), name);
    const actual = await settle(mine, name);
    expect(actual).toEqual(expected);
  });

  it('builds a window of many panes without a layout, which tmuxp cannot at its 80x24 default', async () => {
    const path = join(here, 'many-panes.yaml');
    const theirs = servers.connection(tmux.bin, `tmuxp-crowd-${version}`);
    const env = {
      ...theirs.env,
      PATH: `${dirname(tmux.bin)}:${process.env['PATH']}`,
      COLUMNS: '80',
      LINES: '24',
    };
    const failed = await execa(
      tmuxp,
      ['load', '-d', '-y', '-L', theirs.socketName, '-f', theirs.configFile, path],
      { env, extendEnv: false, reject: false, stdin: 'ignore', timeout: 60_000 },
    );
    expect(`${failed.stdout}\n${failed.stderr}`).toMatch(/no space for (a )?new pane/);
    // ... and leaves the session it started behind, half-built.
    const left = new SubprocessEngine(theirs);
    expect((await left.run(['list-panes', '-t', '=crowded:'])).stdoutLines.length).toBeLessThan(12);

    const mine = new SubprocessEngine(servers.connection(tmux.bin, `tmuxkit-crowd-${version}`));
    const [loaded] = await loadWorkspace(mine, await readWorkspaceFile(path));
    expect(loaded!.windows[0]!.paneIds).toHaveLength(12);
    const heights = (
      await mine.run(['list-panes', '-t', loaded!.windows[0]!.windowId, '-F', '#{pane_height}'])
    ).stdoutLines.map(Number);
    // Spread out (evenly from tmux 3.7; older releases leave a few rows of difference), none squeezed.
    expect(Math.min(...heights), heights.join(' ')).toBeGreaterThanOrEqual(2);
  });
});
