/**
 * Tapes: what a `RecordingEngine` saw, one JSON object per line (JSON Lines), in the order the calls were
 * made: the server's version, each operation (as `op.toJSON()`) with its result (`result.toJSON()`), each
 * raw argv with its result. A tape is plain text to read and review; `normalizeTape` replaces what changes
 * from run to run (ids, times) when a test asks for stable tapes. Pure: text in, entries out.
 */
import type { CommandResultJSON } from '../results/command-result.js';
import type { OperationJSON } from '../operation.js';
import { TmuxkitError } from '../errors.js';

export type TapeEntry =
  | { readonly kind: 'version'; readonly version: string }
  | { readonly kind: 'execute'; readonly operation: OperationJSON; readonly result: CommandResultJSON }
  | { readonly kind: 'run'; readonly argv: readonly string[]; readonly result: CommandResultJSON }
  /** An event of a control-mode engine, where it came among the answers (bytes as `{ "base64": ... }`). */
  | { readonly kind: 'event'; readonly event: Readonly<Record<string, unknown>> };

/** An event as a tape holds it: byte fields (a pane's output) as base64, everything else as it is. */
export function eventToTape(event: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(event).map(([k, v]) => [
      k,
      v instanceof Uint8Array ? { base64: Buffer.from(v).toString('base64') } : v,
    ]),
  );
}

/** An event back from a tape, its byte fields as `Uint8Array` again. */
export function eventFromTape(entry: Readonly<Record<string, unknown>>): { readonly type: string } {
  return Object.fromEntries(
    Object.entries(entry).map(([k, v]) => {
      const base64 = (v as { base64?: unknown } | null)?.base64;
      return [k, typeof base64 === 'string' ? new Uint8Array(Buffer.from(base64, 'base64')) : v];
    }),
  ) as { readonly type: string };
}

/** A tape that cannot be read, or a request that is not on it (with what the tape expected). */
export class TapeError extends TmuxkitError {}

/** One entry as its line: keys in a fixed order, so tapes diff well. */
export function tapeLine(entry: TapeEntry): string {
  return JSON.stringify(entry);
}

/** Reads a tape's text; a line that is not an entry is a `TapeError` naming it (`tape:line`). */
export function readTape(text: string, name = 'tape'): TapeEntry[] {
  const entries: TapeEntry[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch (e) {
      throw new TapeError(`${name}:${i + 1}: not JSON (${(e as Error).message})`);
    }
    const kind = (entry as { kind?: unknown } | null)?.kind;
    if (kind !== 'version' && kind !== 'execute' && kind !== 'run' && kind !== 'event')
      throw new TapeError(`${name}:${i + 1}: not a tape entry (kind ${JSON.stringify(kind)})`);
    entries.push(entry as TapeEntry);
  }
  return entries;
}

/** What a request looks like on a tape, to compare and to show in a mismatch. */
export function requestText(entry: TapeEntry): string {
  switch (entry.kind) {
    case 'version':
      return 'version()';
    case 'execute':
      return `execute ${JSON.stringify(entry.operation)}`;
    case 'run':
      return `run ${JSON.stringify(entry.argv)}`;
    case 'event':
      return `event ${JSON.stringify(entry.event)}`;
  }
}

/**
 * Replaces tmux's ids (`$N`, `@N`, `%N`) in order of first appearance by stable ones, and every value the
 * `replace` function maps (times, paths), so that two recordings of the same test give the same tape.
 */
export function normalizeTape(
  entries: readonly TapeEntry[],
  replace: (text: string) => string = (t) => t,
): TapeEntry[] {
  const seen = new Map<string, string>();
  const counters: Record<string, number> = { $: 0, '@': 0, '%': 0 };
  const ids = (text: string) =>
    text.replace(/(?<![\w$@%])([$@%])(\d+)\b/g, (id, sigil: string) => {
      let mapped = seen.get(id);
      if (!mapped) seen.set(id, (mapped = `${sigil}${counters[sigil]!++}`));
      return mapped;
    });
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return replace(ids(value));
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return entries.map((e) => walk(e) as TapeEntry);
}
