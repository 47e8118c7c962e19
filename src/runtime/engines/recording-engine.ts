/**
 * `RecordingEngine` wraps any engine and writes every request and its result to a tape (JSON Lines, see
 * `tape.ts`) as the calls complete, so that a test can later run against `ReplayEngine` without tmux.
 * Requests go through the inner engine unchanged; plans run one operation per dispatch through it (it
 * offers no command lists), which is what a replay answers. Over a control-mode engine its events are
 * recorded too, where they came among the answers, and a replay delivers them at the same place.
 *
 * @example
 * ```ts
 * import { MemoryEngine, NewSession, RecordingEngine, ReplayEngine } from 'tmuxkit';
 * const tape = `${process.env.TMPDIR ?? '/tmp'}/tmuxkit-example.jsonl`;
 * const recording = new RecordingEngine(new MemoryEngine({ version: '3.5a' }), { tape });
 * await recording.execute(new NewSession({ detached: true, sessionName: 'a' }));
 * const replay = new ReplayEngine(tape);
 * (await replay.execute(new NewSession({ detached: true, sessionName: 'a' }))).sessionId; // '$0'
 * ```
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { TmuxVersion } from '../tmux-version.js';
import type { Engine, ExecuteOptions } from './engine.js';
import { eventToTape, tapeLine, type TapeEntry } from './tape.js';

export interface RecordingOptions {
  /** The tape's path: written anew when the engine is made, one line per call. */
  readonly tape: string;
}

/** An engine with events (a control-mode engine): what the recording listens to. */
interface EventSource {
  events(options: { filter(event: object): boolean }): { close(): void };
}

export class RecordingEngine implements Engine {
  readonly inner: Engine;
  readonly tape: string;
  #versionRecorded = false;
  readonly #events: { close(): void } | undefined;

  constructor(inner: Engine, options: RecordingOptions) {
    this.inner = inner;
    this.tape = options.tape;
    writeFileSync(this.tape, '');
    // A control-mode engine's events go on the tape as tmux sends them: written from the filter, which
    // runs as each event is published, so they sit exactly where they came among the answers.
    const source = inner as Partial<EventSource>;
    this.#events =
      typeof source.events === 'function'
        ? source.events({
            filter: (event) => {
              if ((event as { type?: string }).type !== 'dropped')
                this.#write({ kind: 'event', event: eventToTape(event) });
              return false;
            },
          })
        : undefined;
  }

  #write(entry: TapeEntry): void {
    appendFileSync(this.tape, `${tapeLine(entry)}\n`);
  }

  async version(options?: ExecuteOptions): Promise<TmuxVersion> {
    const version = await this.inner.version(options);
    if (!this.#versionRecorded) {
      this.#versionRecorded = true;
      this.#write({ kind: 'version', version: String(version) });
    }
    return version;
  }

  async execute<R extends CommandResult>(op: Operation<object, R>, options?: ExecuteOptions): Promise<R> {
    // The version first, as a replay needs it to render.
    await this.version(options);
    const result = await this.inner.execute(op, options);
    this.#write({ kind: 'execute', operation: op.toJSON(), result: result.toJSON() });
    return result;
  }

  async run(argv: readonly string[], options?: ExecuteOptions): Promise<CommandResult> {
    const result = await this.inner.run(argv, options);
    this.#write({ kind: 'run', argv: [...argv], result: result.toJSON() });
    return result;
  }

  close(): Promise<void> {
    this.#events?.close();
    return this.inner.close();
  }
}
