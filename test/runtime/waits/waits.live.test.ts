/**
 * Waits and `pane.run` on real shells (bash, dash, zsh) and every installed tmux: exit status and only the
 * command's own output, whatever the command prints or however `%output` splits it; timeouts that leave
 * the pane usable; a shell that exits; runs on two panes at once; nothing kept in history; and no polling
 * (a wait sends the same few commands however long it waits).
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ControlModeEngine,
  EngineError,
  HandleGoneError,
  MemoryEngine,
  NewSession,
  Server,
  SocketEngine,
  SubprocessEngine,
  type Engine,
  type Pane,
} from '../../../src/index.js';
import { PrivateTmux, TEST_ENV } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const SHELLS = {
  bash: ['bash', '--norc', '--noprofile'],
  dash: ['dash'],
  zsh: ['zsh', '-f', '-o', 'histignorespace'],
} as const;
type ShellName = keyof typeof SHELLS;

for (const name of Object.keys(SHELLS)) {
  it(`${name} is installed (scripts/install-system-packages.sh)`, () => {
    expect(() => execFileSync('sh', ['-c', `command -v ${name}`])).not.toThrow();
  });
}

/** Counts the requests an engine is asked to make. */
function counted<E extends Engine>(engine: E): E & { requests: number } {
  const e = engine as E & { requests: number };
  e.requests = 0;
  const run = engine.run.bind(engine);
  const execute = engine.execute.bind(engine);
  e.run = (argv, options) => (e.requests++, run(argv, options));
  e.execute = ((op: never, options: never) => (e.requests++, execute(op, options))) as E['execute'];
  return e;
}

