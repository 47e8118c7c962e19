/**
 * Creating an object and decorating it (send keys, a title, options, a size) in one dispatch, race-free.
 *
 * tmux has no target for "the pane the previous command created": after `split-window -d` the rest of a
 * command list still addresses the active pane. What tmux does offer is its `after-<command>` hook, whose
 * commands run right after the creating command with the new object as their target. So one command
 * list, atomic in the server (no other client's command runs inside it, since none of it waits):
 *
 *     set-hook -g 'after-split-window[N]' 'display -p H0 ; <decoration 1> ; display -p H1 ; ...'
 *     display -p S
 *     if-shell -F 1 '<split-window -d ...> ; display -p C'
 *     set-hook -gu 'after-split-window[N]'
 *
 * The decorations are rendered without their `-t`, so they address the new object; the marked pane is
 * never involved, and `-d` keeps the user's active pane where it is. The creation runs inside `if-shell
 * -F 1` so that its failure ends only its own group: the hook is always removed in the same list, never
 * left armed for someone else's next split. The unpredictable markers (`S`, `Hi`, `C`) say what ran: a
 * decoration that fails ends the hook's commands, and the ones after it never run.
 *
 * Checked on tmux 3.1c to 3.8, from a `tmux` process, a socket client and a control-mode client (where
 * the hook's commands answer with blocks whose flags say 0).
 */
import type { CompiledOperation, Operation } from '../operation.js';
import type { CommandResult, RawOutput } from '../results/command-result.js';
import { controlLine } from '../control-mode/control-line-quoting.js';
import type { TmuxVersion } from '../tmux-version.js';
import { EngineError, ParameterError } from '../errors.js';
import { markerLineAt } from './command-list.js';
import { crypto } from './lazy-builtins.js';

/** What `executeDecorated` returns. */
export interface DecoratedOutcome<R extends CommandResult = CommandResult> {
  /** The creation's result (failed when tmux refused it; then no decoration ran). */
  readonly created: R;
  /** One result per decoration that ran, in order: all complete, except perhaps the last. */
  readonly decorations: readonly CommandResult[];
}

/** The commands of one decorated creation, and the markers that read its answer. */
export interface DecoratedScript {
  /** Four commands, each as the words tmux receives. */
  readonly commands: readonly (readonly string[])[];
  readonly setUp: string;
  /** One before each decoration. */
  readonly before: readonly string[];
  readonly created: string;
  /**
   * Whether the creation may start the server (`new-session`). Inside `if-shell` tmux does not see it when
   * deciding whether a client starts a server, so the argv form begins with `start-server` (a no-op when
   * the server runs).
   */
  readonly startsServer: boolean;
}

/** A command as tmux's own command syntax (a hook's body, an if-shell command). */
function commandString(words: readonly string[]): string {
  return (controlLine(words) as string).slice(0, -1);
}

const print = (marker: string) => ['display-message', '-p', '--', marker];
/**
 * A marker printed without a target: before 3.2 `display-message -p` fails with "no current target" on a
 * server with no session yet (a decorated `new-session` that starts the server); `list-commands -F` of
 * one command prints its format on any server.
 */
const printAnywhere = (marker: string) => ['list-commands', '-F', marker, 'display-message'];

/** The script for `create` (rendered) and `decorations` (rendered without their target). */
export function decoratedScript(
  create: CompiledOperation<CommandResult>,
  decorations: readonly CompiledOperation<CommandResult>[],
): DecoratedScript {
  const salt = crypto().randomBytes(10).toString('hex');
  const marker = (what: string) => `tmuxkit-deco-${salt}-${what}`;
  const hook = `after-${create.words[0]}[${100000 + crypto().randomInt(900000)}]`;
  const before = decorations.map((_, i) => marker(`H${i}`));
  const body = decorations.flatMap((d, i) => [
    commandString(print(before[i]!)),
    commandString(d.words as string[]),
  ]);
  const setUp = marker('S');
  const created = marker('C');
  return {
    commands: [
      ['set-hook', '-g', hook, body.join(' ; ')],
      printAnywhere(setUp),
      [
        'if-shell',
        '-F',
        '1',
        `${commandString(create.words as string[])} ; ${commandString(print(created))}`,
      ],
      ['set-hook', '-gu', hook],
    ],
    setUp,
    before,
    created,
    startsServer: create.words[0] === 'new-session' || create.words[0] === 'new',
  };
}

/** The script as one argv (commands separated by `;`), for a `tmux` process or a socket client. */
export function scriptArgv(script: DecoratedScript): string[] {
  const commands = script.startsServer ? [['start-server'], ...script.commands] : script.commands;
  return commands.flatMap((c, i) => (i === 0 ? [...c] : [';', ...c]));
}

/** One command's answer: what it printed, whether it failed. */
export interface Answer {
  readonly ok: boolean;
  readonly text: string;
}

/**
 * Reads the answers to a decorated script, command by command, into raw outputs for the creation and
 * for each decoration that ran. `answers` are the control-mode blocks in order; a `tmux` process's one
 * stream is first cut into the same shape by `answersFromStream`.
 */
