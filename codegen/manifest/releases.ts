/** Release order comes from manifest/versions.yaml: a release is before another if it is listed earlier. */
export class ReleaseOrder {
  private readonly index: ReadonlyMap<string, number>;

  constructor(readonly releases: readonly string[]) {
    this.index = new Map(releases.map((r, i) => [r, i]));
  }

  has(release: string): boolean {
    return this.index.has(release);
  }

  /** Negative if a is older than b, 0 if equal, positive if newer. Both must be known. */
  compare(a: string, b: string): number {
    const ia = this.index.get(a);
    const ib = this.index.get(b);
    if (ia === undefined || ib === undefined) throw new Error(`unknown release '${ia === undefined ? a : b}'`);
    return ia - ib;
  }

  /** True when `release` is within [since, until): `since` defaults to the oldest, `until` is exclusive. */
  within(range: { readonly since?: string | undefined; readonly until?: string | undefined }, release: string) {
    return (
      (range.since === undefined || this.compare(range.since, release) <= 0) &&
      (range.until === undefined || this.compare(release, range.until) < 0)
    );
  }
}
