/**
 * `npm run demo`: first the main job, a workspace (examples/project.yaml) loaded into a private server on
 * the newest installed tmux, its tree printed, and the server removed. Then, for every installed version,
 * the SDK against a real tmux server on a private socket:
 * create a session, split it, type into a pane and read the screen back, set and read an option and a
 * buffer, list typed rows; then attach a ControlModeEngine to the same server for live events, pane
 * output and pipelined requests, and talk to it through SocketEngine; then kill the server. Then the same script on MemoryEngine, offline.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import {
  CapturePane,
  catalog,
  ControlModeEngine,
  DisplayMessage,
  ListSessions,
  SocketEngine,
  NewWindow,
  ListPanes,
  loadWorkspace,
  readWorkspaceFile,
  snapshot,
  MemoryEngine,
  NewSession,
  SendKeys,
  Server,
  SetBuffer,
  SetOption,
  ShowBuffer,
  ShowOptions,
  SplitWindow,
  SubprocessEngine,
  type Engine,
} from '../src/index.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

async function tour(engine: Engine, label: string, settle: () => Promise<void>): Promise<void> {
  const version = await engine.version();
  const session = (
    await engine.execute(
      new NewSession({
        detached: true,
        sessionName: 'demo',
        width: '100',
        height: '30',
        shellCommand: 'cat',
      }),
    )
  ).raiseForStatus();
  const split = (
    await engine.execute(new SplitWindow({ target: session.paneId!, horizontal: true, shellCommand: 'cat' }))
  ).raiseForStatus();
  await engine.execute(new SendKeys({ target: split.paneId!, keys: ['hello from tmuxkit', 'Enter'] }));
  await engine.execute(new SetOption({ target: 'demo', option: '@greeting', value: 'a "quoted" $value' }));
  await engine.execute(new SetBuffer({ bufferName: 'demo', data: 'buffer text;' }));
  await settle();
  const panes = (await engine.execute(new ListPanes({ target: 'demo' }))).raiseForStatus().rows;
  // MemoryEngine runs no programs, so it has no screen to capture (it says so rather than invent one).
  const screen =
    engine instanceof MemoryEngine
      ? '(no screen in memory)'
      : (await engine.execute(new CapturePane({ print: true, target: split.paneId! }))).text.trim();
  const option = (await engine.execute(new ShowOptions({ target: 'demo', option: '@greeting' }))).get(
    '@greeting',
  );
  const buffer = (await engine.execute(new ShowBuffer({ bufferName: 'demo' }))).text;
  console.log(
    `${label} (tmux ${version}): session ${session.sessionId}, panes ${panes.map((p) => `${p.paneId}${p.paneActive ? '*' : ''} ${p.paneWidth}x${p.paneHeight}`).join(', ')}`,
  );
  console.log(
    `  pane ${split.paneId} shows ${JSON.stringify(screen.split('\n'))}; @greeting = ${JSON.stringify(option)}; buffer = ${JSON.stringify(buffer)}`,
  );
}

/** One persistent tmux -C client on the same server: typed events, a pane's output, pipelining. */
async function controlTour(connection: { tmux: string; socketName: string; env: NodeJS.ProcessEnv }) {
  const version = await new SubprocessEngine(connection).version();
  const control = new ControlModeEngine({
    ...connection,
    session: 'demo',
    ...(version.atLeast('3.2') ? { clientFlags: { ignoreSize: true } } : {}),
  });
  try {
    const windows = control.events({ filter: (e) => e.type === 'window-add' });
    const created = (
      await control.execute(new NewWindow({ detached: true, windowName: 'live', shellCommand: 'cat' }))
    ).raiseForStatus();
    const added = (await windows.next()).value;
    const output = control.paneOutput(created.paneId!);
    await control.execute(new SendKeys({ target: created.paneId!, literal: true, keys: ['héllo ✓'] }));
    let echoed = '';
    for await (const e of output) {
      if (e.type === 'output' || e.type === 'extended-output') echoed += e.text;
      if (echoed.includes('✓')) break;
    }
    const ops = Array.from({ length: 1000 }, (_, i) => new DisplayMessage({ print: true, message: `n${i}` }));
    const started = performance.now();
    const results = await control.executeAll(ops);
    const perOp = ((performance.now() - started) * 1000) / ops.length;
    const inOrder = results.every((r, i) => r.text === `n${i}`);
    console.log(
      `  ControlModeEngine: event ${JSON.stringify(added)}; pane ${created.paneId} echoed ${JSON.stringify(echoed)}; ` +
        `1000 pipelined requests at ${perOp.toFixed(0)} us each, every answer its own: ${inOrder}`,
    );
  } finally {
    await control.close();
  }
}

