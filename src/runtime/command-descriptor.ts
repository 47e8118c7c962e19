/**
 * The catalog's shape: one `CommandDescriptor` per tmux command, generated from the manifest into
 * `src/generated/catalog.generated.ts`. The operation base renders argv from these descriptors, so the
 * catalog users read and the data the runtime executes are the same object.
 */
import type { TmuxVersion } from './tmux-version.js';

export type CommandScope = 'server' | 'session' | 'window' | 'pane' | 'client';
export type CommandSafety = 'readonly' | 'mutating' | 'destructive';
export type CreatedObject = 'pane' | 'window' | 'session' | 'buffer';
export type ResultKind = 'ack' | 'created' | 'text' | 'lines' | 'rows' | 'exists' | 'options' | 'environment';
export type RowKind = 'sessions' | 'windows' | 'panes' | 'clients' | 'buffers' | 'commands';

/**
 * Value types from the manifest. Every one except `int`, `number`, `size`, `target` and `environment` is a
 * string to TypeScript; the name says what tmux does with it.
 */
export type ValueType =
  | 'string'
  | 'name'
  | 'int'
  | 'number'
  | 'size'
  | 'path'
  | 'format'
  | 'target'
  | 'environment'
  | 'key'
  | 'keyTable'
  | 'command'
  | 'shellCommand'
  | 'style'
  | 'buffer'
  | 'option'
  | 'hook'
  | 'variable'
  | 'layout'
  | 'clientFlags'
  | 'sortOrder'
  | 'promptType';

/** A range of tmux releases: `since` inclusive, `until` exclusive (the release that removed it). */
export interface ReleaseRange {
  readonly since: string;
  readonly until: string | null;
}

/** Whether `version` falls in `range`. */
export function inRange(range: ReleaseRange, version: TmuxVersion): boolean {
  return version.atLeast(range.since) && (range.until === null || !version.atLeast(range.until));
}

/** How a range reads in an error: `3.2 or newer`, `2.9a up to (not including) 3.4`. */
export function rangeText(range: ReleaseRange): string {
  return range.until === null
    ? `${range.since} or newer`
    : `${range.since} up to (not including) ${range.until}`;
}

export interface FlagDescriptor extends ReleaseRange {
  /** The flag letter, without the dash. */
  readonly flag: string;
  /** The camelCase parameter name operations use. */
  readonly param: string;
  /** Whether the flag takes a value in its current form; see `valueHistory` for releases where it differed. */
  readonly takesValue: boolean;
  /** The value's type, or null for a boolean flag. */
  readonly valueType: ValueType | null;
  /** For target flags: the kind of object named. */
  readonly target: 'session' | 'window' | 'pane' | 'client' | null;
  /** A target that may name an object that does not exist yet (`new-session -t`, `new-window -t`). */
  readonly mayNotExist: boolean;
  readonly repeatable: boolean;
  /** Releases where tmux accepts the flag without documenting it; true for the flag's whole life. */
  readonly hidden: boolean | readonly ReleaseRange[];
  /**
   * Releases in which the flag took a value differently from `takesValue` (`'optional'`: only attached,
   * as `-lVALUE`; `until` null: up to the newest release). A flag with a value type that takes no value
   * or an optional one in some release also accepts `true` there (rendered bare).
   */
  readonly valueHistory: readonly (ReleaseRange & { readonly takesValue: boolean | 'optional' })[];
  readonly summary: string;
}

export interface PositionalDescriptor extends ReleaseRange {
  readonly param: string;
  readonly type: ValueType;
  readonly optional: boolean;
  readonly variadic: boolean;
  /** The release from which the positional became optional (it was required before). */
  readonly requiredUntil: string | null;
  /** The release from which the positional accepts several values. */
  readonly variadicSince: string | null;
  /**
   * Accepted by tmux but not documented: true for the positional's whole life, or the releases where
   * it is (run-shell's ignored second argument in 3.4 and 3.5; resize-pane's adjustment from 3.8).
   */
  readonly hidden: boolean | readonly ReleaseRange[];
  readonly summary: string;
}

export interface CommandDescriptor extends ReleaseRange {
  readonly command: string;
  readonly alias: string | null;
  /** The generated operation class, e.g. `SplitWindow`. */
  readonly className: string;
  readonly summary: string;
  readonly scope: CommandScope;
  readonly safety: CommandSafety;
  /** The flag that makes the command readonly (`capture-pane -p`), or null. */
  readonly readonlyWith: string | null;
  readonly creates: CreatedObject | null;
  /** Whether tmux may run it in one dispatch with other commands (`a ; b`). */
  readonly chainable: boolean;
  /** Whether it needs an attached client (a terminal) to do anything. */
  readonly needsClient: boolean;
  /** Whether it starts a server when none runs. */
  readonly startsServer: boolean;
  readonly result: ResultKind;
  /** For `result: 'rows'`: what each row describes. */
  readonly rows: RowKind | null;
  readonly flags: readonly FlagDescriptor[];
  /** Groups of flag letters that cannot be used together. */
  readonly exclusive: readonly (readonly string[])[];
  readonly positionals: readonly PositionalDescriptor[];
  readonly facade: readonly FacadeEntry[];
}

/** A facade method that reaches a command: `Pane.split` runs `split-window -t <the pane>`. */
export interface FacadeEntry {
  readonly class: 'Server' | 'Session' | 'Window' | 'Pane' | 'Client';
  readonly method: string;
  /** The target parameter the handle fills with its id, or null (a `Server` method). */
  readonly self: string | null;
  /** Boolean parameters the method always sets (`Server.listPanes` is `list-panes -a`). */
  readonly preset: readonly string[];
  /** Implemented by hand in the facade runtime (`Pane.capture` returns lines, `Server.waitFor` waits). */
  readonly handWritten: boolean;
}
