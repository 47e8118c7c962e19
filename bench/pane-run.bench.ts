/**
 * `pane.run('true')` through each live engine, against floors measured in the same run on the newest
 * installed tmux: one raw command round trip through the same engine (`display-message -p`), and, for
 * the waits' own cost, a bare round trip of typing into the pane and seeing the shell's answer (a raw
 * control client: `send-keys` of `echo TOKEN`, then its `%output`). Contenders alternate; times are
 * medians. `pane.run` through an engine without events includes attaching its own control client.
 * Run: npm run bench
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  ControlModeEngine,
  DisplayMessage,
  Server,
  SocketEngine,
  SubprocessEngine,
  type Engine,
} from '../src/index.js';
import { PrivateTmux, TEST_ENV } from '../test/support/private-tmux.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 25);
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: npm run setup:tmux');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await PrivateTmux.start(tmux.bin, 'bench-run');
const connection = { tmux: tmux.bin, socketName: server.socketName, env: { ...process.env, ...TEST_ENV } };
const engines: Record<string, Engine> = {
  subprocess: new SubprocessEngine(connection),
  'control mode': new ControlModeEngine({ ...connection, session: 'main' }),
  socket: new SocketEngine(connection),
};
try {
  const pane = (await new Server(engines.subprocess!).sessionNamed('main'))!;
  const [paneHandle] = await pane.panes();
  const paneId = paneHandle!.id;
  await paneHandle!.run('true'); // the shell is up
  const raw = new ControlModeEngine({ ...connection, session: 'main' });
  const typed: number[] = [];
  const times: Record<string, { run: number[]; floor: number[] }> = {};
  for (const name of Object.keys(engines)) times[name] = { run: [], floor: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // The bare floor of a typed command: type `echo TOKEN`, wait for TOKEN in the pane's output.
    const token = randomBytes(6).toString('hex');
    const output = raw.paneOutput(paneId);
    let started = performance.now();
    await raw.run(['send-keys', '-t', paneId, '-l', '--', `echo x${token}`]);
    await raw.run(['send-keys', '-t', paneId, 'Enter']);
    let seen = '';
    for await (const e of output) {
      if (e.type !== 'dropped') seen += e.text;
      if (seen.includes(`\nx${token}`) || seen.includes(`\r\nx${token}`)) break;
    }
    output.close();
    typed.push(performance.now() - started);
    for (const [name, engine] of Object.entries(engines)) {
      started = performance.now();
      await engine.execute(new DisplayMessage({ print: true, message: 'x' }));
      times[name]!.floor.push(performance.now() - started);
      started = performance.now();
      const r = await new Server(engine).pane(paneId).run('true');
      if (r.exitCode !== 0) throw new Error(`pane.run failed: ${JSON.stringify(r)}`);
      times[name]!.run.push(performance.now() - started);
    }
  }
  await raw.close();
  const typedFloor = median(typed);
  console.log(`pane.run('true') on tmux ${tmux.version}, ${ROUNDS} rounds (medians)`);
  console.log(
    `  floor: typing a command and seeing its output, raw control client: ${typedFloor.toFixed(1)} ms`,
  );
  for (const [name, t] of Object.entries(times)) {
    const run = median(t.run);
    console.log(
      `  ${name.padEnd(13)} ${run.toFixed(1).padStart(6)} ms  = ${(run / typedFloor).toFixed(2)}x the typed floor; ` +
        `one raw command through it: ${median(t.floor).toFixed(2)} ms`,
    );
  }
} finally {
  await Promise.all(Object.values(engines).map((e) => e.close()));
  await server.kill();
}
