/**
 * Several operations as one tmux command list (`a ; b ; c`) in one dispatch, with every command's output
 * and failure attributed exactly. tmux runs a list in order and stops at the first command that fails;
 * a `tmux` process or a socket client then gets all the output in one stream, and one exit status.
 *
 * So a marker command goes between each two commands: `a ; display-message -p M0 ; b ; display-message
 * -p M1 ; c`. A marker prints only when the command before it succeeded, and each marker is unpredictable
 * (a random salt), so no command's output can be mistaken for one. Reading the stream back:
 *
 * - markers 0..m-1 printed: commands 0..m-1 completed, each with the output before its marker;
 * - command m ran: with every marker printed, it is the last and the exit status is its own; otherwise it
 *   is the command that failed, with the rest of the output and tmux's message;
 * - commands after m never ran.
 *
 * Nothing runs after the last command, so a list may end with one that ends the server or the session
 * the markers would need (planners put destructive commands last).
 */
import { ParameterError } from '../errors.js';
import type { CompiledOperation, Operation } from '../operation.js';
import type { CommandResult, RawOutput } from '../results/command-result.js';
import type { TmuxVersion } from '../tmux-version.js';
import { crypto } from './lazy-builtins.js';

/** What `executeList` returns: the results of the commands tmux ran, in order; the rest never ran. */
export interface ListOutcome<R extends CommandResult = CommandResult> {
  /** One result per command that ran: all complete, except perhaps the last, which may have failed. */
  readonly results: readonly R[];
}

/** The argv of the whole list and the marker after each command but the last. */
export interface MarkedList {
  readonly argv: readonly string[];
  readonly markers: readonly string[];
}

/** The list's argv: each compiled operation's argv, a marker command between each two. */
export function markedList(compiled: readonly CompiledOperation<CommandResult>[]): MarkedList {
  const salt = crypto().randomBytes(12).toString('hex');
  const argv: string[] = [];
  const markers: string[] = [];
  compiled.forEach((c, i) => {
    if (i > 0) argv.push(';');
    argv.push(...c.argv);
    if (i < compiled.length - 1) {
      const marker = `tmuxkit-list-${salt}-${i}`;
      markers.push(marker);
      argv.push(';', 'display-message', '-p', '--', marker);
    }
  });
  return { argv, markers };
}

/** Where `marker` stands as a whole line of `stdout` at or after `from`, or -1. */
export function markerLineAt(stdout: string, marker: string, from: number): number {
  const line = `${marker}\n`;
  for (let at = stdout.indexOf(line, from); at >= 0; at = stdout.indexOf(line, at + 1)) {
    if (at === 0 || stdout[at - 1] === '\n') return at;
  }
  return -1;
}

/** Each command's own output from the list's one stream (see the module's docs for the rules). */
export function splitMarkedOutput(
  raw: RawOutput,
  compiled: readonly CompiledOperation<CommandResult>[],
  markers: readonly string[],
): RawOutput[] {
  const out: RawOutput[] = [];
  let from = 0;
  for (let i = 0; i < markers.length; i++) {
    const at = markerLineAt(raw.stdout, markers[i]!, from);
    if (at < 0) break;
    out.push({ argv: compiled[i]!.argv, exitCode: 0, stdout: raw.stdout.slice(from, at), stderr: '' });
    from = at + markers[i]!.length + 1;
  }
  const ran = out.length;
  const last = compiled[ran]!;
  const failed = ran < compiled.length - 1 || raw.exitCode !== 0;
  out.push({
    argv: last.argv,
    exitCode: failed ? raw.exitCode || 1 : 0,
    stdout: raw.stdout.slice(from),
    stderr: raw.stderr,
  });
  return out;
}

/**
 * The whole of `executeList` for engines that send one argv and get one stream back (a `tmux` process, a
 * socket client): checks, renders for `version`, marks, sends with `send`, attributes.
 */
export async function executeMarkedList(
  ops: readonly Operation<object, CommandResult>[],
  version: () => Promise<TmuxVersion>,
  send: (argv: readonly string[]) => Promise<RawOutput>,
): Promise<ListOutcome> {
  checkListable(ops);
  if (ops.length === 0) return { results: [] };
  const at = await version();
  const compiled = ops.map((op) => op.compile({ version: at }));
  const list = markedList(compiled);
  return decodeList(compiled, splitMarkedOutput(await send(list.argv), compiled, list.markers));
}

/** Reads each raw output with its operation's codec. */
export function decodeList<R extends CommandResult>(
  compiled: readonly CompiledOperation<R>[],
  raws: readonly RawOutput[],
): ListOutcome<R> {
  return { results: raws.map((raw, i) => compiled[i]!.decode(raw)) };
}

/**
 * Throws unless every operation may share a dispatch (the manifest's `chainable`: not one that runs other
 * commands, waits, or needs a terminal), and unless only the last may end what the markers need.
 */
export function checkListable(ops: readonly Operation<object, CommandResult>[]): void {
  ops.forEach((op, i) => {
    const d = op.descriptor;
    if (!d.chainable) {
      throw new ParameterError(
        d.command,
        '',
        'cannot share a dispatch with other commands (not chainable); send it alone',
      );
    }
    if (d.safety === 'destructive' && i < ops.length - 1) {
      throw new ParameterError(d.command, '', 'is destructive: only the last command of a list may be');
    }
  });
}
