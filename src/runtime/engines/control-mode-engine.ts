/**
 * `ControlModeEngine`: one persistent `tmux -C` client over pipes. Requests are written as control-mode
 * lines (one command per line, every argument quoted by `tmux-facts.md` §6.3 recipe A) and answered by
 * output blocks, matched to requests in order by counting this client's blocks (flags 1). Everything else
 * tmux prints (pane output, window and session changes, subscriptions, unsolicited blocks) is an event.
 *
 * How it connects. tmux only lets a control client in through a command that attaches it to a session,
 * so the engine starts `tmux -C attach-session` (to `session`, or tmux's most recent session). With
 * `createSession: true` it starts `tmux -C new-session -A -s NAME` instead, which attaches when the session
 * exists and otherwise creates it (and starts the server when none runs): the way to use this engine on an
 * empty server. With `ownSession: true` a session the engine created is killed by `close()`. Client flags
 * (`ignoreSize`, `noOutput`, `readOnly`, `activePane`, `pauseAfter`, ...) are applied by the attaching
 * command itself, so the client never resizes windows before `ignoreSize` holds. The version is asked of
 * the server once, before `tmux -C` starts (or taken from the `version` option).
 *
 * What differs from the subprocess engine, by design: the engine is a client attached to a session, so
 * commands that act on "the current client" act on it, and killing its session (or the server) ends it;
 * `new-session` without `detached` switches it to the new session instead of failing for want of a
 * terminal. Commands that run other commands (`if-shell`, `source-file`, `run-shell`, ...) get a marker
 * command after them, and every block and bare line up to the marker belongs to their result, as it would
 * to one `tmux` process.
 *
 * @example
 * ```ts
 * import { ControlModeEngine, NewWindow, ListWindows } from 'tmuxkit';
 * const tmux = new ControlModeEngine({ socketName: 'work', configFile: '/dev/null', session: 'work', createSession: true });
 * await tmux.connect(); // optional: the first request connects; events from here on are about our requests
 * const added = tmux.events({ filter: (e) => e.type === 'window-add' });
 * const { windowId } = (await tmux.execute(new NewWindow({ detached: true }))).raiseForStatus();
 * (await added.next()).value; // { type: 'window-add', windowId }
 * const [windows] = await tmux.executeAll([new ListWindows({})]); // pipelined: written together
 * windows.rows.length; // 2
 * await tmux.close();
 * ```
 */
import type { Writable } from 'node:stream';
import { escapeArgvArgument } from '../argv-quoting.js';
import { argvArgumentToWord, controlLine, controlListLine } from '../control-mode/control-line-quoting.js';
import { adaptControlOutput, refuseInControlMode } from '../control-mode/control-mode-quirks.js';
import { checkListable, type ListOutcome } from './command-list.js';
import {
  checkDecoratable,
  decodeDecorated,
  decoratedScript,
  decorationVariants,
  readDecorated,
  scriptArgv,
  type DecoratedOutcome,
} from './decorated-creation.js';
import {
  ControlModeParser,
  type BlockHeader,
  type OutputBlock,
  type ParsedEvent,
  type ParsedMessage,
} from '../control-mode/control-mode-parser.js';
import type { EventsDroppedEvent, UnsolicitedBlockEvent } from '../control-mode/engine-events.js';
import { EventHub, type EventStream, type EventStreamOptions } from '../control-mode/event-hub.js';
import type { NotificationGrammar } from '../control-mode/notification-grammar.js';
import { inRange, rangeText, type CommandDescriptor } from '../command-descriptor.js';
import { EngineError, ParameterError, TmuxNotFoundError, VersionError } from '../errors.js';
import type { CompiledOperation, Operation } from '../operation.js';
import { CommandResult, type RawOutput } from '../results/command-result.js';
import { TmuxVersion } from '../tmux-version.js';
import type { ConnectionOptions, Engine, ExecuteOptions } from './engine.js';
import { remoteFailure, tmuxBinary, tmuxInvocation } from './subprocess-common.js';
import { sshConnection } from '../remote/ssh-connection.js';
import { SubprocessEngine } from './subprocess-engine.js';
import { VersionOnce } from './version-once.js';
import { waitFor } from './wait-for.js';
import { childProcess, crypto } from './lazy-builtins.js';
import { PaneLifetimes } from '../control-mode/pane-lifetimes.js';

/** Client flags of a control client (`refresh-client -f`), applied when it attaches. */
export interface ControlClientFlags {
  /** No `%output` at all (tmux 3.0+). */
  readonly noOutput?: boolean;
  /** The client does not affect window sizes (3.2+). Recommended for automation. */
  readonly ignoreSize?: boolean;
  /** The client may only run read-only commands (3.2+). */
  readonly readOnly?: boolean;
  /** The client has its own active pane (3.2 up to 3.7c: tmux 3.8 removed it). */
  readonly activePane?: boolean;
  /**
   * Layouts in tmux 3.8's JSON format (3.8+), in `layout-change` events and in `#{window_layout}`.
   * Default: on from 3.8, so that control mode reads the same layouts as `SubprocessEngine` and
   * `SocketEngine` (3.8 gives other clients JSON); `false` keeps the old format.
   */
  readonly newLayouts?: boolean;
  /** Stay attached when the session is destroyed, if other sessions exist (3.6+). */
  readonly noDetachOnDestroy?: boolean;
  /**
   * Flow control (3.2+): output arrives as `extended-output` events with its age, and a pane whose
   * pending output is older than this many seconds is paused (a `pause` event) until `setPaneFlow(pane,
   * 'continue')`. 0 pauses as soon as output waits at all.
   */
  readonly pauseAfter?: number;
}

export interface ControlModeOptions extends ConnectionOptions {
  /** The session to attach to (a name or `$id`). Default: tmux's choice, the most recently used session. */
  readonly session?: string;
  /**
   * Create the session when it does not exist (`new-session -A -s NAME`; the name is `session`, default
   * `'tmuxkit'`), starting the server if none runs. Default: fail with tmux's message.
   */
  readonly createSession?: boolean;
  /** Kill the session at `close()` when this engine created it. Default false. */
  readonly ownSession?: boolean;
  readonly clientFlags?: ControlClientFlags;
  /** Events held per consumer before the oldest are dropped (default 10,000). */
  readonly eventBufferSize?: number;
  /** Milliseconds to wait for `tmux -C` to attach (default 10,000). */
  readonly connectTimeout?: number;
}