export function readDecorated(
  script: DecoratedScript,
  create: CompiledOperation<CommandResult>,
  decorations: readonly CompiledOperation<CommandResult>[],
  answers: readonly Answer[],
): { created: RawOutput; decorations: RawOutput[] } {
  const raw = (c: CompiledOperation<CommandResult>, a: Answer): RawOutput => ({
    argv: c.argv,
    exitCode: a.ok ? 0 : 1,
    stdout: a.ok ? a.text : '',
    stderr: a.ok ? '' : a.text,
  });
  const unexpected = () =>
    new EngineError(`tmux answered a decorated ${create.words[0]} in a shape tmuxkit does not know`, {
      argv: create.argv,
    });
  const [hook, setUp, ifShell, created, ...rest] = answers;
  if (!hook) throw unexpected();
  // The hook refused (nothing else ran): the creation did not happen.
  if (!hook.ok) return { created: raw(create, hook), decorations: [] };
  if (setUp?.text !== `${script.setUp}\n` || !ifShell?.ok || !created) throw unexpected();
  if (!created.ok) return { created: raw(create, created), decorations: [] };
  const out: RawOutput[] = [];
  let at = 0;
  for (let i = 0; i < decorations.length; i++) {
    if (rest[at]?.text !== `${script.before[i]}\n`) throw unexpected();
    const answer = rest[at + 1];
    if (!answer) throw unexpected();
    out.push(raw(decorations[i]!, answer));
    at += 2;
    if (!answer.ok) break;
  }
  if (rest[at]?.text !== `${script.created}\n`) throw unexpected();
  return { created: raw(create, created), decorations: out };
}

/**
 * A `tmux` process's stdout and stderr as the answers `readDecorated` takes: the markers cut the stream;
 * the one failure (nothing runs after it in its group) gets the error text.
 */
export function answersFromStream(script: DecoratedScript, decorations: number, stream: RawOutput): Answer[] {
  const { stdout, stderr } = stream;
  const lineAt = (marker: string, from: number) => markerLineAt(stdout, marker, from);
  const failed = (text: string): Answer => ({ ok: false, text: text || stderr });
  const setUpAt = lineAt(script.setUp, 0);
  if (setUpAt < 0) return [failed(stderr)];
  const answers: Answer[] = [
    { ok: true, text: '' },
    { ok: true, text: `${script.setUp}\n` },
    { ok: true, text: '' },
  ];
  let from = setUpAt + script.setUp.length + 1;
  const createdAt = lineAt(script.created, from);
  const firstHook = decorations > 0 ? lineAt(script.before[0]!, from) : -1;
  const createEnd = firstHook >= 0 ? firstHook : createdAt;
  if (createEnd < 0) return [...answers, failed(stderr)];
  answers.push({ ok: true, text: stdout.slice(from, createEnd) });
  from = createEnd;
  for (let i = 0; i < decorations; i++) {
    const at = lineAt(script.before[i]!, from);
    if (at < 0) break;
    answers.push({ ok: true, text: `${script.before[i]}\n` });
    from = at + script.before[i]!.length + 1;
    const next = i + 1 < decorations ? lineAt(script.before[i + 1]!, from) : -1;
    if (next >= 0) {
      answers.push({ ok: true, text: stdout.slice(from, next) });
      from = next;
      continue;
    }
    // The last decoration, or the one that failed (the next marker never printed).
    const end = lineAt(script.created, from);
    const ok = i === decorations - 1 && stream.exitCode === 0;
    answers.push(ok ? { ok, text: stdout.slice(from, end) } : { ok: false, text: stderr });
    from = end;
    break;
  }
  answers.push({ ok: true, text: `${script.created}\n` });
  return answers;
}

/**
 * Decorations rendered without their target (they address the new object), and the same operations
 * with the new object's id, whose argv results report.
 */
export function decorationVariants(decorations: readonly Operation[]): Operation[] {
  return decorations.map((op) => {
    const OperationClass = op.constructor as new (params: object) => Operation;
    const { target: _, ...rest } = op.params as Record<string, unknown>;
    return new OperationClass(rest);
  });
}

/**
 * Throws unless `create` creates a session, window or pane and may share a dispatch, and every decoration
 * may share one, is not destructive, and takes a session, window or pane as its `-t`.
 */
export function checkDecoratable(create: Operation, decorations: readonly Operation[]): void {
  const d = create.descriptor;
  if (!d.chainable || (d.creates !== 'session' && d.creates !== 'window' && d.creates !== 'pane')) {
    throw new ParameterError(
      d.command,
      '',
      'does not create a session, window or pane in a dispatch it can share',
    );
  }
  for (const op of decorations) {
    const o = op.descriptor;
    const target = o.flags.find((f) => f.param === 'target');
    if (
      !o.chainable ||
      o.safety === 'destructive' ||
      !target ||
      target.target === 'client' ||
      !target.target
    ) {
      throw new ParameterError(
        o.command,
        '',
        'cannot decorate a new object in its dispatch (it must share a dispatch, not be destructive, and take a session, window or pane as -t)',
      );
    }
  }
}

/**
 * The whole of `executeDecorated` for engines that send one argv and get one stream back (a `tmux`
 * process, a socket client).
 */
export async function executeDecoratedViaStream(
  create: Operation,
  decorations: readonly Operation[],
  version: () => Promise<TmuxVersion>,
  send: (argv: readonly string[]) => Promise<RawOutput>,
): Promise<DecoratedOutcome> {
  checkDecoratable(create, decorations);
  const at = await version();
  const created = create.compile({ version: at });
  const variants = decorationVariants(decorations).map((op) => op.compile({ version: at }));
  const script = decoratedScript(created, variants);
  const stream = await send(scriptArgv(script));
  const read = readDecorated(script, created, variants, answersFromStream(script, variants.length, stream));
  return decodeDecorated(created, variants, read);
}

/** Typed results from the raw outputs `readDecorated` gives. */
export function decodeDecorated(
  created: CompiledOperation<CommandResult>,
  variants: readonly CompiledOperation<CommandResult>[],
  read: { created: RawOutput; decorations: readonly RawOutput[] },
): DecoratedOutcome {
  return {
    created: created.decode(read.created),
    decorations: read.decorations.map((raw, i) => variants[i]!.decode(raw)),
  };
}
