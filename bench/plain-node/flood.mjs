// Plain Node on the built package: N requests queued at once through one ControlModeEngine (each its own
// execute() call, all awaited together), on a private tmux server. Prints one JSON line with the peak
// RSS of this process, the RSS before the flood and the time. Usage: node flood.mjs TMUX N
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { ControlModeEngine, DisplayMessage, KillServer, SubprocessEngine } from '../../dist/index.js';

const [tmux, count] = [process.argv[2], Number(process.argv[3])];
const socketName = `tmuxkit-test-bench-flood-${process.pid}-${randomBytes(3).toString('hex')}`;
const connection = {
  tmux,
  socketName,
  configFile: '/dev/null',
  env: { ...process.env, TMUX: '', SHELL: '/bin/sh' },
};
const engine = new ControlModeEngine({ ...connection, session: 'flood', createSession: true });
try {
  await engine.connect();
  const op = new DisplayMessage({ print: true, message: 'x' });
  await engine.execute(op);
  const before = process.memoryUsage().rss;
  const start = performance.now();
  let answered = 0;
  const calls = [];
  for (let i = 0; i < count; i++) calls.push(engine.execute(op).then(() => void answered++));
  const mostInFlight = engine.requestsInFlight;
  await Promise.all(calls);
  if (answered !== count) throw new Error(`${answered} of ${count} answered`);
  console.log(
    JSON.stringify({
      count,
      ms: performance.now() - start,
      rssBeforeMB: before / 1048576,
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      mostInFlight,
    }),
  );
} finally {
  await engine.close();
  await new SubprocessEngine(connection).execute(new KillServer()).catch(() => undefined);
  rmSync(`${process.env.TMUX_TMPDIR || '/tmp'}/tmux-${process.getuid()}/${socketName}`, { force: true });
}