export interface ControlModeEngineBaseOptions extends ControlModeOptions {
  /** The grammar of every control-mode line; the exported `ControlModeEngine` passes the generated one. */
  readonly grammar: readonly NotificationGrammar[];
  /** Known commands (with aliases), to tell which ones run other commands; the exported engine passes the catalog. */
  readonly commands: Iterable<CommandDescriptor>;
}

/** The arguments of a `refresh-client -B` subscription target. */
export type SubscriptionTarget = 'session' | `%${number}` | '%*' | `@${number}` | '@*';

/** How a pane's output reaches this client (`refresh-client -A`, tmux 3.2+). */
export type PaneFlow = 'on' | 'off' | 'pause' | 'continue';

/** Commands that run other commands in the same queue: their children's blocks belong to their result. */
const RUNS_COMMANDS = new Set([
  'if-shell',
  'source-file',
  'run-shell',
  'confirm-before',
  'command-prompt',
  'display-menu',
]);

/** Whether a display-message argv has `-p` (its output is data, never a `%message` notification). */
function printsToOutput(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.charCodeAt(0) === 0x2d && /^-[A-Za-z]*p/.test(arg)) return true;
  }
  return false;
}

const STDERR_LINES_KEPT = 20;

/**
 * One call's requests (`execute`, `executeAll`, `run`, `runBatch`): one promise for all of them, resolved
 * when the last is answered, rejected once (abort, timeout, the client ending). A request whose batch is
 * settled is still consumed when its block comes, then dropped; one not yet written is never written.
 */
interface Batch {
  readonly raws: RawOutput[];
  remaining: number;
  settled: boolean;
  /** What the call's promise resolves to, from every answer (decoding happens here, once). */
  readonly finish: (raws: readonly RawOutput[]) => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** Removes the batch's abort listener and timer, if it has them. */
  cleanup: (() => void) | undefined;
}

/**
 * One request through its life: queued (not written yet), then pending (written, waiting for its block).
 * The same record serves both, so a request costs one small object besides its call's batch.
 */
interface Request {
  readonly source: CompiledOperation<CommandResult> | readonly (string | Uint8Array)[];
  /** Raw argvs are prepared (and checked) when queued; a compiled operation's line is made when written. */
  readonly prepared: Prepared | undefined;
  /** The argv as results and errors report it. */
  readonly argv: readonly string[];
  readonly batch: Batch;
  readonly index: number;
  /** Set when written: the catalog name of the command. */
  command: string;
  /** Set when written: the marker that ends a command that runs others (its blocks are collected until then). */
  marker: string | undefined;
  /** Set when written: its block may hold `%pause`/`%continue`/`%message` lines that are notifications. */
  notifiesInBlock: boolean;
  /** For commands that run others: what was collected so far, once their own block arrived. */
  collected: Collected | undefined;
  /** For a command list (`executeList`): how many commands its line holds; 0 otherwise. */
  readonly list: number;
  /** For a decorated creation: every block is its own, whatever its flags (the hook's say 0). */
  readonly everyBlock: boolean;
}

interface Collected {
  stdout: string;
  stderr: string;
  failed: boolean;
  /** A command list's replies, one block per command that ran. */
  readonly blocks: { readonly ok: boolean; readonly text: string }[];
}

/** A command list's answer: its replies, block by block (the commands after a failed one send none). */
interface ListRawOutput extends RawOutput {
  readonly blocks: readonly { readonly ok: boolean; readonly text: string }[];
}

/**
 * How many requests may be written and unanswered at once: enough to keep tmux busy, few enough that a
 * caller queueing a million requests costs a small record each, not a million lines in a pipe buffer.
 */
const IN_FLIGHT = 4096;
/** Lines are written in pieces of about this many bytes (then the pipe's backpressure is asked). */
const WRITE_PIECE = 64 * 1024;

type State = 'idle' | 'connecting' | 'ready' | 'ended';

/** One argv made ready to send: worked out once per frozen argv (operations are cached and reused). */
interface Prepared {
  readonly line: string | Buffer;
  /** The argv as results report it (bytes shown as latin1). */
  readonly argv: readonly string[];
  /** The catalog name of the command ('' when unknown). */
  readonly command: string;
  /** It may run other commands: a marker follows it and everything up to the marker is its answer. */
  readonly needsMarker: boolean;
  readonly notifiesInBlock: boolean;
  /** For a command list: how many commands the line holds. */
  readonly list?: number;
  /** Collect every block until the marker, whatever its flags (a decorated creation). */
  readonly everyBlock?: boolean;
}

const utf8 = new TextDecoder();

function flagsList(flags: ControlClientFlags, version: TmuxVersion): string[] {
  const { pauseAfter } = flags;
  if (pauseAfter !== undefined && (!Number.isInteger(pauseAfter) || pauseAfter < 0)) {
    throw new ParameterError('refresh-client', 'pauseAfter', 'must be a whole number of seconds, 0 or more');
  }
  const newLayouts = flags.newLayouts ?? (version.atLeast('3.8') ? true : undefined);
  // [wanted, name, since, until]
  const table: [boolean | undefined, string, string, string?][] = [
    [flags.noOutput, 'no-output', '3.0'],
    [flags.ignoreSize, 'ignore-size', '3.2'],
    [flags.readOnly, 'read-only', '3.2'],
    [flags.activePane, 'active-pane', '3.2', '3.8'],
    [flags.noDetachOnDestroy, 'no-detach-on-destroy', '3.6'],
    [pauseAfter !== undefined, `pause-after=${pauseAfter}`, '3.2'],
    [newLayouts, 'new-layouts', '3.8'],
  ];
  return table
    .filter(([wanted]) => wanted)
    .map(([, name, since, until]) => {
      const range = { since, until: until ?? null };
      if (!inRange(range, version)) {
        const flag = name.replace(/=.*/, '');
        throw new VersionError(
          'refresh-client',
          'f',
          rangeText(range),
          String(version),
          `for the ${flag} client flag`,
        );
      }
      return name;
    });
}

