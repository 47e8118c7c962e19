/**
 * A tmux version as `tmux -V` or `#{version}` reports it: releases (`3.3`, `3.3a`), development builds
 * (`next-3.8`, which sorts after every 3.7 release and before 3.8) and `master` (newer than anything).
 * Letter releases sort after their base release: 3.1 < 3.1a < 3.1c < 3.2.
 *
 * @example
 * ```ts
 * import { TmuxVersion } from 'tmuxkit';
 * const v = TmuxVersion.parse('tmux 3.3a');
 * v.atLeast('3.2');            // true
 * v.compare('3.3') > 0;        // true: newer
 * String(TmuxVersion.parse('next-3.8')); // 'next-3.8'
 * ```
 */
const PARSED = new Map<string, TmuxVersion>();

export class TmuxVersion {
  private constructor(
    /** Major version (3 in 3.3a); Infinity for master. */
    readonly major: number,
    /** Minor version (3 in 3.3a); Infinity for master. */
    readonly minor: number,
    /** Bug-fix letter ('a' in 3.3a), or '' for none. */
    readonly letter: string,
    /** A development build: `next-3.8` (sorts just before 3.8) or `master`. */
    readonly development: boolean,
    private readonly text: string,
  ) {
    // One number in release order, so hot paths compare versions with `<` (generated render gates).
    this.rank =
      major === Infinity
        ? Infinity
        : major * 1_000_000 +
          minor * 1_000 +
          (development ? 0 : 1 + (letter ? letter.charCodeAt(0) - 96 : 0));
    Object.freeze(this);
  }

  /**
   * The version's place in release order as one number: `a.rank < b.rank` exactly when `a` is older
   * (3.8 is 3008001, 3.8a 3008002, next-3.8 3008000, master Infinity).
   */
  readonly rank: number;

  /** Parses `3.3a`, `tmux 3.3a`, `next-3.8`, `master`. Throws a `RangeError` naming the input otherwise. */
  static parse(input: string | TmuxVersion): TmuxVersion {
    if (input instanceof TmuxVersion) return input;
    // Versions are compared on every flag of every render: parse each text once.
    const known = PARSED.get(input);
    if (known) return known;
    const parsed = TmuxVersion.#parseText(input);
    if (PARSED.size < 1024) PARSED.set(input, parsed);
    return parsed;
  }

  static #parseText(input: string): TmuxVersion {
    const text = input.trim().replace(/^tmux\s+/, '');
    if (text === 'master') return new TmuxVersion(Infinity, Infinity, '', true, text);
    const next = /^next-(\d+)\.(\d+)$/.exec(text);
    if (next) return new TmuxVersion(Number(next[1]), Number(next[2]), '', true, text);
    const release = /^(\d+)\.(\d+)([a-z]?)$/.exec(text);
    if (release) return new TmuxVersion(Number(release[1]), Number(release[2]), release[3]!, false, text);
    throw new RangeError(`not a tmux version: '${input}' (expected e.g. 3.3a, next-3.8 or master)`);
  }

  /** Negative if this is older than `other`, 0 if the same, positive if newer. */
  compare(other: string | TmuxVersion): number {
    const o = TmuxVersion.parse(other);
    // next-X.Y is the work towards X.Y: before X.Y and all of its letter releases (see rank).
    return this.rank === o.rank ? 0 : this.rank < o.rank ? -1 : 1;
  }

  atLeast(other: string | TmuxVersion): boolean {
    return this.compare(other) >= 0;
  }

  equals(other: string | TmuxVersion): boolean {
    return this.compare(other) === 0;
  }

  toString(): string {
    return this.text;
  }

  toJSON(): string {
    return this.text;
  }
}
