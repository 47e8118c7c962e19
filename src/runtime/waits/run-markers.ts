/**
 * How `pane.run` finds a command's exit status and its own output in a pane's byte stream, deterministically.
 *
 * The line typed into the pane is ASCII only: the command travels inside `printf '%b'` with every byte but
 * plain printable ASCII written as an octal escape, so tabs, newlines and quotes reach the shell's parser
 * intact and never its line editor (no completion, no continuation prompts). Around it, two markers are
 * printed from two halves: the typed line holds `TMUXKIT-B <token>` (a space between) while the output holds
 * `TMUXKIT-B<token>`, so the terminal's echo of the line can never match; the token is random per run, so a
 * program printing marker-like text cannot either; and the stream is searched as bytes, so a marker split
 * across `%output` lines is found whole. The line starts with a space, which bash (`HISTCONTROL=ignorespace`
 * or `ignoreboth`) and zsh (`HIST_IGNORE_SPACE`) keep out of history; dash keeps none. Pure.
 */
import { ParameterError } from '../errors.js';

const BEGIN = 'TMUXKIT-B';
const END = 'TMUXKIT-E';

/** A shell word that is the text as it is: single quotes, each `'` written as `'\''`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `text` as a `printf '%b'` argument in ASCII: printable bytes as they are, the rest as `\0ooo`. */
export function printfEscaped(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x5c && byte !== 0x27;
    out += printable ? String.fromCharCode(byte) : `\\0${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}

export interface RunLine {
  /** What to type into the pane (followed by Enter). */
  readonly line: string;
  /** The marker that precedes the output, as printed. */
  readonly begin: string;
  /** The marker that follows the output, before the exit status, as printed. */
  readonly end: string;
}

/**
 * The line that runs `command` in a POSIX shell (bash, dash, zsh, ksh): in the pane's own shell through
 * `eval`, or in a child `shell -c` when `shell` is given (so `cd` and variables stay in the child).
 */
export function runLine(command: string, token: string, shell?: string): RunLine {
  if (command.includes('\0')) throw new ParameterError('run', 'command', 'contains a NUL byte');
  if (!/^[0-9a-f]{8,}$/.test(token)) throw new RangeError('a run token is 8 or more lowercase hex digits');
  const source = `"$(printf '%b' '${printfEscaped(command)}')"`;
  const invoke = shell === undefined ? `eval ${source}` : `${shellQuote(shell)} -c ${source}`;
  return {
    line: ` printf '%s%s\\n' ${BEGIN} ${token};${invoke};printf '\\n%s%s:%s\\n' ${END} ${token} "$?"`,
    begin: BEGIN + token,
    end: END + token + ':',
  };
}

export interface RunReading {
  /** The command's output bytes (CR LF as LF), up to the byte limit. */
  readonly output: Uint8Array;
  readonly truncated: boolean;
  /** Whether the begin marker was seen (the command started). */
  readonly started: boolean;
  /** The exit status, once the end marker's line is complete. */
  readonly exitCode: number | undefined;
}

const LF = 0x0a;
const CR = 0x0d;

/** Reads a pane's byte stream for one run's markers. Feed it `%output` data in order. */
export class RunOutputReader {
  readonly #begin: Buffer;
  readonly #end: Buffer;
  readonly #limit: number;
  #pending = Buffer.alloc(0);
  #output: Buffer[] = [];
  #outputBytes = 0;
  #truncated = false;
  #started = false;
  #exitCode: number | undefined;

  constructor(markers: Pick<RunLine, 'begin' | 'end'>, limit = 16 * 1024 * 1024) {
    this.#begin = Buffer.from(markers.begin, 'latin1');
    this.#end = Buffer.from(markers.end, 'latin1');
    this.#limit = limit;
  }

  /** Adds bytes; returns true once the end marker's line is complete. */
  push(data: Uint8Array): boolean {
    if (this.#exitCode !== undefined) return true;
    this.#pending = this.#pending.length ? Buffer.concat([this.#pending, data]) : Buffer.from(data);
    if (!this.#started) {
      const at = this.#pending.indexOf(this.#begin);
      if (at < 0) {
        this.#pending = this.#pending.subarray(Math.max(0, this.#pending.length - this.#begin.length));
        return false;
      }
      const lineEnd = this.#pending.indexOf(LF, at + this.#begin.length);
      if (lineEnd < 0) return false;
      this.#started = true;
      this.#pending = this.#pending.subarray(lineEnd + 1);
    }
    const at = this.#pending.indexOf(this.#end);
    if (at < 0) {
      // Keep enough to find a marker that is still arriving; the rest is output.
      const keep = Math.min(this.#pending.length, this.#end.length + 1);
      this.#keep(this.#pending.subarray(0, this.#pending.length - keep));
      this.#pending = this.#pending.subarray(this.#pending.length - keep);
      return false;
    }
    const lineEnd = this.#pending.indexOf(LF, at + this.#end.length);
    if (lineEnd < 0) return false;
    const status = this.#pending
      .subarray(at + this.#end.length, lineEnd)
      .toString('latin1')
      .replace(/\r$/, '');
    if (!/^\d+$/.test(status)) {
      // Not our line after all (cannot happen with printf's output, but never guess): keep reading.
      this.#keep(this.#pending.subarray(0, lineEnd + 1));
      this.#pending = this.#pending.subarray(lineEnd + 1);
      return false;
    }
    // The marker's own line break (printf '\n...') precedes it.
    let stop = at;
    if (stop > 0 && this.#pending[stop - 1] === LF) stop--;
    if (stop > 0 && this.#pending[stop - 1] === CR) stop--;
    this.#keep(this.#pending.subarray(0, stop));
    this.#exitCode = Number(status);
    this.#pending = Buffer.alloc(0);
    return true;
  }

  #keep(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const room = this.#limit - this.#outputBytes;
    if (bytes.length > room) this.#truncated = true;
    const kept = bytes.length > room ? bytes.subarray(0, Math.max(0, room)) : bytes;
    if (kept.length > 0) {
      this.#output.push(Buffer.from(kept));
      this.#outputBytes += kept.length;
    }
  }

  /** What has been read so far (at the end: everything). */
  reading(): RunReading {
    const raw = Buffer.concat(this.#output);
    return {
      output: crlfToLf(raw),
      truncated: this.#truncated,
      started: this.#started,
      exitCode: this.#exitCode,
    };
  }
}

/** The terminal turns each LF a program writes into CR LF (`onlcr`); give the program's LF back. */
function crlfToLf(bytes: Buffer): Uint8Array {
  const out = Buffer.alloc(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF) continue;
    out[n++] = bytes[i]!;
  }
  return new Uint8Array(out.buffer, out.byteOffset, n);
}
