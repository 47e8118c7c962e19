/**
 * What the two subprocess engines share: the process's arguments and the reading of a finished process
 * into a `RawOutput` or a typed `EngineError`.
 */
import { EngineError, TmuxNotFoundError } from '../errors.js';
import type { Invocation, SshConnection } from '../remote/ssh-connection.js';
import { saysNotFound, sshError, sshLabel } from '../remote/ssh-options.js';
import type { RawOutput } from '../results/command-result.js';
import { TmuxVersion } from '../tmux-version.js';
import { connectionArgs, type ConnectionOptions } from './engine.js';

export function tmuxBinary(options: ConnectionOptions): string {
  return options.tmux ?? 'tmux';
}

/** The process's arguments: the connection options, then the argv (`-V` alone asks the binary, no server). */
export function processArgs(options: ConnectionOptions, argv: readonly string[]): string[] {
  return argv[0] === '-V' ? ['-V'] : [...connectionArgs(options), ...argv];
}

/** The process that runs tmux with `argv`: tmux itself, or ssh running it on the host over `ssh`. */
export function tmuxInvocation(
  options: ConnectionOptions,
  argv: readonly string[],
  ssh: SshConnection | undefined,
): Invocation {
  const args = processArgs(options, argv);
  return ssh ? ssh.invocation([tmuxBinary(options), ...args]) : { file: tmuxBinary(options), args };
}

/**
 * Over ssh, what ssh itself or the remote shell said instead of tmux: ssh's exit status 255 is an
 * `SshError`, a shell's "not found" (127) a `TmuxNotFoundError` naming the host. Undefined otherwise.
 */
export function remoteFailure(
  options: ConnectionOptions,
  exitCode: number | undefined,
  stderr: string,
  argv?: readonly string[],
): EngineError | undefined {
  if (!options.ssh) return undefined;
  if (exitCode === 255) return sshError(options.ssh, stderr, argv);
  if (saysNotFound(exitCode, stderr))
    return new TmuxNotFoundError(tmuxBinary(options), { stderr }, sshLabel(options.ssh));
  return undefined;
}

/** The most output one command may print (stdout and stderr together). */
export const MAX_OUTPUT = 100_000_000;

/** The argv that asks a running server for its version. */
export const VERSION_QUERY = ['display-message', '-p', '#{version}'] as const;

/** The parts of a finished process (from `spawnProcess`, or spawnSync's read the same way) that matter here. */
export interface ProcessOutcome {
  readonly exitCode?: number | undefined;
  readonly stdout?: unknown;
  readonly stderr?: unknown;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  readonly signal?: string | undefined;
  /** Stopped for printing more than `MAX_OUTPUT` bytes. */
  readonly overflowed?: boolean;
}

/** Reads a finished process; one that did not run to an exit status is an `EngineError`. */
export function rawOutputOf(
  result: ProcessOutcome,
  argv: readonly string[],
  options: ConnectionOptions,
  timeout: number | undefined,
): RawOutput {
  const code = (result as { code?: string }).code;
  if (options.ssh && (code === 'ENOENT' || code === 'EACCES'))
    throw new EngineError(`cannot run ${options.ssh.command?.[0] ?? 'ssh'} (${code})`, {
      argv,
      cause: result,
    });
  if (code === 'ENOENT' || code === 'EACCES') throw new TmuxNotFoundError(tmuxBinary(options), result);
  if (result.timedOut)
    throw new EngineError(`tmux ${argv.join(' ')} timed out after ${timeout} ms`, { argv, cause: result });
  if (result.isCanceled) throw new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv, cause: result });
  if (result.overflowed)
    throw new EngineError(`tmux ${argv.join(' ')} printed more than ${MAX_OUTPUT} bytes and was stopped`, {
      argv,
    });
  if (result.exitCode === undefined) {
    const why = result.signal ? `was killed by ${result.signal}` : 'did not start';
    throw new EngineError(`tmux ${argv.join(' ')} ${why}`, {
      argv,
      cause: result,
      stderr: String(result.stderr ?? ''),
    });
  }
  const remote = remoteFailure(options, result.exitCode, String(result.stderr ?? ''), argv);
  if (remote) throw remote;
  return {
    argv,
    exitCode: result.exitCode,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
}

/** Whether the server's answer to `VERSION_QUERY` is a version, so `tmux -V` need not run. */
export function answersVersion(query: RawOutput): boolean {
  return query.exitCode === 0 && query.stdout.trim() !== '';
}

/**
 * The server's version from `display-message -p`, else the binary's from `tmux -V` (no server yet, or a
 * server without sessions answering empty); an `EngineError` when neither says.
 */
export function versionFrom(query: RawOutput, dashV: RawOutput | undefined): TmuxVersion {
  for (const raw of [query, dashV]) {
    if (!raw || raw.exitCode !== 0) continue;
    try {
      return TmuxVersion.parse(raw.stdout.trim());
    } catch {
      // Not a version: try the next source.
    }
  }
  throw new EngineError(`cannot tell the tmux version: ${query.stderr.trim() || query.stdout.trim()}`);
}
