/**
 * The event source of a wait: a control-mode client that sees one pane's output (`%output`) and learns when
 * the pane goes away. tmux sends a control client the output of the panes in its own session only, so a
 * `ControlModeEngine` attached to a session that holds the pane is used as it is; any other engine (or a
 * control client attached elsewhere) gets a dedicated control client, attached to the pane's session with
 * `ignore-size` (3.2+) and closed when the wait ends. Nothing here polls: output and layout changes arrive
 * as tmux sends them, and the only extra command is one check when a layout change hints the pane is gone.
 */
import type { ControlModeEngineBase, ControlModeOptions } from '../engines/control-mode-engine.js';
import type { ConnectionOptions, Engine } from '../engines/engine.js';
import type { EventStream } from '../control-mode/event-hub.js';
import { EngineError } from '../errors.js';
import { MemoryEngineBase } from '../engines/memory-engine.js';
import type { CommandResult } from '../results/command-result.js';
import { HandleGoneError } from '../facades/handle-errors.js';
import { panesInLayout } from '../control-mode/pane-lifetimes.js';

/** What waits need of a control-mode engine (the exported `ControlModeEngine` is one). */
export type ControlEngine = ControlModeEngineBase<{ readonly type: string }>;

/** Opens a control-mode client (the package passes one that builds its `ControlModeEngine`). */
export type ControlModeFactory = (options: ControlModeOptions) => ControlEngine;

type WatchEvent = { readonly type: string; readonly [field: string]: unknown };

export interface PaneWatchHandlers {
  /** Output of the pane, as bytes and as UTF-8 text decoded per pane. */
  output(data: Uint8Array, text: string): void;
  /** The pane is gone (closed, killed, its session destroyed). */
  gone(): void;
}

/** A live watch of one pane: commands through the same client (ordered with its events), then `close()`. */
export interface PaneWatch {
  /** Runs a command on the watching client: its answer comes after every event tmux sent before it. */
  run(argv: readonly string[]): Promise<CommandResult>;
  /** Stops watching; closes a dedicated client. */
  close(): Promise<void>;
  /** Whether a dedicated control client was opened for this watch (false when the engine was reused). */
  readonly dedicated: boolean;
}

function isControlEngine(engine: Engine): engine is ControlEngine {
  return typeof (engine as Partial<ControlEngine>).events === 'function' && 'sessionId' in engine;
}

function connectionOf(engine: Engine): ConnectionOptions {
  const options = (engine as { readonly options?: ConnectionOptions }).options;
  if (!options || engine instanceof MemoryEngineBase) {
    throw new EngineError(`waits read a real tmux server's pane output; ${engine.constructor.name} has none`);
  }
  return options;
}

/**
 * A control client of its own for `engine`'s server, attached to `session` (a session, or a pane whose
 * session it is), not affecting window sizes (`ignore-size`, 3.2+). The caller connects and closes it.
 */
export async function dedicatedControlClient(
  engine: Engine,
  session: string,
  openControl: ControlModeFactory,
): Promise<ControlEngine> {
  const connection = isControlEngine(engine) ? engine.options : connectionOf(engine);
  const version = await engine.version();
  return openControl({
    ...(connection.tmux !== undefined ? { tmux: connection.tmux } : {}),
    ...(connection.socketName !== undefined ? { socketName: connection.socketName } : {}),
    ...(connection.socketPath !== undefined ? { socketPath: connection.socketPath } : {}),
    ...(connection.env !== undefined ? { env: connection.env } : {}),
    ...(connection.ssh !== undefined ? { ssh: connection.ssh } : {}),
    version,
    newerTmux: 'allow',
    session,
    ...(version.atLeast('3.2') ? { clientFlags: { ignoreSize: true } } : {}),
  });
}

/** A control client shared by every watch (and workspace load) on one session of one engine's server. */
interface SharedClient {
  readonly client: Promise<ControlEngine>;
  users: number;
  /** Set once its last user released it: the close, which a new user waits for before opening another. */
  closing?: Promise<void>;
}
const sharedClients = new WeakMap<object, Map<string, SharedClient>>();

/**
 * The dedicated control client for `sessionId` on `engine`'s server, shared: concurrent waits on panes of
 * one session use one client instead of one each. Besides being cheaper, this keeps away from a tmux bug:
 * with two control clients attached to one session and output flowing, the server crashed (SIGSEGV in its
 * control-mode output code, seen on 3.5a and 3.8 under load). So a new user waits for a closing client to
 * be gone before it opens the next, and a client that ended (its session or server died) is replaced.
 * `release()` closes it after its last user; calling it again does nothing.
 */
