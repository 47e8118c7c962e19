/**
 * The runtime under the generated sync facades (`SyncServer`, `SyncSession`, ...), over
 * `SyncSubprocessEngine`: the async facades' behaviour, call for call, without promises. Waits need
 * tmux's event stream and are async only; everything else is here.
 */
import type { SyncExecuteOptions, SyncSubprocessEngine } from '../engines/sync-subprocess-engine.js';
import { EngineError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { CreatedResult, TextResult } from '../results/typed-results.js';
import type { ServerSnapshot, SnapshotOptions } from '../snapshots/server-snapshot.js';
import { createdId, type CreatedKind } from './async-handles.js';
import { facadeServices } from './facade-services.js';
import { handleId, settle, type HandleIdentity, type HandleKind } from './handle-errors.js';
import { NAVIGATION_FIELDS } from './navigation.js';
import { checkChannel } from '../waits/channel-wait.js';
import { DEFAULT_WAIT_TIMEOUT } from '../waits/wait-outcome.js';
import { captureParams, capturedLines, type CaptureOptions } from './pane-capture.js';

type AnySnapshot = ServerSnapshot<object, object, object, object>;

abstract class SyncFacade {
  readonly engine: SyncSubprocessEngine;
  constructor(engine: SyncSubprocessEngine) {
    this.engine = engine;
  }
  /** @internal */
  protected get $self(): HandleIdentity | undefined {
    return undefined;
  }
  /** @internal Runs `op`; its result, or its failure thrown. */
  protected $exec<R extends CommandResult>(op: Operation<object, R>, options?: SyncExecuteOptions): R {
    return settle(this.engine.executeSync(op, options), this.$self);
  }
  /** @internal Runs a creating `op`; the id of what it created. */
  protected $create(
    op: Operation<object, CreatedResult>,
    kind: CreatedKind,
    options?: SyncExecuteOptions,
  ): string {
    return createdId(this.$exec(op, options), kind);
  }
  /** @internal One snapshot of the ids and names navigation reads. */
  protected $tree(options?: SyncExecuteOptions): AnySnapshot {
    return facadeServices().snapshotSync(this.engine, { ...options, fields: NAVIGATION_FIELDS });
  }
}

/** The base of the generated `SyncServer`. */
export abstract class SyncServerCore extends SyncFacade {
  /** `tmux wait-for -S CHANNEL`: wakes every client waiting on the channel. */
  signal(channel: string): void {
    this.engine.runSync(['wait-for', '-S', '--', checkChannel(channel)]).raiseForStatus();
  }
  /**
   * `tmux wait-for CHANNEL`, blocking this thread until another client signals it or `timeout` (default
   * 30 s) passes (the waiting tmux client is then killed).
   */
  waitFor(
    channel: string,
    options: { readonly timeout?: number } = {},
  ): { outcome: 'signalled' | 'timed-out' } {
    checkChannel(channel);
    try {
      this.engine
        .runSync(['wait-for', '--', channel], { timeout: options.timeout ?? DEFAULT_WAIT_TIMEOUT })
        .raiseForStatus();
      return { outcome: 'signalled' };
    } catch (e) {
      if (e instanceof EngineError && /timed out/.test(e.message)) return { outcome: 'timed-out' };
      throw e;
    }
  }
  /** @internal */
  protected $snapshot(options?: Omit<SnapshotOptions, 'signal'>): AnySnapshot {
    return facadeServices().snapshotSync(this.engine, options);
  }
}

/** The base of the generated sync handles. */
export abstract class SyncHandleCore<S extends SyncServerCore> extends SyncFacade {
  readonly server: S;
  /** tmux's id (`$1`, `@2`, `%3`; a client's name). */
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

/** What a sync pane handle adds by hand: reading its screen. */
export abstract class SyncPaneCore<S extends SyncServerCore> extends SyncHandleCore<S> {
  /** The pane's lines (`capture-pane -p`); see the async `Pane.capture`. */
  capture(options: CaptureOptions = {}, call?: SyncExecuteOptions): string[] {
    const op = facadeServices().operation('capture-pane', captureParams(this.id, options));
    return capturedLines(this.$exec(op, call) as TextResult);
  }
}
