/**
 * The runtime under the generated async facades (`Server`, `Session`, `Window`, `Pane`, `Client`): an
 * engine, tmux's id, and the few things every method does: run an operation and settle its result (a
 * `CommandError`, or `HandleGoneError` when tmux cannot find the handle's own object), take the id of what
 * a creation made, read one snapshot for navigation. The generated classes add one method per command.
 */
import type { Engine, ExecuteOptions } from '../engines/engine.js';
import { EngineError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { CreatedResult, TextResult } from '../results/typed-results.js';
import { captureParams, capturedLines, type CaptureOptions } from './pane-capture.js';
import type { ServerSnapshot, SnapshotOptions } from '../snapshots/server-snapshot.js';
import { facadeServices } from './facade-services.js';
import { handleId, settle, type HandleIdentity, type HandleKind } from './handle-errors.js';
import { NAVIGATION_FIELDS } from './navigation.js';
import { waitForChannel, signalChannel, type ChannelWaitResult } from '../waits/channel-wait.js';
import type { WaitBounds } from '../waits/wait-outcome.js';
import {
  waitForText,
  type TextPattern,
  type TextWaitResult,
  type WaitForTextOptions,
} from '../waits/text-wait.js';
import { waitForQuiet, type QuietWaitResult, type WaitForQuietOptions } from '../waits/quiet-wait.js';
import { runInPane, type RunOptions, type RunResult } from '../waits/pane-run.js';

type AnySnapshot = ServerSnapshot<object, object, object, object>;
export type CreatedKind = 'session' | 'window' | 'pane';

/** The id of the object `result` says was created. */
export function createdId(result: CreatedResult, kind: CreatedKind): string {
  const id = kind === 'pane' ? result.paneId : kind === 'window' ? result.windowId : result.sessionId;
  if (id === undefined) {
    throw new EngineError(`tmux ${result.argv.join(' ')} printed no ${kind} id`, { argv: result.argv });
  }
  return id;
}

/** What server and handle have in common: an engine, and running operations on it. */
abstract class AsyncFacade {
  readonly engine: Engine;
  constructor(engine: Engine) {
    this.engine = engine;
  }
  /** @internal The handle tmux's "can't find" errors are checked against. */
  protected get $self(): HandleIdentity | undefined {
    return undefined;
  }
  /** @internal Runs `op`; its result, or its failure thrown. */
  protected async $exec<R extends CommandResult>(
    op: Operation<object, R>,
    options?: ExecuteOptions,
  ): Promise<R> {
    return settle(await this.engine.execute(op, options), this.$self);
  }
  /** @internal Runs a creating `op`; the id of what it created. */
  protected async $create(
    op: Operation<object, CreatedResult>,
    kind: CreatedKind,
    options?: ExecuteOptions,
  ): Promise<string> {
    return createdId(await this.$exec(op, options), kind);
  }
  /** @internal One snapshot of the ids and names navigation reads. */
  protected $tree(options?: ExecuteOptions): Promise<AnySnapshot> {
    return facadeServices().snapshot(this.engine, { ...options, fields: NAVIGATION_FIELDS });
  }
}

/** The base of the generated `Server`: a tmux server reached through an engine. */
export abstract class AsyncServerCore extends AsyncFacade {
  /**
   * `tmux wait-for CHANNEL`: waits until another client signals the channel (`server.signal(channel)`,
   * `tmux wait-for -S`). Resolves with `'signalled'`, `'timed-out'` (default 30 s) or `'aborted'`.
   */
  waitFor(channel: string, options: WaitBounds = {}): Promise<ChannelWaitResult> {
    return waitForChannel(this.engine, channel, options);
  }
  /** `tmux wait-for -S CHANNEL`: wakes every client waiting on the channel. */
  signal(channel: string): Promise<void> {
    return signalChannel(this.engine, channel);
  }
  /** Releases the engine (processes, sockets); the tmux server keeps running. */
  close(): Promise<void> {
    return this.engine.close();
  }
  /** @internal A snapshot with every field, or those asked for. */
  protected $snapshot(options?: SnapshotOptions): Promise<AnySnapshot> {
    return facadeServices().snapshot(this.engine, options);
  }
}

/** The base of the generated handles: a server and tmux's id of one object on it. */
export abstract class AsyncHandleCore<S extends AsyncServerCore> extends AsyncFacade {
  readonly server: S;
  /** tmux's id (`$1`, `@2`, `%3`; a client's name): ids never change while the object lives. */
  readonly id: string;
  abstract readonly kind: HandleKind;
  constructor(server: S, kind: HandleKind, id: string) {
    super(server.engine);
    this.server = server;
    this.id = handleId(kind, id);
  }
  protected override get $self(): HandleIdentity {
    return { kind: this.kind, id: this.id };
  }
  override toString(): string {
    return this.id;
  }
  toJSON(): { kind: HandleKind; id: string } {
    return { kind: this.kind, id: this.id };
  }
}

/** What a pane handle adds by hand: reading its screen, and waits driven by its output. */
export abstract class AsyncPaneCore<S extends AsyncServerCore> extends AsyncHandleCore<S> {
  /**
   * The pane's lines (`capture-pane -p`): the visible screen by default; `start`/`end` reach into history.
   */
  async capture(options: CaptureOptions = {}, call?: ExecuteOptions): Promise<string[]> {
    const op = facadeServices().operation('capture-pane', captureParams(this.id, options));
    return capturedLines((await this.$exec(op, call)) as TextResult);
  }
  /**
   * Waits until `pattern` shows: on the screen when the wait starts (read once), or in output that comes
   * after (`%output`, never polled). Outcome `matched`, `timed-out` (default 30 s), `pane-exited` or
   * `aborted`. An engine without events opens a control-mode client for the wait and closes it after.
   */
  waitForText(pattern: TextPattern, options: WaitForTextOptions = {}): Promise<TextWaitResult> {
    return waitForText(this.engine, this.id, pattern, facadeServices().openControl, options);
  }
  /**
   * The output the pane prints until it is quiet for `quietMs` (default 500). Quiet is not success: the
   * result says whether a program (not a shell) still runs in the pane.
   */
  waitForQuiet(options: WaitForQuietOptions = {}): Promise<QuietWaitResult> {
    return waitForQuiet(this.engine, this.id, facadeServices().openControl, options);
  }
  /**
   * Runs a shell command in the pane and returns its exit status and its own output (no echo, no prompt),
   * typed with a leading space so that shells configured for it keep it out of history. On a timeout
   * (default 30 s) or an abort the command gets C-c. The pane's shell must read POSIX syntax.
   */
  run(command: string, options: RunOptions = {}): Promise<RunResult> {
    return runInPane(this.engine, this.id, command, facadeServices().openControl, options);
  }
}
