/**
 * ControlModeEngine against floors measured in the same run, on the newest installed tmux:
 *
 * 1. one request's round trip: `engine.execute(op)` against a minimal hand-written `tmux -C` client that
 *    writes the same line and waits for its `%end` (goal: at most 1.25x the floor);
 * 2. pipelined throughput: `engine.executeAll(N ops)` against the same N raw lines in one write (goal: at
 *    least 0.8x the floor's throughput), and against SubprocessEngine (expect 30x or more);
 * 3. the parser's throughput in MB/s on a large `%output` stream recorded from a real pane, next to the
 *    floor of only splitting the same bytes into lines (in plain Node on the built package, a process of
 *    its own: `npm run bench` builds first).
 *
 * Contenders alternate call by call (batch by batch when pipelined), so machine noise hits them alike;
 * ratios are medians of per-round ratios. Run: npm run bench
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ControlModeEngine, DisplayMessage, KillServer, SubprocessEngine } from '../src/index.js';
import { privateSocketPath } from '../test/support/private-tmux.js';
import { RawControlClient } from './support/raw-control-client.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const SEQUENTIAL = Number(process.env['BENCH_OPS'] ?? 300);
const PIPELINED = Number(process.env['BENCH_PIPELINED'] ?? 5000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: run npm run setup:tmux');
const socketName = `tmuxkit-test-bench-cm-${process.pid}-${randomBytes(3).toString('hex')}`;
const env = { ...process.env, TMUX: '', SHELL: '/bin/sh' };
const connection = { tmux: tmux.bin, socketName, configFile: '/dev/null', env };
const connectionArgs = ['-u', '-L', socketName, '-f', '/dev/null'];

/** The floor: a bare `tmux -C` client that writes lines and counts this client's `%end`/`%error` lines. */
async function perOp(fn: () => Promise<unknown>, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return (performance.now() - start) / n;
}

/**
 * Runs `a` and `b` alternately `n` times each (order flipping every time) and returns the median time of
 * each call: both see the same moments of machine noise, which whole blocks of one then the other do not,
 * and a garbage collection or a scheduler hiccup in one call does not weigh on the rest.
 */
async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  n: number,
): Promise<[number, number]> {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < n; i++) {
    const first = i % 2 === 0;
    const t0 = performance.now();
    await (first ? a() : b());
    const t1 = performance.now();
    await (first ? b() : a());
    const t2 = performance.now();
    (first ? ta : tb).push(t1 - t0);
    (first ? tb : ta).push(t2 - t1);
  }
  return [median(ta), median(tb)];
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Records what tmux -C prints while a pane prints `bytes` MB of mixed text (UTF-8, tabs, escapes). */
async function recordOutputStream(megabytes: number): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-bench-'));
  const file = join(dir, 'output.txt');
  const line = 'plain ascii text, UTF-8 ünïcødé ✓ 日本語, a tab\there, an escape \x1b[1mbold\x1b[0m \\ end\n';
  writeFileSync(file, line.repeat(Math.ceil((megabytes * 1024 * 1024) / Buffer.byteLength(line))));
  const client = spawn(tmux!.bin, [...connectionArgs, '-C', 'attach-session', '-t', 'bench'], { env });
  const chunks: Buffer[] = [];
  let last = Date.now();
  client.stdout.on('data', (c: Buffer) => {
    chunks.push(c);
    last = Date.now();
  });
  await sleep(200);
  client.stdin.write(`split-window -d -t 'bench' 'cat ${file}; sleep 30'\n`);
  while (Date.now() - last < 1500) await sleep(100);
  client.stdin.end('\n');
  rmSync(dir, { recursive: true, force: true });
  return Buffer.concat(chunks);
}

