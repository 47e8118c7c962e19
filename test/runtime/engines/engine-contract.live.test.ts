/**
 * The engine contract: for the same requests, `ControlModeEngine` and `SocketEngine` return the same
 * results as `SubprocessEngine`, on every installed tmux version. Two fresh private servers are prepared
 * the same way (for control mode each gets one control client attached to `main`, so client-dependent
 * state is the same on both); one is driven through the engine under test, the other through the
 * subprocess engine, with the same operations in the same order. Results are compared whole (exit status, output, typed data) after
 * removing what differs between any two servers: process ids, ttys, client names, times, socket paths.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  CapturePane,
  catalog,
  ControlModeEngine,
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
  SocketEngine,
  SubprocessEngine,
  TmuxVersion,
  type Engine,
  VersionError,
  type CommandResult,
  type Operation,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const servers = privateServers();
const controls: ControlModeEngine[] = [];
afterEach(async () => {
  await Promise.all(controls.splice(0).map((e) => e.close()));
});
afterAll(() => servers.killAll());

/** Keys whose values differ between two servers doing the same thing. */
const PER_SERVER = /(Pid|Tty|Created|Activity|LastAttached|Time|clientName)$/;

/** A result as comparable JSON: the socket name and per-server values taken out. */
function comparable(result: CommandResult, socketName: string): unknown {
  const json = JSON.parse(JSON.stringify(result.toJSON()).replaceAll(socketName, '<socket>')) as Record<
    string,
    unknown
  >;
  const scrub = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(scrub);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, PER_SERVER.test(k) ? '<per-server>' : scrub(v)]),
    );
  };
  const data = scrub(json['data']);
  // Rows carry the raw output too; compare their decoded form only, since it holds the per-server fields.
  const rows = result.kind === 'rows';
  return { exitCode: json['exitCode'], stdout: rows ? '' : json['stdout'], stderr: json['stderr'], data };
}

interface Pair {
  tested: Engine;
  subprocess: SubprocessEngine;
  testedSocket: string;
  subprocessSocket: string;
}

type EngineKind = 'ControlModeEngine' | 'SocketEngine';

/**
 * Two servers prepared the same way, session `main` running `cat`; for control mode, one control client
 * attached to `main` on each (the engine under test on one, a mirror on the other).
 */
async function pair(kind: EngineKind, bin: string, label: string): Promise<Pair> {
  const a = servers.connection(bin, `${label}-t`);
  const b = servers.connection(bin, `${label}-s`);
  for (const c of [a, b]) {
    const boot = new SubprocessEngine(c);
    (
      await boot.execute(
        new NewSession({
          detached: true,
          sessionName: 'main',
          windowName: 'main', // a fixed name: automatic-rename would race with the comparison
          width: '80',
          height: '24',
          shellCommand: 'cat',
        }),
      )
    ).raiseForStatus();
  }
  let tested: Engine;
  if (kind === 'ControlModeEngine') {
    const control = new ControlModeEngine({ ...a, session: 'main' });
    const mirror = new ControlModeEngine({ ...b, session: 'main' });
    controls.push(control, mirror);
    await Promise.all([control.connect(), mirror.connect()]);
    tested = control;
  } else {
    tested = new SocketEngine(a);
  }
  return {
    tested,
    subprocess: new SubprocessEngine(b),
    testedSocket: a.socketName,
    subprocessSocket: b.socketName,
  };
}

async function both<R extends CommandResult>(p: Pair, op: Operation<object, R>): Promise<[unknown, unknown]> {
  const [c, s] = await Promise.all([p.tested.execute(op), p.subprocess.execute(op)]);
  return [comparable(c, p.testedSocket), comparable(s, p.subprocessSocket)];
}

const cases = versions.flatMap((v) =>
  (['ControlModeEngine', 'SocketEngine'] as const).map((kind) => ({ ...v, kind })),
);

