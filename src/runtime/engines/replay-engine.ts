/**
 * `ReplayEngine` answers the requests on a tape (written by `RecordingEngine`) without tmux: in order (the
 * default: each request must be the next one on the tape), or by matching (the first unused entry with the
 * same request, for code whose concurrent calls may come in another order). A request that is not on the
 * tape is a `TapeError` showing what the tape expected and what came. Results are rebuilt typed
 * (`resultFromJSON`), exactly as recorded.
 */
import { readFileSync } from 'node:fs';
import { jsonCodecs } from '../json-codecs.js';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import { TmuxVersion } from '../tmux-version.js';
import type { Engine, ExecuteOptions } from './engine.js';
import { eventFromTape, readTape, requestText, TapeError, type TapeEntry } from './tape.js';
import { EventHub, type EventStream, type EventStreamOptions } from '../control-mode/event-hub.js';

export interface ReplayOptions {
  /** `'in-order'` (default): each request is the next on the tape. `'matching'`: any unused equal one. */
  readonly order?: 'in-order' | 'matching';
}

export class ReplayEngine implements Engine {
  readonly #entries: readonly TapeEntry[];
  readonly #used: boolean[];
  readonly #order: 'in-order' | 'matching';
  readonly #name: string;
  readonly #version: TmuxVersion | undefined;
  #next = 0;
  #scheduled = false;
  readonly #hub = new EventHub<{ readonly type: string }>((count) => ({ type: 'dropped', count }));

  /** `tape`: a tape file's path, or its entries. */
  constructor(tape: string | readonly TapeEntry[], options: ReplayOptions = {}) {
    this.#name = typeof tape === 'string' ? tape : 'tape';
    const all = typeof tape === 'string' ? readTape(readFileSync(tape, 'utf8'), tape) : [...tape];
    const version = all.find((e) => e.kind === 'version');
    this.#version = version ? TmuxVersion.parse(version.version) : undefined;
    this.#order = options.order ?? 'in-order';
    // Matching has no place on the tape to deliver events at: it answers requests only.
    this.#entries = all.filter(
      (e) => e.kind !== 'version' && (this.#order === 'in-order' || e.kind !== 'event'),
    );
    this.#used = this.#entries.map(() => false);
  }

  /**
   * The recorded events (a tape from a control-mode engine), replayed in order: each reaches the
   * streams open at that point of the tape, after the answer that preceded it and before the next.
   */
  events(
    options: EventStreamOptions<{ readonly type: string }> = {},
  ): EventStream<{ readonly type: string }> {
    const stream = this.#hub.subscribe(options);
    this.#scheduleDelivery();
    return stream;
  }

  /**
   * Events that follow an answer arrive a moment after it, as a live client's would: streams opened just
   * after the answer (or in the same tick as another) still get them.
   */
  #scheduleDelivery(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#deliver();
    });
  }

  /** Delivers the events that come next on the tape (in order), up to the next request. */
  #deliver(): void {
    while (this.#entries[this.#next]?.kind === 'event') {
      const entry = this.#entries[this.#next] as Extract<TapeEntry, { kind: 'event' }>;
      this.#used[this.#next++] = true;
      this.#hub.publish(eventFromTape(entry.event));
    }
  }

  async version(): Promise<TmuxVersion> {
    if (!this.#version) throw new TapeError(`${this.#name}: the tape has no version entry`);
    return this.#version;
  }

  /** Whether every entry on the tape was answered (a test can check that nothing was left out). */
  get finished(): boolean {
    return this.#used.every(Boolean);
  }

  #answer(request: TapeEntry['kind'], same: (e: TapeEntry) => boolean, got: string): TapeEntry {
    if (this.#order === 'in-order') {
      this.#deliver();
      const at = this.#next;
      const entry = this.#entries[at];
      if (!entry || entry.kind !== request || !same(entry)) {
        const expected = entry ? requestText(entry) : 'the end of the tape';
        throw new TapeError(
          `${this.#name}: request ${at + 1} is not on the tape\n  expected: ${expected}\n  got:      ${got}`,
        );
      }
      this.#used[at] = true;
      this.#next++;
      this.#scheduleDelivery();
      return entry;
    }
    const at = this.#entries.findIndex((e, i) => !this.#used[i] && e.kind === request && same(e));
    if (at < 0) throw new TapeError(`${this.#name}: no unused entry on the tape for\n  got: ${got}`);
    this.#used[at] = true;
    return this.#entries[at]!;
  }

  async execute<R extends CommandResult>(op: Operation<object, R>, _options?: ExecuteOptions): Promise<R> {
    const request = JSON.stringify(op.toJSON());
    const entry = this.#answer(
      'execute',
      (e) => e.kind === 'execute' && JSON.stringify(e.operation) === request,
      `execute ${request}`,
    );
    return jsonCodecs().resultFromJSON((entry as Extract<TapeEntry, { kind: 'execute' }>).result) as R;
  }

  async run(argv: readonly string[], _options?: ExecuteOptions): Promise<CommandResult> {
    const request = JSON.stringify(argv);
    const entry = this.#answer(
      'run',
      (e) => e.kind === 'run' && JSON.stringify(e.argv) === request,
      `run ${request}`,
    );
    return jsonCodecs().resultFromJSON((entry as Extract<TapeEntry, { kind: 'run' }>).result);
  }

  async close(): Promise<void> {
    this.#hub.end();
  }
}
