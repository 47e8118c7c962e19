/**
 * Validation of an operation's parameters against its catalog entry, at construction. The result is a
 * frozen copy with target strings parsed, so a constructed operation is known to be well-formed; only
 * version questions remain for `render`.
 */
import type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ValueType,
} from './command-descriptor.js';
import { containsNul } from './argv-quoting.js';
import { ParameterError } from './errors.js';
import { toTarget, type TargetInput } from './targets.js';

type Fail = (message: string) => never;

function checkString(value: unknown, fail: Fail, what = 'a string'): string {
  if (typeof value !== 'string') fail(`expected ${what}, got ${describe(value)}`);
  if (containsNul(value as string)) fail('contains a NUL byte, which tmux cannot receive');
  return value as string;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

const ENV_NAME = /^[^=\0]+$/;

function checkEnvironmentEntry(value: unknown, fail: Fail): string {
  const text = checkString(value, fail, "'NAME=value'");
  if (!/^[^=]+=/.test(text)) fail(`expected 'NAME=value', got ${JSON.stringify(text)}`);
  return text;
}

/** One value of a given type (not an array). */
function checkValue(
  type: ValueType,
  targetKind: FlagDescriptor['target'],
  value: unknown,
  fail: Fail,
): unknown {
  switch (type) {
    case 'int':
      if (!Number.isSafeInteger(value)) fail(`expected an integer, got ${describe(value)}`);
      return value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value))
        fail(`expected a number, got ${describe(value)}`);
      return value;
    case 'size':
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
      if (typeof value === 'string' && /^\d+%?$/.test(value)) return value;
      return fail(`expected a size (N or 'N%'), got ${describe(value)}`);
    case 'target':
      return toTarget(value as TargetInput, targetKind ?? 'pane');
    case 'environment':
      return checkEnvironmentEntry(value, fail);
    default:
      return checkString(value, fail);
  }
}

/** Whether `true` (the bare flag) is a valid value in some release: see FlagDescriptor.valueHistory. */
export function acceptsBare(flag: FlagDescriptor): boolean {
  return flag.valueType === null || flag.valueHistory.some((c) => c.takesValue !== true);
}

function checkFlag(flag: FlagDescriptor, value: unknown, fail: Fail): unknown {
  if (typeof value === 'boolean' && acceptsBare(flag)) return value;
  if (flag.valueType === null) {
    const optionalValue = flag.valueHistory.some((c) => c.takesValue !== false);
    if (optionalValue) return checkString(value, fail, 'a boolean or a string');
    return fail(`expected a boolean (the flag -${flag.flag} takes no value), got ${describe(value)}`);
  }
  if (flag.valueType === 'environment') {
    // { NAME: 'value' } or ['NAME=value', ...] or one 'NAME=value'.
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      for (const [name, v] of entries) {
        if (!ENV_NAME.test(name)) fail(`environment variable name ${JSON.stringify(name)} is not valid`);
        checkString(v, fail);
      }
      return Object.freeze(Object.fromEntries(entries));
    }
  }
  if (flag.repeatable && Array.isArray(value)) {
    return Object.freeze(value.map((v) => checkValue(flag.valueType!, flag.target, v, fail)));
  }
  return checkValue(flag.valueType, flag.target, value, fail);
}

function checkPositional(p: PositionalDescriptor, value: unknown, fail: Fail): unknown {
  const variadic = p.variadic || p.variadicSince !== null;
  if (Array.isArray(value)) {
    if (!variadic) fail('takes one value, not an array');
    return Object.freeze(value.map((v) => checkValue(p.type, null, v, fail)));
  }
  return checkValue(p.type, null, value, fail);
}

export interface ParameterIndex {
  readonly flags: ReadonlyMap<string, FlagDescriptor>;
  readonly positionals: ReadonlyMap<string, PositionalDescriptor>;
  /** Flag letter → flag, for the exclusive groups (which name letters). */
  readonly letters: ReadonlyMap<string, FlagDescriptor>;
}

/** Parameter name → descriptor, built once per command (operations of a command are many). */
const INDEXES = new WeakMap<CommandDescriptor, ParameterIndex>();

export function parameterIndex(descriptor: CommandDescriptor): ParameterIndex {
  let index = INDEXES.get(descriptor);
  if (!index) {
    index = {
      flags: new Map(descriptor.flags.map((f) => [f.param, f])),
      positionals: new Map(descriptor.positionals.map((p) => [p.param, p])),
      letters: new Map(descriptor.flags.map((f) => [f.flag, f])),
    };
    INDEXES.set(descriptor, index);
  }
  return index;
}

/** The parameters as given, or a `ParameterError` when they are not an object (undefined is `{}`). */
export function parameterObject(
  descriptor: CommandDescriptor,
  params: unknown,
): Readonly<Record<string, unknown>> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ParameterError(descriptor.command, '', `parameters must be an object, got ${describe(params)}`);
  }
  return params as Readonly<Record<string, unknown>>;
}

/**
 * One parameter, checked and normalized (targets parsed, arrays frozen; undefined stays undefined); an
 * unknown name or a bad value is a `ParameterError`. The generated checks call it for anything their inline tests do not settle.
 */
export function checkParameter(descriptor: CommandDescriptor, key: string, value: unknown): unknown {
  const fail: Fail = (message) => {
    throw new ParameterError(descriptor.command, key, message);
  };
  const { flags, positionals } = parameterIndex(descriptor);
  const flag = flags.get(key);
  const positional = positionals.get(key);
  if (!flag && !positional) {
    const known = [...flags.keys(), ...positionals.keys()].join(', ');
    fail(`unknown parameter (${descriptor.command} has: ${known})`);
  }
  if (value === undefined) return undefined; // a known parameter left out
  return flag ? checkFlag(flag, value, fail) : checkPositional(positional!, value, fail);
}

/** Whether a flag counts as given (`false` is the same as leaving it out). */
export function isSet(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/** How many of the values count as given. */
export function countSet(...values: unknown[]): number {
  let n = 0;
  for (const v of values) if (isSet(v)) n++;
  return n;
}

/** The error for flags of one exclusive group used together (names in the group's order). */
export function exclusiveError(
  descriptor: CommandDescriptor,
  group: readonly string[],
  out: Readonly<Record<string, unknown>>,
): ParameterError | undefined {
  const { letters } = parameterIndex(descriptor);
  const used = group.flatMap((letter) => {
    const f = letters.get(letter);
    return f !== undefined && isSet(out[f.param]) ? [f] : [];
  });
  if (used.length < 2) return undefined;
  const names = used.map((f) => `${f.param} (-${f.flag})`);
  return new ParameterError(descriptor.command, '', `${names.join(' and ')} cannot be used together`);
}

/** The error for a required positional left out. */
export function requiredError(descriptor: CommandDescriptor, param: string): ParameterError {
  return new ParameterError(descriptor.command, param, 'is required');
}

/**
 * The generic check of a whole parameter object (what each generated check does in straight lines):
 * every key known and valid, no exclusive flags together, every required positional given.
 */
export function normalizeParameters(
  descriptor: CommandDescriptor,
  params: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> {
  const given = parameterObject(descriptor, params);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const checked = checkParameter(descriptor, key, value);
    if (value !== undefined) out[key] = checked;
  }
  for (const group of descriptor.exclusive) {
    const error = exclusiveError(descriptor, group, out);
    if (error) throw error;
  }
  for (const p of descriptor.positionals) {
    if (!p.optional && out[p.param] === undefined) throw requiredError(descriptor, p.param);
  }
  return Object.freeze(out);
}
