/**
 * Plans and snapshots against floors measured in the same run, on the newest installed tmux:
 *
 * 1. a 100-operation plan through ControlModeEngine with the pipelined planner against the same 100 lines
 *    written raw to a minimal `tmux -C` client (goal: at least 0.8x the throughput);
 * 2. a snapshot of a server with 1,000 panes against a raw `list-panes -a -F` of the same fields through
 *    the same engine (control mode and subprocess; goal: at most 1.2x);
 * 3. a 4x4 workspace (a session, 4 windows, 4 panes each, a command in every pane) through
 *    SubprocessEngine with the grouped planner against one process per operation: processes and time.
 *
 * Contenders alternate, so machine noise hits them alike; ratios are medians of per-round ratios.
 * Run: npm run bench
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  ControlModeEngine,
  KillServer,
  NewSession,
  NewWindow,
  Plan,
  SendKeys,
  SetOption,
  SplitWindow,
  SubprocessEngine,
  TmuxVersion,
  snapshot,
  type Engine,
} from '../src/index.js';
import { rowFormat } from '../src/runtime/results/row-fields.js';
import { privateSocketPath } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';
import { RawControlClient } from './support/raw-control-client.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 7);
const PANES = Number(process.env['BENCH_SNAPSHOT_PANES'] ?? 1000);
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: npm run setup:tmux');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const env = { ...process.env, TMUX: '', SHELL: '/bin/sh' };
const socketName = `tmuxkit-test-bench-plans-${process.pid}-${randomBytes(3).toString('hex')}`;
const connection = { tmux: tmux.bin, socketName, configFile: '/dev/null', env };

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Per round: a then b, or b then a; the medians of each and of the per-round ratio a/b. */
async function alternate(a: () => Promise<unknown>, b: () => Promise<unknown>, rounds: number) {
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let x: number;
    let y: number;
    if (r % 2 === 0) {
      x = await timed(a);
      y = await timed(b);
    } else {
      y = await timed(b);
      x = await timed(a);
    }
    ta.push(x);
    tb.push(y);
    ratios.push(y / x);
  }
  return { a: median(ta), b: median(tb), ratio: median(ratios) };
}

const control = new ControlModeEngine({ ...connection, session: 'bench', createSession: true });
const subprocess = new SubprocessEngine(connection);
let raw: RawControlClient | undefined;
try {
  await control.connect();
  const version = TmuxVersion.parse(String(await control.version()));

  // 1. A 100-operation plan, pipelined through control mode, against the same lines written raw. First,
  // while this process's heap is small: the snapshot rounds below leave tens of megabytes that every
  // later collection would count against the plan.
  const fresh = control;
  console.log(`tmux ${tmux.version}, ${ROUNDS} rounds`);
  raw = new RawControlClient(
    tmux.bin,
    ['-u', '-L', socketName, '-f', '/dev/null', '-C', 'attach-session', '-t', 'bench'],
    env,
  );
  const ops = Array.from(
    { length: 100 },
    (_, i) => new SetOption({ global: true, option: `@bench${i}`, value: `v${i}` }),
  );
  const plan = new Plan();
  for (const op of ops) plan.add(op);
  const lines = ops
    .map(
      (op) =>
        `${op
          .render({ version })
          .map((w) => `'${w}'`)
          .join(' ')}\n`,
    )
    .join('');
  for (let i = 0; i < 30; i++) {
    // Warm up both paths.
    await raw.send(lines, 100);
    await plan.execute(fresh, { planner: 'pipelined' });
  }
  const dispatches = plan.explain(fresh, { planner: 'pipelined' }).dispatches.length;
  const planned = await alternate(
    () => raw!.send(lines, 100),
    () => plan.execute(fresh, { planner: 'pipelined' }),
    ROUNDS * 5,
  );
  console.log(
    `100-operation plan, pipelined (${dispatches} dispatch): raw 100 lines ${((planned.a * 1000) / 100).toFixed(1)} us/op, plan ${((planned.b * 1000) / 100).toFixed(1)} us/op: ${(1 / planned.ratio).toFixed(3)}x the raw throughput (goal >= 0.8x)`,
  );
  raw.close();
  raw = undefined;

  // 2. Snapshot of PANES panes: windows of one pane running sleep, in 10 sessions.
  const setup = new Plan();
  const sessions = Array.from({ length: 10 }, (_, i) =>
    setup.add(new NewSession({ detached: true, sessionName: `s${i}`, shellCommand: 'sleep 3600' })),
  );
  for (let i = 10; i < PANES; i++) {
    setup.add(new NewWindow({ target: sessions[i % 10]!, detached: true, shellCommand: 'sleep 3600' }));
  }
  (await setup.execute(control)).raiseForStatus();
  // The raw read asks for exactly the fields a snapshot reads (every session, window and pane variable
  // the release has).
  const fields = (await snapshot(control)).fields;
  const argv = ['list-panes', '-a', '-F', rowFormat(fields)];
  for (const [name, engine] of [
    ['ControlModeEngine', control],
    ['SubprocessEngine', subprocess],
  ] as [string, Engine][]) {
    const snap = await snapshot(engine);
    if (snap.panes.count() < PANES) throw new Error(`expected ${PANES} panes, read ${snap.panes.count()}`);
    const { a, b, ratio } = await alternate(
      () => engine.run(argv),
      () => snapshot(engine),
      ROUNDS * 3,
    );
    console.log(
      `snapshot of ${snap.panes.count()} panes, ${fields.length} fields (${name}): raw list-panes -a ${a.toFixed(1)} ms, snapshot ${b.toFixed(1)} ms: ${ratio.toFixed(3)}x the raw read (goal <= 1.2x)`,
    );
  }
  await control.execute(new KillServer());
  await control.close();

  // 3. A 4x4 workspace through SubprocessEngine: grouped planner against one process per operation.
  const workspace = (name: string) => {
    const p = new Plan();
    const s = p.add(new NewSession({ detached: true, sessionName: name }));
    const windows = [
      s,
      ...[1, 2, 3].map((i) => p.add(new NewWindow({ target: s.windowAt(i), detached: true }))),
    ];
    const panes = windows.flatMap((w) => [
      w,
      ...[1, 2, 3].map(() => p.add(new SplitWindow({ target: w.window, detached: true }))),
    ]);
    panes.forEach((pane, i) => p.add(new SendKeys({ target: pane.pane, keys: [`echo pane-${i}`, 'Enter'] })));
    return p;
  };
  let n = 0;
  const grouped = await alternate(
    () => workspace(`seq${n++}`).execute(subprocess, { planner: 'sequential' }),
    () => workspace(`grp${n++}`).execute(subprocess, { planner: 'grouped' }),
    3,
  );
  const shape = workspace('shape');
  console.log(
    `4x4 workspace (${shape.length} operations) through SubprocessEngine: one process per operation ${shape.length} processes, ${grouped.a.toFixed(0)} ms; ` +
      `grouped ${shape.explain(subprocess, { planner: 'grouped' }).dispatches.length} processes, ${grouped.b.toFixed(0)} ms (${(1 / grouped.ratio).toFixed(1)}x faster)`,
  );
} finally {
  raw?.close();
  await control.close();
  await subprocess.execute(new KillServer()).catch(() => undefined);
  rmSync(privateSocketPath(socketName), { force: true });
}
