/**
 * Rows from list commands (list-panes, list-sessions, ...): which format variables a row type reads, how
 * the `-F` format asking for them is built for one tmux version, and how a line of output becomes a typed
 * row. The field tables are generated from `manifest/rows.yaml` and `manifest/formats.yaml`.
 */
import { inRange } from '../command-descriptor.js';
import { EngineError } from '../errors.js';
import { TmuxVersion } from '../tmux-version.js';

export type FormatValueType = 'string' | 'integer' | 'flag' | 'time' | 'paneId' | 'windowId' | 'sessionId';

export interface RowField {
  /** The row property, camelCase of the variable (`pane_current_path` → `paneCurrentPath`). */
  readonly key: string;
  /** The format variable, without `#{}`. */
  readonly variable: string;
  readonly type: FormatValueType;
  /** The first release that has the variable. */
  readonly since: string;
  /** Releases that lack it although they come after `since`. */
  readonly missing: readonly { readonly since: string; readonly until: string | null }[];
  /** How releases before `until` spell "no value" (3.1c prints `(null)` for some times). */
  readonly absentSpelling: readonly { readonly until: string; readonly text: string }[];
  /** Present in every release and never empty: typed as required. */
  readonly required: boolean;
}

/** Fields the server's tmux knows. Fields it lacks are absent from rows (their types are optional). */
export function rowFieldsAt(fields: readonly RowField[], version: TmuxVersion): readonly RowField[] {
  return fields.filter((f) => version.atLeast(f.since) && !f.missing.some((r) => inRange(r, version)));
}

/** Field values are separated by a tab, which tmux prints raw in every release (unlike other C0 bytes). */
export const ROW_SEPARATOR = '\t';

export function rowFormat(fields: readonly RowField[]): string {
  return fields.map((f) => `#{${f.variable}}`).join(ROW_SEPARATOR);
}

/** Reads one field's text into its value (undefined: no value). */
export type FieldDecoder = (text: string) => unknown;

const decodeNumber: FieldDecoder = (text) => {
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};
const decodeFlag: FieldDecoder = (text) => text === '1';
const decodeText: FieldDecoder = (text) => text;

/** The decoder of one field for one version (how that release spells "no value" folded in). */
function fieldDecoder(field: RowField, version: TmuxVersion): FieldDecoder {
  const base =
    field.type === 'integer' || field.type === 'time'
      ? decodeNumber
      : field.type === 'flag'
        ? decodeFlag
        : decodeText;
  const absent = field.absentSpelling.filter((a) => !version.atLeast(a.until)).map((a) => a.text);
  return absent.length === 0 ? base : (text) => (absent.includes(text) ? undefined : base(text));
}

const decoderCache = new WeakMap<readonly RowField[], Map<number, readonly FieldDecoder[]>>();

/** One decoder per field, for `version`; worked out once per field table and release. */
export function fieldDecoders(fields: readonly RowField[], version: TmuxVersion): readonly FieldDecoder[] {
  let byVersion = decoderCache.get(fields);
  if (!byVersion) decoderCache.set(fields, (byVersion = new Map()));
  let decoders = byVersion.get(version.rank);
  if (!decoders) byVersion.set(version.rank, (decoders = fields.map((f) => fieldDecoder(f, version))));
  return decoders;
}

/**
 * Parses one output line into a row. Text after the requested fields (the caller's own `format`, which
 * is appended after a tab) becomes `printed`.
 */
export function parseRow(
  line: string,
  fields: readonly RowField[],
  version: TmuxVersion,
  withPrinted: boolean,
): Record<string, unknown> {
  const parts = line.split(ROW_SEPARATOR);
  const expected = fields.length + (withPrinted ? 1 : 0);
  if (withPrinted ? parts.length < expected : parts.length !== expected) {
    throw new EngineError(
      `cannot read a row: expected ${expected} tab-separated fields, got ${parts.length} ` +
        `(a value containing a tab?): ${JSON.stringify(line)}`,
    );
  }
  const row: Record<string, unknown> = {};
  const decoders = fieldDecoders(fields, version);
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    const value = decoders[i]!(parts[i]!);
    if (value === undefined) {
      if (f.required)
        throw new EngineError(`cannot read a row: ${f.variable} is empty in ${JSON.stringify(line)}`);
      continue;
    }
    row[f.key] = value;
  }
  if (withPrinted) row['printed'] = parts.slice(fields.length).join(ROW_SEPARATOR);
  return Object.freeze(row);
}
