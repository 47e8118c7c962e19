/**
 * The hot path on the built package (`dist/`, as users get it), in plain Node processes:
 *
 * 1. import cost: `import('tmuxkit')` against a bare `node -e 0`, whole process, both run alternately
 *    (goal: at most 50 ms over bare node);
 * 2. a fresh operation constructed, validated and rendered, for the four operations every upper layer
 *    sends most (goal: at most 1 us each);
 * 3. memory under a flood: peak RSS of a process that queues 10,000 and then 1,000,000 requests at once
 *    through one ControlModeEngine, beside the same process queueing only bare promises (what any caller
 *    pays for a million pending calls).
 *
 * Run: npm run bench (builds first). The control-mode ratios and the parser are in
 * control-mode-engine.bench.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const plain = (name: string) => fileURLToPath(new URL(`./plain-node/${name}`, import.meta.url));
if (!existsSync(dist)) throw new Error('dist/ is missing: run npm run build (npm run bench does)');
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: run npm run setup:tmux');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const node = (args: string[]) =>
  execFileSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const timedNode = (args: string[]) => {
  const start = process.hrtime.bigint();
  node(args);
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// 1. Import. Pairs of runs, the order alternating, and the median of each pair's difference: this
// machine's speed drifts over seconds, and a pair is measured within one drift.
const RUNS = Number(process.env['BENCH_IMPORT_RUNS'] ?? 41);
const bare: number[] = [];
const imported: number[] = [];
const differences: number[] = [];
const importArgs = ['--input-type=module', '-e', `await import(${JSON.stringify(dist)})`];
for (let i = 0; i < RUNS; i++) {
  const first = i % 2 === 0;
  const a = first ? timedNode(['-e', '0']) : timedNode(importArgs);
  const b = first ? timedNode(importArgs) : timedNode(['-e', '0']);
  const [b0, i0] = first ? [a, b] : [b, a];
  bare.push(b0);
  imported.push(i0);
  differences.push(i0 - b0);
}
const over = median(differences);
console.log(
  `import('tmuxkit'): ${median(imported).toFixed(0)} ms whole process, bare node ${median(bare).toFixed(0)} ms: ` +
    `${over.toFixed(0)} ms over bare node (goal <= 50 ms; median of ${RUNS} paired runs, the order alternating)`,
);

// 2. Fresh operations.
const perOp = JSON.parse(node([plain('construct-render.mjs'), tmux.version])) as Record<string, number>;
console.log(
  `fresh operation, construct + validate + render (plain Node, tmux ${tmux.version}): ` +
    Object.entries(perOp)
      .map(([op, ns]) => `${op} ${(ns / 1000).toFixed(3)} us`)
      .join(', ') +
    ' (goal <= 1 us each)',
);

// 3. Memory under a flood.
interface Flood {
  count: number;
  ms: number;
  rssBeforeMB: number;
  peakRssMB: number;
  mostInFlight: number;
}
const floor = JSON.parse(
  node([
    '-e',
    `const calls = [], rs = []; for (let i = 0; i < 1e6; i++) calls.push(new Promise((r) => rs.push(r)).then(() => {}));` +
      `for (const r of rs) r(); Promise.all(calls).then(() => console.log(JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 })));`,
  ]),
) as { peakRssMB: number };
for (const count of [10_000, 1_000_000]) {
  const f = JSON.parse(node([plain('flood.mjs'), tmux.bin, String(count)])) as Flood;
  console.log(
    `flood of ${count.toLocaleString('en')} requests queued at once (tmux ${tmux.version}): answered in ${(f.ms / 1000).toFixed(1)} s, ` +
      `peak RSS ${f.peakRssMB.toFixed(0)} MB (${f.rssBeforeMB.toFixed(0)} MB before), at most ${f.mostInFlight} written and unanswered` +
      (count === 1_000_000
        ? `; ${(((f.peakRssMB - f.rssBeforeMB) * 1048576) / count).toFixed(0)} bytes a request, against ${floor.peakRssMB.toFixed(0)} MB for a process holding a million bare promises`
        : ''),
  );
}