export async function sharedControlClient(
  engine: Engine,
  sessionId: string,
  openControl: ControlModeFactory,
): Promise<{ readonly client: ControlEngine; release(): Promise<void> }> {
  let bySession = sharedClients.get(engine);
  if (!bySession) sharedClients.set(engine, (bySession = new Map()));
  let entry = bySession.get(sessionId);
  while (entry?.closing) {
    await entry.closing;
    entry = bySession.get(sessionId);
  }
  if (
    entry &&
    !(await entry.client.then(
      (c) => c.connected,
      () => false,
    ))
  ) {
    // It ended (or never connected): not something to share. Its users release it as they go.
    if (bySession.get(sessionId) === entry) bySession.delete(sessionId);
    entry = undefined;
  }
  if (!entry) {
    const client = (async () => {
      const c = await dedicatedControlClient(engine, sessionId, openControl);
      await c.connect();
      return c;
    })();
    entry = { client, users: 0 };
    bySession.set(sessionId, entry);
  }
  entry.users++;
  const mine = entry;
  const map = bySession;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    if (--mine.users > 0) return;
    mine.closing = (async () => {
      await (await mine.client.catch(() => undefined))?.close();
      if (map.get(sessionId) === mine) map.delete(sessionId);
    })();
    await mine.closing;
  };
  try {
    return { client: await mine.client, release };
  } catch (e) {
    if (map.get(sessionId) === mine) map.delete(sessionId);
    await release();
    throw e;
  }
}

/** Where the pane is: its window and session (one `list-panes -a`), or `HandleGoneError`. */
export async function locatePane(
  run: (argv: readonly string[]) => Promise<CommandResult>,
  paneId: string,
): Promise<{ windowId: string; sessionId: string } | undefined> {
  const result = await run(['list-panes', '-a', '-F', '#{pane_id} #{window_id} #{session_id}']);
  if (!result.ok) return undefined;
  for (const line of result.stdoutLines) {
    const [pane, windowId, sessionId] = line.split(' ');
    if (pane === paneId) return { windowId: windowId!, sessionId: sessionId! };
  }
  return undefined;
}

/**
 * Starts watching `paneId` through `engine`: handlers are called from now on (subscription first, so no
 * output is lost between the caller's first read and the stream). `HandleGoneError` when the pane is gone.
 */
export async function watchPane(
  engine: Engine,
  paneId: string,
  openControl: ControlModeFactory,
  handlers: PaneWatchHandlers,
): Promise<PaneWatch> {
  let client: ControlEngine;
  let release = async () => {};
  // Where the pane is, first: its session says which shared client to use. No server is a typed error.
  const where = await locatePane(async (argv) => (await engine.run(argv)).raiseForStatus(), paneId);
  if (!where) throw new HandleGoneError('pane', paneId);
  const dedicated = !(isControlEngine(engine) && (await sessionHoldsWindow(engine, where.windowId)));
  if (!dedicated) client = engine as ControlEngine;
  else {
    try {
      ({ client, release } = await sharedControlClient(engine, where.sessionId, openControl));
    } catch (e) {
      if (
        e instanceof EngineError &&
        /can't find (pane|session)/.test(`${e.message} ${e.details.stderr ?? ''}`)
      )
        throw new HandleGoneError('pane', paneId);
      throw e;
    }
  }
  let stream: EventStream<WatchEvent>;
  try {
    stream = client.events() as EventStream<WatchEvent>;
  } catch (e) {
    await release();
    throw e;
  }
  let windowId = where.windowId;
  let closed = false;
  let checking = false;
  const confirmGone = async () => {
    if (checking || closed) return;
    checking = true;
    try {
      const now = await locatePane((argv) => client.run(argv), paneId);
      if (now) windowId = now.windowId;
      else if (!closed) handlers.gone();
    } catch {
      if (!closed) handlers.gone();
    } finally {
      checking = false;
    }
  };
  const pump = (async () => {
    for await (const event of stream) {
      if (closed) break;
      switch (event.type) {
        case 'output':
        case 'extended-output':
          if (event['paneId'] === paneId) handlers.output(event['data'] as Uint8Array, String(event['text']));
          break;
        case 'layout-change':
          if (event['windowId'] === windowId && !panesInLayout(String(event['layout'])).includes(paneId))
            void confirmGone();
          break;
        case 'window-close':
        case 'unlinked-window-close':
          if (event['windowId'] === windowId) void confirmGone();
          break;
        default:
          break;
      }
    }
    // The client ended (its session was destroyed, the server exited): the pane went with it.
    if (!closed) handlers.gone();
  })();
  try {
    if (dedicated) {
      // The output stream starts now; where the pane is, asked through the same client, comes after it.
      const now = await locatePane((argv) => client.run(argv), paneId);
      if (!now) throw new HandleGoneError('pane', paneId);
      windowId = now.windowId;
    }
  } catch (e) {
    closed = true;
    stream.close();
    await release();
    throw e;
  }
  return {
    dedicated,
    run: (argv) => client.run(argv),
    async close() {
      if (closed) return;
      closed = true;
      stream.close();
      await pump.catch(() => undefined);
      await release();
    },
  };
}

async function sessionHoldsWindow(engine: ControlEngine, windowId: string): Promise<boolean> {
  await engine.connect();
  const session = engine.sessionId;
  if (session === undefined) return false;
  const result = await engine.run(['list-windows', '-t', session, '-F', '#{window_id}']);
  return result.ok && result.stdoutLines.includes(windowId);
}
