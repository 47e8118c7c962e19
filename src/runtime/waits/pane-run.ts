/**
 * `pane.run`: types a command into a pane's shell and returns its exit status and its own output (not the
 * echo of the line, not the prompt), read from `%output` with the markers of `run-markers.ts`. Runs on
 * one pane go one at a time (a second line typed while the first runs would be echoed into its output);
 * runs on different panes go at once. On a timeout or an abort the pane gets C-c, so it is usable again.
 */
import { crypto } from '../engines/lazy-builtins.js';
import type { Engine } from '../engines/engine.js';
import { watchPane, type ControlModeFactory } from './pane-watch.js';
import { RunOutputReader, runLine } from './run-markers.js';
import { WaitSettler, type WaitBounds } from './wait-outcome.js';

export interface RunOptions extends WaitBounds {
  /**
   * Run the command in a child shell (`shell -c`), e.g. `'/bin/sh'`, so that `cd` and variables stay in
   * it. Default: the pane's own shell runs it (`eval`), as if typed. Either way the pane's shell must
   * read POSIX syntax (bash, dash, zsh, ksh; not fish).
   */
  readonly shell?: string;
  /** Bytes of output kept (default 16 MiB); `truncated` says when more came. */
  readonly maxBytes?: number;
}

export interface RunResult {
  /** `completed`: the command ended and `exitCode` is its status. */
  readonly outcome: 'completed' | 'timed-out' | 'pane-exited' | 'aborted';
  /** The command's exit status, when it completed. */
  readonly exitCode: number | undefined;
  /** Its output as UTF-8 text (invalid bytes as U+FFFD), the terminal's CR LF as LF. */
  readonly output: string;
  /** Its output as bytes, exactly (CR LF as LF). */
  readonly bytes: Uint8Array;
  readonly truncated: boolean;
  /** The command did not end in time (it was interrupted with C-c). */
  readonly timedOut: boolean;
  readonly dedicatedClient: boolean;
}

const queues = new WeakMap<object, Map<string, Promise<unknown>>>();

/** Runs `task` after every earlier task of the same pane on the same engine. */
function onePerPane<T>(engine: Engine, paneId: string, task: () => Promise<T>): Promise<T> {
  let panes = queues.get(engine);
  if (!panes) queues.set(engine, (panes = new Map()));
  const before = panes.get(paneId) ?? Promise.resolve();
  const mine = before.then(task, task);
  const tail = mine.catch(() => undefined);
  panes.set(paneId, tail);
  void tail.then(() => {
    if (panes.get(paneId) === tail) panes.delete(paneId);
  });
  return mine;
}

export function runInPane(
  engine: Engine,
  paneId: string,
  command: string,
  openControl: ControlModeFactory,
  options: RunOptions = {},
): Promise<RunResult> {
  const markers = runLine(command, crypto().randomBytes(8).toString('hex'), options.shell);
  return onePerPane(engine, paneId, () => run(engine, paneId, markers, openControl, options));
}

async function run(
  engine: Engine,
  paneId: string,
  markers: ReturnType<typeof runLine>,
  openControl: ControlModeFactory,
  options: RunOptions,
): Promise<RunResult> {
  const reader = new RunOutputReader(markers, options.maxBytes);
  type Outcome = RunResult['outcome'];
  const settler = new WaitSettler<Outcome>(
    options,
    () => 'timed-out',
    () => 'aborted',
  );
  if (settler.settled) return result(await settler.promise, reader, false);
  const watch = await watchPane(engine, paneId, openControl, {
    output: (data) => {
      if (reader.push(data)) settler.settle('completed');
    },
    gone: () => settler.settle('pane-exited'),
  });
  try {
    const typed = await watch.run(['send-keys', '-t', paneId, '-l', '--', markers.line]);
    const entered = typed.ok ? await watch.run(['send-keys', '-t', paneId, 'Enter']) : typed;
    if (!entered.ok) settler.fail(new Error(`could not type into ${paneId}: ${entered.message}`));
    const outcome = await settler.promise;
    if (outcome === 'timed-out' || outcome === 'aborted') {
      await watch.run(['send-keys', '-t', paneId, 'C-c']);
    }
    return result(outcome, reader, watch.dedicated);
  } finally {
    await watch.close();
  }
}

function result(outcome: RunResult['outcome'], reader: RunOutputReader, dedicated: boolean): RunResult {
  const reading = reader.reading();
  return {
    outcome,
    exitCode: outcome === 'completed' ? reading.exitCode : undefined,
    output: new TextDecoder().decode(reading.output),
    bytes: reading.output,
    truncated: reading.truncated,
    timedOut: outcome === 'timed-out',
    dedicatedClient: dedicated,
  };
}
