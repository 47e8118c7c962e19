/**
 * Big generated tables that must look like plain values at import (the public `catalog` array and
 * `catalogByName` map) but are read from their JSON only when first touched: importing the package then
 * costs nothing for them (the catalog is 190 KB of JSON, about 8 ms to parse and freeze).
 */

/**
 * A frozen array read on first touch: a Proxy whose target is filled with `load()` and frozen the first
 * time anything looks at it, then consulted as the array itself (so `Array.isArray`, iteration, `find`,
 * `JSON.stringify` and `Object.isFrozen` all answer as for the real array).
 */
export function lazyFrozenArray<T>(load: () => readonly T[]): readonly T[] {
  const target: T[] = [];
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    target.push(...load());
    Object.freeze(target);
  };
  const handler: ProxyHandler<T[]> = {};
  for (const trap of [
    'get',
    'has',
    'ownKeys',
    'getOwnPropertyDescriptor',
    'isExtensible',
    'getPrototypeOf',
    'set',
    'defineProperty',
    'deleteProperty',
    'preventExtensions',
    'setPrototypeOf',
  ] as const) {
    (handler as Record<string, unknown>)[trap] = (_: T[], ...args: unknown[]) => {
      fill();
      return (Reflect[trap] as (...a: unknown[]) => unknown)(target, ...args);
    };
  }
  return new Proxy(target, handler);
}

/** A read-only Map filled with `entries()` the first time it is asked anything. */
export class LazyMap<K, V> extends Map<K, V> {
  #load: (() => Iterable<readonly [K, V]>) | undefined;

  constructor(entries: () => Iterable<readonly [K, V]>) {
    super();
    this.#load = entries;
  }

  #fill(): void {
    const load = this.#load;
    if (!load) return;
    this.#load = undefined;
    for (const [k, v] of load()) super.set(k, v);
  }

  override get(key: K): V | undefined {
    this.#fill();
    return super.get(key);
  }
  override has(key: K): boolean {
    this.#fill();
    return super.has(key);
  }
  override get size(): number {
    this.#fill();
    return super.size;
  }
  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    this.#fill();
    super.forEach(fn, thisArg);
  }
  override entries(): MapIterator<[K, V]> {
    this.#fill();
    return super.entries();
  }
  override keys(): MapIterator<K> {
    this.#fill();
    return super.keys();
  }
  override values(): MapIterator<V> {
    this.#fill();
    return super.values();
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
  /** Read-only: the catalog never changes. */
  override set(): this {
    throw new TypeError('this map is read-only');
  }
  override delete(): boolean {
    throw new TypeError('this map is read-only');
  }
  override clear(): void {
    throw new TypeError('this map is read-only');
  }
}
