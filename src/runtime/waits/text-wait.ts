/**
 * `pane.waitForText`: the pane's screen when the wait starts, then its output as tmux sends it. The
 * subscription starts before the screen is read, so nothing printed in between is missed; the screen is
 * read once (`capture-pane -p -J`, through the watching client) and never again.
 */
import type { Engine } from '../engines/engine.js';
import { TerminalText, plainText } from './terminal-text.js';
import { watchPane, type ControlModeFactory } from './pane-watch.js';
import { WaitSettler, type OutputWaitStart, type WaitBounds } from './wait-outcome.js';

export interface WaitForTextOptions extends WaitBounds, OutputWaitStart {
  /** Characters of output kept to search (default 262,144): a match must lie within them. */
  readonly window?: number;
}

export interface TextWaitResult {
  readonly outcome: 'matched' | 'timed-out' | 'pane-exited' | 'aborted';
  /** The matched text (the pattern's whole match), when matched. */
  readonly match: string | undefined;
  /** A regular expression's groups, when matched (`[]` for a string pattern). */
  readonly groups: readonly (string | undefined)[];
  /** Where it matched: the screen as the wait started, or output that came after. */
  readonly source: 'screen' | 'output' | undefined;
  /** The text searched last: the screen, or the output seen (plain text, escape sequences removed). */
  readonly text: string;
  /** Whether a dedicated control-mode client was opened for the wait. */
  readonly dedicatedClient: boolean;
}

/** A string matches as it is; a RegExp as written (its `g`/`y` flags are ignored). */
export type TextPattern = string | RegExp;

function find(
  pattern: TextPattern,
  text: string,
): { match: string; groups: (string | undefined)[] } | undefined {
  if (typeof pattern === 'string') return text.includes(pattern) ? { match: pattern, groups: [] } : undefined;
  const re =
    pattern.global || pattern.sticky
      ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
      : pattern;
  const m = re.exec(text);
  return m ? { match: m[0], groups: m.slice(1) } : undefined;
}

export async function waitForText(
  engine: Engine,
  paneId: string,
  pattern: TextPattern,
  openControl: ControlModeFactory,
  options: WaitForTextOptions = {},
): Promise<TextWaitResult> {
  if (typeof pattern === 'string' && pattern.length === 0)
    throw new RangeError('the text to wait for is empty');
  const output = new TerminalText(options.window ?? 262_144);
  let dedicated = false;
  const ended = (outcome: TextWaitResult['outcome']): TextWaitResult => ({
    outcome,
    match: undefined,
    groups: [],
    source: undefined,
    text: output.text,
    dedicatedClient: dedicated,
  });
  const settler = new WaitSettler<TextWaitResult>(
    options,
    () => ended('timed-out'),
    () => ended('aborted'),
  );
  const matched = (source: 'screen' | 'output', text: string) => {
    const found = find(pattern, text);
    if (found) settler.settle({ outcome: 'matched', ...found, source, text, dedicatedClient: dedicated });
  };
  if (settler.settled) return settler.promise;
  const watch = await watchPane(engine, paneId, openControl, {
    output: (_data, text) => {
      output.push(text);
      matched('output', output.text);
    },
    gone: () => settler.settle(ended('pane-exited')),
  });
  dedicated = watch.dedicated;
  try {
    if (!settler.settled) {
      const screen = await watch.run(['capture-pane', '-p', '-J', '-t', paneId]);
      // -J keeps trailing spaces (of joined lines); a line's end is where its text ends, for `$` anchors.
      if (screen.ok) matched('screen', plainText(screen.stdout).replace(/ +$/gm, '').replace(/\n+$/, ''));
    }
    if (!settler.settled) await options.onStart?.();
    return await settler.promise;
  } finally {
    await watch.close();
  }
}
