/**
 * One result class per result kind of the manifest. Each is built from the raw output and its decoded
 * view (decoding lives in result-codecs.ts, which knows the tmux version and the fields requested), so a
 * result read back from JSON is identical to the original.
 */
import { CommandResult, outputLines, type RawOutput } from './command-result.js';

/** A command that only succeeds or fails (select-pane, kill-window, set-option, ...). */
export class AckResult extends CommandResult {
  override readonly kind = 'ack';
  constructor(raw: RawOutput) {
    super(raw);
    Object.freeze(this);
  }
}

/** The ids of what a creating command made; tmuxkit asks tmux to print them (`-P -F`). */
export interface CreatedIds {
  /** `%N`: the new pane, or the first pane of the new window or session. */
  readonly paneId?: string;
  /** `@N`: the new window, or the window of the new pane. */
  readonly windowId?: string;
  /** `$N`: the new session, or the session of the new window or pane. */
  readonly sessionId?: string;
  /** What the caller's own `format` printed, when one was given. */
  readonly printed?: string;
}

/** new-session, new-window, split-window, break-pane, new-pane. Ids are undefined when the command failed. */
export class CreatedResult extends CommandResult {
  override readonly kind = 'created';
  readonly paneId: string | undefined;
  readonly windowId: string | undefined;
  readonly sessionId: string | undefined;
  readonly printed: string | undefined;
  constructor(raw: RawOutput, ids: CreatedIds) {
    super(raw);
    this.paneId = ids.paneId;
    this.windowId = ids.windowId;
    this.sessionId = ids.sessionId;
    this.printed = ids.printed;
    Object.freeze(this);
  }
  protected override data(): CreatedIds {
    const { paneId, windowId, sessionId, printed } = this;
    return {
      ...(paneId !== undefined ? { paneId } : {}),
      ...(windowId !== undefined ? { windowId } : {}),
      ...(sessionId !== undefined ? { sessionId } : {}),
      ...(printed !== undefined ? { printed } : {}),
    };
  }
}

/** Output read as one text (display-message -p, capture-pane -p, show-buffer, run-shell). */
export class TextResult extends CommandResult {
  override readonly kind = 'text';
  /** The output without its final newline. */
  readonly text: string;
  constructor(raw: RawOutput) {
    super(raw);
    this.text = raw.stdout.endsWith('\n') ? raw.stdout.slice(0, -1) : raw.stdout;
    Object.freeze(this);
  }
}

/** Output read as lines (list-keys, show-messages, ...). */
export class LinesResult extends CommandResult {
  override readonly kind = 'lines';
  readonly lines: readonly string[];
  constructor(raw: RawOutput) {
    super(raw);
    this.lines = Object.freeze(outputLines(raw.stdout));
    Object.freeze(this);
  }
}

/** Typed rows from a list command; `Row` is generated from the formats manifest (PaneRow, SessionRow, ...). */
export class RowsResult<Row> extends CommandResult {
  override readonly kind = 'rows';
  readonly rows: readonly Row[];
  constructor(raw: RawOutput, rows: readonly Row[]) {
    super(raw);
    this.rows = Object.freeze([...rows]);
    Object.freeze(this);
  }
  protected override data(): readonly Row[] {
    return this.rows;
  }
}

/**
 * has-session: "no such session" is an answer (`exists: false`, `ok: true`), not a failure. So is "no
 * server running". Other errors (a malformed target, a broken connection) are failures.
 */
export class ExistsResult extends CommandResult {
  override readonly kind = 'exists';
  readonly exists: boolean;
  readonly #answered: boolean;
  constructor(raw: RawOutput, answer: { readonly exists: boolean; readonly answered: boolean }) {
    super(raw);
    this.exists = answer.exists;
    this.#answered = answer.answered;
    Object.freeze(this);
  }
  override get ok(): boolean {
    return this.#answered;
  }
  protected override data(): { exists: boolean; answered: boolean } {
    return { exists: this.exists, answered: this.#answered };
  }
}

/** show-options, show-window-options, show-hooks: option name (with `[index]` for arrays) to value. */
export class OptionsResult extends CommandResult {
  override readonly kind = 'options';
  readonly options: Readonly<Record<string, string>>;
  constructor(raw: RawOutput, options: Readonly<Record<string, string>>) {
    super(raw);
    this.options = Object.freeze({ ...options });
    Object.freeze(this);
  }
  /** The value of one option, or undefined when it was not shown. */
  get(name: string): string | undefined {
    return Object.hasOwn(this.options, name) ? this.options[name] : undefined;
  }
  protected override data(): Readonly<Record<string, string>> {
    return this.options;
  }
}

export interface EnvironmentData {
  /** Variables set, name to value. */
  readonly variables: Readonly<Record<string, string>>;
  /** Variables marked for removal (`-NAME`): removed from the environment of new processes. */
  readonly removed: readonly string[];
}

/** show-environment. */
export class EnvironmentResult extends CommandResult implements EnvironmentData {
  override readonly kind = 'environment';
  readonly variables: Readonly<Record<string, string>>;
  readonly removed: readonly string[];
  constructor(raw: RawOutput, env: EnvironmentData) {
    super(raw);
    this.variables = Object.freeze({ ...env.variables });
    this.removed = Object.freeze([...env.removed]);
    Object.freeze(this);
  }
  protected override data(): EnvironmentData {
    return { variables: this.variables, removed: this.removed };
  }
}
