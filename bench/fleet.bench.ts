/**
 * Remote cost, on private sshd "hosts" on this machine (127.0.0.1, so the network adds nothing and what
 * is measured is ssh's own cost) with the newest installed tmux:
 *
 * 1. One command (`display-message -p`) locally and over ssh through each engine, against the local
 *    subprocess engine measured in the same run (the floor). Over ssh the subprocess engine runs a
 *    client of the shared connection per command; control mode keeps one `tmux -C` over one ssh
 *    session; the socket engine speaks tmux's protocol through a forwarded socket.
 * 2. A fleet loading a three-pane workspace on 1, 4, 8 and 16 hosts (concurrency 8, a new socket name
 *    per round so every load creates), against loading it on one host locally.
 *
 * Contenders alternate; times are medians. Run: npm run bench
 */
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  closeSshConnections,
  ControlModeEngine,
  DisplayMessage,
  Fleet,
  loadWorkspace,
  parseWorkspace,
  SocketEngine,
  SubprocessEngine,
  type Engine,
} from '../src/index.js';
import { PrivateSshd } from '../test/support/private-sshd.js';
import { privateSocketPath, TEST_ENV } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 30);
const LOAD_ROUNDS = Number(process.env['BENCH_LOAD_ROUNDS'] ?? 5);
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: npm run setup:tmux');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** The machine's busy and total CPU time so far (every core, every process: the "hosts" share them). */
const cpuTimes = () =>
  cpus().reduce(
    (t, c) => {
      const total = c.times.user + c.times.nice + c.times.sys + c.times.idle + c.times.irq;
      return { busy: t.busy + total - c.times.idle, total: t.total + total };
    },
    { busy: 0, total: 0 },
  );

const sshd = await PrivateSshd.start(16);
const names: string[] = [];
const fresh = (label: string) => {
  const name = `tmuxkit-test-bench-${label}-${process.pid}-${names.length}`;
  names.push(name);
  return name;
};
const workspace = await parseWorkspace(
  'session_name: bench\nwindows:\n  - window_name: w\n    panes: [echo a, echo b, echo c]\n',
);

try {
  // 1. One command.
  const local = {
    tmux: tmux.bin,
    socketName: fresh('cmd'),
    configFile: '/dev/null',
    env: { ...process.env, ...TEST_ENV },
  };
  const remote = {
    tmux: tmux.bin,
    socketName: local.socketName,
    configFile: '/dev/null',
    ssh: sshd.hosts[0]!.ssh,
  };
  await new SubprocessEngine(local).run(['new-session', '-d', '-s', 'main']);
  await new SubprocessEngine(remote).run(['new-session', '-d', '-s', 'main']);
  const engines: Record<string, Engine> = {
    'local subprocess': new SubprocessEngine(local),
    'ssh subprocess': new SubprocessEngine(remote),
    'ssh control mode': new ControlModeEngine({ ...remote, session: 'main' }),
    'ssh socket': new SocketEngine(remote),
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(engines).map((k) => [k, []]));
  const op = new DisplayMessage({ print: true, message: 'x' });
  for (const engine of Object.values(engines)) await engine.execute(op); // connect, learn the version
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, engine] of Object.entries(engines)) {
      const started = performance.now();
      (await engine.execute(op)).raiseForStatus();
      times[name]!.push(performance.now() - started);
    }
  const floor = median(times['local subprocess']!);
  console.log(`one command (display-message -p) on tmux ${tmux.version}, ${ROUNDS} rounds (medians)`);
  for (const [name, t] of Object.entries(times))
    console.log(
      `  ${name.padEnd(17)} ${median(t).toFixed(2).padStart(7)} ms  = ${(median(t) / floor).toFixed(2)}x local subprocess`,
    );
  await Promise.all(Object.values(engines).map((e) => e.close()));

  // 2. Fleets.
  const loadLocal: number[] = [];
  const loads: Record<number, number[]> = { 1: [], 4: [], 8: [], 16: [] };
  const busy: Record<number, number[]> = { 1: [], 4: [], 8: [], 16: [] };
  for (let round = 0; round < LOAD_ROUNDS; round++) {
    let started = performance.now();
    await loadWorkspace(new SubprocessEngine({ ...local, socketName: fresh('local') }), workspace);
    loadLocal.push(performance.now() - started);
    for (const count of [1, 4, 8, 16]) {
      const fleet = new Fleet(
        sshd.hosts.slice(0, count).map((h) => h.ssh),
        { tmux: tmux.bin, socketName: fresh(`fleet${count}`), configFile: '/dev/null', concurrency: 8 },
      );
      started = performance.now();
      const before = cpuTimes();
      const outcomes = await fleet.each((engine) => loadWorkspace(engine, workspace));
      loads[count]!.push(performance.now() - started);
      const after = cpuTimes();
      busy[count]!.push((after.busy - before.busy) / (after.total - before.total));
      const failed = outcomes.find((o) => !o.ok);
      if (failed && !failed.ok) throw failed.error;
      await fleet.close();
    }
  }
  const one = median(loads[1]!);
  console.log(`a three-pane workspace loaded by a fleet (concurrency 8), ${LOAD_ROUNDS} rounds (medians)`);
  console.log(
    `  (every "host" runs on this machine's ${cpus().length} cores: sshd, tmux and shells included)`,
  );
  console.log(`  local, one host     ${median(loadLocal).toFixed(0).padStart(6)} ms`);
  for (const [count, t] of Object.entries(loads))
    console.log(
      `  ${count.padStart(2)} host${count === '1' ? ' ' : 's'} over ssh   ${median(t).toFixed(0).padStart(6)} ms  = ${(median(t) / one).toFixed(2)}x one host, ${(median(t) / median(loadLocal)).toFixed(2)}x local; CPUs ${(100 * median(busy[Number(count)]!)).toFixed(0)}% busy`,
    );
} finally {
  // The hosts' servers go with the sshd (its stop() kills what listens in their socket directories).
  for (const name of names) {
    // The local servers; tmux leaves the socket file behind on kill-server.
    await new SubprocessEngine({ tmux: tmux.bin, socketName: name }).run(['kill-server']);
    rmSync(privateSocketPath(name), { force: true });
  }
  await closeSshConnections();
  await sshd.stop();
}
