/**
 * The engine interface: every engine (subprocess, control mode, socket, memory) executes operations with
 * the same signature and returns the same results for the same requests. The result type travels with the
 * operation: `engine.execute(new SplitWindow())` is a `Promise<CreatedResult>`.
 */
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { NewerTmuxOptions } from '../newer-tmux.js';
import type { TmuxVersion } from '../tmux-version.js';
import type { ListOutcome } from './command-list.js';
import type { DecoratedOutcome } from './decorated-creation.js';
import type { SshOptions } from '../remote/ssh-options.js';

export interface ExecuteOptions {
  /** Abort the call; the promise rejects with an `EngineError`. */
  readonly signal?: AbortSignal;
  /** Milliseconds before the call is abandoned with an `EngineError`. */
  readonly timeout?: number;
}

/** The result type an operation produces. */
export type ResultOf<O> = O extends Operation<object, infer R> ? R : never;

export interface Engine {
  /** The tmux version operations are rendered for (the server's, detected once). */
  version(options?: ExecuteOptions): Promise<TmuxVersion>;
  /** Renders `op` for the server's version, runs it and returns its typed result. Never throws for a tmux failure. */
  execute<R extends CommandResult>(op: Operation<object, R>, options?: ExecuteOptions): Promise<R>;
  /** Runs a raw argv (command name first, no connection options) and returns the raw result. */
  run(argv: readonly string[], options?: ExecuteOptions): Promise<CommandResult>;
  /**
   * Runs operations as one tmux command list (`a ; b ; c`) in one dispatch: tmux stops at the first that
   * fails, and the outcome holds the results of those that ran (each with its own output), in order.
   * Every operation must be chainable and only the last destructive (`ParameterError` otherwise, before
   * anything is sent). Engines without it run plans one dispatch per operation.
   */
  executeList?(
    ops: readonly Operation<object, CommandResult>[],
    options?: ExecuteOptions,
  ): Promise<ListOutcome>;
  /**
   * Runs `create` and then `decorations` on what it created, in one dispatch and race-free (tmux's
   * `after-<command>` hook; see `decorated-creation.ts`): each decoration's `target` is ignored, it
   * addresses the new object. The outcome holds the creation's result and those of the decorations that
   * ran (a failed one ends them). `ParameterError` for a creation or decoration that cannot go this way.
   */
  executeDecorated?(
    create: Operation<object, CommandResult>,
    decorations: readonly Operation<object, CommandResult>[],
    options?: ExecuteOptions,
  ): Promise<DecoratedOutcome>;
  /** The planner that suits this engine best (`'pipelined'`, `'grouped'` or `'sequential'`). */
  readonly defaultPlanner?: 'sequential' | 'pipelined' | 'grouped';
  /** Releases what the engine holds (processes, sockets). Idempotent. */
  close(): Promise<void>;
}

/**
 * How to reach a tmux server; shared by every engine that talks to a real one. `newerTmux` and
 * `onWarning` say what happens when the server is newer than the manifest (see `NewerTmuxPolicy`).
 */
export interface ConnectionOptions extends NewerTmuxOptions {
  /** The tmux binary (default `'tmux'`, looked up in PATH). */
  readonly tmux?: string;
  /** `-L`: a socket name in tmux's socket directory. */
  readonly socketName?: string;
  /** `-S`: a socket path. Takes precedence over `socketName`. */
  readonly socketPath?: string;
  /** `-f`: the configuration file a new server reads (`'/dev/null'` for none). */
  readonly configFile?: string;
  /** Render for this version instead of asking the server. */
  readonly version?: string | TmuxVersion;
  /** Environment of the tmux client processes, or of ssh over `ssh` (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Run tmux on another host over OpenSSH (see `SshOptions`): `tmux`, `socketName`, `socketPath` and
   * `configFile` then describe that host. Every argument is quoted for the remote shell; ssh runs in batch
   * mode with a connect timeout, over one shared connection per host.
   */
  readonly ssh?: SshOptions;
}

/** The tmux arguments that select the server: `-u` (UTF-8 output), then `-S`/`-L` and `-f`. */
export function connectionArgs(options: ConnectionOptions): string[] {
  // -u: without it a client whose locale is not UTF-8 prints every non-ASCII byte as '_'.
  const args = ['-u'];
  if (options.socketPath !== undefined) args.push('-S', options.socketPath);
  else if (options.socketName !== undefined) args.push('-L', options.socketName);
  if (options.configFile !== undefined) args.push('-f', options.configFile);
  return args;
}
