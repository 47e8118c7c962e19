/**
 * `SubprocessEngine`: one `tmux` process per command (argv only, never a shell). The simple default.
 *
 * @example
 * ```ts
 * import { SubprocessEngine, NewSession, ListPanes } from 'tmuxkit';
 * const tmux = new SubprocessEngine({ socketName: 'demo', configFile: '/dev/null' });
 * const { sessionId } = (await tmux.execute(new NewSession({ detached: true, sessionName: 'demo' }))).raiseForStatus();
 * const panes = await tmux.execute(new ListPanes({ target: sessionId! }));
 * panes.rows[0]?.paneId; // '%0'
 * ```
 */
import { EngineError } from '../errors.js';
import type { Operation } from '../operation.js';
import { CommandResult } from '../results/command-result.js';
import type { TmuxVersion } from '../tmux-version.js';
import type { ConnectionOptions, Engine, ExecuteOptions } from './engine.js';
import { executeMarkedList, type ListOutcome } from './command-list.js';
import { executeDecoratedViaStream, type DecoratedOutcome } from './decorated-creation.js';
import {
  answersVersion,
  MAX_OUTPUT,
  rawOutputOf,
  tmuxInvocation,
  VERSION_QUERY,
  versionFrom,
} from './subprocess-common.js';
import { spawnProcess } from './spawn-process.js';
import { sshConnection, type SshConnection } from '../remote/ssh-connection.js';
import { VERSION_DETECTION_TIMEOUT, VersionOnce } from './version-once.js';

export class SubprocessEngine implements Engine {
  readonly options: ConnectionOptions;
  readonly #version: VersionOnce;

  constructor(options: ConnectionOptions = {}) {
    this.options = Object.freeze({ ...options });
    if (options.ssh) sshConnection(options.ssh, options.env); // checks the ssh options now
    this.#version = new VersionOnce(options.version, () => this.#detectVersion(), options);
  }

  /** The server's version, asked once (`tmux -V` when no server answers); shared by every caller. */
  version(options: ExecuteOptions = {}): Promise<TmuxVersion> {
    return this.#version.get(options);
  }

  async #detectVersion(): Promise<TmuxVersion> {
    const limit = { timeout: VERSION_DETECTION_TIMEOUT };
    // Both at once: when no server runs yet (a program's first command), `tmux -V` answers and the wait is
    // one process, not two in a row; when one runs, the second process is wasted but costs no wait.
    const dashV = this.#spawn(['-V'], limit);
    dashV.catch(() => undefined);
    const query = await this.#spawn(VERSION_QUERY, limit);
    return versionFrom(query, answersVersion(query) ? undefined : await dashV);
  }

  /** The shared ssh connection, over `ssh`. */
  #ssh(): SshConnection | undefined {
    return this.options.ssh ? sshConnection(this.options.ssh, this.options.env) : undefined;
  }

  async #spawn(argv: readonly string[], options: ExecuteOptions) {
    if (options.signal?.aborted) throw new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv });
    const ssh = this.#ssh();
    if (ssh) await ssh.ready(options);
    const { file, args } = tmuxInvocation(this.options, argv, ssh);
    const spawn = () =>
      spawnProcess(file, args, {
        env: this.options.env,
        timeout: options.timeout,
        signal: options.signal,
        maxOutput: MAX_OUTPUT,
      });
    const result = ssh ? await ssh.session(spawn, options) : await spawn();
    return rawOutputOf(result, argv, this.options, options.timeout);
  }

  async execute<R extends CommandResult>(op: Operation<object, R>, options: ExecuteOptions = {}): Promise<R> {
    const compiled = op.compile({ version: await this.version(options) });
    return compiled.decode(await this.#spawn(compiled.argv, options));
  }

  async run(argv: readonly string[], options: ExecuteOptions = {}): Promise<CommandResult> {
    // A raw argv needs no version: nothing is rendered and the raw result reads nothing by release.
    return new CommandResult(await this.#spawn(argv, options));
  }

  /** One process per dispatch: a plan's dependency level goes out as one command list. */
  readonly defaultPlanner = 'grouped' as const;

  /** Creates and decorates in one dispatch; see `Engine.executeDecorated`. */
  executeDecorated(
    create: Operation<object, CommandResult>,
    decorations: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<DecoratedOutcome> {
    return executeDecoratedViaStream(
      create,
      decorations,
      () => this.version(options),
      (argv) => this.#spawn(argv, options),
    );
  }

  /** Runs operations as one command list in one `tmux` process; see `Engine.executeList`. */
  async executeList(
    ops: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<ListOutcome> {
    return executeMarkedList(
      ops,
      () => this.version(options),
      (argv) => this.#spawn(argv, options),
    );
  }

  /** Nothing to release: every call is its own process. */
  async close(): Promise<void> {}
}
