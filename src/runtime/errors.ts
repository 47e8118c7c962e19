/**
 * Every error tmuxkit throws on purpose is a `TmuxkitError`, so callers can tell "tmuxkit refused or tmux
 * failed" from a bug with one `instanceof`. Each subclass says where the problem is:
 *
 * - input the caller gave (`TargetError`, `ParameterError`, `VersionError`): thrown before anything reaches tmux;
 * - tmux said no (`CommandError`, from `result.raiseForStatus()`; `ServerNotRunningError` when there is no server);
 * - the channel to tmux broke (`EngineError`, `TmuxNotFoundError`);
 * - the manifest is broken (`ManifestError`, thrown by the code generator and the manifest loader).
 *
 * This module imports nothing, so the build-time generator can share `ManifestError` with the runtime.
 */

/** The base of every error tmuxkit throws on purpose. */
export class TmuxkitError extends Error {
  override get name(): string {
    return this.constructor.name;
  }
}

/** A target string or value that names nothing tmux could resolve: `%x`, `{nonsense}`, an empty string, ... */
export class TargetError extends TmuxkitError {
  constructor(
    /** The input that was rejected, as given. */
    readonly input: string,
    readonly reason: string,
  ) {
    super(`invalid tmux target ${JSON.stringify(input)}: ${reason}`);
  }
}

/** A parameter an operation does not have, a value of the wrong type, a NUL byte, flags that exclude each other. */
export class ParameterError extends TmuxkitError {
  constructor(
    /** The tmux command the parameter was given to, e.g. `split-window`. */
    readonly command: string,
    /** The parameter name (camelCase), or '' when the problem is not about one parameter. */
    readonly parameter: string,
    message: string,
  ) {
    super(`${command}${parameter ? ` ${parameter}` : ''}: ${message}`);
  }
}

/** The server's tmux is too old (or too new) for a command, a flag or a way of using a flag. */
export class VersionError extends TmuxkitError {
  constructor(
    readonly command: string,
    /** The flag letter (`'Z'`), a positional's name, or undefined when the whole command is unavailable. */
    readonly flag: string | undefined,
    /** What the release range is, e.g. `'3.2'` (since) or `'before 3.4'`. */
    readonly needed: string,
    /** The tmux version the operation was rendered for. */
    readonly found: string,
    detail?: string,
  ) {
    const what = flag === undefined ? command : `${command} ${flag.length === 1 ? `-${flag}` : flag}`;
    super(`${what} needs tmux ${needed}, but the server runs tmux ${found}${detail ? ` (${detail})` : ''}`);
  }
}

/** tmux ran the command and reported a failure; thrown by `result.raiseForStatus()`. */
export class CommandError extends TmuxkitError {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number,
    /** tmux's own message (its standard error, or its output when it printed the error there). */
    readonly tmuxMessage: string,
  ) {
    super(`tmux ${argv.join(' ')} failed (exit ${exitCode}): ${tmuxMessage || 'no message'}`);
  }
}

/** The command failed because no tmux server listens on the socket. */
export class ServerNotRunningError extends CommandError {}

/** The channel to tmux failed: a timeout, an abort, a process that could not start or died, a broken pipe. */
export class EngineError extends TmuxkitError {
  constructor(
    message: string,
    readonly details: {
      readonly argv?: readonly string[];
      readonly cause?: unknown;
      readonly stderr?: string;
      /** The reason of a control client's `%exit` line, when it gave one. */
      readonly exitReason?: string;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}

/** The tmux binary does not exist or cannot be executed (on `host`, for an engine over ssh). */
export class TmuxNotFoundError extends EngineError {
  constructor(
    readonly binary: string,
    cause?: unknown,
    readonly host?: string,
  ) {
    super(
      `tmux binary not found${host !== undefined ? ` on ${host}` : ''}: ${JSON.stringify(binary)}. ` +
        `Install tmux (Debian: apt-get install tmux) or pass the binary's path as the engine's \`tmux\` option.`,
      {
        cause,
        ...(cause && typeof cause === 'object' && 'stderr' in cause ? { stderr: String(cause.stderr) } : {}),
      },
    );
  }
}

/**
 * Why ssh could not run a command on a host: `unreachable` (no route, refused, timed out, unknown name),
 * `authentication` (no key the host accepts; never a password prompt), `host-key` (unknown or changed host
 * key), `connection-lost` (the connection broke after it was made), `failed` (anything else ssh said).
 */
export type SshFailure = 'unreachable' | 'authentication' | 'host-key' | 'connection-lost' | 'failed';

/** ssh itself failed (its exit status 255): the message is ssh's own words, `reason` says which kind. */
export class SshError extends EngineError {
  constructor(
    readonly host: string,
    readonly reason: SshFailure,
    message: string,
    details: { readonly argv?: readonly string[]; readonly stderr?: string; readonly cause?: unknown } = {},
  ) {
    super(`ssh to ${host} failed (${reason}): ${message}`, details);
  }
}

/** A problem found in a manifest file, located precisely enough to jump to it in an editor. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted path of the offending key, e.g. `flags[3].since`. */
  readonly key: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.key ? `${d.key}: ` : ''}${d.message}`;
}

/** The manifest is broken; carries every problem found, not just the first. */
export class ManifestError extends TmuxkitError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const shown = diagnostics.slice(0, 50).map(formatDiagnostic);
    const more = diagnostics.length > 50 ? [`... and ${diagnostics.length - 50} more`] : [];
    super(
      `The manifest has ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}:\n` +
        [...shown, ...more].join('\n'),
    );
    this.diagnostics = diagnostics;
  }
}
