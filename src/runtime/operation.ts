/**
 * The operation base. A generated class per tmux command (`SplitWindow`, `NewSession`, ...) extends it
 * with typed parameters; an instance is an inert, frozen value that renders argv for a tmux version and
 * knows how to read its result. Engines execute operations; operations never touch tmux.
 *
 * Everything the caller can get wrong is checked here, before anything reaches tmux: unknown parameters,
 * wrong value types, NUL bytes, malformed targets and mutually exclusive flags at construction; commands,
 * flags and positionals the target tmux lacks at render (`VersionError`, fail closed, nothing dropped).
 */
import { escapeArgvArgument } from './argv-quoting.js';
import {
  inRange,
  rangeText,
  type CommandDescriptor,
  type FlagDescriptor,
  type PositionalDescriptor,
  type ValueType,
} from './command-descriptor.js';
import { ParameterError, VersionError } from './errors.js';
import { normalizeParameters, parameterIndex } from './operation-parameters.js';
import type { CommandResult, RawOutput } from './results/command-result.js';
import { codecFor, type ResultCodec } from './results/result-codecs.js';
import type { RowField } from './results/row-fields.js';
import { formatTarget, type SlotObject, type Target } from './targets.js';
import { TmuxVersion } from './tmux-version.js';

export interface RenderOptions {
  /** The tmux version to render for, e.g. `'3.3a'`; engines pass the server's version. */
  readonly version: string | TmuxVersion;
  /** Resolves plan slot references to the ids the plan created. */
  readonly resolveSlot?: (slot: number, object: SlotObject) => string;
}

/** An operation rendered for one version: the argv and how to read what tmux answers. */
export interface CompiledOperation<R extends CommandResult> {
  readonly argv: readonly string[];
  /**
   * The exact strings tmux receives, command first: `argv` before argv-path escaping (a trailing `;` is
   * `;` here, `\;` in argv). A control-mode line quotes these.
   */
  readonly words: readonly string[];
  readonly version: TmuxVersion;
  decode(raw: RawOutput): R;
}

/** The JSON form of an operation: the command name and its parameters, targets as strings. */
export interface OperationJSON {
  readonly command: string;
  readonly params: Readonly<Record<string, unknown>>;
}

function takesValueAt(flag: FlagDescriptor, version: TmuxVersion): boolean | 'optional' {
  return flag.valueHistory.find((c) => inRange(c, version))?.takesValue ?? flag.takesValue;
}

/**
 * A parameter value as argv strings, by the parameter's value type (never by the value's shape): targets
 * formatted, numbers printed, an environment record as NAME=value.
 */
function valueStrings(type: ValueType | null, value: unknown, options: RenderOptions): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => valueStrings(type, v, options));
  if (type === 'target' && typeof value === 'object' && value !== null) {
    return [formatTarget(value as Target, options.resolveSlot)];
  }
  if (type === 'environment' && typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  }
  return [String(value)];
}

/** The error for a command the version lacks. */
export function commandVersionError(descriptor: CommandDescriptor, version: TmuxVersion): VersionError {
  return new VersionError(descriptor.command, undefined, rangeText(descriptor), String(version));
}

/** The error for a flag the version lacks. */
export function flagVersionError(
  descriptor: CommandDescriptor,
  flag: FlagDescriptor,
  version: TmuxVersion,
): VersionError {
  // The letter may mean something else now (display-panes -t: a client before 3.8, a pane from 3.8).
  const now = descriptor.flags.find((f) => f !== flag && f.flag === flag.flag && inRange(f, version));
  const hint = now && `in tmux ${String(version)}, -${flag.flag} is ${now.param}`;
  return new VersionError(descriptor.command, flag.flag, rangeText(flag), String(version), hint);
}

/**
 * One flag's words (`-X`, its value(s)) for a version, by the catalog entry: version gates, value
 * history, optional values, repeatable and environment values. Generated paths call it for the flags
 * they do not render in straight lines.
 */
