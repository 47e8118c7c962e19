/**
 * SocketEngine: tmux's client protocol spoken directly, against real tmux on every installed matrix
 * version (socket path, no server, starting one, binary buffers, refused paths, concurrency, a server
 * dying mid-command, abort and timeout), and against fake servers for what real tmux never does
 * (a protocol mismatch, a malformed message, a server that never answers).
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DisplayMessage,
  EngineError,
  HasSession,
  ListSessions,
  NewSession,
  ParameterError,
  SetBuffer,
  SocketEngine,
  SubprocessEngine,
} from '../../../src/index.js';
import { encodeFrame } from '../../../src/runtime/socket/imsg-codec.js';
import { bufferBytes, privateServers, TEST_ENV } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const servers = privateServers();
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-socket-test-'));
afterAll(async () => {
  await servers.killAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh private server with a session `main` running `cat`, and a SocketEngine for it. */
async function started(bin: string, label: string) {
  const connection = servers.connection(bin, label);
  const tmux = new SocketEngine(connection);
  (
    await tmux.execute(new NewSession({ detached: true, sessionName: 'main', shellCommand: 'cat' }))
  ).raiseForStatus();
  return { tmux, connection };
}

describe.skipIf(versions.length === 0).each(versions)('tmux $slot', ({ slot, bin }) => {
  it('does what its JSDoc example says', async () => {
    const tmux = new SocketEngine(servers.connection(bin, `${slot}-example`));
    await tmux.execute(new NewSession({ detached: true, sessionName: 'work' }));
    expect((await tmux.execute(new ListSessions())).rows.map((s) => s.sessionName)).toEqual(['work']);
    expect((await tmux.loadBuffer(Uint8Array.of(0, 1, 2, 255), { bufferName: 'bin' })).ok).toBe(true);
  });

  it('finds the socket where tmux puts it (-L, -S, $TMUX_TMPDIR)', async () => {
    const { tmux, connection } = await started(bin, `${slot}-path`);
    const reported = (await tmux.execute(new DisplayMessage({ print: true, message: '#{socket_path}' })))
      .text;
    expect(tmux.socketPath()).toBe(reported);
    const { socketName: _byName, ...rest } = connection;
    const bySocketPath = new SocketEngine({ ...rest, socketPath: reported });
    expect((await bySocketPath.execute(new HasSession({ target: 'main' }))).exists).toBe(true);
    // $TMUX_TMPDIR: a server started through tmux in another directory is found there.
    const dir = mkdtempSync(join(scratch, 'tmpdir-'));
    const env = { ...connection.env, TMUX_TMPDIR: dir };
    const moved = new SocketEngine({ ...connection, env });
    (
      await moved.execute(new NewSession({ detached: true, sessionName: 'moved', shellCommand: 'cat' }))
    ).raiseForStatus();
    const there = (await moved.execute(new DisplayMessage({ print: true, message: '#{socket_path}' }))).text;
    expect(moved.socketPath()).toBe(there);
    expect(there.startsWith(dir)).toBe(true);
    await moved.run(['kill-server']);
  });

  it('with no server: answers as tmux does, and starts one only for commands that start one', async () => {
    const connection = servers.connection(bin, `${slot}-noserver`);
    const tmux = new SocketEngine(connection);
    const subprocess = new SubprocessEngine(connection);
    const [mine, theirs] = [
      await tmux.execute(new ListSessions()),
      await subprocess.execute(new ListSessions()),
    ];
    expect([mine.exitCode, mine.stderr]).toEqual([theirs.exitCode, theirs.stderr]);
    expect(mine.stderr).toMatch(/^(no server running on|error connecting to) /);
    const created = await tmux.execute(
      new NewSession({ detached: true, sessionName: 'fresh', shellCommand: 'cat' }),
    );
    expect(created.ok).toBe(true);
    expect((await tmux.execute(new ListSessions())).rows.map((s) => s.sessionName)).toEqual(['fresh']);
  });

  it('loads any bytes into a buffer, NUL included, through load-buffer -', async () => {
    const { tmux, connection } = await started(bin, `${slot}-load`);
    const every = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) & 0xff); // several MSG_READ messages
    expect((await tmux.loadBuffer(every, { bufferName: 'every' })).ok).toBe(true);
    expect((await tmux.loadBuffer(big, { bufferName: 'big' })).ok).toBe(true);
    expect(await bufferBytes(connection, 'every')).toEqual(Buffer.from(every));
    expect(await bufferBytes(connection, 'big')).toEqual(Buffer.from(big));
  });

  it('never reads or writes a path because the server asked', async () => {
    const { tmux } = await started(bin, `${slot}-paths`);
    await tmux.execute(new SetBuffer({ bufferName: 'b', data: 'secret' }));
    const target = join(scratch, `written-${slot}`);
    const save = await tmux.run(['save-buffer', '-b', 'b', target]);
    expect(save.ok).toBe(false);
    expect(save.stderr).toMatch(/Permission denied/);
    expect(existsSync(target)).toBe(false);
    const load = await tmux.run(['load-buffer', '-b', 'c', '/etc/hostname']);
    expect(load.ok).toBe(false);
    expect(load.stderr).toMatch(/Permission denied/);
  });

  it('runs 300 requests at once (more than the server listen queue), each with its own result', async () => {
    const { tmux } = await started(bin, `${slot}-concurrent`);
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        tmux.execute(new DisplayMessage({ print: true, message: `n${i} ü` })),
      ),
    );
    expect(results.map((r) => r.text)).toEqual(Array.from({ length: 300 }, (_, i) => `n${i} ü`));
  });

  it("refuses an unsafe socket directory and a socket path too long, in tmux's own words", async () => {
    const connection = servers.connection(bin, `${slot}-unsafe`);
    const dir = mkdtempSync(join(scratch, 'unsafe-'));
    const uid = process.getuid!();
    mkdirSync(join(dir, `tmux-${uid}`), { mode: 0o700 });
    chmodSync(join(dir, `tmux-${uid}`), 0o777);
    const env = { ...connection.env, TMUX_TMPDIR: dir };
    const mineUnsafe = await new SocketEngine({ ...connection, env, version: slot }).run(['list-sessions']);
    const theirsUnsafe = await new SubprocessEngine({ ...connection, env, version: slot }).run([
      'list-sessions',
    ]);
    expect([mineUnsafe.exitCode, mineUnsafe.stderr]).toEqual([theirsUnsafe.exitCode, theirsUnsafe.stderr]);
    expect(mineUnsafe.stderr).toMatch(/has unsafe permissions|\(Permission denied\)/);
    const { socketName: _name, ...rest } = connection;
    const long = `${scratch}/${'x'.repeat(120)}`;
    const mine = await new SocketEngine({ ...rest, socketPath: long, version: slot }).run(['list-sessions']);
    const theirs = await new SubprocessEngine({ ...rest, socketPath: long, version: slot }).run([
      'list-sessions',
    ]);
    expect([mine.exitCode, mine.stderr]).toEqual([theirs.exitCode, theirs.stderr]);
  });

  it('after kill-server, a new session at once starts a new server (the dying one drops the connection unread)', async () => {
    const tmux = new SocketEngine(servers.connection(bin, `${slot}-restart`));
    for (let round = 0; round < 5; round++) {
      expect((await tmux.execute(new NewSession({ detached: true, sessionName: `s${round}` }))).ok).toBe(
        true,
      );
      expect((await tmux.run(['kill-server'])).exitCode).toBe(0);
    }
    const again = await tmux.execute(new NewSession({ detached: true, sessionName: 'again' }));
    expect(again.ok).toBe(true);
    expect((await tmux.execute(new ListSessions())).rows.map((r) => r.sessionName)).toEqual(['again']);
  });

  it('starts a server for a command list whose later command starts one', async () => {
    const argv = ['list-sessions', ';', 'new-session', '-d', '-s', 'later', 'cat'];
    const tmux = new SocketEngine(servers.connection(bin, `${slot}-list`));
    const mine = await tmux.run(argv);
    const theirs = await new SubprocessEngine(servers.connection(bin, `${slot}-list-sp`)).run(argv);
    expect([mine.exitCode, mine.stderr]).toEqual([theirs.exitCode, theirs.stderr]);
    expect((await tmux.execute(new HasSession({ target: 'later' }))).exists).toBe(true);
  });

  it('refuses what cannot be sent before connecting: NUL, a command over 16 KiB', async () => {
    const { tmux } = await started(bin, `${slot}-refuse`);
    await expect(tmux.run(['display-message', '-p', 'a\0b'])).rejects.toBeInstanceOf(ParameterError);
    await expect(tmux.run(['set-buffer', 'x'.repeat(20_000)])).rejects.toThrow(/nothing was sent/);
    expect((await tmux.run(['display-message', '-p', 'alive'])).stdout).toBe('alive\n');
  });

  it("a timeout or an abort rejects with an EngineError; a server killed mid-command ends the request at once, as it ends tmux's own client", async () => {
    const { tmux, connection } = await started(bin, `${slot}-dies`);
    await expect(tmux.run(['run-shell', 'sleep 5'], { timeout: 200 })).rejects.toThrow(
      /timed out after 200 ms/,
    );
    const controller = new AbortController();
    const aborted = tmux.run(['run-shell', 'sleep 5'], { signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toThrow(/aborted/);
    const mine = tmux.run(['run-shell', 'sleep 30']);
    const theirs = new SubprocessEngine(connection).run(['run-shell', 'sleep 30']);
    await new Promise((r) => setTimeout(r, 300));
    const killedAt = Date.now();
    await execa(bin, ['-L', connection.socketName, 'kill-server'], {
      stdin: 'ignore',
      env: TEST_ENV,
      reject: false,
    });
    const [m, t] = await Promise.all([mine, theirs]);
    expect(Date.now() - killedAt).toBeLessThan(1000);
    // tmux shuts waiting clients down (MSG_SHUTDOWN): its own client exits 0 with no output; so does ours.
    expect([m.exitCode, m.stdout, m.stderr]).toEqual([t.exitCode, t.stdout, t.stderr]);
  });
});