for (const tmux of installedTmuxVersions()) {
  describe(`waits, tmux ${tmux.version}`, () => {
    let server: PrivateTmux;
    let engine: SubprocessEngine;
    let facade: Server;
    const closers: { close(): Promise<void> }[] = [];

    beforeAll(async () => {
      server = await PrivateTmux.start(tmux.bin, 'waits');
      engine = new SubprocessEngine({
        tmux: tmux.bin,
        socketName: server.socketName,
        env: { ...process.env, ...TEST_ENV },
      });
      facade = new Server(engine);
    });
    afterAll(async () => {
      await Promise.all(closers.map((c) => c.close()));
      await server.kill();
    });

    /** A new window running `shell` (bash with HISTCONTROL=ignorespace), at its prompt. */
    async function shellPane(shell: ShellName, on: Server = facade): Promise<Pane> {
      const session = (await facade.sessionNamed('main'))!;
      const window = await session.newWindow({
        detached: true,
        shellCommand: 'env',
        arguments: ['HISTCONTROL=ignorespace', 'PS1=$ ', 'PROMPT=$ ', ...SHELLS[shell]],
      });
      const [pane] = await window.panes();
      const ready = await on.pane(pane!.id).waitForText(/^\$/m, { timeout: 10_000 });
      expect(ready.outcome).toBe('matched');
      return on.pane(pane!.id);
    }

    for (const shell of Object.keys(SHELLS) as ShellName[]) {
      describe(shell, () => {
        let pane: Pane;
        beforeAll(async () => {
          pane = await shellPane(shell);
        });

        it('returns the exit status and only the output, over several lines', async () => {
          const r = await pane.run("printf 'one\\ntwo\\n'; sh -c 'exit 3'");
          expect(r).toMatchObject({
            outcome: 'completed',
            exitCode: 3,
            output: 'one\ntwo\n',
            timedOut: false,
          });
        });

        it('keeps non-UTF-8 bytes and tabs exactly', async () => {
          const r = await pane.run("printf '\\377\\376\\tx\\n'");
          expect([...r.bytes]).toEqual([0xff, 0xfe, 0x09, 0x78, 0x0a]);
          expect(r.exitCode).toBe(0);
        });

        it('is not fooled by the echo or by marker-like output', async () => {
          const r = await pane.run('echo TMUXKIT-B; echo TMUXKIT-E0123456789abcdef:7; echo "it\'s $((6*7))"');
          expect(r.output).toBe("TMUXKIT-B\nTMUXKIT-E0123456789abcdef:7\nit's 42\n");
          expect(r.exitCode).toBe(0);
        });

        it('reads output that %output splits into many pieces', async () => {
          const r = await pane.run('seq 1 3000');
          expect(r.output).toBe(Array.from({ length: 3000 }, (_, i) => `${i + 1}\n`).join(''));
        });

        it('times out a command that never ends, and leaves the pane usable', async () => {
          const started = Date.now();
          const r = await pane.run('sleep 30', { timeout: 800 });
          expect(r).toMatchObject({ outcome: 'timed-out', timedOut: true, exitCode: undefined });
          expect(Date.now() - started).toBeLessThan(5_000);
          const after = await pane.run('echo alive');
          expect(after).toMatchObject({ outcome: 'completed', exitCode: 0, output: 'alive\n' });
        });

        it('is aborted by a signal, and the pane stays usable', async () => {
          const controller = new AbortController();
          setTimeout(() => controller.abort(), 300);
          const r = await pane.run('sleep 30', { signal: controller.signal });
          expect(r.outcome).toBe('aborted');
          expect((await pane.run('echo back')).output).toBe('back\n');
        });

        it('reports a command that exits the shell as pane-exited', async () => {
          const doomed = await shellPane(shell);
          const r = await doomed.run('echo bye; exit 4');
          expect(r.outcome).toBe('pane-exited');
          expect(r.exitCode).toBeUndefined();
          await expect(doomed.info()).rejects.toThrow(HandleGoneError);
        });

        it('runs on two panes at once', async () => {
          const other = await shellPane(shell);
          const [a, b] = await Promise.all([
            pane.run('sleep 0.3; echo first'),
            other.run('sleep 0.3; echo second; false'),
          ]);
          expect(a).toMatchObject({ output: 'first\n', exitCode: 0 });
          expect(b).toMatchObject({ output: 'second\n', exitCode: 1 });
        });

        it('runs in a child shell when asked, so the pane keeps its directory', async () => {
          const before = (await pane.run('pwd')).output;
          const r = await pane.run('cd / && pwd', { shell: '/bin/sh' });
          expect(r.output).toBe('/\n');
          expect((await pane.run('pwd')).output).toBe(before);
        });

        if (shell !== 'dash') {
          it('keeps its commands out of the shell history', async () => {
            await pane.run('echo secret-command');
            const history = await pane.run(shell === 'bash' ? 'history' : 'fc -l 1');
            expect(history.output).not.toContain('secret-command');
          });
        }
      });
    }

    it('waits for text already on the screen, then for text that arrives', async () => {
      const pane = await shellPane('dash');
      await server.run(['send-keys', '-t', pane.id, 'echo on-screen', 'Enter']);
      await expect.poll(async () => (await pane.capture()).join('\n')).toMatch(/^on-screen$/m);
      const seen = await pane.waitForText('on-screen');
      expect(seen).toMatchObject({ outcome: 'matched', source: 'screen', match: 'on-screen' });
      // The typed line holds "arri""ved", so only the command's output can match.
      const later = await pane.waitForText(/arrived-(\d+)/, {
        timeout: 10_000,
        onStart: () => server.run(['send-keys', '-t', pane.id, 'sleep 0.2; echo arri""ved-42', 'Enter']),
      });
      expect(later).toMatchObject({
        outcome: 'matched',
        source: 'output',
        match: 'arrived-42',
        groups: ['42'],
      });
    });

    it('times out, aborts, and sees the pane exit', async () => {
      const pane = await shellPane('dash');
      expect((await pane.waitForText('never-printed', { timeout: 300 })).outcome).toBe('timed-out');
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);
      expect((await pane.waitForText('never-printed', { signal: controller.signal })).outcome).toBe(
        'aborted',
      );
      const waiting = pane.waitForText('never-printed', { timeout: 20_000 });
      setTimeout(() => void server.run(['kill-pane', '-t', pane.id]), 300);
      expect((await waiting).outcome).toBe('pane-exited');
    });

    it('waits for quiet, and says whether a program still runs', async () => {
      const pane = await shellPane('dash');
      const r = await pane.waitForQuiet({
        quietMs: 400,
        timeout: 10_000,
        onStart: () =>
          server.run([
            'send-keys',
            '-t',
            pane.id,
            'for i in 1 2 3; do echo tick$i; sleep 0.1; done',
            'Enter',
          ]),
      });
      expect(r.outcome).toBe('quiet');
      expect(r.output).toMatch(/tick1\s+tick2\s+tick3/);
      expect(r.running).toBe(false);
      await server.run(['send-keys', '-t', pane.id, 'sleep 30', 'Enter']);
      const busy = await pane.waitForQuiet({ quietMs: 300 });
      expect(busy).toMatchObject({ outcome: 'quiet', running: true, currentCommand: 'sleep' });
      await server.run(['send-keys', '-t', pane.id, 'C-c', '']);
    });

    it('never polls: a wait sends the same few commands however long it waits', async () => {
      const control = counted(
        new ControlModeEngine({
          tmux: tmux.bin,
          socketName: server.socketName,
          env: { ...process.env, ...TEST_ENV },
          session: 'main',
        }),
      );
      closers.push(control);
      const pane = new Server(control).pane((await shellPane('dash')).id);
      await pane.run('true'); // the client connects and learns the version once
      control.requests = 0;
      const quick = await pane.run('true');
      const quickRequests = control.requests;
      control.requests = 0;
      const slow = await pane.run('sleep 1.5; true');
      expect([quick.exitCode, slow.exitCode]).toEqual([0, 0]);
      expect(slow.dedicatedClient).toBe(false);
      expect(control.requests).toBe(quickRequests);
      expect(quickRequests).toBeLessThanOrEqual(4);

      // Through an engine without events: a dedicated control client, and the engine asked the same.
      const sub = counted(new SubprocessEngine(engine.options));
      const subPane = new Server(sub).pane(pane.id);
      const short = await subPane.waitForText('never', { timeout: 100 });
      const shortRequests = sub.requests;
      sub.requests = 0;
      const long = await subPane.waitForText('never', { timeout: 1_500 });
      expect([short.outcome, long.outcome]).toEqual(['timed-out', 'timed-out']);
      expect(long.dedicatedClient).toBe(true);
      expect(sub.requests).toBe(shortRequests);
    });

    it('concurrent waits on one session share one control client, closed after the last', async () => {
      const [a, b] = [await shellPane('dash'), await shellPane('dash')];
      const controlClients = async () =>
        (await server.run(['list-clients', '-F', '#{client_control_mode}'])).stdout
          .split('\n')
          .filter((l) => l === '1').length;
      // Other tests' clients may still be attached (a ControlModeEngine closed only after all): count ours.
      const before = await controlClients();
      const waits = [a.waitForText('never', { timeout: 3_000 }), b.waitForText('never', { timeout: 3_000 })];
      // The most control clients attached at once while both waits run (each would bring its own unshared).
      let most = 0;
      for (const until = Date.now() + 2_000; Date.now() < until;) {
        most = Math.max(most, await controlClients());
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(most - before).toBe(1);
      expect((await Promise.all(waits)).map((w) => [w.outcome, w.dedicatedClient])).toEqual([
        ['timed-out', true],
        ['timed-out', true],
      ]);
      expect(await controlClients()).toBe(before);
    });

    it('names a pane that does not exist, through any engine', async () => {
      const control = new ControlModeEngine({ ...engine.options, session: 'main' });
      closers.push(control);
      for (const e of [engine, control]) {
        const gone = await new Server(e)
          .pane('%9999')
          .run('true')
          .catch((error: unknown) => error);
        expect(gone).toBeInstanceOf(HandleGoneError);
        expect(gone).toMatchObject({ kind: 'pane', id: '%9999' });
      }
    });

    it('runs through the socket engine too', async () => {
      const socket = new SocketEngine(engine.options);
      closers.push(socket);
      const pane = new Server(socket).pane((await shellPane('bash')).id);
      expect(await pane.run('echo via-socket')).toMatchObject({ exitCode: 0, output: 'via-socket\n' });
    });

    it('waitFor and signal over tmux wait-for, with timeout and abort, on any engine', async () => {
      for (const e of [engine, new ControlModeEngine({ ...engine.options, session: 'main' })]) {
        closers.push(e);
        const s = new Server(e);
        // A channel signalled with nobody waiting stays signalled for its next waiter: fresh names.
        const quiet = `tk-quiet-${closers.length}`;
        const waiting = s.waitFor('tk-channel', { timeout: 10_000 });
        await new Promise((r) => setTimeout(r, 200));
        await s.signal('tk-channel');
        expect(await waiting).toEqual({ outcome: 'signalled' });
        expect(await s.waitFor(quiet, { timeout: 200 })).toEqual({ outcome: 'timed-out' });
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 100);
        expect(await s.waitFor(quiet, { signal: controller.signal })).toEqual({ outcome: 'aborted' });
        // tmux forgot the abandoned waits: a signal still works and the server answers.
        await s.signal(quiet);
        expect((await s.sessions()).length).toBeGreaterThan(0);
      }
    });
  });
}

describe('waits without a real server', () => {
  it('say so with an EngineError on the in-memory engine', async () => {
    const memory = new MemoryEngine({ version: '3.5a' });
    const { paneId } = await memory.execute(new NewSession({ detached: true }));
    const pane = new Server(memory).pane(paneId!);
    await expect(pane.run('true')).rejects.toThrow(EngineError);
  });
});
