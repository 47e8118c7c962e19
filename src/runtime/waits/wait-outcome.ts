/**
 * The end of a wait: the first of its own condition, a timeout, an abort or the pane going away settles it
 * once, and cleanup always runs. Timers here bound a wait; they never poll anything.
 */

/** Default bound of every wait, in milliseconds. */
export const DEFAULT_WAIT_TIMEOUT = 30_000;

export interface WaitBounds {
  /** Milliseconds before the wait gives up (default 30,000; `Infinity` waits as long as it takes). */
  readonly timeout?: number;
  /** Ends the wait early with the outcome `'aborted'`. */
  readonly signal?: AbortSignal;
}

/** For waits on a pane's output: what to do once the wait sees the pane. */
export interface OutputWaitStart {
  /**
   * Called once the wait is watching the pane's output (a dedicated control client takes a few
   * milliseconds to attach): the place to send the input whose output the wait must see.
   */
  readonly onStart?: () => unknown;
}

/** A wait's single settlement, with a timer and an abort listener that end with it. */
export class WaitSettler<T> {
  readonly promise: Promise<T>;
  #resolve!: (value: T) => void;
  #reject!: (error: unknown) => void;
  #settled = false;
  #timer: NodeJS.Timeout | undefined;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort: () => void;

  constructor(bounds: WaitBounds, onTimeout: () => T, onAbort: () => T) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    const timeout = bounds.timeout ?? DEFAULT_WAIT_TIMEOUT;
    if (!(timeout >= 0)) throw new RangeError(`timeout must be 0 or more milliseconds, not ${timeout}`);
    if (Number.isFinite(timeout)) this.#timer = setTimeout(() => this.settle(onTimeout()), timeout);
    this.#signal = bounds.signal;
    this.#onAbort = () => this.settle(onAbort());
    if (this.#signal?.aborted) this.settle(onAbort());
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  get settled(): boolean {
    return this.#settled;
  }

  settle(value: T): void {
    if (this.#settled) return;
    this.#finish();
    this.#resolve(value);
  }

  fail(error: unknown): void {
    if (this.#settled) return;
    this.#finish();
    this.#reject(error);
  }

  #finish(): void {
    this.#settled = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
  }
}
