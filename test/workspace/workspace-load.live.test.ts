/**
 * Loading workspaces into real tmux servers, on every installed release: the structure the file describes
 * (checked by snapshot), what ran in each pane, each `on_exists`, several sessions in one file,
 * `before_script` (its failure leaves nothing behind), a failing step rolled back, and sleeps that order
 * their own pane only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadWorkspace,
  parseWorkspace,
  Server,
  snapshot,
  SubprocessEngine,
  WorkspaceLoadError,
  type Engine,
} from '../../src/index.js';
import { PrivateTmux, SILENT_PANES, TEST_ENV } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-ws-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ws = (text: string) => parseWorkspace(text, { file: join(dir, 'ws.yaml'), env: { HOME: dir } });

/** Each pane as `session index name pane directory`, in order. */
async function tree(engine: Engine, session?: string) {
  const snap = await snapshot(engine);
  return snap.panes
    .where(session ? { sessionName: session } : {})
    .orderBy('windowIndex', 'paneIndex')
    .map((p) => `${p.sessionName} ${p.windowIndex} ${p.windowName} ${p.paneIndex} ${p.paneCurrentPath}`);
}

for (const tmux of installedTmuxVersions()) {
  describe(`loading workspaces, tmux ${tmux.version}`, () => {
    let server: PrivateTmux;
    let engine: SubprocessEngine;
    beforeAll(async () => {
      server = await PrivateTmux.start(tmux.bin, 'ws-load');
      engine = new SubprocessEngine({
        tmux: tmux.bin,
        socketName: server.socketName,
        env: { ...process.env, ...TEST_ENV, ...SILENT_PANES },
      });
    });
    afterAll(() => server.kill());

    it('builds the windows, panes, directories, options and environment the file describes', async () => {
      const loaded = await loadWorkspace(
        engine,
        await ws(`
session_name: shape
start_directory: ${dir}
options: { base-index: 1, '@role': work }
environment: { TK_SESSION: s }
windows:
  - window_name: editor
    layout: main-vertical
    options: { main-pane-width: 60 }
    panes:
      - echo one-$TK_SESSION
      - shell_command: [echo two]
        start_directory: /tmp
      - null
  - window_name: logs
    start_directory: /
    focus: true
    panes:
      - shell_command: echo $TK_PANE
        environment: { TK_PANE: p }
`),
      );
      expect(loaded).toHaveLength(1);
      expect(loaded[0]).toMatchObject({ name: 'shape', action: 'created' });
      expect(loaded[0]!.windows.map((w) => w.paneIds.length)).toEqual([3, 1]);
      // The server this file started is the one that answers (a restarted one would have other defaults).
      expect((await server.run(['has-session', '-t', '=main'])).exitCode, 'the test server is gone').toBe(0);
      expect(await tree(engine, 'shape')).toEqual([
        `shape 1 editor 0 ${dir}`,
        `shape 1 editor 1 /tmp`,
        `shape 1 editor 2 ${dir}`,
        `shape 2 logs 0 /`,
      ]);
      const raw = async (...args: string[]) => (await server.run(args)).stdout.trim();
      expect(await raw('show-options', '-t', 'shape', '-v', '@role')).toBe('work');
      expect(await raw('show-options', '-w', '-t', 'shape:1', '-v', 'main-pane-width')).toBe('60');
      expect(await raw('display-message', '-p', '-t', 'shape', '#{window_name}')).toBe('logs');
      const [first, second] = loaded[0]!.windows[0]!.paneIds;
      const pane = new Server(engine).pane(first!);
      expect((await pane.waitForText('one-s', { timeout: 10_000 })).outcome).toBe('matched');
      expect(
        (await new Server(engine).pane(second!).waitForText(/^two$/m, { timeout: 10_000 })).outcome,
      ).toBe('matched');
      const logs = new Server(engine).pane(loaded[0]!.windows[1]!.paneIds[0]!);
      const seen = await logs.waitForText(/^p$/m, { timeout: 10_000 });
      expect(seen.outcome).toBe('matched');
    });

    it('refuses a running session by default, and reuses, appends to or replaces it when told', async () => {
      const file = await ws('session_name: again\nwindows:\n  - window_name: a\n    panes: [null, null]\n');
      const [first] = await loadWorkspace(engine, file);
      await expect(loadWorkspace(engine, file)).rejects.toThrow(/session 'again' is running already/);
      expect((await loadWorkspace(engine, file, { onExists: 'reuse' }))[0]).toMatchObject({
        action: 'reused',
        sessionId: first!.sessionId,
      });
      const appended = await loadWorkspace(engine, file, { onExists: 'append' });
      expect(appended[0]).toMatchObject({ action: 'appended', sessionId: first!.sessionId });
      expect((await tree(engine, 'again')).map((l) => l.split(' ').slice(1, 4).join(' '))).toEqual([
        '0 a 0',
        '0 a 1',
        '1 a 0',
        '1 a 1',
      ]);
      const replaced = await loadWorkspace(engine, file, { onExists: 'replace' });
      expect(replaced[0]!.action).toBe('replaced');
      expect(replaced[0]!.sessionId).not.toBe(first!.sessionId);
      expect(await tree(engine, 'again')).toHaveLength(2);
      const names = (await server.run(['list-sessions', '-F', '#{session_name}'])).stdout;
      expect(names).not.toMatch(/replacing/);
    });

    it('loads several sessions from one file, all or nothing', async () => {
      const both = await ws(
        'session_name: multi-a\nwindows: [{panes: [null]}]\n---\nsession_name: multi-b\nwindows: [{panes: [null, null]}]\n',
      );
      const loaded = await loadWorkspace(engine, both);
      expect(loaded.map((s) => s.name)).toEqual(['multi-a', 'multi-b']);
      // The second session exists now: with on_exists error, nothing of the file is built.
      await server.run(['kill-session', '-t', 'multi-a']);
      await expect(loadWorkspace(engine, both)).rejects.toThrow(WorkspaceLoadError);
      expect((await server.run(['has-session', '-t', '=multi-a'])).exitCode).not.toBe(0);
    });

    it('runs before_script first, and a failing one stops the load before anything is built', async () => {
      const ok = join(dir, 'ok.sh');
      writeFileSync(ok, `#!/bin/sh\npwd > ${join(dir, 'ran-in')}\n`, { mode: 0o755 });
      const bad = join(dir, 'bad.sh');
      writeFileSync(bad, '#!/bin/sh\necho not today >&2\nexit 3\n', { mode: 0o755 });
      await loadWorkspace(
        engine,
        await ws(`session_name: scripted\nstart_directory: /tmp\nbefore_script: ${ok}\nwindows: [{}]\n`),
      );
      expect((await import('node:fs')).readFileSync(join(dir, 'ran-in'), 'utf8').trim()).toBe('/tmp');
      const error = await loadWorkspace(
        engine,
        await ws(`session_name: unscripted\nbefore_script: ./bad.sh\nwindows: [{}]\n`),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceLoadError);
      expect(error).toMatchObject({ details: { exitCode: 3 } });
      expect(String(error)).toMatch(/exit status 3: not today/);
      expect((await server.run(['has-session', '-t', '=unscripted'])).exitCode).not.toBe(0);
    });

    it('removes what a failed load created, and says which step failed', async () => {
      const error = await loadWorkspace(
        engine,
        await ws('session_name: broken\nwindows:\n  - panes: [null]\n  - options: { no-such-option: 1 }\n'),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WorkspaceLoadError);
      expect(String(error)).toMatch(/failed at tmux set-option: .*no-such-option/);
      expect((error as WorkspaceLoadError).details.rolledBack).toHaveLength(1);
      expect((await server.run(['has-session', '-t', '=broken'])).exitCode).not.toBe(0);
      // Appending that fails removes the appended windows only.
      await loadWorkspace(engine, await ws('session_name: keep\nwindows: [{window_name: original}]\n'));
      await expect(
        loadWorkspace(
          engine,
          await ws('session_name: keep\nwindows:\n  - window_name: added\n  - options: { nope: 1 }\n'),
          {
            onExists: 'append',
          },
        ),
      ).rejects.toThrow(WorkspaceLoadError);
      expect((await tree(engine, 'keep')).map((l) => l.split(' ')[2])).toEqual(['original']);
    });

    it("types a pane's commands once its shell is ready, even a shell that takes a second to start", async () => {
      const slow = join(dir, 'slow-shell');
      writeFileSync(slow, '#!/bin/sh\nsleep 1\nexec /bin/sh "$@"\n', { mode: 0o755 });
      const [loaded] = await loadWorkspace(
        engine,
        await ws(
          `session_name: slow\noptions: { default-shell: ${slow} }\nwindows:\n  - panes: [echo ready-$((40+2))]\n`,
        ),
      );
      expect((await server.run(['has-session', '-t', '=main'])).exitCode, 'the test server is gone').toBe(0);
      const pane = new Server(engine).pane(loaded!.windows[0]!.paneIds[0]!);
      expect((await pane.waitForText(/^ready-42$/m, { timeout: 10_000 })).outcome).toBe('matched');
      // Typed after the prompt was drawn, so the line shows the prompt first (typed ahead, it would not).
      const typed = (await pane.capture()).find((l) => l.includes('echo ready'));
      expect(typed).toMatch(/^[$#] +echo ready/);
    });

    it("calls plugins' hooks in tmuxp's order, with handles, and a failing one undoes the load", async () => {
      const calls: string[] = [];
      (globalThis as { tmuxkitPluginCalls?: string[] }).tmuxkitPluginCalls = calls;
      writeFileSync(
        join(dir, 'recorder.mjs'),
        [
          'const log = (hook, h) => globalThis.tmuxkitPluginCalls.push(`${hook} ${h.kind} ${h.id}`);',
          'export default class Recorder {',
          "  beforeWorkspaceBuilder(s) { log('beforeWorkspaceBuilder', s); }",
          "  onWindowCreate(w) { log('onWindowCreate', w); }",
          "  async afterWindowFinished(w) { log('afterWindowFinished', w); await w.rename({ newName: 'renamed-by-plugin' }); }",
          "  beforeScript(s) { log('beforeScript', s); }",
          "  reattach(s) { log('reattach', s); }",
          '}',
        ].join('\n'),
      );
      writeFileSync(
        join(dir, 'failing.mjs'),
        "export default { onWindowCreate() { throw new Error('no thanks'); } };\n",
      );
      const file = await ws(
        'session_name: plugged\nplugins: [./recorder.mjs]\nwindows: [{window_name: a}, {window_name: b}]\n',
      );
      const [loaded] = await loadWorkspace(engine, file);
      const [a, b] = loaded!.windows.map((w) => w.windowId);
      expect(calls).toEqual([
        `beforeWorkspaceBuilder session ${loaded!.sessionId}`,
        `onWindowCreate window ${a}`,
        `afterWindowFinished window ${a}`,
        `onWindowCreate window ${b}`,
        `afterWindowFinished window ${b}`,
        `beforeScript session ${loaded!.sessionId}`,
      ]);
      expect((await server.run(['list-windows', '-t', '=plugged', '-F', '#{window_name}'])).stdout).toBe(
        'renamed-by-plugin\nrenamed-by-plugin',
      );
      await loadWorkspace(engine, file, { onExists: 'reuse' });
      expect(calls.at(-1)).toBe(`reattach session ${loaded!.sessionId}`);
      const failing = await ws('session_name: refused\nplugins: [./failing.mjs]\nwindows: [{}]\n');
      await expect(loadWorkspace(engine, failing)).rejects.toThrow(/a plugin of 'refused' failed: no thanks/);
      expect((await server.run(['has-session', '-t', '=refused'])).exitCode).not.toBe(0);
      const missing = await ws('session_name: nope\nplugins: [./missing.mjs]\nwindows: [{}]\n');
      await expect(loadWorkspace(engine, missing)).rejects.toThrow(
        /plugin "\.\/missing\.mjs" could not be loaded/,
      );
    });

    it('orders commands after a sleep in their own pane, while other panes go on', async () => {
      const started = Date.now();
      const [loaded] = await loadWorkspace(
        engine,
        await ws(`
session_name: sleepy
windows:
  - panes:
      - shell_command:
          - echo before
          - cmd: echo after-sleep
            sleep_before: 1
      - echo meanwhile
`),
      );
      const [slow, fast] = loaded!.windows[0]!.paneIds.map((id) => new Server(engine).pane(id));
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect((await fast!.capture()).join('\n')).toContain('meanwhile');
      expect((await slow!.waitForText('after-sleep', { timeout: 10_000 })).outcome).toBe('matched');
      const screen = (await slow!.capture()).join('\n');
      expect(screen.indexOf('before')).toBeLessThan(screen.indexOf('after-sleep'));
    });

    it.each([
      ['per-pane', false],
      ['in-order', true],
    ] as const)('with sleeps %s, a sleep in one pane delays the next pane: %s', async (sleeps, delays) => {
      const [loaded] = await loadWorkspace(
        engine,
        await ws(`
session_name: sleeps-${sleeps}
windows:
  - panes:
      - shell_command:
          - cmd: echo at-$(date +%s%3N)
            sleep_after: 1
      - echo at-$(date +%s%3N)
`),
        { sleeps },
      );
      const [first, second] = await Promise.all(
        loaded!.windows[0]!.paneIds.map(async (id) => {
          const seen = await new Server(engine).pane(id).waitForText(/^at-(\d+)$/m, { timeout: 10_000 });
          expect(seen.outcome).toBe('matched');
          return Number(seen.match!.slice('at-'.length));
        }),
      );
      expect(second! - first! >= 900, `${first} ${second}`).toBe(delays);
    });
  });
}