/** A pane id (`%N`) or a `ParameterError` naming where it was given. */
function requirePaneId(command: string, parameter: string, paneId: string): void {
  if (!/^%\d+$/.test(paneId)) {
    throw new ParameterError(
      command,
      parameter,
      `must be a pane id such as %3, got ${JSON.stringify(paneId)}`,
    );
  }
}

export class ControlModeEngineBase<E extends { readonly type: string }> implements Engine {
  readonly options: ControlModeOptions;
  readonly #grammar: readonly NotificationGrammar[];
  readonly #commands = new Map<string, string>();
  readonly #hub: EventHub<E>;
  #state: State = 'idle';
  readonly #version: VersionOnce;
  #connecting: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  #child:
    | { readonly stdin: Writable; kill(signal: NodeJS.Signals): boolean; readonly exited: Promise<void> }
    | undefined;
  #parser: ControlModeParser | undefined;
  readonly #paneLifetimes = new PaneLifetimes();
  readonly #pending: Request[] = [];
  readonly #prepared = new WeakMap<object, Prepared>();
  #head = 0;
  /** Requests not written yet (backpressure), oldest first from `#queueHead`. */
  #queue: (Request | undefined)[] = [];
  #queueHead = 0;
  /** Waiting for the pipe to drain before writing more. */
  #draining = false;
  #markers = 0;
  #markerSalt = '';
  #stderr: string[] = [];
  #exitReason: string | undefined;
  #endError: EngineError | undefined;
  #sessionId: string | undefined;
  #createdSession: string | undefined;
  /** The startup block, while connecting. */
  #startup: { readonly blocks: OutputBlock[]; resolve(blocks: OutputBlock[]): void } | undefined;
  #startupBlocks = 1;
  #lastBlock = -1;
  /** Called at the first `%session-changed`, while connecting. */
  #attached: (() => void) | undefined;

