/**
 * Both subprocess engines against real tmux, on every installed matrix version: the lifecycle commands
 * (sessions, windows, panes, split, rename, select, send-keys, capture-pane, options, buffers, environment)
 * and every read-only command that needs no terminal. Each server runs on a private socket with
 * `-f /dev/null` and is killed in teardown.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  CapturePane,
  catalog,
  DeleteBuffer,
  DisplayMessage,
  HasSession,
  KillPane,
  KillSession,
  KillWindow,
  ListBuffers,
  ListClients,
  ListCommands,
  ListKeys,
  ListPanes,
  ListSessions,
  ListWindows,
  NewSession,
  NewWindow,
  RenameSession,
  RenameWindow,
  SelectPane,
  SelectWindow,
  SendKeys,
  SetBuffer,
  SetEnvironment,
  SetOption,
  ShowBuffer,
  ShowEnvironment,
  ShowHooks,
  ShowMessages,
  ShowOptions,
  ShowPromptHistory,
  ShowWindowOptions,
  SplitWindow,
  SubprocessEngine,
  SyncSubprocessEngine,
  TmuxVersion,
  VersionError,
  type CommandResult,
  type ConnectionOptions,
  type Operation,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();

/** One way to run operations: the async engine, or the sync engine wrapped to look the same. */
interface Runner {
  readonly name: string;
  exec<R extends CommandResult>(op: Operation<object, R>): Promise<R>;
}

function runners(options: ConnectionOptions): Runner[] {
  const async = new SubprocessEngine(options);
  const sync = new SyncSubprocessEngine(options);
  return [
    { name: 'SubprocessEngine', exec: (op) => async.execute(op) },
    { name: 'SyncSubprocessEngine', exec: async (op) => sync.executeSync(op) },
  ];
}

const servers = privateServers();
afterAll(() => servers.killAll());

function connection(bin: string, label: string): ConnectionOptions {
  return servers.connection(bin, label);
}