const subprocess = new SubprocessEngine(connection);
const engine = new ControlModeEngine({ ...connection, session: 'bench', createSession: true });
let raw: RawControlClient | undefined;
try {
  await engine.connect();
  raw = new RawControlClient(tmux.bin, [...connectionArgs, '-C', 'attach-session', '-t', 'bench'], env);
  const op = new DisplayMessage({ print: true, target: 'bench', message: '#{pane_id}' });
  const line = `display-message '-p' '-t' 'bench' '--' '#{pane_id}'\n`;
  const ops = Array.from({ length: PIPELINED }, () => op);
  const lines = line.repeat(PIPELINED);
  // Warm up every path.
  await raw.send(line, 1);
  await perOp(() => engine.execute(op), 50);
  await perOp(() => raw!.send(line, 1), 50);
  await engine.executeAll(ops);
  await raw.send(lines, PIPELINED);
  await perOp(() => subprocess.execute(op), 3);

  const rounds: Record<string, number>[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const [rawSingle, engineSingle] = await interleaved(
      () => raw!.send(line, 1),
      () => engine.execute(op),
      SEQUENTIAL,
    );
    // One request's round trip with a fresh operation (built, validated and rendered for this call).
    const [rawFreshSingle, freshSingle] = await interleaved(
      () => raw!.send(line, 1),
      () => engine.execute(new DisplayMessage({ print: true, target: 'bench', message: '#{pane_id}' })),
      SEQUENTIAL,
    );
    const [rawBatch, engineBatch] = await interleaved(
      () => raw!.send(lines, PIPELINED),
      () => engine.executeAll(ops),
      4,
    );
    // Fresh operations every batch (each built, validated and rendered): the cost without any caching,
    // against raw batches alternating with them (not the block above: noise moves between blocks).
    const [rawFreshBatch, freshBatch] = await interleaved(
      () => raw!.send(lines, PIPELINED),
      () =>
        engine.executeAll(
          Array.from(
            { length: PIPELINED },
            (_, i) => new DisplayMessage({ print: true, target: 'bench', message: `#{pane_id}${i}` }),
          ),
        ),
      4,
    );
    const subprocessSingle = await perOp(() => subprocess.execute(op), 20);
    rounds.push({
      rawSingle,
      engineSingle,
      freshSingleRatio: freshSingle / rawFreshSingle,
      rawPipelined: rawBatch / PIPELINED,
      enginePipelined: engineBatch / PIPELINED,
      freshPipelined: freshBatch / PIPELINED,
      freshPipelinedRatio: rawFreshBatch / freshBatch,
      subprocess: subprocessSingle,
    });
  }
  const med = (f: (t: Record<string, number>) => number) => median(rounds.map(f));
  const us = (ms: number) => `${(ms * 1000).toFixed(1).padStart(7)} us/op`;
  console.log(
    `tmux ${tmux.version}, ${ROUNDS} rounds: ${SEQUENTIAL} sequential and ${PIPELINED} pipelined display-message -p, 20 subprocess calls`,
  );
  console.log(`raw tmux -C round trip       ${us(med((t) => t.rawSingle!))}   1.00x`);
  console.log(
    `ControlModeEngine.execute    ${us(med((t) => t.engineSingle!))}   ${med((t) => t.engineSingle! / t.rawSingle!).toFixed(3)}x the floor (goal <= 1.25x)`,
  );
  console.log(
    `  with a fresh operation                       ${med((t) => t.freshSingleRatio!).toFixed(3)}x the floor (goal <= 1.2x)`,
  );
  console.log(`raw tmux -C pipelined        ${us(med((t) => t.rawPipelined!))}   1.00x`);
  console.log(
    `ControlModeEngine.executeAll ${us(med((t) => t.enginePipelined!))}   ${med((t) => t.rawPipelined! / t.enginePipelined!).toFixed(3)}x the floor's throughput (goal >= 0.8x)`,
  );
  console.log(
    `  with fresh operations     ${us(med((t) => t.freshPipelined!))}   ${med((t) => t.freshPipelinedRatio!).toFixed(3)}x (each operation also built, validated and rendered; goal >= 0.8x), ${med((t) => t.enginePipelined! / t.freshPipelined!).toFixed(3)}x the throughput of operations sent again`,
  );
  console.log(
    `SubprocessEngine.execute     ${us(med((t) => t.subprocess!))}   pipelined control mode is ${med((t) => t.subprocess! / t.enginePipelined!).toFixed(0)}x faster (expect >= 30x), one control-mode call ${med((t) => t.subprocess! / t.engineSingle!).toFixed(0)}x`,
  );

  // The parser runs on the built package in a process of its own (after the engine rounds above, this
  // process's JIT and heap would measure them too): build first, as `npm run bench` does.
  const streamFile = join(mkdtempSync(join(tmpdir(), 'tmuxkit-bench-')), 'stream.bin');
  writeFileSync(streamFile, await recordOutputStream(Number(process.env['BENCH_PARSER_MB'] ?? 8)));
  const script = fileURLToPath(new URL('./plain-node/parse-stream.mjs', import.meta.url));
  const measured = JSON.parse(
    execFileSync(process.execPath, [script, streamFile, String(ROUNDS)], { encoding: 'utf8' }),
  ) as { bytes: number; events: number; parseMs: number; splitMs: number };
  rmSync(dirname(streamFile), { recursive: true, force: true });
  const mb = measured.bytes / 1024 / 1024;
  const parseMBs = mb / (measured.parseMs / 1000);
  const splitMBs = mb / (measured.splitMs / 1000);
  console.log(
    `parser on a recorded %output stream of ${mb.toFixed(1)} MB (${measured.events} events, 64 KiB chunks, plain Node on dist/): ${parseMBs.toFixed(0)} MB/s; ` +
      `splitting the same bytes into lines alone: ${splitMBs.toFixed(0)} MB/s (parser at ${(parseMBs / splitMBs).toFixed(3)}x that floor; goal >= 300 MB/s)`,
  );
} finally {
  raw?.close();
  await engine.close();
  await subprocess.execute(new KillServer()).catch(() => undefined);
  rmSync(privateSocketPath(socketName), { force: true });
}