export function renderFlag(
  descriptor: CommandDescriptor,
  flag: FlagDescriptor,
  value: unknown,
  version: TmuxVersion,
  options: RenderOptions,
): string[] {
  if (!inRange(flag, version)) throw flagVersionError(descriptor, flag, version);
  const takes = takesValueAt(flag, version);
  // Construction allows `true` only for flags that are bare or optional-valued in some release.
  if (value === true) {
    if (takes !== true) return [`-${flag.flag}`];
    const bare = flag.valueHistory.filter((c) => c.takesValue !== true);
    throw new VersionError(
      descriptor.command,
      flag.flag,
      bare.map(rangeText).join(' or '),
      String(version),
      `for -${flag.flag} without a value`,
    );
  }
  if (takes === false) {
    const withValue = flag.valueHistory.filter((c) => c.takesValue !== false);
    const needed = withValue.length
      ? withValue.map(rangeText).join(' or ')
      : `a release outside ${flag.valueHistory.map((c) => `${c.since} to ${c.until}`).join(', ')}`;
    throw new VersionError(
      descriptor.command,
      flag.flag,
      needed,
      String(version),
      `for -${flag.flag} with a value`,
    );
  }
  const values = valueStrings(flag.valueType, value, options);
  // An optional value must be attached (`-lVALUE`): a separate word would be read as a positional.
  if (takes === 'optional') return values.map((v) => `-${flag.flag}${v}`);
  return values.flatMap((v) => [`-${flag.flag}`, v]);
}

/** The error for a positional given while an earlier one is left out. */
export function positionalOrderError(
  descriptor: CommandDescriptor,
  param: string,
  missing: string,
): ParameterError {
  return new ParameterError(
    descriptor.command,
    param,
    `cannot be given without ${missing}, which comes first`,
  );
}

/** The positionals' words for a version (without the `--` before them), by the catalog entry. */
export function renderPositionals(
  descriptor: CommandDescriptor,
  params: Readonly<Record<string, unknown>>,
  version: TmuxVersion,
  options: RenderOptions,
): string[] {
  const out: string[] = [];
  let missing: PositionalDescriptor | undefined;
  for (const p of descriptor.positionals) {
    const value = params[p.param];
    const exists = inRange(p, version);
    if (value === undefined) {
      // Always-required positionals are checked at construction; this is one required until a release.
      if (exists && p.requiredUntil !== null && !version.atLeast(p.requiredUntil)) {
        throw new VersionError(
          descriptor.command,
          p.param,
          `${p.requiredUntil} or newer`,
          String(version),
          `to leave ${p.param} out`,
        );
      }
      missing ??= exists ? p : undefined;
      continue;
    }
    if (!exists) throw new VersionError(descriptor.command, p.param, rangeText(p), String(version));
    if (missing) throw positionalOrderError(descriptor, p.param, missing.param);
    const values = valueStrings(p.type, value, options);
    const variadic = p.variadic || (p.variadicSince !== null && version.atLeast(p.variadicSince));
    if (!variadic && values.length > 1) {
      throw new VersionError(
        descriptor.command,
        p.param,
        `${p.variadicSince ?? 'a newer release'} for several values`,
        String(version),
      );
    }
    out.push(...values);
  }
  return out;
}

/**
 * Straight-line validation and rendering of one command, generated from the manifest
 * (`src/generated/operation-paths.generated.ts`): what the generic code below does, without looking
 * anything up. Both give the same values, words and errors (the render tables and the sweep prove it).
 */
export interface OperationPath {
  /** The parameters checked and normalized, frozen, as `normalizeParameters` returns them. */
  check(params: unknown): Readonly<Record<string, unknown>>;
  /** The words for a version, command first; `params` have passed `check` (and the codec's `prepare`). */
  render(params: Readonly<Record<string, unknown>>, version: TmuxVersion, options: RenderOptions): string[];
}

/** The generic path: the catalog entry read at run time (for operations built without a generated path). */
export function genericWords(
  d: CommandDescriptor,
  params: Readonly<Record<string, unknown>>,
  version: TmuxVersion,
  options: RenderOptions,
): string[] {
  if (!inRange(d, version)) throw commandVersionError(d, version);
  const words = [d.command];
  for (const flag of d.flags) {
    const value = params[flag.param];
    if (value !== undefined && value !== false) words.push(...renderFlag(d, flag, value, version, options));
  }
  const positionals = renderPositionals(d, params, version, options);
  if (positionals.length > 0) words.push('--', ...positionals);
  return words;
}