/** tmux's own client protocol over the socket: no process per command, binary buffers. */
async function socketTour(connection: { tmux: string; socketName: string; env: NodeJS.ProcessEnv }) {
  const tmux = new SocketEngine(connection);
  const sessions = (await tmux.execute(new ListSessions())).raiseForStatus().rows.map((s) => s.sessionName);
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  const loaded = await tmux.loadBuffer(bytes, { bufferName: 'binary' });
  const started = performance.now();
  for (let i = 0; i < 100; i++) await tmux.execute(new DisplayMessage({ print: true, message: 'x' }));
  const perCommand = ((performance.now() - started) * 1000) / 100;
  console.log(
    `  SocketEngine: sessions ${JSON.stringify(sessions)}; loaded all 256 byte values into a buffer: ${loaded.ok}; ` +
      `${perCommand.toFixed(0)} us per command, no process started`,
  );
}

/** The facades: handles by id, a split, a command run in the pane with its exit status and own output. */
async function facadeTour(connection: { tmux: string; socketName: string; env: NodeJS.ProcessEnv }) {
  const server = new Server(new SubprocessEngine(connection));
  const session = await server.newSession({
    detached: true,
    sessionName: 'facades',
    width: '100',
    height: '30',
  });
  const [pane] = await session.panes();
  const right = await pane!.split({ horizontal: true });
  const started = performance.now();
  const run = await right.run("printf 'hello from pane.run\\n'; exit 3", { shell: '/bin/sh' });
  const took = performance.now() - started;
  const windowMatches = (await right.window()).id === (await pane!.window()).id;
  console.log(
    `  Facades: session ${session.id}, split ${pane!.id} -> ${right.id} (same window: ${windowMatches}); ` +
      `pane.run: exit ${run.exitCode}, output ${JSON.stringify(run.output)} in ${took.toFixed(0)} ms`,
  );
  await session.kill();
}

/** The main job: a workspace file loaded into a fresh server, its tree printed, then removed. */
async function workspaceTour(tmux: string) {
  const server = privateServer(tmux, 'ws');
  const engine = new SubprocessEngine(server.connection);
  const file = fileURLToPath(new URL('../examples/project.yaml', import.meta.url));
  try {
    const started = performance.now();
    const [loaded] = await loadWorkspace(engine, await readWorkspaceFile(file));
    const ms = performance.now() - started;
    console.log(`loaded examples/project.yaml into a private server in ${ms.toFixed(0)} ms:`);
    const first = new Server(engine).pane(loaded!.windows[0]!.paneIds[0]!);
    await first.waitForText('project tmuxkit', { timeout: 5_000 });
    const snap = await snapshot(engine);
    for (const session of snap.sessions) {
      console.log(`  session ${session.sessionName} (${session.sessionId})`);
      for (const window of session.windows) {
        console.log(
          `    window ${window.windowIndex}: ${window.windowName} (${window.panes.count()} pane${window.panes.count() === 1 ? '' : 's'})`,
        );
        for (const pane of window.panes)
          console.log(
            `      pane ${pane.paneId} in ${pane.paneCurrentPath}${pane.paneActive ? ' (active)' : ''}`,
          );
      }
    }
    console.log(
      `  its first pane shows:\n${(await first.capture())
        .filter((l) => l.trim())
        .map((l) => `    | ${l}`)
        .join('\n')}\n`,
    );
  } finally {
    server.remove();
  }
}

/**
 * A private server's connection, removed (kill-server, socket file) by `remove()`, or when the demo is
 * interrupted (Ctrl-C, a closed pipe): a stopped demo leaves nothing running.
 */
const live = new Set<() => void>();
function privateServer(tmux: string, label: string) {
  const socketName = `tmuxkit-demo-${label}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const connection = {
    tmux,
    socketName,
    configFile: '/dev/null',
    env: { ...process.env, TMUX: '', SHELL: '/bin/sh' },
  };
  const remove = () => {
    live.delete(remove);
    spawnSync(tmux, ['-L', socketName, 'kill-server'], { stdio: 'ignore', env: connection.env });
    rmSync(`${process.env['TMUX_TMPDIR'] || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socketName}`, {
      force: true,
    });
  };
  live.add(remove);
  return { connection, remove };
}
const interrupted = () => {
  for (const remove of [...live]) remove();
  process.exit(130);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, interrupted);
process.stdout.on('error', interrupted);

console.log(`tmuxkit: ${catalog.length} tmux commands in the catalog\n`);
const installed = installedTmuxVersions();
if (installed.length === 0) {
  console.error('No tmux installed in .cache/tmux: run npm run setup:tmux');
  process.exit(1);
}
await workspaceTour(installed.at(-1)!.bin);
for (const t of installed) {
  const server = privateServer(t.bin, 'tour');
  const { connection } = server;
  const engine = new SubprocessEngine(connection);
  try {
    await tour(engine, 'SubprocessEngine', () => new Promise((r) => setTimeout(r, 300)));
    await controlTour(connection);
    await socketTour(connection);
    await facadeTour(connection);
  } finally {
    server.remove();
  }
}
const memory = new MemoryEngine();
await tour(memory, 'MemoryEngine', async () => {});
console.log(
  `  (MemoryEngine records keys instead of running programs: ${JSON.stringify(memory.keysSentTo('%1'))})`,
);
