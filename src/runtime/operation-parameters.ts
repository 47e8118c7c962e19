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

export function normalizeParameters(
  descriptor: CommandDescriptor,
  params: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> {
  const command = descriptor.command;
  if (params === undefined || params === null) params = {};
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw new ParameterError(command, '', `parameters must be an object, got ${describe(params)}`);
  }
  const { flags, positionals, letters } = parameterIndex(descriptor);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    const fail: Fail = (message) => {
      throw new ParameterError(command, key, message);
    };
    const flag = flags.get(key);
    const positional = positionals.get(key);
    if (!flag && !positional) {
      const known = [...flags.keys(), ...positionals.keys()].join(', ');
      fail(`unknown parameter (${command} has: ${known})`);
    }
    if (value === undefined) continue;
    out[key] = flag ? checkFlag(flag, value, fail) : checkPositional(positional!, value, fail);
  }
  for (const group of descriptor.exclusive) {
    const used = group.flatMap((letter) => {
      const f = letters.get(letter);
      return f !== undefined && out[f.param] !== undefined && out[f.param] !== false ? [f] : [];
    });
    if (used.length > 1) {
      const names = used.map((f) => `${f.param} (-${f.flag})`);
      throw new ParameterError(command, '', `${names.join(' and ')} cannot be used together`);
    }
  }
  for (const p of descriptor.positionals) {
    if (!p.optional && out[p.param] === undefined) {
      throw new ParameterError(command, p.param, 'is required');
    }
  }
  return Object.freeze(out);
}