  constructor(options: ControlModeEngineBaseOptions) {
    const { grammar, commands, ...rest } = options;
    this.options = Object.freeze({ ...rest });
    this.#grammar = grammar;
    for (const c of commands) {
      this.#commands.set(c.command, c.command);
      if (c.alias) this.#commands.set(c.alias, c.command);
    }
    this.#hub = new EventHub<E>(
      (count) => ({ type: 'dropped', count }) satisfies EventsDroppedEvent as unknown as E,
    );
    const { version: _given, ...connection } = this.options;
    const subprocess = new SubprocessEngine(connection);
    this.#version = new VersionOnce(options.version, () => subprocess.version(), options);
  }

  /** The session the client is attached to (`$N`), once connected; follows `%session-changed`. */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  /** Whether this engine created the session it attached to (`createSession`). */
  get createdSession(): boolean {
    return this.#createdSession !== undefined;
  }

  /** Requests written to tmux and not answered yet (at most 4,096: the rest wait, unwritten). */
  get requestsInFlight(): number {
    return this.#pending.length - this.#head;
  }

  /** Requests waiting to be written (backpressure: the pipe is full or 4,096 are unanswered). */
  get requestsQueued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /** How many panes the client holds a UTF-8 decoder for (released when tmux says a pane is gone). */
  get paneStreams(): number {
    return this.#parser?.paneStreams ?? 0;
  }

  /** Whether the client is attached and answering. */
  get connected(): boolean {
    return this.#state === 'ready';
  }

  /** The server's version, asked once the way SubprocessEngine asks it, before `tmux -C` starts. */
  version(options: ExecuteOptions = {}): Promise<TmuxVersion> {
    return this.#version.get(options);
  }

  /**
   * Starts `tmux -C` and waits until it is attached. Called by the first request; idempotent. The
   * connection is the engine's (bounded by `connectTimeout`); a caller's `signal` and `timeout` only stop
   * that caller's wait, never the connection others share.
   */
  connect(options: ExecuteOptions = {}): Promise<void> {
    if (this.#endError) return Promise.reject(this.#endError);
    this.#connecting ??= this.#connect().catch((e: unknown) => {
      this.#finish(e instanceof EngineError ? e : new EngineError(String(e), { cause: e }));
      this.#child?.kill('SIGTERM'); // a client that did not attach must not outlive the failure
      throw e;
    });
    if (!options.signal && options.timeout === undefined) return this.#connecting;
    return waitFor(this.#connecting, options, 'connecting to tmux');
  }

  #startupArgv(version: TmuxVersion): string[] {
    const o = this.options;
    const flags = flagsList(o.clientFlags ?? {}, version);
    const modern = version.atLeast('3.2');
    const session = escapeArgvArgument(o.session ?? 'tmuxkit');
    const argv = o.createSession
      ? ['new-session', '-A', '-s', session, '-P', '-F', '#{session_id}']
      : ['attach-session', ...(o.session !== undefined ? ['-t', session] : [])];
    if (flags.length > 0 && modern) argv.push('-f', flags.join(','));
    // Before 3.2 the only flag is no-output, set by refresh-client -F in the same command group.
    if (flags.length > 0 && !modern) argv.push(';', 'refresh-client', '-F', flags.join(','));
    return argv;
  }

  async #connect(): Promise<void> {
    this.#state = 'connecting';
    const version = await this.version();
    if (this.#closing) throw new EngineError('the control-mode engine was closed while connecting');
    const startup = this.#startupArgv(version);
    this.#startupBlocks = startup.filter((w) => w === ';').length + 1;
    this.#parser = new ControlModeParser({
      grammar: this.#grammar,
      notificationsInBlock: (header) => this.#notificationsInBlock(header),
    });
    // A long-lived process with three pipes: Node's spawn directly (never a shell), so nothing sits
    // between tmux's output and the parser.
    this.#markerSalt = crypto().randomBytes(6).toString('hex');
    const ssh = this.options.ssh ? sshConnection(this.options.ssh, this.options.env) : undefined;
    await ssh?.ready();
    // Over ssh: `ssh HOST -- tmux -C ...`, the one long-lived session a remote terminal would hold.
    const { file, args } = tmuxInvocation(this.options, ['-C', ...startup], ssh);
    const child = childProcess().spawn(file, args, {
      shell: false,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(this.options.env !== undefined ? { env: this.options.env as NodeJS.ProcessEnv } : {}),
    });
    const exited = new Promise<{ exitCode?: number; signal?: string; code?: string }>((resolve) => {
      child.once('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? 'error' }));
      child.once('close', (code, signal) =>
        resolve({ ...(code === null ? {} : { exitCode: code }), ...(signal ? { signal } : {}) }),
      );
    });
    this.#child = {
      stdin: child.stdin,
      kill: (signal) => child.kill(signal),
      exited: exited.then(() => {}),
    };
    const sink = (m: ParsedMessage) => this.#onMessage(m);
    child.stdout.on('data', (chunk: Buffer) => {
      this.#parser?.push(chunk, sink);
      if (this.#queueHead < this.#queue.length) this.#pump(); // answers made room for more
    });
    child.stderr.on('data', (chunk: Buffer) => this.#keepStderr(chunk));
    child.stdin.on('error', () => {}); // a closed pipe shows up as the process's exit, handled there
    const startupBlock = new Promise<OutputBlock[]>((resolve) => (this.#startup = { blocks: [], resolve }));
    const sessionChanged = new Promise<void>((resolve) => (this.#attached = resolve));
    void exited.then((outcome) => this.#onExit(outcome));
    const timeout = this.options.connectTimeout ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new EngineError(`tmux -C did not attach within ${timeout} ms`, { stderr: this.#stderrText() }),
          );
        }, timeout);
      });
      const ended = this.#ended();
      const blocks = await Promise.race([startupBlock, deadline, ended]);
      this.#startup = undefined;
      const failed = blocks.find((b) => !b.ok);
      if (failed) {
        const hint = this.options.createSession ? '' : ' (pass `createSession: true` to create a session)';
        const message = utf8.decode(failed.body).trim();
        throw new EngineError(`tmux -C ${startup.join(' ')} failed: ${message}${hint}`, {
          argv: startup,
          stderr: this.#stderrText(),
        });
      }
      const output = utf8.decode(blocks[0]!.body).trim();
      if (this.options.createSession && /^\$\d+$/.test(output)) this.#createdSession = output;
      // Attached once tmux says which session the client is in (after the startup's own notifications).
      await Promise.race([sessionChanged, deadline, ended]);
    } finally {
      clearTimeout(timer);
    }
    this.#state = 'ready';
  }

  /** Resolves never; rejects with the end error once the client has gone. */
  #endWaiters: ((e: EngineError) => void)[] = [];
  #ended(): Promise<never> {
    if (this.#endError) return Promise.reject(this.#endError);
    return new Promise((_, reject) => this.#endWaiters.push(reject));
  }

  #notificationsInBlock(header: BlockHeader): boolean {
    if (header.flags !== 1) return true;
    const head = this.#headPending();
    return head === undefined || head.collected !== undefined || head.notifiesInBlock;
  }

  #headPending(): Request | undefined {
    return this.#head < this.#pending.length ? this.#pending[this.#head] : undefined;
  }

  #popHead(): void {
    this.#pending[this.#head++] = undefined as unknown as Request;
    if (this.#head === this.#pending.length) {
      this.#pending.length = 0;
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#pending.length) {
      this.#pending.splice(0, this.#head);
      this.#head = 0;
    }
  }

  #onMessage(message: ParsedMessage): void {
    if (message.kind === 'event') {
      this.#onEvent(message.event);
      return;
    }
    const block = message.block;
    if (this.#startup) {
      // The startup command group (flags 0): one block per command in it.
      if (block.flags === 0) {
        this.#lastBlock = block.number;
        this.#startup.blocks.push(block);
        if (this.#startup.blocks.length === this.#startupBlocks) this.#startup.resolve(this.#startup.blocks);
      }
      return;
    }
    // Block numbers come from one server-wide counter: a block that does not follow the last one, or a
    // reply when nothing was asked, means the stream is out of step (a forged line); stop rather than
    // hand someone another request's answer.
    if (block.number <= this.#lastBlock) {
      this.#desync(`block ${block.number} came after block ${this.#lastBlock}`);
      return;
    }
    this.#lastBlock = block.number;
    const head = this.#headPending();
    if (block.flags === 1 && !head) {
      this.#desync(`a reply (block ${block.number}) arrived with no request waiting`);
      return;
    }
    // A block is the head request's when it is a reply, or when the head is collecting what the
    // commands it ran printed; anything else was printed for something this client did not send.
    if (!head || (block.flags !== 1 && !head.collected)) {
      this.#publish({
        type: 'block' as const,
        time: block.time,
        number: block.number,
        ok: block.ok,
        output: utf8.decode(block.body),
      } satisfies UnsolicitedBlockEvent);
      return;
    }
    // Most replies are empty (acknowledgements): no decoder call for those.
    const text = block.body.length === 0 ? '' : utf8.decode(block.body);
    if (head.marker === undefined) {
      this.#popHead();
      this.#answer(head, {
        argv: head.argv,
        exitCode: block.ok ? 0 : 1,
        stdout: block.ok ? text : '',
        stderr: block.ok ? '' : text,
      });
      return;
    }
    if (head.collected && block.flags === 1 && block.ok && text === head.marker) {
      this.#popHead();
      const { stdout, stderr, failed, blocks } = head.collected;
      const raw: RawOutput = { argv: head.argv, exitCode: failed ? 1 : 0, stdout, stderr };
      const list: ListRawOutput | undefined = head.list > 0 ? { ...raw, blocks } : undefined;
      this.#answer(head, list ?? raw);
      return;
    }
    if (head.list > 0 && block.flags !== 1 && !head.everyBlock) {
      // A list's own commands reply with flags 1; anything else (a hook's block) is not theirs.
      this.#publish({
        type: 'block' as const,
        time: block.time,
        number: block.number,
        ok: block.ok,
        output: text,
      } satisfies UnsolicitedBlockEvent);
      return;
    }
    const collected = (head.collected ??= { stdout: '', stderr: '', failed: false, blocks: [] });
    if (head.list > 0) {
      collected.blocks.push({ ok: block.ok, text });
      return;
    }
    if (block.ok) collected.stdout += text;
    else {
      collected.stderr += text;
      collected.failed = true;
    }
  }

  #answer(p: Request, raw: RawOutput): void {
    const batch = p.batch;
    if (batch.settled) return;
    batch.raws[p.index] = adaptControlOutput(p.command, this.#version.known!, raw);
    if (--batch.remaining === 0) {
      batch.settled = true;
      batch.cleanup?.();
      try {
        batch.resolve(batch.finish(batch.raws));
      } catch (e) {
        batch.reject(e);
      }
    }
  }

  #fail(batch: Batch, error: unknown): void {
    if (batch.settled) return;
    batch.settled = true;
    batch.cleanup?.();
    batch.reject(error);
  }

  #onEvent(event: ParsedEvent): void {
    for (const pane of this.#paneLifetimes.observe(event)) this.#parser?.releasePane(pane);
    const head = this.#headPending();
    if (event.type === 'raw' && head?.collected) {
      // Bare lines while a command that runs others is open: run-shell's output, as a tmux process prints it.
      head.collected.stdout += `${String(event['line'])}\n`;
    } else if (event.type === 'session-changed') {
      this.#sessionId = String(event['sessionId']);
      this.#attached?.();
      this.#attached = undefined;
    } else if (event.type === 'exit') {
      this.#exitReason =
        typeof event['reason'] === 'string' && event['reason'] !== '' ? event['reason'] : undefined;
    }
    this.#publish(event);
  }

  #publish(event: ParsedEvent | UnsolicitedBlockEvent): void {
    this.#hub.publish(event as E);
  }

  #keepStderr(chunk: Buffer): void {
    const lines = chunk
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '');
    this.#stderr = [...this.#stderr, ...lines].slice(-STDERR_LINES_KEPT);
  }

  #stderrText(): string {
    return this.#stderr.join('\n');
  }

  #onExit(outcome: unknown): void {
    this.#parser?.end((m) => this.#onMessage(m));
    const code = (outcome as { code?: string }).code;
    if ((code === 'ENOENT' || code === 'EACCES') && !this.options.ssh) {
      this.#finish(new TmuxNotFoundError(tmuxBinary(this.options), outcome));
      return;
    }
    const exitCode = (outcome as { exitCode?: number }).exitCode;
    const remote = remoteFailure(this.options, exitCode, this.#stderrText());
    if (remote) {
      this.#finish(remote);
      return;
    }
    const why = this.#exitReason ? `: ${this.#exitReason}` : '';
    const stderr = this.#stderrText();
    this.#finish(
      new EngineError(
        `the tmux control client exited${why} (exit status ${exitCode ?? 'none'})${stderr ? `; tmux said: ${stderr}` : ''}`,
        { stderr, ...(this.#exitReason ? { exitReason: this.#exitReason } : {}), cause: outcome },
      ),
    );
  }

  /** The stream no longer matches replies to requests: fail everything and end the client. */
  #desync(why: string): void {
    this.#finish(
      new EngineError(`the control-mode stream is out of step (${why}); the client was stopped`, {
        stderr: this.#stderrText(),
      }),
    );
    this.#child?.kill('SIGTERM');
  }

  /** The client is gone: every pending call and every later call fails with `error`; streams end. */
  #finish(error: EngineError): void {
    if (this.#endError) return;
    this.#endError = error;
    this.#state = 'ended';
    for (let i = this.#head; i < this.#pending.length; i++) this.#fail(this.#pending[i]!.batch, error);
    for (let i = this.#queueHead; i < this.#queue.length; i++) {
      const q = this.#queue[i];
      if (q) this.#fail(q.batch, error);
    }
    this.#pending.length = 0;
    this.#head = 0;
    this.#queue = [];
    this.#queueHead = 0;
    for (const reject of this.#endWaiters.splice(0)) reject(error);
    this.#hub.end();
  }

  /** Makes a queued request pending; its line (and marker line) go into `lines`. Returns their bytes. */
  #enqueue(request: Request, lines: (string | Buffer)[]): number {
    const prepared = request.prepared ?? this.#prepare(request.source);
    // The marker is unpredictable, so no command's output can end the collection early.
    const marker = prepared.needsMarker ? `tmuxkit-sync ${this.#markerSalt} ${++this.#markers}\n` : undefined;
    lines.push(prepared.line);
    let bytes = prepared.line.length;
    if (marker !== undefined) {
      const line = `display-message -p '${marker.slice(0, -1)}'\n`;
      lines.push(line);
      bytes += line.length;
    }
    request.command = prepared.command;
    request.marker = marker;
    request.notifiesInBlock = prepared.notifiesInBlock;
    this.#pending.push(request);
    return bytes;
  }

  /**
   * Writes queued requests while fewer than `IN_FLIGHT` are unanswered and the pipe takes more; called
   * when requests are queued, when answers arrive and when the pipe drains. A request whose batch was
   * abandoned before its turn is never written.
   */
  #pump(all = false): void {
    const stdin = this.#child?.stdin;
    if (!stdin || (this.#draining && !all) || this.#endError) return;
    let lines: (string | Buffer)[] = [];
    let bytes = 0;
    while (this.#queueHead < this.#queue.length && (all || this.#pending.length - this.#head < IN_FLIGHT)) {
      const q = this.#queue[this.#queueHead]!;
      this.#queue[this.#queueHead++] = undefined;
      if (q.batch.settled) continue;
      bytes += this.#enqueue(q, lines);
      if (bytes >= WRITE_PIECE) {
        this.#write(lines);
        lines = [];
        bytes = 0;
        if (stdin.writableNeedDrain && !all) break;
      }
    }
    this.#write(lines);
    if (this.#queueHead === this.#queue.length) {
      this.#queue = [];
      this.#queueHead = 0;
    } else if (stdin.writableNeedDrain && !this.#draining) {
      this.#draining = true;
      stdin.once('drain', () => {
        this.#draining = false;
        this.#pump();
      });
    }
  }

  /**
   * Abort and timeout for a batch, with one listener and one timer: the call rejects at once, naming its
   * first unanswered request; its blocks, when they come, are consumed and dropped.
   */
  #watch(batch: Batch, argvs: readonly (readonly string[])[], options: ExecuteOptions): void {
    let timer: NodeJS.Timeout | undefined;
    const abandon = (why: string) => {
      const first = argvs[batch.raws.findIndex((r, i) => r === undefined && i < argvs.length)] ?? argvs[0]!;
      this.#fail(batch, new EngineError(`tmux ${first.join(' ')} ${why}`, { argv: first }));
    };
    const onAbort = () => abandon('was aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeout !== undefined) {
      timer = setTimeout(() => abandon(`timed out after ${options.timeout} ms`), options.timeout);
    }
    batch.cleanup = () => {
      options.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    };
  }

  #write(lines: readonly (string | Buffer)[]): void {
    if (lines.length === 0) return;
    const data = lines.every((l) => typeof l === 'string')
      ? (lines as string[]).join('')
      : Buffer.concat(lines.map((l) => (typeof l === 'string' ? Buffer.from(l) : l)));
    this.#child!.stdin.write(data);
  }

  /** Waits until connected; rejects at once when the client has ended or the call is already aborted. */
  async #ready(options: ExecuteOptions, argv: readonly string[]): Promise<TmuxVersion> {
    if (options.signal?.aborted) throw new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv });
    if (this.#endError) throw this.#endError;
    if (this.#closing) throw new EngineError('the control-mode engine is closed', { argv });
    if (this.#state !== 'ready') await this.connect(options);
    if (this.#endError) throw this.#endError;
    return this.#version.known!;
  }

  /** Renders `op` for the server's version, sends it and returns its typed result. */
  execute<R extends CommandResult>(op: Operation<object, R>, options: ExecuteOptions = {}): Promise<R> {
    // Not async, and no executeAll: a caller may queue a million of these, each costing one small record.
    if (this.#state !== 'ready')
      return this.#ready(options, [op.command]).then(() => this.execute(op, options));
    try {
      const compiled = op.compile({ version: this.#version.known! });
      return this.#send([compiled], options, (raws) => compiled.decode(raws[0]!));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Sends several operations pipelined (written together, in pieces the pipe takes, at most 4,096
   * unanswered at a time) and returns their results in order. Each result
   * belongs to its own operation; a failed one does not stop the others (each is its own line).
   */
  async executeAll<const O extends readonly Operation<object, CommandResult>[]>(
    ops: O,
    options: ExecuteOptions = {},
  ): Promise<{ -readonly [K in keyof O]: O[K] extends Operation<object, infer R> ? R : never }> {
    const version =
      this.#state === 'ready' ? this.#version.known! : await this.#ready(options, [ops[0]?.command ?? '']);
    const compiled = ops.map((op) => op.compile({ version }));
    return this.#send(compiled, options, (raws) => raws.map((raw, i) => compiled[i]!.decode(raw))) as never;
  }

  /** Runs one raw argv (command first; argv-path rules: a literal trailing `;` is written `\;`). */
  run(argv: readonly string[], options: ExecuteOptions = {}): Promise<CommandResult> {
    if (this.#state !== 'ready')
      return this.#ready(options, [argv[0] ?? '']).then(() => this.run(argv, options));
    try {
      return this.#send([argv], options, (raws) => new CommandResult(raws[0]!));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /**
   * Runs several raw argvs pipelined, as `executeAll` does, and returns their results in order. Arguments may be bytes
   * (`Uint8Array`), for data that is not UTF-8 (such as `set-buffer` of binary data).
   */
  async runBatch(
    argvs: readonly (readonly (string | Uint8Array)[])[],
    options: ExecuteOptions = {},
  ): Promise<CommandResult[]> {
    const first = argvs[0]?.[0];
    if (this.#state !== 'ready') await this.#ready(options, [typeof first === 'string' ? first : '']);
    return this.#send(argvs, options, (raws) => raws.map((raw) => new CommandResult(raw)));
  }

  /** Pipelined requests, one write for many: a plan's dependency level goes out at once. */
  readonly defaultPlanner = 'pipelined' as const;

  /**
   * Creates and decorates in one dispatch (see `Engine.executeDecorated`): the script's four commands as
   * one line, every block up to the marker line collected, the hook's (flags 0) included.
   */
  async executeDecorated(
    create: Operation<object, CommandResult>,
    decorations: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<DecoratedOutcome> {
    checkDecoratable(create, decorations);
    const version =
      this.#state === 'ready' ? this.#version.known! : await this.#ready(options, [create.command]);
    const created = create.compile({ version });
    const variants = decorationVariants(decorations).map((op) => op.compile({ version }));
    for (const c of [created, ...variants]) this.#refuse(c);
    const script = decoratedScript(created, variants);
    // Every block up to the marker is the script's, the hook's (flags 0) included.
    return this.#sendList(script.commands, scriptArgv(script), true, options, ({ blocks }) =>
      decodeDecorated(created, variants, readDecorated(script, created, variants, blocks)),
    );
  }

  /**
   * Sends commands as one list line, then the marker line that always runs; `finish` reads the blocks
   * collected until the marker (the list's own replies, or with `everyBlock` every block).
   */
  #sendList<T>(
    commands: readonly (readonly (string | Uint8Array)[])[],
    argv: readonly string[],
    everyBlock: boolean,
    options: ExecuteOptions,
    finish: (raw: ListRawOutput) => T,
  ): Promise<T> {
    const prepared: Prepared = {
      line: controlListLine(commands),
      argv,
      command: '',
      needsMarker: true,
      notifiesInBlock: false,
      list: commands.length,
      everyBlock,
    };
    return this.#send([argv], options, (raws) => finish(raws[0] as ListRawOutput), [prepared]);
  }

  /**
   * Runs operations as one command list: one control line `a ; b ; c`, answered by one block per command
   * that ran (tmux sends none for the commands after a failed one), then a marker line of its own, which
   * always runs and says the list is over. See `Engine.executeList`.
   */
  async executeList(
    ops: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<ListOutcome> {
    checkListable(ops);
    if (ops.length === 0) return { results: [] };
    const version =
      this.#state === 'ready' ? this.#version.known! : await this.#ready(options, [ops[0]!.command]);
    const compiled = ops.map((op) => op.compile({ version }));
    for (const c of compiled) this.#refuse(c);
    const argv = compiled.flatMap((c, i) => (i === 0 ? c.argv : [';', ...c.argv]));
    return this.#sendList(
      compiled.map((c) => c.words),
      argv,
      false,
      options,
      (raw) => this.#listOutcome(compiled, raw),
    );
  }

  #listOutcome(compiled: readonly CompiledOperation<CommandResult>[], raw: ListRawOutput): ListOutcome {
    if (raw.blocks.length > compiled.length) {
      throw new EngineError(
        `tmux answered a list of ${compiled.length} commands with ${raw.blocks.length} replies`,
        { argv: raw.argv },
      );
    }
    const version = this.#version.known!;
    return {
      results: raw.blocks.map((block, i) => {
        const c = compiled[i]!;
        const one = {
          argv: c.argv,
          exitCode: block.ok ? 0 : 1,
          stdout: block.ok ? block.text : '',
          stderr: block.ok ? '' : block.text,
        };
        return c.decode(adaptControlOutput(this.#commands.get(c.words[0]!) ?? '', version, one));
      }),
    };
  }

  /**
   * The control line for one request, and the argv as results report it: from a compiled operation's
   * words (the exact strings tmux receives), or from a raw argv (argv-path escaping undone). Remembered
   * per frozen source, so an operation sent again costs a lookup.
   */
  #prepare(source: CompiledOperation<CommandResult> | readonly (string | Uint8Array)[]): Prepared {
    const known = this.#prepared.get(source);
    if (known) return known;
    let words: readonly (string | Uint8Array)[];
    let shown: readonly string[];
    if (!Array.isArray(source)) {
      ({ words, argv: shown } = source as CompiledOperation<CommandResult>);
    } else {
      const argv = source as readonly (string | Uint8Array)[];
      const first = typeof argv[0] === 'string' ? argv[0] : '';
      words = argv.map((a, i) => (i === 0 || typeof a !== 'string' ? a : argvArgumentToWord(first, i, a)));
      shown = argv.some((a) => typeof a !== 'string')
        ? argv.map((a) => (typeof a === 'string' ? a : Buffer.from(a).toString('latin1')))
        : (argv as readonly string[]);
    }
    const name = typeof words[0] === 'string' ? words[0] : '';
    const command = this.#commands.get(name) ?? '';
    refuseInControlMode(command || name, words, this.#version.known!);
    const prepared: Prepared = {
      line: controlLine(words),
      argv: shown,
      command,
      // Unknown names (user aliases, prefixes) may run other commands too: treat them the safe way.
      needsMarker: command === '' || RUNS_COMMANDS.has(command),
      notifiesInBlock:
        command === 'refresh-client' || (command === 'display-message' && !printsToOutput(shown)),
    };
    if (Array.isArray(source) && Object.isFrozen(source)) this.#prepared.set(source, prepared);
    return prepared;
  }

  /**
   * Queues one call's requests and returns its promise, settled with `finish(raws)` once all are answered.
   * Throws (before anything is queued) for a closed engine, an aborted signal or a request that cannot be
   * sent.
   */
  #send<T>(
    sources: readonly (CompiledOperation<CommandResult> | readonly (string | Uint8Array)[])[],
    options: ExecuteOptions,
    finish: (raws: readonly RawOutput[]) => T,
    preparedAlready?: readonly Prepared[],
  ): Promise<T> {
    if (this.#endError) throw this.#endError;
    if (options.signal?.aborted) throw new EngineError('the request was aborted before it was sent');
    if (sources.length === 0) return Promise.resolve(finish([]));
    // Every request is checked before any is queued, so a bad one sends none of its batch. Raw argvs are
    // prepared now; a compiled operation's words were checked when it was built, and its line is made
    // when it is written.
    const prepared =
      preparedAlready ??
      sources.map((source) =>
        Array.isArray(source)
          ? this.#prepare(source)
          : (this.#refuse(source as CompiledOperation<CommandResult>), undefined),
      );
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((yes, no) => {
      resolve = yes as (value: unknown) => void;
      reject = no;
    });
    const batch: Batch = {
      raws: new Array<RawOutput>(sources.length),
      remaining: sources.length,
      settled: false,
      finish,
      resolve,
      reject,
      cleanup: undefined,
    };
    // The queue holds what each request needs until it is written: a few words each. The argvs are
    // collected only for a call that can be abandoned (its error names the first unanswered one).
    const watched = options.signal !== undefined || options.timeout !== undefined;
    const argvs: (readonly string[])[] = [];
    for (let index = 0; index < sources.length; index++) {
      const source = sources[index]!;
      const argv = prepared[index]?.argv ?? (source as CompiledOperation<CommandResult>).argv;
      if (watched) argvs.push(argv);
      this.#queue.push({
        source,
        prepared: prepared[index],
        argv,
        batch,
        index,
        command: '',
        marker: undefined,
        notifiesInBlock: false,
        collected: undefined,
        list: prepared[index]?.list ?? 0,
        everyBlock: prepared[index]?.everyBlock ?? false,
      });
    }
    if (watched) this.#watch(batch, argvs, options);
    this.#pump();
    return promise;
  }

  /** Throws when a compiled operation cannot go through a control-mode client; nothing is sent. */
  #refuse(compiled: CompiledOperation<CommandResult>): void {
    const name = compiled.words[0]!;
    refuseInControlMode(this.#commands.get(name) ?? name, compiled.words, this.#version.known!);
  }

  /**
   * Every event from now on: notifications (typed from the manifest), raw lines, unsolicited blocks. Any
   * number of consumers each get every event; each holds at most `bufferSize` (default: the engine's
   * `eventBufferSize`, 10,000) and reads a `dropped` event where it lost some. Ends when the client exits.
   */
  events(options: EventStreamOptions<E> = {}): EventStream<E> {
    return this.#hub.subscribe({
      bufferSize: this.options.eventBufferSize,
      ...options,
    } as EventStreamOptions<E>);
  }

  /** One pane's output (`output` and `extended-output` events), as bytes and as text decoded per pane. */
  paneOutput(
    paneId: string,
    options: Omit<EventStreamOptions<E>, 'filter'> = {},
  ): EventStream<Extract<E, { type: 'output' | 'extended-output' }> | EventsDroppedEvent> {
    requirePaneId('paneOutput', 'paneId', paneId);
    return this.events({
      ...options,
      filter: (e) =>
        (e.type === 'output' || e.type === 'extended-output') && (e as { paneId?: string }).paneId === paneId,
    }) as never;
  }

  async #require(feature: string, since: string, command: string, flag: string): Promise<void> {
    const version = await this.version();
    if (!version.atLeast(since))
      throw new VersionError(command, flag, `${since} or newer`, String(version), `for ${feature}`);
  }

  /**
   * Subscribes to a format (`refresh-client -B`, tmux 3.2+): tmux checks it every second and sends a
   * `subscription-changed` event when its value changes. `target` is `'session'` (the attached session),
   * a pane (`%3`), every pane (`%*`), a window (`@1`) or every window (`@*`). The returned stream yields
   * this subscription's changes; `unsubscribe()` removes it from tmux and ends the stream.
   */
  async subscribe(
    name: string,
    target: SubscriptionTarget,
    format: string,
    options: Omit<EventStreamOptions<E>, 'filter'> & ExecuteOptions = {},
  ): Promise<FormatSubscription<Extract<E, { type: 'subscription-changed' }> | EventsDroppedEvent>> {
    if (!/^[^:\s\0]+$/.test(name))
      throw new ParameterError(
        'refresh-client',
        'subscribe',
        `the name must be a non-empty word without ':' or spaces, got ${JSON.stringify(name)}`,
      );
    if (!/^(%\d+|%\*|@\d+|@\*|session)$/.test(target))
      throw new ParameterError(
        'refresh-client',
        'subscribe',
        `the target must be 'session', %N, %*, @N or @*, got ${JSON.stringify(target)}`,
      );
    if (format.includes('\n') || format.includes('\0'))
      throw new ParameterError('refresh-client', 'subscribe', 'the format cannot contain a newline or NUL');
    await this.#require('subscriptions', '3.2', 'refresh-client', 'B');
    const stream = this.events({
      ...options,
      filter: (e) => e.type === 'subscription-changed' && (e as { name?: string }).name === name,
    });
    try {
      const spec = `${name}:${target === 'session' ? '' : target}:${format}`;
      (await this.run(['refresh-client', '-B', spec], options)).raiseForStatus();
    } catch (e) {
      stream.close(); // nothing subscribed: no stream left behind
      throw e;
    }
    return new FormatSubscription(name, stream as never, async () => {
      stream.close();
      if (this.#endError === undefined) (await this.run(['refresh-client', '-B', name])).raiseForStatus();
    });
  }

  /**
   * Flow control for one pane (`refresh-client -A`, tmux 3.2+): `off` stops its output to this client
   * (tmux stops reading the pane once every client has it off, so nothing is lost), `on` resumes it,
   * `pause` drops what is queued and sends a `pause` event, `continue` resumes a paused pane.
   */
  async setPaneFlow(paneId: string, flow: PaneFlow, options: ExecuteOptions = {}): Promise<void> {
    requirePaneId('refresh-client', 'paneId', paneId);
    if (!['on', 'off', 'pause', 'continue'].includes(flow))
      throw new ParameterError(
        'refresh-client',
        'flow',
        `must be on, off, pause or continue, got ${JSON.stringify(flow)}`,
      );
    await this.#require('pane flow control', '3.2', 'refresh-client', 'A');
    (await this.run(['refresh-client', '-A', `${paneId}:${flow}`], options)).raiseForStatus();
  }

  /**
   * Detaches the client and waits for `tmux -C` to exit (at most 2 s, then it is terminated). A session
   * this engine created is killed first when `ownSession` is set. Pending calls reject with an
   * `EngineError`. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    // Closing while connecting stops the client that has not attached yet; the connect then fails.
    if (this.#state === 'connecting') this.#child?.kill('SIGTERM');
    await this.#connecting?.catch(() => {});
    const child = this.#child;
    if (!child) {
      this.#finish(new EngineError('the control-mode engine is closed'));
      return;
    }
    if (!this.#endError) {
      this.#pump(true); // what callers queued before close() still goes out, and is answered
      const lines: string[] = [];
      if (this.options.ownSession && this.#createdSession)
        lines.push(`kill-session -t '${this.#createdSession}'\n`);
      lines.push('\n'); // an empty line detaches a control client
      child.stdin.write(lines.join(''));
      child.stdin.end();
    }
    // tmux -C leaves on the empty line; one that does not is stopped (it is our own child process).
    const term = setTimeout(() => child.kill('SIGTERM'), 2000);
    const kill = setTimeout(() => child.kill('SIGKILL'), 4000);
    await child.exited;
    clearTimeout(term);
    clearTimeout(kill);
    this.#finish(new EngineError('the control-mode engine is closed'));
  }
}

/** A live `refresh-client -B` subscription: iterate its change events; `unsubscribe()` ends it. */
export class FormatSubscription<C> implements AsyncIterable<C> {
  constructor(
    readonly name: string,
    readonly changes: EventStream<C>,
    readonly unsubscribe: () => Promise<void>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<C> {
    return this.changes;
  }
}
