/**
 * An engine's tmux version: given, or detected once for every caller. Detection is the engine's own work
 * (bounded by its own time limit), so one caller's signal or timeout stops only that caller's wait; a
 * failed detection is tried again by the next call.
 */
import type { ExecuteOptions } from './engine.js';
import { checkServerRelease, type NewerTmuxOptions } from '../newer-tmux.js';
import { TmuxVersion } from '../tmux-version.js';
import { waitFor } from './wait-for.js';

/** How long a detection may take before it fails (it runs `tmux` or asks over the socket). */
export const VERSION_DETECTION_TIMEOUT = 10_000;

export class VersionOnce {
  #known: TmuxVersion | undefined;
  #pending: Promise<TmuxVersion> | undefined;
  readonly #detect: () => Promise<TmuxVersion>;

  /**
   * A given version is checked against the manifest at once (`NewerTmuxError` from the constructor under
   * `newerTmux: 'error'`); a detected one when it arrives (every call then rejects with it).
   */
  constructor(
    given: string | TmuxVersion | undefined,
    detect: () => Promise<TmuxVersion>,
    newer: NewerTmuxOptions = {},
  ) {
    this.#known = given === undefined ? undefined : checkServerRelease(TmuxVersion.parse(given), newer);
    this.#detect = async () => checkServerRelease(await detect(), newer);
  }

  /** The version once known (given or detected), without waiting. */
  get known(): TmuxVersion | undefined {
    return this.#known;
  }

  get(options: ExecuteOptions = {}): Promise<TmuxVersion> {
    if (this.#known) return Promise.resolve(this.#known);
    this.#pending ??= this.#detect().then(
      (v) => (this.#known = v),
      (e: unknown) => {
        this.#pending = undefined;
        throw e;
      },
    );
    if (!options.signal && options.timeout === undefined) return this.#pending;
    return waitFor(this.#pending, options, 'asking tmux for its version');
  }
}
