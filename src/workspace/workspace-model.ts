/**
 * A workspace as tmuxkit builds it: tmuxp's file format after validation, short forms, expansion and
 * inheritance. Every value is explicit and frozen; nothing here refers back to the file.
 */

/** One command typed into a pane. */
export interface WorkspaceCommand {
  readonly cmd: string;
  /** Press Enter after it (default true). */
  readonly enter: boolean;
  /** Seconds to wait before typing it / after it (in this pane only). */
  readonly sleepBefore: number;
  readonly sleepAfter: number;
  /** Typed with a leading space, so shells set to ignore such lines keep it out of history. */
  readonly suppressHistory: boolean;
}

export interface WorkspacePane {
  /** Absolute, or undefined for tmux's default. */
  readonly startDirectory: string | undefined;
  /** The command the pane runs instead of the default shell (`shell`, else the window's `window_shell`). */
  readonly shell: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly focus: boolean;
  /** Every command, `shell_command_before` of the session, window and pane first. */
  readonly commands: readonly WorkspaceCommand[];
}

export interface WorkspaceWindow {
  readonly name: string | undefined;
  readonly index: number | undefined;
  readonly layout: string | undefined;
  readonly startDirectory: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly optionsAfter: Readonly<Record<string, string>>;
  readonly focus: boolean;
  readonly panes: readonly WorkspacePane[];
}

export type OnExists = 'error' | 'replace' | 'reuse' | 'append';

export interface WorkspaceSession {
  readonly name: string;
  readonly startDirectory: string | undefined;
  /** The script to run before building, as words (no shell), and the directory to run it in. */
  readonly beforeScript: readonly string[] | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly globalOptions: Readonly<Record<string, string>>;
  readonly plugins: readonly string[];
  /** What to do when a session of this name runs already (the file's `on_exists`, default `error`). */
  readonly onExists: OnExists | undefined;
  readonly windows: readonly WorkspaceWindow[];
}

export interface Workspace {
  /** The file it was read from, when it was. */
  readonly file: string | undefined;
  readonly sessions: readonly WorkspaceSession[];
}

/** tmux's named layouts (`main-*-mirrored` since 3.6); a custom layout string is also accepted. */
export const NAMED_LAYOUTS = [
  'even-horizontal',
  'even-vertical',
  'main-horizontal',
  'main-horizontal-mirrored',
  'main-vertical',
  'main-vertical-mirrored',
  'tiled',
] as const;
