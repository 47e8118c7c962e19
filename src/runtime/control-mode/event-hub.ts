/**
 * Fan-out of one event source to any number of async-iterable consumers. Each consumer has its own
 * bounded queue: when a consumer falls `bufferSize` events behind, its oldest events are dropped and
 * counted, and the next thing it reads is a gap marker with the count, so memory never grows without
 * bound and a loss is never silent. Consumers never slow the source.
 */

export interface EventStreamOptions<E> {
  /** Events held for this consumer before the oldest are dropped (default 10,000). */
  readonly bufferSize?: number;
  /** Only events this returns true for are queued. */
  readonly filter?: (event: E) => boolean;
  /** Ends the stream (like `return()`). */
  readonly signal?: AbortSignal;
}

export const DEFAULT_EVENT_BUFFER = 10_000;

/** One consumer's view: `for await (const e of stream)`; `dropped` counts every event it lost. */
export class EventStream<E> implements AsyncIterableIterator<E> {
  readonly #queue: E[] = [];
  #head = 0;
  #gap = 0;
  #dropped = 0;
  #done = false;
  /** Readers waiting for the next event, in order (several `next()` calls may overlap). */
  readonly #waiting: { resolve(r: IteratorResult<E>): void; reject(e: unknown): void }[] = [];
  /** Why the stream failed (its filter threw); `next()` rejects with it once the queue is read. */
  #error: unknown;
  readonly #bufferSize: number;
  readonly #filter: ((event: E) => boolean) | undefined;
  readonly #gapEvent: (count: number) => E;
  readonly #detach: () => void;
  readonly #onAbort = () => this.close();
  readonly #signal: AbortSignal | undefined;

  /** @internal Created by `EventHub.subscribe`. */
  constructor(options: EventStreamOptions<E>, gapEvent: (count: number) => E, detach: () => void) {
    this.#bufferSize = Math.max(1, options.bufferSize ?? DEFAULT_EVENT_BUFFER);
    this.#filter = options.filter;
    this.#gapEvent = gapEvent;
    this.#detach = detach;
    this.#signal = options.signal;
  }

  /** @internal Called by the hub once the stream is registered, so an aborted signal can detach it. */
  watchSignal(): void {
    if (this.#signal?.aborted) this.close();
    else this.#signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** How many events this consumer lost because it fell behind. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Events queued and not yet read. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /** @internal */
  offer(event: E): void {
    if (this.#done) return;
    if (this.#filter) {
      let wanted: boolean;
      try {
        wanted = this.#filter(event);
      } catch (e) {
        // A consumer's bug ends that consumer (its next read rejects), never the source or the others.
        this.#error = e;
        this.#detach();
        this.finish();
        return;
      }
      if (!wanted) return;
    }
    const reader = this.#waiting.shift();
    if (reader) {
      reader.resolve({ value: event, done: false });
      return;
    }
    if (this.pending >= this.#bufferSize) {
      this.#queue[this.#head++] = undefined as E;
      this.#gap++;
      this.#dropped++;
    }
    this.#queue.push(event);
    if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#head);
      this.#head = 0;
    }
  }

  /** @internal The source ended: queued events are still read, then the stream is done. */
  finish(): void {
    this.#done = true;
    this.#signal?.removeEventListener('abort', this.#onAbort);
    for (const reader of this.#waiting.splice(0)) {
      if (this.#error !== undefined) reader.reject(this.#error);
      else reader.resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<E>> {
    if (this.#gap > 0) {
      const count = this.#gap;
      this.#gap = 0;
      return Promise.resolve({ value: this.#gapEvent(count), done: false });
    }
    if (this.pending > 0) {
      const value = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as E;
      if (this.#head === this.#queue.length) {
        this.#queue.length = 0;
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#done) {
      return this.#error !== undefined
        ? Promise.reject(this.#error)
        : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  /** Stops this consumer: queued events are discarded and the stream is done. */
  close(): void {
    this.#queue.length = 0;
    this.#head = 0;
    this.#gap = 0;
    this.#detach();
    this.finish();
  }

  return(): Promise<IteratorResult<E>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

export class EventHub<E> {
  readonly #streams = new Set<EventStream<E>>();
  readonly #gapEvent: (count: number) => E;
  #ended = false;

  constructor(gapEvent: (count: number) => E) {
    this.#gapEvent = gapEvent;
  }

  /** Consumers currently attached. */
  get size(): number {
    return this.#streams.size;
  }

  /** A new consumer that receives every event published from now on. After `end()` it is already done. */
  subscribe(options: EventStreamOptions<E> = {}): EventStream<E> {
    const stream: EventStream<E> = new EventStream(options, this.#gapEvent, () =>
      this.#streams.delete(stream),
    );
    if (this.#ended) stream.finish();
    else {
      this.#streams.add(stream);
      stream.watchSignal();
    }
    return stream;
  }

  publish(event: E): void {
    for (const stream of this.#streams) stream.offer(event);
  }

  /** No more events: every consumer reads what it has queued, then ends. */
  end(): void {
    this.#ended = true;
    for (const stream of this.#streams) stream.finish();
    this.#streams.clear();
  }
}
