/**
 * The three live engines over ssh, on a private sshd (127.0.0.1, generated keys, its own configuration)
 * whose remote tmux is each matrix binary: version detection, arguments that reach tmux byte for byte
 * through the remote shell, waits and `pane.run` driven by a control client over ssh, the synchronous
 * engine, and every failure (unreachable host, refused key, unknown host key, no tmux there, a server
 * that dies) as its typed error, in ssh's or tmux's words, within the time limit.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSshConnections,
  ControlModeEngine,
  EngineError,
  ListSessions,
  NewSession,
  Server,
  ServerNotRunningError,
  SetBuffer,
  SocketEngine,
  SshError,
  SubprocessEngine,
  SyncSubprocessEngine,
  TmuxNotFoundError,
  type ConnectionOptions,
  type Engine,
} from '../../../src/index.js';
import { freePort, PrivateSshd } from '../../support/private-sshd.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const servers = privateServers();
const opened: Engine[] = [];
let sshd: PrivateSshd;
let scratch: string;

beforeAll(async () => {
  sshd = await PrivateSshd.start(1);
  scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-ssh-test-'));
}, 60_000);
afterAll(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
  // The servers live on the sshd host: kill them there (their sockets are in its TMUX_TMPDIR).
  for (const { tmux, socketName } of killList.splice(0))
    await new SubprocessEngine({ ssh: sshd.hosts[0]!.ssh, tmux, socketName }).run(['kill-server']);
  await servers.killAll();
  await closeSshConnections();
  await sshd.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const killList: { tmux: string; socketName: string }[] = [];

/** Connection options for a fresh server on the sshd host, killed in teardown. */
function remote(bin: string, label: string): ConnectionOptions & { tmux: string; socketName: string } {
  const { env: _env, ...local } = servers.connection(bin, label);
  killList.push({ tmux: bin, socketName: local.socketName });
  return { ...local, ssh: sshd.hosts[0]!.ssh };
}

type Kind = 'subprocess' | 'control mode' | 'socket';
const KINDS: readonly Kind[] = ['subprocess', 'control mode', 'socket'];

function engineOf(kind: Kind, options: ConnectionOptions, session = 'main'): Engine {
  const engine =
    kind === 'control mode'
      ? new ControlModeEngine({ ...options, session, createSession: true })
      : kind === 'socket'
        ? new SocketEngine(options)
        : new SubprocessEngine(options);
  opened.push(engine);
  return engine;
}

/** Every character from U+0001 to U+00FF, and the strings shells and tmux read specially. */
const TRICKY = [
  Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join(''),
  "it's",
  '"$HOME" `id` $(touch INJECTED) ${x} \\$ \\',
  'ends with a semicolon;',
  'ends with \\;',
  ';',
  '',
  ' leading and trailing ',
  '-n',
  '--',
  '~root',
  '=echo',
  '#{session_name} #(touch INJECTED)',
  '* ? [a] {b,c}',
  'line one\nline two\r\n',
  'ü 日本 🙂',
];

