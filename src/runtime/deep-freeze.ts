/** Freezes a value and everything reachable from it; generated data tables are immutable all the way down. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    // for...in, not Object.values: no array per object (the catalog has thousands, frozen at import).
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