/** A rendering: frozen, and reading results with its codec (a method, not a closure per rendering). */
class Compiled<R extends CommandResult> implements CompiledOperation<R> {
  readonly #codec: ResultCodec<R>;
  readonly #params: Readonly<Record<string, unknown>>;

  constructor(
    readonly argv: readonly string[],
    readonly words: readonly string[],
    readonly version: TmuxVersion,
    codec: ResultCodec<R>,
    params: Readonly<Record<string, unknown>>,
  ) {
    this.#codec = codec;
    this.#params = params;
    Object.freeze(this);
  }

  decode(raw: RawOutput): R {
    return this.#codec.decode(raw, { version: this.version, params: this.#params });
  }
}

/**
 * The base of every generated operation class. `P` is the parameter interface, `R` the result class that
 * engines return for it.
 */
export abstract class Operation<P extends object = object, R extends CommandResult = CommandResult> {
  /** The catalog entry this operation renders from. */
  readonly descriptor: CommandDescriptor;
  /** The parameters, validated; target strings are parsed into `Target` values. */
  readonly params: Readonly<P>;
  readonly #codec: ResultCodec<CommandResult>;
  readonly #path: OperationPath | undefined;
  // The last rendering (an operation is immutable, so it never changes for that version); private
  // fields stay writable on the frozen object.
  #compiled: CompiledOperation<R> | undefined;

  protected constructor(
    descriptor: CommandDescriptor,
    params: P,
    rowFields?: readonly RowField[],
    path?: OperationPath,
  ) {
    this.descriptor = descriptor;
    this.params = (
      path ? path.check(params) : normalizeParameters(descriptor, params as Record<string, unknown>)
    ) as Readonly<P>;
    this.#codec = codecFor(descriptor, rowFields);
    this.#path = path;
    Object.freeze(this);
  }

  /** The tmux command name, e.g. `split-window`. */
  get command(): string {
    return this.descriptor.command;
  }

  /**
   * argv for `version`: the command, flags in manifest order, then `--` and the positionals. Throws
   * `VersionError` when the command, a flag or a positional does not exist in that version.
   */
  render(options: RenderOptions): string[] {
    return [...this.compile(options).argv];
  }

  compile(options: RenderOptions): CompiledOperation<R> {
    const version = TmuxVersion.parse(options.version);
    // Slot references resolve differently per plan run: those renderings are never kept.
    if (options.resolveSlot !== undefined) return this.#compile(version, options);
    const last = this.#compiled;
    if (last !== undefined && last.version.rank === version.rank) return last;
    return (this.#compiled = this.#compile(version, options));
  }

  #compile(version: TmuxVersion, options: RenderOptions): CompiledOperation<R> {
    const callerParams = this.params as Readonly<Record<string, unknown>>;
    const params = this.#codec.prepare(callerParams, version);
    const built = this.#path
      ? this.#path.render(params, version, options)
      : genericWords(this.descriptor, params, version, options);
    // A copy of exactly its length: the array grown by push has room for 17 words, and renderings of
    // pipelined operations live until their answers come (about 100 bytes less each to collect).
    const words = Object.freeze(built.slice());
    // Most words need no argv escaping: then argv is the same frozen array.
    let argv: readonly string[] = words;
    for (const w of words) {
      if (w.endsWith(';')) {
        argv = Object.freeze(words.map(escapeArgvArgument));
        break;
      }
    }
    return new Compiled(argv, words, version, this.#codec as ResultCodec<R>, callerParams);
  }

  toJSON(): OperationJSON {
    const params: Record<string, unknown> = {};
    const { flags, positionals } = parameterIndex(this.descriptor);
    for (const [key, value] of Object.entries(this.params)) {
      const type = flags.get(key)?.valueType ?? positionals.get(key)?.type ?? null;
      params[key] = type === 'target' ? jsonTarget(value) : value;
    }
    return { command: this.descriptor.command, params };
  }
}

/** A target as JSON: its text, or the slot reference itself (it has no text until a plan resolves it). */
function jsonTarget(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonTarget);
  if (typeof value === 'boolean') return value; // a bare flag (display-message -c in 3.2)
  const target = value as Target;
  return target.type === 'slot' ? target : formatTarget(target);
}
