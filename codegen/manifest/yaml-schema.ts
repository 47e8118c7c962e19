/**
 * A small validator over the `yaml` package's node tree. Validating nodes (not plain objects) keeps every
 * value's position, so each problem is reported as file:line:column with the key and a plain sentence.
 * Every validated object remembers where its keys were (see `locate`), for the semantic checks that run later.
 */
import { isMap, isScalar, isSeq, type LineCounter, type Node, type Pair } from 'yaml';
import type { Diagnostic } from './diagnostics.js';

export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where one validation runs: the file, its line counter, the key path, and the sink for problems. */
export interface Context {
  readonly file: string;
  readonly lines: LineCounter;
  readonly path: string;
  readonly report: (d: Diagnostic) => void;
  /** Position of the enclosing node, used when the node itself is missing. */
  readonly fallback: Position;
}

export type Schema<T> = (node: unknown, ctx: Context) => T | Invalid;

const POSITIONS = new WeakMap<object, ReadonlyMap<string, Position>>();

/** Position of `key` in a validated object or list (an index for a list; `''` for the whole). */
export function locate(value: object, key = ''): Position | undefined {
  const map = POSITIONS.get(value);
  return map?.get(key) ?? map?.get('');
}

/** Gives `copy` (an extended copy of a validated object) the key positions of `original`. */
export function withPositionsOf<T extends object>(copy: T, original: object): T {
  const map = POSITIONS.get(original);
  if (map) POSITIONS.set(copy, map);
  return copy;
}

export function positionOf(node: unknown, ctx: Context): Position {
  const range = (node as Node | null)?.range;
  if (!range) return ctx.fallback;
  const { line, col } = ctx.lines.linePos(range[0]);
  return { line, column: col };
}

export function problem(ctx: Context, at: Position, message: string, path = ctx.path): Invalid {
  ctx.report({ file: ctx.file, line: at.line, column: at.column, key: path, message });
  return INVALID;
}

function child(ctx: Context, path: string, at: Position): Context {
  return { ...ctx, path, fallback: at };
}

function describe(node: unknown): string {
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'empty';
    return typeof v === 'string' ? `the string '${v}'` : `${typeof v} ${String(v)}`;
  }
  return 'nothing';
}

function scalar<T>(accept: (v: unknown) => v is T, what: string, hint = ''): Schema<T> {
  return (node, ctx) => {
    if (isScalar(node) && accept(node.value)) return node.value;
    return problem(ctx, positionOf(node, ctx), `must be ${what}, found ${describe(node)}${hint}`);
  };
}

export const string: Schema<string> = scalar(
  (v): v is string => typeof v === 'string' && v.length > 0,
  'a non-empty string',
  ' (quote values such as 3.0 so YAML keeps them as text)',
);
export const boolean: Schema<boolean> = scalar((v): v is boolean => typeof v === 'boolean', 'true or false');
export const nullable =
  <T>(inner: Schema<T>): Schema<T | null> =>
  (node, ctx) =>
    isScalar(node) && node.value === null ? null : inner(node, ctx);

export function matching(re: RegExp, what: string): Schema<string> {
  return (node, ctx) => {
    const v = string(node, ctx);
    if (v === INVALID) return v;
    return re.test(v) ? v : problem(ctx, positionOf(node, ctx), `'${v}' is not ${what}`);
  };
}

export function oneOf<const T extends string>(values: readonly T[]): Schema<T> {
  return (node, ctx) => {
    const v = string(node, ctx);
    if (v === INVALID) return v;
    return (values as readonly string[]).includes(v)
      ? (v as T)
      : problem(ctx, positionOf(node, ctx), `'${v}' is not one of: ${values.join(', ')}`);
  };
}

/** A string, or a boolean mapped to a marker, e.g. takesValue: true | false | optional. */
export function union<A, B>(a: Schema<A>, b: Schema<B>, what: string): Schema<A | B> {
  return (node, ctx) => {
    const silent: Context = { ...ctx, report: () => {} };
    const first = a(node, silent);
    if (first !== INVALID) return first;
    const second = b(node, silent);
    if (second !== INVALID) return second;
    return problem(ctx, positionOf(node, ctx), `must be ${what}, found ${describe(node)}`);
  };
}

export function list<T>(item: Schema<T>): Schema<readonly T[]> {
  return (node, ctx) => {
    if (!isSeq(node)) return problem(ctx, positionOf(node, ctx), `must be a list, found ${describe(node)}`);
    const out: T[] = [];
    const where = new Map<string, Position>([['', positionOf(node, ctx)]]);
    let ok = true;
    node.items.forEach((it, i) => {
      where.set(String(i), positionOf(it, ctx));
      const v = item(it, child(ctx, `${ctx.path}[${i}]`, positionOf(it, ctx)));
      if (v === INVALID) ok = false;
      else out.push(v);
    });
    if (!ok) return INVALID;
    const frozen = Object.freeze(out);
    POSITIONS.set(frozen, where);
    return frozen;
  };
}

interface FieldSpec<T> {
  readonly schema: Schema<T>;
  readonly required: boolean;
}
export const required = <T>(schema: Schema<T>): FieldSpec<T> => ({ schema, required: true });
export const optional = <T>(schema: Schema<T>): FieldSpec<T | undefined> => ({ schema, required: false });

type Shape = Record<string, FieldSpec<unknown>>;
type Out<S extends Shape> = { readonly [K in keyof S]: S[K] extends FieldSpec<infer T> ? T : never };

/** A mapping with exactly these keys: unknown keys and missing required keys are problems. */
export function record<S extends Shape>(shape: S): Schema<Out<S>> {
  return (node, ctx) => {
    if (!isMap(node)) return problem(ctx, positionOf(node, ctx), `must be a mapping, found ${describe(node)}`);
    const here = positionOf(node, ctx);
    const out: Record<string, unknown> = {};
    const where = new Map<string, Position>([['', here]]);
    let ok = true;
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const keyNode = pair.key;
      const key = isScalar(keyNode) ? String(keyNode.value) : '';
      const keyAt = positionOf(keyNode, ctx);
      const path = ctx.path ? `${ctx.path}.${key}` : key;
      const spec = shape[key];
      if (!spec) {
        const known = Object.keys(shape).join(', ');
        problem(ctx, keyAt, `unknown key '${key}' (expected one of: ${known})`, path);
        ok = false;
        continue;
      }
      where.set(key, pair.value ? positionOf(pair.value, ctx) : keyAt);
      const v = spec.schema(pair.value ?? null, child(ctx, path, keyAt));
      if (v === INVALID) ok = false;
      else if (v !== undefined) out[key] = v;
    }
    for (const [key, spec] of Object.entries(shape)) {
      if (spec.required && !where.has(key)) {
        problem(ctx, here, `missing required key '${key}'`, ctx.path ? `${ctx.path}.${key}` : key);
        ok = false;
      }
    }
    if (!ok) return INVALID;
    const frozen = Object.freeze(out);
    POSITIONS.set(frozen, where);
    return frozen as Out<S>;
  };
}