describe('against fake servers', () => {
  async function fake(behave: (socket: Socket) => void): Promise<{ path: string; server: Server }> {
    const path = join(scratch, `fake-${Math.random().toString(16).slice(2)}.sock`);
    const server = createServer(behave);
    await new Promise<void>((resolve) => server.listen(path, resolve));
    return { path, server };
  }
  const engineFor = (path: string) => new SocketEngine({ socketPath: path, version: '3.7c' });

  it('a protocol mismatch (MSG_VERSION) is a clear EngineError', async () => {
    const { path, server } = await fake((s) => {
      const reply = encodeFrame(12);
      reply.writeUInt32LE(7, 8); // peerid: protocol 7
      s.end(reply);
    });
    try {
      await expect(engineFor(path).run(['list-sessions'])).rejects.toThrow(
        /protocol version mismatch \(client 8, server 7\)/,
      );
    } finally {
      server.close();
    }
  });

  it('a malformed message is an EngineError, not a guess', async () => {
    const { path, server } = await fake((s) => s.end(Buffer.from('garbage that is no header!!')));
    try {
      await expect(engineFor(path).run(['list-sessions'])).rejects.toBeInstanceOf(EngineError);
    } finally {
      server.close();
    }
  });

  it('a connection closed before an answer is an EngineError; a silent server times out', async () => {
    const closing = await fake((s) => s.end());
    const silent = await fake(() => {});
    try {
      await expect(engineFor(closing.path).run(['list-sessions'])).rejects.toThrow(/closed the connection/);
      await expect(engineFor(silent.path).run(['list-sessions'], { timeout: 200 })).rejects.toThrow(
        /timed out/,
      );
      const engine = engineFor(silent.path);
      const inFlight = engine.run(['list-sessions']);
      await new Promise((r) => setTimeout(r, 50));
      await engine.close();
      await expect(inFlight).rejects.toBeInstanceOf(EngineError);
      await expect(engine.run(['list-sessions'])).rejects.toThrow(/closed/);
    } finally {
      closing.server.close();
      silent.server.close();
    }
  });

  it('a tmux 3.0 server (output as MSG_STDOUT) is an EngineError, not an empty answer', async () => {
    const { path, server } = await fake((s) =>
      s.once('data', () => s.end(encodeFrame(212, Buffer.from('xx')))),
    );
    try {
      await expect(engineFor(path).run(['list-sessions'])).rejects.toThrow(/too old/);
    } finally {
      server.close();
    }
  });

  it('sends the identify sequence tmux needs: ttyname always, of the environment only TMUX and TMUX_PANE', async () => {
    const received: number[] = [];
    const environ: string[] = [];
    const { path, server } = await fake((s) => {
      let buffer = Buffer.alloc(0);
      s.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        while (buffer.length >= 16 && buffer.length >= (buffer.readUInt32LE(4) & 0xffff)) {
          const length = buffer.readUInt32LE(4) & 0xffff;
          received.push(buffer.readUInt32LE(0));
          if (buffer.readUInt32LE(0) === 105) environ.push(buffer.subarray(16, length - 1).toString());
          buffer = buffer.subarray(length);
        }
        if (received.includes(200)) {
          const exit = Buffer.alloc(4);
          s.end(encodeFrame(203, exit));
        }
      });
    });
    try {
      const env = { PATH: '/bin', TMUX_PANE: '%9', TERM: 'xterm' };
      const result = await new SocketEngine({ socketPath: path, version: '3.7c', env }).run([
        'list-sessions',
      ]);
      expect(result.exitCode).toBe(0);
      expect(received).toEqual([100, 111, 101, 102, 108, 107, 105, 106, 200]);
      expect(environ).toEqual(['TMUX_PANE=%9']); // list-sessions starts no process: no PATH
    } finally {
      server.close();
    }
  });
});
