/**
 * SocketEngine's per-command latency against SubprocessEngine and ControlModeEngine, and its throughput
 * with 8 and 64 commands in flight, all measured in one run on the newest installed tmux. Contenders
 * alternate call by call so machine noise hits them alike; ratios are medians of per-round ratios.
 *
 * Run: npm run bench
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  ControlModeEngine,
  DisplayMessage,
  KillServer,
  NewSession,
  SocketEngine,
  SubprocessEngine,
  type Engine,
} from '../src/index.js';
import { privateSocketPath } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const PER_ROUND = Number(process.env['BENCH_OPS'] ?? 30);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: run npm run setup:tmux');
const socketName = `tmuxkit-test-bench-sock-${process.pid}-${randomBytes(3).toString('hex')}`;
const connection = {
  tmux: tmux.bin,
  socketName,
  configFile: '/dev/null',
  env: { ...process.env, TMUX: '', SHELL: '/bin/sh' },
};

const subprocess = new SubprocessEngine(connection);
const socket = new SocketEngine(connection);
const control = new ControlModeEngine({ ...connection, session: 'bench' });
const op = new DisplayMessage({ print: true, target: 'bench', message: '#{pane_id}' });

/** Mean milliseconds per call of each engine, calling them in turn (order rotating every call). */
async function latency(engines: readonly Engine[], n: number): Promise<number[]> {
  const totals = engines.map(() => 0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < engines.length; k++) {
      const j = (i + k) % engines.length;
      const start = performance.now();
      await engines[j]!.execute(op);
      totals[j]! += performance.now() - start;
    }
  }
  return totals.map((t) => t / n);
}

/** Commands per second with `inFlight` requests always outstanding, for `total` requests. */
async function throughput(engine: Engine, inFlight: number, total: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) {
      next++;
      (await engine.execute(op)).raiseForStatus();
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return total / ((performance.now() - start) / 1000);
}

try {
  (
    await subprocess.execute(new NewSession({ detached: true, sessionName: 'bench', shellCommand: 'cat' }))
  ).raiseForStatus();
  await control.connect();
  await latency([subprocess, socket, control], 5); // warm up
  const rounds: Record<string, number>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [sub, sock, ctl] = await latency([subprocess, socket, control], PER_ROUND);
    const t8 = await throughput(socket, 8, 400);
    const t64 = await throughput(socket, 64, 800);
    const s8 = await throughput(subprocess, 8, 40);
    rounds.push({ sub: sub!, sock: sock!, ctl: ctl!, t8, t64, s8 });
  }
  const med = (f: (t: Record<string, number>) => number) => median(rounds.map(f));
  const us = (ms: number) => `${(ms * 1000).toFixed(0).padStart(6)} us/command`;
  console.log(
    `tmux ${tmux.version}, ${ROUNDS} rounds of ${PER_ROUND} display-message -p per engine, in turn`,
  );
  console.log(`SubprocessEngine   ${us(med((t) => t.sub!))}   1.00x`);
  console.log(
    `SocketEngine       ${us(med((t) => t.sock!))}   ${med((t) => t.sub! / t.sock!).toFixed(1)}x faster than SubprocessEngine (goal >= 5x)`,
  );
  console.log(
    `ControlModeEngine  ${us(med((t) => t.ctl!))}   ${med((t) => t.sub! / t.ctl!).toFixed(1)}x faster than SubprocessEngine (one persistent client)`,
  );
  console.log(
    `SocketEngine throughput: ${med((t) => t.t8!).toFixed(0)} commands/s with 8 in flight, ${med((t) => t.t64!).toFixed(0)} with 64 ` +
      `(SubprocessEngine with 8 in flight: ${med((t) => t.s8!).toFixed(0)}/s, so ${med((t) => t.t8! / t.s8!).toFixed(1)}x)`,
  );
} finally {
  await control.close();
  await subprocess.execute(new KillServer()).catch(() => undefined);
  rmSync(privateSocketPath(socketName), { force: true });
}
