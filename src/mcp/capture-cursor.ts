/**
 * Capture cursors: `capture_pane` returns a cursor, and a later call with `since: cursor` returns only the
 * lines that came after. A cursor is a pane id and an absolute line number: the lines tmux has dropped from
 * the history (`#{history_collected}`, tmux 3.8+), plus the history, plus the cursor's row. The cursor row
 * itself is not complete yet (a prompt, a line being written), so it is returned apart as `current` and is
 * where the next call starts. Before 3.8 tmux does not say how many lines it dropped, so once the history
 * is full the count can drift and the result says `exact: false`. Pure: positions and lines in, lines out.
 */

/** Where a pane's cursor is, read in the same tmux command list as its lines. */
export interface PanePosition {
  readonly historySize: number;
  readonly historyLimit: number;
  readonly cursorY: number;
  /** Lines dropped from the history so far (tmux 3.8+); undefined before. */
  readonly collected: number | undefined;
  /** Whether the pane shows its alternate screen (a full-screen program): no history, no cursor line. */
  readonly alternate: boolean;
}

/** The format that `positionFromLine` reads. */
export const POSITION_FORMAT =
  '#{history_size} #{history_limit} #{cursor_y} #{history_collected} #{alternate_on}';

export function positionFromLine(line: string): PanePosition {
  const [size, limit, y, collected, alternate] = line.trim().split(' ');
  return {
    historySize: Number(size),
    historyLimit: Number(limit),
    cursorY: Number(y),
    collected: collected === undefined || collected === '' ? undefined : Number(collected),
    alternate: alternate === '1',
  };
}

export class CursorError extends Error {}

/** `%3:1234`: readable, and checked against the pane it is used with. */
export const encodeCursor = (paneId: string, line: number) => `${paneId}:${line}`;

export function decodeCursor(text: string, paneId: string): number {
  const match = /^(%\d+):(\d+)$/.exec(text);
  if (!match)
    throw new CursorError(`not a capture cursor: ${JSON.stringify(text)} (capture_pane returns one)`);
  if (match[1] !== paneId) throw new CursorError(`cursor ${text} belongs to pane ${match[1]}, not ${paneId}`);
  return Number(match[2]);
}

export interface CaptureSlice {
  /** Complete lines: since the cursor, or the last `tail`. */
  readonly lines: readonly string[];
  /** The cursor's row (not complete yet); empty on the alternate screen. */
  readonly current: string;
  /** Pass as `since` to get only what comes after. */
  readonly cursor: string;
  /** Lines that came after the cursor but left the history before this call (not returned). */
  readonly missed: number;
  /** New lines not returned because there were more than `tail` (the oldest of them). */
  readonly omitted: number;
  /** False when the line count may have drifted (history full before tmux 3.8). */
  readonly exact: boolean;
}

/**
 * Slices a whole capture (`capture-pane -p -S - -E -`: the history, then every visible row) at the cursor:
 * the complete lines since `since` (an absolute line), or the last `tail` complete lines.
 */
export function sliceCapture(
  paneId: string,
  all: readonly string[],
  at: PanePosition,
  wanted: { readonly since?: number; readonly tail: number },
): CaptureSlice {
  const collected = at.collected ?? 0;
  const exact = at.collected !== undefined || at.historySize < at.historyLimit;
  if (at.alternate) {
    // A full-screen program: its screen is the whole truth, and it has no lines "since".
    const screen = all.slice(at.historySize);
    const lines = screen.slice(-wanted.tail);
    const cursor = encodeCursor(paneId, collected + at.historySize);
    return { lines, current: '', cursor, missed: 0, omitted: 0, exact };
  }
  const cursorIndex = Math.min(at.historySize + at.cursorY, Math.max(0, all.length - 1));
  const complete = all.slice(0, cursorIndex);
  const current = all[cursorIndex] ?? '';
  const cursor = encodeCursor(paneId, collected + cursorIndex);
  if (wanted.since === undefined)
    return { lines: complete.slice(-wanted.tail), current, cursor, missed: 0, omitted: 0, exact };
  const from = wanted.since - collected;
  const fresh = complete.slice(Math.max(0, from));
  const lines = fresh.slice(-wanted.tail);
  return { lines, current, cursor, missed: Math.max(0, -from), omitted: fresh.length - lines.length, exact };
}
