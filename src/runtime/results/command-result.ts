/**
 * What every engine returns for one command: the argv tmux ran, its exit status and its output. A result
 * never throws because tmux failed; `raiseForStatus()` turns a failure into a `CommandError` when the
 * caller wants that. Subclasses (one per result kind) add typed views of the output.
 */
import { CommandError, ServerNotRunningError } from '../errors.js';
import type { ResultKind } from '../command-descriptor.js';

/** The raw outcome of running one argv, as every engine reports it. */
export interface RawOutput {
  /** The argv given to tmux after the connection options (command name first). */
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The JSON form of every result: the raw output plus the kind, which decides the typed view. */
export interface CommandResultJSON extends RawOutput {
  readonly kind: ResultKind | 'raw';
  readonly command: string;
  /** Kind-specific data (rows, ids, ...), already decoded, so JSON consumers need not parse tmux output. */
  readonly data?: unknown;
}

/** Splits output into lines, without the final newline's empty line. */
export function outputLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

// A refused or missing socket; other connection errors (permissions, a path too long) are failures.
const NO_SERVER =
  /^(no server running on |error connecting to .*\(No such file or directory\)|server exited unexpectedly)/m;

export class CommandResult {
  readonly kind: ResultKind | 'raw' = 'raw';
  /** The tmux command name (argv[0]), as sent. */
  readonly command: string;
  readonly argv: readonly string[];
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;

  constructor(raw: RawOutput) {
    // Engines pass frozen argv (compiled operations); only a mutable one needs copying.
    this.argv = Object.isFrozen(raw.argv) ? raw.argv : Object.freeze([...raw.argv]);
    this.command = raw.argv[0] ?? '';
    this.exitCode = raw.exitCode;
    this.stdout = raw.stdout;
    this.stderr = raw.stderr;
  }

  /** Whether the command did what was asked. Most kinds: exit status 0. */
  get ok(): boolean {
    return this.exitCode === 0;
  }

  get status(): 'ok' | 'error' {
    return this.ok ? 'ok' : 'error';
  }

  get stdoutLines(): readonly string[] {
    return outputLines(this.stdout);
  }

  get stderrLines(): readonly string[] {
    return outputLines(this.stderr);
  }

  /** tmux's message for a failure: its standard error, else its output. */
  get message(): string {
    return (this.stderr.trim() || this.stdout.trim()).split('\n').join('; ');
  }

  /**
   * Returns this result when it is ok; otherwise throws a `CommandError` with the argv and tmux's message
   * (a `ServerNotRunningError` when no server listens on the socket).
   */
  raiseForStatus(): this {
    if (this.ok) return this;
    const ErrorClass = NO_SERVER.test(this.stderr) ? ServerNotRunningError : CommandError;
    throw new ErrorClass(this.argv, this.exitCode, this.message);
  }

  /** Kind-specific data for JSON; subclasses return their decoded view. */
  protected data(): unknown {
    return undefined;
  }

  toJSON(): CommandResultJSON {
    const data = this.data();
    return {
      kind: this.kind,
      command: this.command,
      argv: this.argv,
      exitCode: this.exitCode,
      stdout: this.stdout,
      stderr: this.stderr,
      ...(data === undefined ? {} : { data }),
    };
  }
}

/** Whether tmux said there is no server; used by `has-session`, where that is an answer. */
export function saysNoServer(stderr: string): boolean {
  return NO_SERVER.test(stderr);
}