/** A paste buffer's exact content, read on the host by `save-buffer -` (raw bytes, never escaped). */
async function bufferText(options: ConnectionOptions, name: string): Promise<string> {
  const r = await new SubprocessEngine(options).run(['save-buffer', '-b', name, '-']);
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

describe.each(versions)('engines over ssh, tmux $slot', ({ slot, bin }) => {
  describe.each(KINDS)('%s', (kind) => {
    it('detects the remote version and runs the session lifecycle', async () => {
      const options = remote(bin, `${slot}-${kind}-life`);
      const engine = engineOf(kind, options);
      expect(String(await engine.version())).toBe(slot);
      if (kind !== 'control mode')
        (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      (await engine.execute(new NewSession({ detached: true, sessionName: 'second' }))).raiseForStatus();
      const sessions = (await engine.execute(new ListSessions())).raiseForStatus();
      expect(sessions.rows.map((s) => s.sessionName).sort()).toEqual(['main', 'second']);
    });

    it('carries every character from U+0001 to U+00FF and the tricky strings exactly', async () => {
      const options = remote(bin, `${slot}-${kind}-bytes`);
      const engine = engineOf(kind, options);
      if (kind !== 'control mode')
        (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      for (const [i, data] of TRICKY.entries()) {
        if (data === '') continue; // set-buffer refuses empty data in every release
        (await engine.execute(new SetBuffer({ bufferName: `b${i}`, data }))).raiseForStatus();
        expect(await bufferText(options, `b${i}`), JSON.stringify(data)).toBe(data);
      }
      // Nothing ran on the host: the remote shell never expanded a word (it would have made the file in
      // the login's working directory, the account's home; the host is this machine).
      expect(existsSync(join(userInfo().homedir, 'INJECTED'))).toBe(false);
    });

    it('waits and runs a command in a pane through a control client over ssh', async () => {
      const options = remote(bin, `${slot}-${kind}-run`);
      const engine = engineOf(kind, options);
      if (kind !== 'control mode')
        (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      const server = new Server(engine);
      const session = (await server.sessionNamed('main'))!;
      const [pane] = await (await session.windows())[0]!.panes();
      const result = await pane!.run("printf 'one\\ntwo\\n'; sh -c 'exit 3'", { timeout: 20_000 });
      expect(result).toMatchObject({ exitCode: 3, output: 'one\ntwo\n', timedOut: false });
      const seen = await pane!.waitForText(/two/, { timeout: 5_000 });
      expect(seen.outcome).toBe('matched');
    });
  });

  it('the synchronous engine runs over the same connection', async () => {
    const options = remote(bin, `${slot}-sync`);
    const sync = new SyncSubprocessEngine(options);
    expect(String(sync.versionSync())).toBe(slot);
    sync.executeSync(new NewSession({ detached: true, sessionName: 'sync' })).raiseForStatus();
    expect(sync.executeSync(new ListSessions()).rows.map((s) => s.sessionName)).toEqual(['sync']);
    const data = TRICKY[0]!;
    sync.executeSync(new SetBuffer({ bufferName: 'all', data })).raiseForStatus();
    expect(sync.runSync(['save-buffer', '-b', 'all', '-']).stdout).toBe(data);
  });
});

/** How long a failure may take: ssh's connect timeout (2 s here) and a margin for a loaded machine. */
const WITHIN_MS = 15_000;

async function failureOf(task: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await task();
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
  throw new Error('expected a failure');
}

describe.skipIf(versions.length === 0)('failures over ssh', () => {
  const bin = versions.at(-1)!.bin;

  function withSsh(overrides: object, label: string): ConnectionOptions {
    const base = remote(bin, label);
    return { ...base, ssh: { ...base.ssh!, connectTimeout: 2, ...overrides } };
  }

  function freshKey(): string {
    const file = join(scratch, `stranger-${Math.random().toString(36).slice(2)}`);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
    return file;
  }

  describe.each(KINDS)('%s', (kind) => {
    it('an unreachable host is an SshError (unreachable) in ssh words', async () => {
      const options = withSsh({ port: await freePort() }, `fail-${kind}-port`);
      const { error, ms } = await failureOf(() => engineOf(kind, options).run(['list-sessions']));
      expect(error).toBeInstanceOf(SshError);
      expect(error).toMatchObject({ reason: 'unreachable', host: expect.stringContaining('127.0.0.1') });
      expect((error as Error).message).toMatch(/Connection refused/);
      expect(ms).toBeLessThan(WITHIN_MS);
    });

    it('a key the host refuses is an SshError (authentication), never a prompt', async () => {
      const options = withSsh({ identityFile: freshKey() }, `fail-${kind}-key`);
      const { error, ms } = await failureOf(() => engineOf(kind, options).run(['list-sessions']));
      expect(error).toBeInstanceOf(SshError);
      expect(error).toMatchObject({ reason: 'authentication' });
      expect((error as Error).message).toMatch(/Permission denied/);
      expect(ms).toBeLessThan(WITHIN_MS);
    });

    it('an unknown host key is an SshError (host-key)', async () => {
      const options = withSsh(
        { options: ['UserKnownHostsFile=/dev/null', 'StrictHostKeyChecking=yes', 'IdentitiesOnly=yes'] },
        `fail-${kind}-hostkey`,
      );
      const { error } = await failureOf(() => engineOf(kind, options).run(['list-sessions']));
      expect(error).toBeInstanceOf(SshError);
      expect(error).toMatchObject({ reason: 'host-key' });
      expect((error as Error).message).toMatch(/Host key verification failed/);
    });

    it('no tmux on the host is a TmuxNotFoundError naming the host', async () => {
      const options = { ...remote(bin, `fail-${kind}-notmux`), tmux: '/nonexistent/tmux' };
      const { error, ms } = await failureOf(async () => {
        const engine = engineOf(kind, options);
        (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      });
      expect(error).toBeInstanceOf(TmuxNotFoundError);
      expect(error).toMatchObject({
        binary: '/nonexistent/tmux',
        host: expect.stringContaining('127.0.0.1'),
      });
      expect(ms).toBeLessThan(WITHIN_MS);
    });

    it('a remote server that dies: tmux says so (typed), and a control client ends with an EngineError', async () => {
      const options = remote(bin, `fail-${kind}-killed`);
      const engine = engineOf(kind, options);
      if (kind !== 'control mode')
        (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      else await engine.execute(new ListSessions());
      await new SubprocessEngine(options).run(['kill-server']);
      const started = performance.now();
      if (kind === 'control mode') {
        await expect(
          (async () => {
            for (;;) {
              await engine.execute(new ListSessions());
              await new Promise((r) => setTimeout(r, 20)); // the client's end arrives as an event
            }
          })(),
        ).rejects.toBeInstanceOf(EngineError);
      } else {
        const result = await engine.execute(new ListSessions());
        expect(() => result.raiseForStatus()).toThrow(ServerNotRunningError);
        expect(result.stderr).toMatch(/no server running on \/.*tmux-\d+\//);
      }
      expect(performance.now() - started).toBeLessThan(WITHIN_MS);
    });
  });

  it('a host whose sshd refuses forwarding is an SshError for the socket engine, never "no server"', async () => {
    const strict = await PrivateSshd.start(1, ['AllowStreamLocalForwarding no']);
    try {
      const options = { ...remote(bin, 'no-forwarding'), ssh: strict.hosts[0]!.ssh };
      const sub = new SubprocessEngine(options);
      (await sub.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
      const { error } = await failureOf(() => engineOf('socket', options).run(['list-sessions']));
      expect(error).toBeInstanceOf(SshError);
      expect((error as Error).message).toMatch(/forwarding/);
      await sub.run(['kill-server']);
    } finally {
      await strict.stop();
    }
  });

  it('refuses ssh options that ssh would read as something else, before running anything', () => {
    for (const ssh of [
      { host: '-oProxyCommand=touch x' },
      { host: 'a b' },
      { host: '$(touch x)' },
      { host: 'h;id' },
      { host: 'h', user: '-l' },
      { host: 'h', user: '`id`' },
      { host: 'h', port: 0 },
      { host: 'h', options: ['-F /etc/passwd'] },
      { host: 'h', options: ['ControlPath=/tmp/x'] },
      { host: 'h', command: [] },
    ])
      expect(() => new SubprocessEngine({ ssh })).toThrow(/^ssh /);
  });

  it('closing the shared connections stops their masters; the next command connects again', async () => {
    const options = remote(bin, 'reconnect');
    const engine = new SubprocessEngine(options);
    (await engine.execute(new NewSession({ detached: true, sessionName: 'main' }))).raiseForStatus();
    await closeSshConnections();
    const again = await engine.execute(new ListSessions());
    expect(again.raiseForStatus().rows.map((s) => s.sessionName)).toEqual(['main']);
  });
});
