/**
 * `pane.capture()`: the pane's screen or history as lines, through `capture-pane -p`. Options have the
 * names people think in (`start`, `joinWrapped`); they map onto the operation's parameters, so version
 * gates and errors are the operation's own. Pure: options in, parameters out; output in, lines out.
 */
import type { TextResult } from '../results/typed-results.js';

export interface CaptureOptions {
  /** First line: 0 is the top of the visible screen, negative numbers reach into history, `'-'` its start. */
  readonly start?: number | '-';
  /** Last line, the same way (`'-'`: the end of the visible screen). */
  readonly end?: number | '-';
  /** Keep text and background attributes as escape sequences (`-e`). */
  readonly escapes?: boolean;
  /** Join wrapped lines and keep trailing spaces (`-J`). */
  readonly joinWrapped?: boolean;
  /** Octal-escape non-printable characters (`-C`). */
  readonly escapeNonPrintable?: boolean;
  /** Keep trailing spaces at each line's end (`-N`, tmux 3.1+). */
  readonly preserveTrailingSpaces?: boolean;
  /** The alternate screen (`-a`). */
  readonly alternate?: boolean;
  /** Only output the pane has received but not yet drawn (`-P`). */
  readonly pendingOnly?: boolean;
  /** No error when the pane has no alternate screen (`-q`). */
  readonly quiet?: boolean;
}

/** The `CapturePane` parameters for `options` on `paneId` (`-p`: print rather than fill a buffer). */
export function captureParams(paneId: string, options: CaptureOptions): Record<string, unknown> {
  const line = (v: number | '-' | undefined) => (v === undefined ? undefined : String(v));
  const params: Record<string, unknown> = {
    target: paneId,
    print: true,
    startLine: line(options.start),
    endLine: line(options.end),
    escapeSequences: options.escapes,
    join: options.joinWrapped,
    escapeNonPrintable: options.escapeNonPrintable,
    preserveTrailingSpaces: options.preserveTrailingSpaces,
    alternateScreen: options.alternate,
    pendingOnly: options.pendingOnly,
    quiet: options.quiet,
  };
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== false));
}

/** The captured lines (tmux ends the last with a newline; that adds no line). */
export function capturedLines(result: TextResult): string[] {
  const text = result.stdout.endsWith('\n') ? result.stdout.slice(0, -1) : result.stdout;
  return text === '' ? [] : text.split('\n');
}
