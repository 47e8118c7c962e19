/**
 * How each result kind asks tmux for what it needs and reads the answer: creating commands get `-P -F`
 * with the three ids, list commands get a `-F` with the row's fields for the server's version, and the
 * output of the others is parsed into their typed view. Pure: raw output in, result out.
 */
import type { CommandDescriptor } from '../command-descriptor.js';
import { decodeTmuxWord } from '../tmux-word.js';
import type { TmuxVersion } from '../tmux-version.js';
import {
  CommandResult,
  outputLines,
  saysNoServer,
  type CommandResultJSON,
  type RawOutput,
} from './command-result.js';
import { parseRow, rowFieldsAt, rowFormat, ROW_SEPARATOR, type RowField } from './row-fields.js';
import {
  AckResult,
  CreatedResult,
  EnvironmentResult,
  ExistsResult,
  LinesResult,
  OptionsResult,
  RowsResult,
  TextResult,
  type CreatedIds,
  type EnvironmentData,
} from './typed-results.js';

/** What a codec knows when it decodes: the version rendered for and the caller's parameters. */
export interface DecodeContext {
  readonly version: TmuxVersion;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ResultCodec<R extends CommandResult> {
  /** Parameters to send instead of the caller's (adds the capture flags). */
  prepare(params: Readonly<Record<string, unknown>>, version: TmuxVersion): Readonly<Record<string, unknown>>;
  decode(raw: RawOutput, context: DecodeContext): R;
  fromJSON(json: CommandResultJSON): R;
}

const CREATED_FORMAT = ['#{pane_id}', '#{window_id}', '#{session_id}'].join(ROW_SEPARATOR);

function paramOf(descriptor: CommandDescriptor, letter: string): string {
  const flag = descriptor.flags.find((f) => f.flag === letter);
  if (!flag) throw new Error(`${descriptor.command} has no -${letter}; the manifest and the codec disagree`);
  return flag.param;
}

/** Appends the caller's own format after ours, so both are printed and told apart. */
function withCallerFormat(ours: string, theirs: unknown): string {
  return typeof theirs === 'string' ? `${ours}${ROW_SEPARATOR}${theirs}` : ours;
}

function plain<R extends CommandResult>(make: (raw: RawOutput) => R): ResultCodec<R> {
  return { prepare: (p) => p, decode: (raw) => make(raw), fromJSON: (json) => make(json) };
}

function createdCodec(descriptor: CommandDescriptor): ResultCodec<CreatedResult> {
  const print = paramOf(descriptor, 'P');
  const format = paramOf(descriptor, 'F');
  return {
    prepare: (p) => ({ ...p, [print]: true, [format]: withCallerFormat(CREATED_FORMAT, p[format]) }),
    decode(raw, { params }) {
      if (raw.exitCode !== 0) return new CreatedResult(raw, {});
      const [paneId, windowId, sessionId, ...rest] = (outputLines(raw.stdout)[0] ?? '').split(ROW_SEPARATOR);
      const ids: CreatedIds = {
        ...(paneId ? { paneId } : {}),
        ...(windowId ? { windowId } : {}),
        ...(sessionId ? { sessionId } : {}),
        ...(typeof params[format] === 'string' ? { printed: rest.join(ROW_SEPARATOR) } : {}),
      };
      return new CreatedResult(raw, ids);
    },
    fromJSON: (json) => new CreatedResult(json, (json.data ?? {}) as CreatedIds),
  };
}

function rowsCodec<Row>(
  descriptor: CommandDescriptor,
  fields: readonly RowField[],
): ResultCodec<RowsResult<Row>> {
  const format = paramOf(descriptor, 'F');
  // The fields a release knows, and their format, worked out once per release.
  const perVersion = new Map<string, { readonly used: readonly RowField[]; readonly format: string }>();
  const at = (version: TmuxVersion) => {
    let entry = perVersion.get(String(version));
    if (!entry) {
      const used = rowFieldsAt(fields, version);
      perVersion.set(String(version), (entry = { used, format: rowFormat(used) }));
    }
    return entry;
  };
  return {
    prepare: (p, version) => ({ ...p, [format]: withCallerFormat(at(version).format, p[format]) }),
    decode(raw, { version, params }) {
      if (raw.exitCode !== 0) return new RowsResult<Row>(raw, []);
      const { used } = at(version);
      const printed = typeof params[format] === 'string';
      return new RowsResult<Row>(
        raw,
        outputLines(raw.stdout).map((line) => parseRow(line, used, version, printed) as Row),
      );
    },
    fromJSON: (json) => new RowsResult<Row>(json, (json.data ?? []) as Row[]),
  };
}

const NOT_FOUND = /^(can't find session|session not found|no sessions)/m;

const existsCodec: ResultCodec<ExistsResult> = {
  prepare: (p) => p,
  decode(raw) {
    const absent = raw.exitCode !== 0 && (NOT_FOUND.test(raw.stderr) || saysNoServer(raw.stderr));
    return new ExistsResult(raw, { exists: raw.exitCode === 0, answered: raw.exitCode === 0 || absent });
  },
  fromJSON: (json) =>
    new ExistsResult(
      json,
      (json.data ?? { exists: false, answered: false }) as { exists: boolean; answered: boolean },
    ),
};

/** `name value` lines; with `-v`, values only (unescaped), keyed by the option asked for. */
export function parseOptions(stdout: string, valueOnlyFor: string | undefined): Record<string, string> {
  const options: Record<string, string> = {};
  const lines = outputLines(stdout);
  if (valueOnlyFor !== undefined) {
    if (lines.length > 0) options[valueOnlyFor] = lines.join('\n');
    return options;
  }
  for (const line of lines) {
    const space = line.indexOf(' ');
    const name = space < 0 ? line : line.slice(0, space);
    options[name] = space < 0 ? '' : decodeTmuxWord(line.slice(space + 1));
  }
  return options;
}

function optionsCodec(descriptor: CommandDescriptor): ResultCodec<OptionsResult> {
  const valueOnly = descriptor.flags.find((f) => f.flag === 'v')?.param;
  const optionName = descriptor.positionals[0]?.param;
  return {
    prepare: (p) => p,
    decode(raw, { params }) {
      const only = valueOnly !== undefined && params[valueOnly] === true;
      const key = only ? String(optionName !== undefined ? (params[optionName] ?? '') : '') : undefined;
      return new OptionsResult(raw, raw.exitCode === 0 ? parseOptions(raw.stdout, key) : {});
    },
    fromJSON: (json) => new OptionsResult(json, (json.data ?? {}) as Record<string, string>),
  };
}

/** Both show-environment forms: `NAME=value` / `-NAME`, and with `-s` the shell form. */
export function parseEnvironment(stdout: string): EnvironmentData {
  const variables: Record<string, string> = {};
  const removed: string[] = [];
  for (const line of outputLines(stdout)) {
    const unset = /^unset ([^;]+);$/.exec(line);
    const shell = /^([^=]+)=(.*); export [^;]+;$/.exec(line);
    if (unset) removed.push(unset[1]!);
    else if (shell) variables[shell[1]!] = decodeTmuxWord(shell[2]!);
    else if (line.startsWith('-')) removed.push(line.slice(1));
    else {
      const eq = line.indexOf('=');
      if (eq > 0) variables[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return { variables, removed };
}

const environmentCodec: ResultCodec<EnvironmentResult> = {
  prepare: (p) => p,
  decode: (raw) =>
    new EnvironmentResult(
      raw,
      raw.exitCode === 0 ? parseEnvironment(raw.stdout) : { variables: {}, removed: [] },
    ),
  fromJSON: (json) =>
    new EnvironmentResult(json, (json.data ?? { variables: {}, removed: [] }) as EnvironmentData),
};

/** The codec for a command; `rowFields` is required for row results. */
/** Codecs already made, per command (every operation of a command reads its result the same way). */
const CODECS = new WeakMap<CommandDescriptor, ResultCodec<CommandResult>>();

export function codecFor(
  descriptor: CommandDescriptor,
  rowFields?: readonly RowField[],
): ResultCodec<CommandResult> {
  let codec = CODECS.get(descriptor);
  if (!codec) CODECS.set(descriptor, (codec = makeCodec(descriptor, rowFields)));
  return codec;
}

function makeCodec(
  descriptor: CommandDescriptor,
  rowFields?: readonly RowField[],
): ResultCodec<CommandResult> {
  switch (descriptor.result) {
    case 'ack':
      return plain((raw) => new AckResult(raw));
    case 'text':
      return plain((raw) => new TextResult(raw));
    case 'lines':
      return plain((raw) => new LinesResult(raw));
    case 'created':
      return createdCodec(descriptor);
    case 'rows':
      if (!rowFields) throw new Error(`${descriptor.command} returns rows but no row fields were given`);
      return rowsCodec(descriptor, rowFields);
    case 'exists':
      return existsCodec;
    case 'options':
      return optionsCodec(descriptor);
    case 'environment':
      return environmentCodec;
  }
}