describe.skipIf(versions.length === 0).each(cases)('$kind on tmux $slot', ({ kind, slot, bin }) => {
  const version = TmuxVersion.parse(slot);

  it('the lifecycle commands give the same results as SubprocessEngine', async () => {
    const p = await pair(kind, bin, `${slot}-${kind}-life`);
    const steps: Operation[] = [
      new NewSession({ detached: true, sessionName: 'alpha', windowName: 'main', shellCommand: 'cat' }),
      new HasSession({ target: 'alpha' }),
      new HasSession({ target: 'nope' }),
      new NewWindow({ target: 'alpha:', windowName: 'second', detached: true, shellCommand: 'cat' }),
      new SplitWindow({ target: 'alpha:0', horizontal: true, shellCommand: 'cat' }),
      new SelectPane({ target: 'alpha:0.0' }),
      new RenameWindow({ target: 'alpha:1', newName: 'renamed ü' }),
      new SelectWindow({ target: 'alpha:1' }),
      new RenameSession({ target: 'alpha', newName: 'beta' }),
      new SetOption({ target: 'beta', option: '@tk', value: 'it\'s "q" $x ~ #{y} end;' }),
      new ShowOptions({ target: 'beta', option: '@tk' }),
      new SetEnvironment({ target: 'beta', name: 'TK_VAR', value: 'v 1=2' }),
      new ShowEnvironment({ target: 'beta' }),
      new SetBuffer({ bufferName: 'b1', data: 'buffer ü data' }),
      new ListBuffers({ format: '#{buffer_name} #{buffer_size}' }),
      new SendKeys({ target: 'beta:0.0', literal: true, keys: ['typed'] }),
      new KillPane({ target: 'beta:0.1' }),
      new KillWindow({ target: 'beta:1' }),
      new SelectPane({ target: '%99' }),
      new KillSession({ target: 'beta' }),
      new HasSession({ target: 'beta' }),
    ];
    for (const op of steps) {
      const [c, s] = await both(p, op);
      expect(c, `${op.command} ${JSON.stringify(op.params)}`).toEqual(s);
      // A pane just created may not have started its program yet (its path and command read empty for a
      // moment), so the listing is compared until both servers have settled, for at most a second.
      let [cp, sp] = await both(p, new ListPanes({ all: true }));
      for (let i = 0; i < 20 && JSON.stringify(cp) !== JSON.stringify(sp); i++) {
        await new Promise((r) => setTimeout(r, 50));
        [cp, sp] = await both(p, new ListPanes({ all: true }));
      }
      expect(cp, `panes after ${op.command}`).toEqual(sp);
    }
  });

  it('every read-only command that needs no terminal gives the same result as SubprocessEngine', async () => {
    const p = await pair(kind, bin, `${slot}-${kind}-read`);
    const readOnly = catalog.filter((c) => (c.safety === 'readonly' || c.readonlyWith) && !c.needsClient);
    const ops: Operation[] = [
      new CapturePane({ print: true, target: 'main' }),
      new DisplayMessage({ print: true, target: 'main', message: '#{session_name} #{window_index} ü' }),
      new HasSession({ target: 'main' }),
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
    for (const engine of [p.tested, p.subprocess]) {
      (
        await engine.execute(new SetBuffer({ data: 'show-buffer:\ttab ü \\ \x01\x7f\r\nline two\n' }))
      ).raiseForStatus();
    }
    for (const op of ops) {
      if (!version.atLeast(op.descriptor.since)) continue;
      if (kind === 'ControlModeEngine' && op.command === 'show-buffer' && !version.atLeast('3.2')) {
        // tmux cannot send buffer data to a control client before 3.2: refused before sending.
        await expect(p.tested.execute(op)).rejects.toBeInstanceOf(VersionError);
        continue;
      }
      const [c, s] = await both(p, op);
      expect(c, op.command).toEqual(s);
    }
  });
});