async function eventually<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(versions.length === 0).each(versions)('tmux $slot', ({ slot, bin }) => {
  it('detects the version from tmux -V when no server runs, then from the server', async () => {
    const engine = new SubprocessEngine(connection(bin, `${slot}-version`));
    expect(String(await engine.version())).toBe(slot);
    const sync = new SyncSubprocessEngine(connection(bin, `${slot}-version-sync`));
    expect(String(sync.versionSync())).toBe(slot);
  });

  it('reads non-ASCII output exactly under a C locale (the engines pass -u)', async () => {
    const options = {
      ...connection(bin, `${slot}-locale`),
      env: { PATH: process.env['PATH'], LANG: 'C', SHELL: '/bin/sh' },
    };
    const engine = new SubprocessEngine(options);
    (
      await engine.execute(new NewSession({ detached: true, sessionName: 'loc', shellCommand: 'cat' }))
    ).raiseForStatus();
    const message = { print: true, target: 'loc', message: 'ü #{session_name} 日本' } as const;
    expect((await engine.execute(new DisplayMessage(message))).text).toBe('ü loc 日本');
    expect(new SyncSubprocessEngine(options).executeSync(new DisplayMessage(message)).text).toBe(
      'ü loc 日本',
    );
  });

  for (const runner of ['SubprocessEngine', 'SyncSubprocessEngine']) {
    describe(runner, () => {
      const engine = runners(connection(bin, `${slot}-${runner}`)).find((r) => r.name === runner)!;
      const ok = async <R extends CommandResult>(op: Operation<object, R>) =>
        (await engine.exec(op)).raiseForStatus();

      it('runs the lifecycle: sessions, windows, panes, rename, select, send-keys, capture', async () => {
        const created = await ok(
          new NewSession({
            detached: true,
            sessionName: 'alpha',
            windowName: 'main',
            width: '80',
            height: '24',
            // sh, not the user's shell: the test must not depend on anyone's shell start-up files.
            shellCommand: 'sh',
          }),
        );
        expect(created.sessionId).toMatch(/^\$\d+$/);
        expect(created.windowId).toMatch(/^@\d+$/);
        expect(created.paneId).toMatch(/^%\d+$/);
        expect((await engine.exec(new HasSession({ target: 'alpha' }))).exists).toBe(true);
        const missing = await engine.exec(new HasSession({ target: 'nope' }));
        expect([missing.ok, missing.exists, missing.exitCode]).toEqual([true, false, 1]);

        const second = await ok(new NewWindow({ target: 'alpha:', windowName: 'second', detached: true }));
        expect(second.sessionId).toBe(created.sessionId);
        const split = await ok(
          new SplitWindow({ target: created.paneId!, horizontal: true, shellCommand: 'sh' }),
        );
        expect(split.windowId).toBe(created.windowId);

        let panes = (await ok(new ListPanes({ target: created.windowId! }))).rows;
        expect(panes.map((p) => [p.paneId, p.paneIndex, p.paneActive])).toEqual([
          [created.paneId, 0, false],
          [split.paneId, 1, true],
        ]);
        expect(panes[0]!.paneWidth + panes[1]!.paneWidth + 1).toBe(80);

        await ok(new SelectPane({ target: created.paneId! }));
        panes = (await ok(new ListPanes({ target: created.windowId! }))).rows;
        expect(panes.map((p) => p.paneActive)).toEqual([true, false]);

        await ok(new RenameWindow({ target: second.windowId!, newName: 'renamed' }));
        await ok(new SelectWindow({ target: second.windowId! }));
        const windows = (await ok(new ListWindows({ target: 'alpha' }))).rows;
        expect(windows.map((w) => [w.windowName, w.windowActive, w.windowPanes])).toEqual([
          ['main', false, 2],
          ['renamed', true, 1],
        ]);

        await ok(new RenameSession({ target: 'alpha', newName: 'beta' }));
        const sessions = (await ok(new ListSessions())).rows;
        expect(sessions.map((s) => [s.sessionName, s.sessionWindows, s.sessionId])).toEqual([
          ['beta', 2, created.sessionId],
        ]);

        // Keys typed before the shell has started can be lost: wait for its prompt.
        await eventually(
          () => ok(new CapturePane({ print: true, target: created.paneId! })),
          (r) => r.text.trim() !== '',
          'the shell prompt',
        );
        await ok(new SendKeys({ target: created.paneId!, keys: ['echo tmuxkit-$((6*7))', 'Enter'] }));
        const capture = await eventually(
          () => ok(new CapturePane({ print: true, target: created.paneId! })),
          (r) => r.text.includes('tmuxkit-42'),
          'the echoed line',
        );
        expect(capture.text).toContain('echo tmuxkit-$((6*7))');

        await ok(new KillPane({ target: split.paneId! }));
        expect((await ok(new ListPanes({ target: created.windowId! }))).rows).toHaveLength(1);
        await ok(new KillWindow({ target: second.windowId! }));
        expect((await ok(new ListWindows({ target: 'beta' }))).rows.map((w) => w.windowName)).toEqual([
          'main',
        ]);
      });

      it('sets and shows options, with values tmux must escape', async () => {
        const values = [
          'plain',
          'a "b" $c',
          "it's",
          'back\\slash',
          '~home',
          '#{x}',
          'tab\there',
          'é ü',
          'end;',
        ];
        for (const [i, value] of values.entries()) {
          await ok(new SetOption({ target: 'beta', option: `@tk${i}`, value }));
          const shown = await ok(new ShowOptions({ target: 'beta', option: `@tk${i}` }));
          expect(shown.get(`@tk${i}`), `value ${JSON.stringify(value)}`).toBe(value);
          const only = await ok(new ShowOptions({ target: 'beta', option: `@tk${i}`, valueOnly: true }));
          expect(only.options).toEqual({ [`@tk${i}`]: value });
        }
        await ok(new SetOption({ global: true, option: 'status-left', value: '[#S] ' }));
        expect((await ok(new ShowOptions({ global: true }))).get('status-left')).toBe('[#S] ');
        expect((await ok(new ShowWindowOptions({ global: true }))).options).toHaveProperty('mode-keys');
      });

      it('sets, lists, shows and deletes buffers', async () => {
        await ok(new SetBuffer({ bufferName: 'tk1', data: 'hello; world' }));
        expect((await ok(new ShowBuffer({ bufferName: 'tk1' }))).text).toBe('hello; world');
        const listed = (await ok(new ListBuffers())).rows.find((b) => b.bufferName === 'tk1');
        expect(listed?.bufferSize).toBe(12);
        await ok(new DeleteBuffer({ bufferName: 'tk1' }));
        expect((await ok(new ListBuffers())).rows.map((b) => b.bufferName)).not.toContain('tk1');
        const gone = await engine.exec(new ShowBuffer({ bufferName: 'tk1' }));
        expect(gone.ok).toBe(false);
        expect(() => gone.raiseForStatus()).toThrow(/no buffer tk1/);
      });

      it('sets and shows the environment', async () => {
        await ok(new SetEnvironment({ target: 'beta', name: 'TK_VAR', value: 'v 1=2' }));
        await ok(new SetEnvironment({ target: 'beta', name: 'TK_GONE', remove: true }));
        const env = await ok(new ShowEnvironment({ target: 'beta' }));
        expect(env.variables['TK_VAR']).toBe('v 1=2');
        expect(env.removed).toContain('TK_GONE');
        const shell = await ok(new ShowEnvironment({ target: 'beta', shellFormat: true }));
        expect(shell.variables['TK_VAR']).toBe('v 1=2');
        expect(shell.removed).toContain('TK_GONE');
      });

      it('runs every read-only command that needs no terminal', async () => {
        const readOnly = catalog.filter((c) => (c.safety === 'readonly' || c.readonlyWith) && !c.needsClient);
        const ops: Operation[] = [
          new CapturePane({ print: true, target: 'beta' }),
          new DisplayMessage({ print: true, target: 'beta', message: '#{session_name}' }),
          new HasSession({ target: 'beta' }),
          new ListBuffers(),
          new ListClients(),
          new ListCommands(),
          new ListKeys(),
          new ListPanes({ all: true }),
          new ListSessions(),
          new ListWindows({ all: true }),
          new ShowBuffer(),
          new ShowEnvironment({ global: true }),
          new ShowHooks({ global: true }),
          new ShowMessages({ jobs: true }),
          new ShowOptions({ server: true }),
          new ShowPromptHistory(),
          new ShowWindowOptions({ global: true }),
        ];
        expect(new Set(ops.map((o) => o.command))).toEqual(new Set(readOnly.map((c) => c.command)));
        await ok(new SetBuffer({ data: 'for show-buffer' }));
        for (const op of ops) {
          if (!TmuxVersion.parse(slot).atLeast(op.descriptor.since)) {
            await expect(engine.exec(op)).rejects.toThrow(VersionError);
            continue;
          }
          const result = await engine.exec(op);
          if (op.command === 'show-messages' && !TmuxVersion.parse(slot).atLeast('3.7')) {
            // Seen on 3.1c, 3.3a and 3.5a: show-messages needs a client even for -J; the result says so.
            expect([result.ok, result.message]).toEqual([false, 'no current client']);
            continue;
          }
          expect(result.ok, `${op.command}: ${result.message}`).toBe(true);
        }
        const commands = (await ok(new ListCommands())).rows;
        expect(commands.find((c) => c.commandListName === 'split-window')?.commandListAlias).toBe('splitw');
        expect(
          (await ok(new DisplayMessage({ print: true, target: 'beta', message: '#{session_name}' }))).text,
        ).toBe('beta');
        expect((await ok(new ListKeys())).lines.length).toBeGreaterThan(50);
      });

      it('kills the session and the server', async () => {
        await ok(new KillSession({ target: 'beta' }));
        expect((await engine.exec(new HasSession({ target: 'beta' }))).exists).toBe(false);
      });
    });
  }
});
