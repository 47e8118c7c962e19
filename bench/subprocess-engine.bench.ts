/**
 * Per-operation cost of SubprocessEngine against the raw floor measured in the same run: a bare
 * `child_process.execFile` of the same argv (same binary, same socket). Also MemoryEngine, which runs no process at all. Rounds
 * alternate between contenders so machine noise hits all of them alike; ratios are medians of rounds.
 *
 * Run: npm run bench
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { execFile } from 'node:child_process';
import { DisplayMessage, KillServer, MemoryEngine, NewSession, SubprocessEngine } from '../src/index.js';
import { privateSocketPath } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const PER_ROUND = Number(process.env['BENCH_OPS'] ?? 40);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timePerOp(fn: () => Promise<unknown>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
}

const installed = installedTmuxVersions();
const tmux = installed.at(-1);
if (!tmux) throw new Error('no tmux installed: run npm run setup:tmux');
const socketName = `tmuxkit-test-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
const env = { ...process.env, TMUX: '', SHELL: '/bin/sh' };
const engine = new SubprocessEngine({ tmux: tmux.bin, socketName, configFile: '/dev/null', env });
const memory = new MemoryEngine({ version: tmux.version });
try {
  (
    await engine.execute(new NewSession({ detached: true, sessionName: 'bench', shellCommand: 'cat' }))
  ).raiseForStatus();
  await memory.execute(new NewSession({ detached: true, sessionName: 'bench' }));
  const op = new DisplayMessage({ print: true, target: 'bench', message: '#{pane_id}' });
  const argv = ['-u', '-L', socketName, '-f', '/dev/null', ...op.render({ version: await engine.version() })];
  const raw = () =>
    new Promise<void>((resolve) => {
      execFile(tmux.bin, argv, { env }, () => resolve()).stdin?.end();
    });
  const viaEngine = () => engine.execute(op);
  const viaMemory = () => memory.execute(op);
  for (const f of [raw, viaEngine, viaMemory]) await timePerOp(f, 5); // warm up

  const rounds: { raw: number; engine: number; memory: number }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['raw', 'engine'] : ['engine', 'raw'];
    const t: Record<string, number> = {};
    for (const name of order) t[name] = await timePerOp(name === 'raw' ? raw : viaEngine, PER_ROUND);
    t['memory'] = await timePerOp(viaMemory, PER_ROUND * 10);
    rounds.push({ raw: t['raw']!, engine: t['engine']!, memory: t['memory']! });
  }
  const rawMs = median(rounds.map((x) => x.raw));
  const engineRatio = median(rounds.map((x) => x.engine / x.raw));
  const memoryRatio = median(rounds.map((x) => x.memory / x.raw));
  console.log(`tmux ${tmux.version}, ${ROUNDS} rounds of ${PER_ROUND} operations (display-message -p)`);
  console.log(`raw execFile floor       ${rawMs.toFixed(2)} ms/op   1.00x`);
  console.log(
    `SubprocessEngine         ${(rawMs * engineRatio).toFixed(2)} ms/op   ${engineRatio.toFixed(3)}x the floor (goal <= 1.1x)`,
  );
  console.log(
    `MemoryEngine             ${(rawMs * memoryRatio * 1000).toFixed(1)} us/op   ${memoryRatio.toFixed(4)}x the floor (${(1 / memoryRatio).toFixed(0)}x faster)`,
  );
} finally {
  await engine.execute(new KillServer()).catch(() => undefined);
  rmSync(privateSocketPath(socketName), { force: true });
}
