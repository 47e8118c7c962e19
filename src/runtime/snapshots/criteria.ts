/**
 * Query criteria as plain JSON, so that an agent (through the MCP server) can send them as data:
 *
 * - `{ windowName: 'logs' }`: equality, field by field (all must hold);
 * - `{ paneWidth: { gte: 80 } }`: comparisons `eq`, `ne`, `gt`, `gte`, `lt`, `lte`, `in` (one of a list),
 *   `exists` (the field has a value);
 * - `{ paneCurrentCommand: { regex: '^(vim|nvim)$', flags: 'i' } }`: a regular expression, as data;
 * - `{ and: [...] }`, `{ or: [...] }`, `{ not: {...} }`.
 *
 * Field names are the snapshot's (`sessionName`, `windowId`, `paneCurrentCommand`, ...). An unknown field,
 * operator or a pattern that does not compile is a `QueryError` when the criteria are compiled, before any
 * node is looked at.
 *
 * @example
 * ```ts
 * import { compileCriteria } from 'tmuxkit';
 * const wide = compileCriteria({ paneWidth: { gte: 100 }, paneCurrentCommand: { regex: '^vim' } }, ['paneWidth', 'paneCurrentCommand']);
 * wide({ paneWidth: 120, paneCurrentCommand: 'vim' }); // true
 * ```
 */
import { TmuxkitError } from '../errors.js';

/** A scalar a field may hold. */
export type FieldValue = string | number | boolean | null;

export interface FieldCondition {
  readonly eq?: FieldValue;
  readonly ne?: FieldValue;
  readonly gt?: number | string;
  readonly gte?: number | string;
  readonly lt?: number | string;
  readonly lte?: number | string;
  readonly in?: readonly FieldValue[];
  readonly exists?: boolean;
  /** A JavaScript regular expression's source, matched against the field's text. */
  readonly regex?: string;
  /** Its flags: any of `i`, `m`, `s`, `u`. */
  readonly flags?: string;
}

export type Criteria =
  | { readonly and: readonly Criteria[] }
  | { readonly or: readonly Criteria[] }
  | { readonly not: Criteria }
  | { readonly [field: string]: FieldValue | FieldCondition };

/** Criteria that cannot be compiled: an unknown field or operator, a bad pattern. */
export class QueryError extends TmuxkitError {}

const OPERATORS = new Set(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'exists', 'regex', 'flags']);

type Test = (node: Readonly<Record<string, unknown>>) => boolean;

const isScalar = (v: unknown): v is FieldValue =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function ordered(value: unknown, bound: unknown, test: (c: number) => boolean): boolean {
  if (typeof value === 'number' && typeof bound === 'number') return test(value - bound);
  if (typeof value === 'string' && typeof bound === 'string')
    return test(value < bound ? -1 : value > bound ? 1 : 0);
  return false;
}

function condition(field: string, spec: FieldCondition): Test {
  for (const key of Object.keys(spec)) {
    if (!OPERATORS.has(key)) {
      throw new QueryError(
        `unknown operator ${JSON.stringify(key)} for ${field} (${[...OPERATORS].join(', ')})`,
      );
    }
  }
  const tests: ((v: unknown) => boolean)[] = [];
  if ('eq' in spec) tests.push((v) => v === spec.eq);
  if ('ne' in spec) tests.push((v) => v !== spec.ne);
  for (const [op, check] of [
    ['gt', (c: number) => c > 0],
    ['gte', (c: number) => c >= 0],
    ['lt', (c: number) => c < 0],
    ['lte', (c: number) => c <= 0],
  ] as const) {
    if (op in spec) {
      const bound = spec[op];
      if (typeof bound !== 'number' && typeof bound !== 'string') {
        throw new QueryError(`${field}.${op} takes a number or a string`);
      }
      tests.push((v) => ordered(v, bound, check));
    }
  }
  if ('in' in spec) {
    if (!Array.isArray(spec.in) || !spec.in.every(isScalar))
      throw new QueryError(`${field}.in takes a list of values`);
    const set = new Set(spec.in);
    tests.push((v) => set.has(v as FieldValue));
  }
  if ('exists' in spec) tests.push((v) => (v !== undefined && v !== null) === spec.exists);
  if ('flags' in spec && !('regex' in spec)) throw new QueryError(`${field}.flags needs a regex`);
  if ('regex' in spec) {
    const flags = spec.flags ?? '';
    if (typeof spec.regex !== 'string' || typeof flags !== 'string' || !/^[imsu]*$/.test(flags)) {
      throw new QueryError(`${field}.regex takes a pattern string and flags from "imsu"`);
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(spec.regex, flags);
    } catch (e) {
      throw new QueryError(`${field}.regex does not compile: ${(e as Error).message}`);
    }
    tests.push((v) => v !== undefined && v !== null && pattern.test(String(v)));
  }
  return (node) => {
    const value = node[field];
    return tests.every((t) => t(value));
  };
}

/**
 * Compiles criteria into a test over nodes; `fields` are the names a node may have (anything else is a
 * `QueryError`).
 */
export function compileCriteria(criteria: Criteria, fields: readonly string[]): Test {
  const known = new Set(fields);
  const compile = (c: unknown, where: string): Test => {
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      throw new QueryError(`criteria${where} must be an object`);
    }
    const entries = Object.entries(c as Record<string, unknown>);
    const tests: Test[] = entries.map(([key, value]) => {
      if (key === 'and' || key === 'or') {
        if (!Array.isArray(value)) throw new QueryError(`criteria${where}.${key} takes a list of criteria`);
        const parts = value.map((v, i) => compile(v, `${where}.${key}[${i}]`));
        return key === 'and' ? (n) => parts.every((p) => p(n)) : (n) => parts.some((p) => p(n));
      }
      if (key === 'not') {
        const inner = compile(value, `${where}.not`);
        return (n) => !inner(n);
      }
      if (!known.has(key)) {
        throw new QueryError(`unknown field ${JSON.stringify(key)}${where ? ` at criteria${where}` : ''}`);
      }
      if (isScalar(value)) return (n) => n[key] === value;
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        return condition(key, value as FieldCondition);
      }
      throw new QueryError(`${key}: a value or a condition object`);
    });
    return (n) => tests.every((t) => t(n));
  };
  return compile(criteria, '');
}

/** The JSON Schema of criteria over `fields` (for the MCP layer to offer agents). */
export function criteriaJSONSchema(fields: readonly string[]): Record<string, unknown> {
  const scalar = { type: ['string', 'number', 'boolean', 'null'] };
  const condition = {
    type: 'object',
    additionalProperties: false,
    properties: {
      eq: scalar,
      ne: scalar,
      gt: { type: ['number', 'string'] },
      gte: { type: ['number', 'string'] },
      lt: { type: ['number', 'string'] },
      lte: { type: ['number', 'string'] },
      in: { type: 'array', items: scalar },
      exists: { type: 'boolean' },
      regex: { type: 'string' },
      flags: { type: 'string', pattern: '^[imsu]*$' },
    },
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $ref: '#/$defs/criteria',
    $defs: {
      criteria: {
        type: 'object',
        additionalProperties: false,
        properties: {
          and: { type: 'array', items: { $ref: '#/$defs/criteria' } },
          or: { type: 'array', items: { $ref: '#/$defs/criteria' } },
          not: { $ref: '#/$defs/criteria' },
          ...Object.fromEntries(fields.map((f) => [f, { anyOf: [scalar, condition] }])),
        },
      },
    },
  };
}
