/**
 * A query over snapshot nodes: immutable, each step a new query. `where` takes JSON criteria (see
 * `criteria.ts`), `filter` a function; `orderBy` sorts by fields; `first`, `one`, `count`, `toArray` read.
 * A query maps into operations for a plan: `snap.panes.where({ windowName: 'logs' }).map((p) => new
 * SendKeys({ target: p.paneId, keys: ['clear', 'Enter'] }))`.
 *
 * @example
 * ```ts
 * import { Query } from 'tmuxkit';
 * const q = new Query([{ paneId: '%1', paneWidth: 80 }, { paneId: '%2', paneWidth: 120 }], ['paneId', 'paneWidth']);
 * q.where({ paneWidth: { gt: 100 } }).one().paneId; // '%2'
 * q.orderBy({ field: 'paneWidth', descending: true }).first()?.paneId; // '%2'
 * ```
 */
import { compileCriteria, QueryError, type Criteria } from './criteria.js';

/** A field to sort by, ascending unless `descending`. */
export type OrderKey<T> =
  (keyof T & string) | { readonly field: keyof T & string; readonly descending?: boolean };

function compareValues(a: unknown, b: unknown): number {
  // Absent values sort last; numbers by value; everything else by its text.
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export class Query<T extends object> implements Iterable<T> {
  readonly #items: readonly T[];
  /** The field names criteria may use. */
  readonly fields: readonly string[];

  constructor(items: readonly T[], fields: readonly string[]) {
    this.#items = Object.isFrozen(items) ? items : Object.freeze([...items]);
    this.fields = fields;
    Object.freeze(this);
  }

  /** The nodes that meet `criteria` (JSON: equality, comparisons, regular expressions, and/or/not). */
  where(criteria: Criteria): Query<T> {
    const test = compileCriteria(criteria, this.fields);
    return new Query(
      this.#items.filter((n) => test(n as Readonly<Record<string, unknown>>)),
      this.fields,
    );
  }

  filter(predicate: (node: T, index: number) => boolean): Query<T> {
    return new Query(this.#items.filter(predicate), this.fields);
  }

  /** Sorted by the keys in turn (stable: ties keep their order). */
  orderBy(...keys: readonly OrderKey<T>[]): Query<T> {
    const specs = keys.map((k) => (typeof k === 'string' ? { field: k, descending: false } : k));
    for (const s of specs) {
      if (!this.fields.includes(s.field))
        throw new QueryError(`unknown field ${JSON.stringify(s.field)} to order by`);
    }
    const sorted = [...this.#items].sort((a, b) => {
      for (const { field, descending } of specs) {
        const c = compareValues((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]);
        if (c !== 0) return descending ? -c : c;
      }
      return 0;
    });
    return new Query(sorted, this.fields);
  }

  first(): T | undefined {
    return this.#items[0];
  }

  /** The only node; a `QueryError` unless there is exactly one. */
  one(): T {
    if (this.#items.length !== 1) {
      throw new QueryError(`expected exactly one match, found ${this.#items.length}`);
    }
    return this.#items[0]!;
  }

  count(): number {
    return this.#items.length;
  }

  toArray(): T[] {
    return [...this.#items];
  }

  map<U>(fn: (node: T, index: number) => U): U[] {
    return this.#items.map(fn);
  }

  [Symbol.iterator](): Iterator<T> {
    return this.#items[Symbol.iterator]();
  }

  toJSON(): readonly T[] {
    return this.#items;
  }
}
