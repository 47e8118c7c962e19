/**
 * `SyncSubprocessEngine`: the subprocess engine for code that cannot await (build scripts, synchronous
 * test setup). Same options and results; a per-call `timeout`, no AbortSignal (nothing can abort a
 * blocked thread).
 *
 * @example
 * ```ts
 * import { SyncSubprocessEngine, HasSession } from 'tmuxkit';
 * const tmux = new SyncSubprocessEngine({ socketName: 'demo' });
 * tmux.executeSync(new HasSession({ target: 'demo' })).exists; // false when there is no such session
 * ```
 */
import type { Operation } from '../operation.js';
import { CommandResult } from '../results/command-result.js';
import { checkServerRelease } from '../newer-tmux.js';
import { TmuxVersion } from '../tmux-version.js';
import type { ConnectionOptions } from './engine.js';
import { childProcess } from './lazy-builtins.js';
import { sshConnection } from '../remote/ssh-connection.js';
import {
  answersVersion,
  MAX_OUTPUT,
  rawOutputOf,
  tmuxInvocation,
  VERSION_QUERY,
  versionFrom,
} from './subprocess-common.js';

export interface SyncExecuteOptions {
  /** Milliseconds before the tmux process is killed and the call fails with an `EngineError`. */
  readonly timeout?: number;
}

export class SyncSubprocessEngine {
  readonly options: ConnectionOptions;
  #version: TmuxVersion | undefined;

  constructor(options: ConnectionOptions = {}) {
    this.options = Object.freeze({ ...options });
    if (options.ssh) sshConnection(options.ssh, options.env); // checks the ssh options now
    if (options.version !== undefined)
      this.#version = checkServerRelease(TmuxVersion.parse(options.version), options);
  }

  versionSync(options: SyncExecuteOptions = {}): TmuxVersion {
    if (this.#version) return this.#version;
    const query = this.#spawn(VERSION_QUERY, options);
    const detected = versionFrom(query, answersVersion(query) ? undefined : this.#spawn(['-V'], options));
    this.#version = checkServerRelease(detected, this.options);
    return this.#version;
  }

  // Node's spawnSync, as SubprocessEngine spawns: no shell, no stdin, exact output, the caller's
  // environment as given.
  #spawn(argv: readonly string[], options: SyncExecuteOptions) {
    const ssh = this.options.ssh ? sshConnection(this.options.ssh, this.options.env) : undefined;
    ssh?.readySync();
    const { file, args } = tmuxInvocation(this.options, argv, ssh);
    const result = childProcess().spawnSync(file, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      maxBuffer: MAX_OUTPUT,
      windowsHide: true,
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(this.options.env !== undefined ? { env: this.options.env as NodeJS.ProcessEnv } : {}),
    });
    const error = result.error as NodeJS.ErrnoException | undefined;
    const outcome = {
      code: error?.code,
      exitCode: result.status ?? undefined,
      stdout: result.stdout,
      stderr: result.stderr,
      timedOut: error?.code === 'ETIMEDOUT',
      isCanceled: false,
      signal: result.signal ?? undefined,
    };
    return rawOutputOf(outcome, argv, this.options, options.timeout);
  }

  executeSync<R extends CommandResult>(op: Operation<object, R>, options: SyncExecuteOptions = {}): R {
    const compiled = op.compile({ version: this.versionSync(options) });
    return compiled.decode(this.#spawn(compiled.argv, options));
  }

  runSync(argv: readonly string[], options: SyncExecuteOptions = {}): CommandResult {
    return new CommandResult(this.#spawn(argv, options));
  }
}
