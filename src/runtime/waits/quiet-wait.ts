/**
 * `pane.waitForQuiet`: the output a pane prints until it has printed nothing for `quietMs`. Quiet is not
 * success (a program may be thinking, or waiting for input), so the result says what runs in the pane.
 * The quiet timer restarts with every `%output`; it never reads the pane.
 */
import type { Engine } from '../engines/engine.js';
import type { CommandResult } from '../results/command-result.js';
import { TerminalText } from './terminal-text.js';
import { isShellName } from './shell-names.js';
import { watchPane, type ControlModeFactory } from './pane-watch.js';
import { WaitSettler, type OutputWaitStart, type WaitBounds } from './wait-outcome.js';

export interface WaitForQuietOptions extends WaitBounds, OutputWaitStart {
  /** Milliseconds without output that count as quiet (default 500). */
  readonly quietMs?: number;
  /** Characters of output kept (default 1,048,576); `truncated` says when more came. */
  readonly maxBytes?: number;
}

export interface QuietWaitResult {
  readonly outcome: 'quiet' | 'timed-out' | 'pane-exited' | 'aborted';
  /** The output seen (plain text, escape sequences removed), its first `maxBytes` characters. */
  readonly output: string;
  readonly truncated: boolean;
  /** Whether a program other than a shell is in the pane's foreground (undefined once the pane is gone). */
  readonly running: boolean | undefined;
  /** The pane's foreground command (`#{pane_current_command}`), when the pane still exists. */
  readonly currentCommand: string | undefined;
  /** Whether the pane's process has exited (a pane kept by `remain-on-exit`). */
  readonly dead: boolean | undefined;
  readonly dedicatedClient: boolean;
}

async function paneState(run: (argv: readonly string[]) => Promise<CommandResult>, paneId: string) {
  const result = await run([
    'list-panes',
    '-t',
    paneId,
    '-F',
    '#{pane_id} #{pane_dead} #{pane_current_command}',
  ]);
  const line = result.ok ? result.stdoutLines.find((l) => l.startsWith(`${paneId} `)) : undefined;
  if (!line) return { running: undefined, currentCommand: undefined, dead: undefined };
  const [, dead, ...command] = line.split(' ');
  const currentCommand = command.join(' ');
  const isDead = dead === '1';
  return { dead: isDead, currentCommand, running: !isDead && !isShellName(currentCommand) };
}

export async function waitForQuiet(
  engine: Engine,
  paneId: string,
  openControl: ControlModeFactory,
  options: WaitForQuietOptions = {},
): Promise<QuietWaitResult> {
  const quietMs = options.quietMs ?? 500;
  if (!(quietMs > 0)) throw new RangeError(`quietMs must be more than 0, not ${quietMs}`);
  const limit = options.maxBytes ?? 1_048_576;
  let kept = '';
  let truncated = false;
  const text = new TerminalText(limit);
  type Outcome = QuietWaitResult['outcome'];
  const settler = new WaitSettler<Outcome>(
    options,
    () => 'timed-out',
    () => 'aborted',
  );
  let timer: NodeJS.Timeout | undefined;
  const restart = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => settler.settle('quiet'), quietMs);
  };
  const watch = await watchPane(engine, paneId, openControl, {
    output: (_data, piece) => {
      const added = text.push(piece);
      if (kept.length + added.length > limit) {
        kept += added.slice(0, limit - kept.length);
        truncated = true;
      } else kept += added;
      restart();
    },
    gone: () => settler.settle('pane-exited'),
  });
  try {
    await options.onStart?.();
    restart();
    const outcome = await settler.promise;
    if (timer) clearTimeout(timer);
    const state =
      outcome === 'pane-exited'
        ? { running: undefined, currentCommand: undefined, dead: undefined }
        : await paneState(watch.run, paneId);
    return { outcome, output: kept, truncated, ...state, dedicatedClient: watch.dedicated };
  } finally {
    if (timer) clearTimeout(timer);
    await watch.close();
  }
}
