/**
 * The engine contract: for the same requests, `ControlModeEngine` and `SocketEngine` return the same
 * results as `SubprocessEngine`, on every installed tmux version. Two fresh private servers are prepared
 * the same way (for control mode each gets one control client attached to `main`, so client-dependent
 * state is the same on both); one is driven through the engine under test, the other through the
 * subprocess engine, with the same operations in the same order. Results are compared whole (exit status, output, typed data) after
 * removing what differs between any two servers: process ids, ttys, client names, times, socket paths.
 *
 * Over ssh (a private sshd on 127.0.0.1, the matrix binary as the remote tmux): control mode and the
 * socket engine over ssh are held to the subprocess engine over ssh on the same host (same login
 * environment and working directory), and the subprocess engine over ssh to the local one, with the
 * working directory and the environment (which belong to the host) taken out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
import { PrivateSshd } from '../../support/private-sshd.js';
import { closeSshConnections } from '../../../src/index.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const servers = privateServers();
const controls: ControlModeEngine[] = [];
afterEach(async () => {
  await Promise.all(controls.splice(0).map((e) => e.close()));
});
let sshd: PrivateSshd | undefined;
beforeAll(async () => {
  sshd = await PrivateSshd.start(1);
}, 60_000);
afterAll(async () => {
  await servers.killAll();
  await closeSshConnections();
  await sshd?.stop();
});

/** Keys whose values differ between two servers doing the same thing. */
const PER_SERVER = /(Pid|Tty|Created|Activity|LastAttached|Time|clientName)$/;

/** A result as comparable JSON: the socket name and per-server values taken out. */
function comparable(result: CommandResult, socketName: string, cwd?: string): unknown {
  let text = JSON.stringify(result.toJSON()).replaceAll(socketName, '<socket>');
  if (cwd !== undefined) text = text.replaceAll(JSON.stringify(cwd).slice(1, -1), '<cwd>');
  const json = JSON.parse(text) as Record<string, unknown>;
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
  /** Working directories to take out (the tested one's, the reference's), when they are on two hosts. */
  cwds?: readonly [string, string];
}

type EngineKind =
  | 'ControlModeEngine'
  | 'SocketEngine'
  | 'ControlModeEngine over ssh'
  | 'SocketEngine over ssh'
  | 'SubprocessEngine over ssh';

/**
 * Two servers prepared the same way, session `main` running `cat`; for control mode, one control client
 * attached to `main` on each (the engine under test on one, a mirror on the other).
 */
async function pair(kind: EngineKind, bin: string, label: string): Promise<Pair> {
  const overSsh = kind.endsWith(' over ssh');
  const remote = { ssh: sshd!.hosts[0]!.ssh };
  const a = { ...servers.connection(bin, `${label}-t`), ...(overSsh ? remote : {}) };
  // Control mode and socket over ssh are compared with the subprocess engine on the same host.
  const b = {
    ...servers.connection(bin, `${label}-s`),
    ...(overSsh && kind !== 'SubprocessEngine over ssh' ? remote : {}),
  };
  if (kind === 'SubprocessEngine over ssh') {
    // The server's `editor` comes from $VISUAL/$EDITOR, which the host's login environment lacks.
    const { VISUAL: _v, EDITOR: _e, ...env } = b.env;
    b.env = env;
  }
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
  if (kind === 'SubprocessEngine over ssh') {
    const here = new SubprocessEngine(b);
    const there = new SubprocessEngine(a);
    const cwd = async (e: Engine) =>
      (await e.run(['display-message', '-p', '-t', 'main', '#{pane_current_path}'])).stdout.trim();
    return {
      tested: there,
      subprocess: here,
      testedSocket: a.socketName,
      subprocessSocket: b.socketName,
      cwds: [await cwd(there), await cwd(here)],
    };
  }
  if (kind.startsWith('ControlModeEngine')) {
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
  return [comparable(c, p.testedSocket, p.cwds?.[0]), comparable(s, p.subprocessSocket, p.cwds?.[1])];
}

const KINDS: readonly EngineKind[] = [
  'ControlModeEngine',
  'SocketEngine',
  'ControlModeEngine over ssh',
  'SocketEngine over ssh',
  'SubprocessEngine over ssh',
];
const cases = versions.flatMap((v) => KINDS.map((kind) => ({ ...v, kind })));

/** What belongs to the host rather than the engine: compared only between engines on one host. */
const HOST_BOUND = new Set(['show-environment']);

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
      if (kind === 'SubprocessEngine over ssh' && HOST_BOUND.has(op.command)) continue;
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
      if (kind === 'SubprocessEngine over ssh' && HOST_BOUND.has(op.command)) continue;
      if (kind.startsWith('ControlModeEngine') && op.command === 'show-buffer' && !version.atLeast('3.2')) {
        // tmux cannot send buffer data to a control client before 3.2: refused before sending.
        await expect(p.tested.execute(op)).rejects.toBeInstanceOf(VersionError);
        continue;
      }
      const [c, s] = await both(p, op);
      expect(c, op.command).toEqual(s);
    }
  });
});
