/**
 * `SocketEngine`: tmuxkit as a tmux client itself. Each request connects to the server's unix socket,
 * identifies as a command client, sends its argv in one `MSG_COMMAND` and reads what comes back (output
 * as `MSG_WRITE` data on streams 1 and 2, then `MSG_EXIT`), with no `tmux` process: `tmux-facts.md` §4.
 *
 * - Identify: UTF-8 client flag (both the old int and the 3.2+ u64 message, so 3.1 to 3.7 all read it;
 *   tmux 3.0 still sent output in an older form, which is refused with an `EngineError`),
 *   `MSG_IDENTIFY_TTYNAME` always (empty: without it some commands crash the server), the working
 *   directory as tmux's client reports it ($PWD when it is the same place), pid, and of the environment
 *   `TMUX` and `TMUX_PANE` always (tmux picks default targets by them) and everything else only for
 *   command lists with a command that starts processes (`new-session`, `split-window`, `run-shell`, ...).
 * - Files: every `MSG_WRITE_OPEN` is answered (tmux would wait forever otherwise). Output to the client's
 *   own stdout/stderr is collected; a request to write or read any other path is refused with EACCES:
 *   the engine never touches the user's files because a server asked. `load-buffer -` reads the bytes
 *   given as `stdin` (see `loadBuffer`), so binary data, NUL included, can be loaded into a buffer.
 * - No server: commands that start one (`new-session`, `start-server`, ...) run once through a `tmux`
 *   process (only tmux can fork a server); every other command answers what tmux itself says,
 *   `no server running on <path>`.
 * - The socket is found as tmux finds it, and refused as tmux refuses it (a socket directory open to
 *   others or owned by someone else, a path too long), in tmux's own words.
 * - Every request has its own connection, so requests run concurrently (a full listen queue is waited
 *   out, as tmux's blocking connect would). A server that dies mid-command,
 *   a reset connection, a timeout or an abort rejects with an `EngineError`; a protocol mismatch
 *   (`MSG_VERSION`) too. Nothing malformed is ever sent (tmux up to 3.5a exits on one): commands that do
 *   not fit one message are a `ParameterError` before connecting.
 *
 * @example
 * ```ts
 * import { SocketEngine, NewSession, ListSessions } from 'tmuxkit';
 * const tmux = new SocketEngine({ socketName: 'work', configFile: '/dev/null' });
 * await tmux.execute(new NewSession({ detached: true, sessionName: 'work' })); // starts the server via tmux once
 * (await tmux.execute(new ListSessions())).rows.map((s) => s.sessionName); // ['work'], no process spawned
 * await tmux.loadBuffer(Uint8Array.of(0, 1, 2, 255), { bufferName: 'bin' }); // bytes argv cannot carry
 * ```
 */
import type { Socket } from 'node:net';
import type { CommandDescriptor } from '../command-descriptor.js';
import { EngineError, ParameterError, SshError } from '../errors.js';
import type { Operation } from '../operation.js';
import { CommandResult, type RawOutput } from '../results/command-result.js';
import {
  encodeFrame,
  ImsgDecoder,
  MAX_IMSG_DATA,
  requireLittleEndian,
  type ImsgFrame,
} from '../socket/imsg-codec.js';
import {
  CLIENT_UTF8,
  clientPid,
  commandPayload,
  cString,
  decodeExit,
  decodeReadOpen,
  decodeStream,
  decodeWriteOpen,
  identifyFlags,
  identifyLongFlags,
  MSG,
  protocolMismatch,
  readData,
  readDone,
  writeReady,
} from '../socket/imsg-messages.js';
import {
  labelDirectory,
  resolveSocketPath,
  unsafeDirectory,
  type SocketPathInput,
} from '../socket/socket-path.js';
import { TmuxVersion } from '../tmux-version.js';
import type { ConnectionOptions, Engine, ExecuteOptions } from './engine.js';
import { executeMarkedList, type ListOutcome } from './command-list.js';
import { executeDecoratedViaStream, type DecoratedOutcome } from './decorated-creation.js';
import { SubprocessEngine } from './subprocess-engine.js';
import { VERSION_DETECTION_TIMEOUT, VersionOnce } from './version-once.js';
import { fs, net, os } from './lazy-builtins.js';
import { sshConnection } from '../remote/ssh-connection.js';
import { probeRemoteClient, type RemoteClient } from '../remote/remote-client.js';

export interface SocketExecuteOptions extends ExecuteOptions {
  /** The bytes tmux reads when a command reads the client's standard input (`load-buffer -`). Default: none. */
  readonly stdin?: Uint8Array;
}

export interface SocketEngineBaseOptions extends ConnectionOptions {
  /** Known commands, to tell which may start a server; the exported `SocketEngine` passes the catalog. */
  readonly commands: Iterable<CommandDescriptor>;
}

/** Commands that start processes: the only ones whose environment tmux reads from the client. */
const SPAWNS_PROCESSES = new Set([
  'new-session',
  'new-window',
  'split-window',
  'respawn-pane',
  'respawn-window',
  'run-shell',
  'if-shell',
  'pipe-pane',
  'display-popup',
  'source-file',
  'confirm-before',
  'command-prompt',
  'display-menu',
]);

const EACCES = 13;
/** Messages of tmux 3.0's output protocol (MSG_STDOUT and friends), replaced in 3.1. */
const PRE_31_OUTPUT = new Set([211, 212, 213]);
/** Connection attempts while the server's listen queue is full (about 4 s in all). */
const CONNECT_RETRIES = 45;
/** Connections dropped unanswered by a server on its way out: a few quick attempts (it goes in ms). */
const DROPPED_RETRIES = 6;
/** Over ssh a dropped connection mostly means no server on the host: fewer attempts. */
const REMOTE_DROPPED_RETRIES = 2;
/** `NoServer` over ssh when the local end of the forwarding is gone (the shared connection ended). */
const FORWARD_GONE = 'forward-gone';
/** The longest socket path a unix socket address holds (`sun_path`, NUL excluded). */
const MAX_SOCKET_PATH = 107;
/** What a command sends of the environment when it starts no process: tmux picks default targets by them. */
const ALWAYS_SENT = ['TMUX', 'TMUX_PANE'];

/** Connection failures tmux reports as `error connecting to PATH (strerror)`, by Node's error code. */
const CONNECT_ERRORS: Readonly<Record<string, string>> = {
  EACCES: 'Permission denied',
  ENOTSOCK: 'Socket operation on non-socket',
  ENOTDIR: 'Not a directory',
  ENAMETOOLONG: 'File name too long',
};

/** The last answer of `clientCwd`: requests are many, the working directory rarely changes. */
let lastCwd:
  { readonly cwd: string; readonly pwd: string | undefined; readonly reported: string } | undefined;

/** The working directory tmux's client reports (`tmux.c find_cwd`): $PWD when it is the same place. */
function clientCwd(env: Readonly<Record<string, string | undefined>>): string {
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    return env['HOME'] || '/';
  }
  const pwd = env['PWD'];
  if (lastCwd && lastCwd.cwd === cwd && lastCwd.pwd === pwd) return lastCwd.reported;
  let reported = cwd;
  try {
    if (pwd && pwd.startsWith('/') && fs().realpathSync(pwd) === fs().realpathSync(cwd)) reported = pwd;
  } catch {
    // $PWD does not resolve: the real directory is reported.
  }
  lastCwd = { cwd, pwd, reported };
  return reported;
}

/**
 * The command names of an argv-path command list: the first word, and the word after every separator
 * (an argument that is `;` or ends in an unescaped `;`).
 */
function commandNames(argv: readonly string[]): string[] {
  const names: string[] = [];
  let start = true;
  for (const arg of argv) {
    if (start && arg !== ';') names.push(arg.endsWith(';') && !arg.endsWith('\\;') ? arg.slice(0, -1) : arg);
    start = arg === ';' || (arg.endsWith(';') && !arg.endsWith('\\;'));
  }
  return names;
}

function realDirectory(path: string): string | undefined {
  try {
    return fs().statSync(path).isDirectory() ? fs().realpathSync(path) : undefined;
  } catch {
    return undefined;
  }
}

/** No server listens on the socket (`ENOENT` or `ECONNREFUSED`); nothing was sent. */
interface NoServer {
  readonly noServer: string;
}

/** Where requests go, and what tmux would say instead of connecting there. */
interface Route {
  readonly version: TmuxVersion | undefined;
  /** The socket connected to: the server's, or over ssh the local end of its forwarding. */
  readonly path: string;
  /** The server's socket as tmux names it in messages (on the remote host over ssh). */
  readonly display: string;
  readonly refusal?: string;
  /** Over ssh: what a client on that host reports about itself. */
  readonly remote?: RemoteClient;
}

interface Streams {
  readonly out: Buffer[];
  readonly err: Buffer[];
  /** Stream number → where its data goes; refused streams are absent. */
  readonly targets: Map<number, Buffer[]>;
}

export class SocketEngineBase implements Engine {
  readonly options: ConnectionOptions;
  readonly #commands = new Map<string, CommandDescriptor>();
  readonly #subprocess: SubprocessEngine;
  readonly #active = new Set<Socket>();
  readonly #version: VersionOnce;
  #routed: Route | undefined;
  #remoteRouted: { readonly version: TmuxVersion | undefined; readonly route: Promise<Route> } | undefined;
  #closed = false;
  readonly #names: readonly string[];

  constructor(options: SocketEngineBaseOptions) {
    requireLittleEndian();
    const { commands, ...connection } = options;
    this.options = Object.freeze({ ...connection });
    for (const c of commands) {
      this.#commands.set(c.command, c);
      if (c.alias) this.#commands.set(c.alias, c);
    }
    this.#names = [...new Set([...this.#commands.values()].map((c) => c.command))];
    const { version: _given, ...withoutVersion } = connection;
    this.#subprocess = new SubprocessEngine(withoutVersion);
    this.#version = new VersionOnce(options.version, () => this.#detectVersion(), options);
  }

  /** A command as tmux finds it: its name, its alias, or a prefix only it starts with. */
  #lookup(name: string): CommandDescriptor | undefined {
    const exact = this.#commands.get(name);
    if (exact || name === '') return exact;
    const matches = this.#names.filter((n) => n.startsWith(name));
    return matches.length === 1 ? this.#commands.get(matches[0]!) : undefined;
  }

  #env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  /** The socket this engine talks to, resolved as tmux resolves it (for `version`'s rule, once known). */
  socketPath(version: TmuxVersion | undefined = this.#version.known): string {
    return resolveSocketPath(this.#pathInput(version));
  }

  /** What tmux's socket rule reads: this machine's, or over ssh what a client on the host sees. */
  #pathInput(version?: TmuxVersion, remote?: RemoteClient): SocketPathInput {
    return {
      ...(this.options.socketPath !== undefined ? { socketPath: this.options.socketPath } : {}),
      ...(this.options.socketName !== undefined ? { socketName: this.options.socketName } : {}),
      env: remote?.env ?? this.#env(),
      uid: remote?.uid ?? process.getuid?.() ?? os().userInfo().uid,
      ...(version ? { version } : {}),
      realDirectory: remote ? (path) => remote.realDirectories[path] : realDirectory,
    };
  }

  /**
   * The socket path and what tmux would print instead of connecting (an unsafe socket directory, a path
   * too long), worked out once per release: it costs file-system calls, and requests are many.
   */
  #route(version: TmuxVersion | undefined): Route {
    if (this.#routed && this.#routed.version === version) return this.#routed;
    const input = this.#pathInput(version);
    const path = resolveSocketPath(input);
    let refusal: string | undefined;
    const directory = labelDirectory(input);
    if (directory !== undefined) {
      let stat;
      try {
        const st = fs().lstatSync(directory);
        stat = { isDirectory: st.isDirectory(), uid: st.uid, mode: st.mode };
      } catch {
        stat = undefined; // absent: no server there, which connecting reports
      }
      refusal = unsafeDirectory(directory, input.uid, stat, version);
    }
    if (!refusal && Buffer.byteLength(path) > MAX_SOCKET_PATH) {
      refusal = `error connecting to ${path} (File name too long)`;
    }
    this.#routed = { version, path, display: path, ...(refusal ? { refusal } : {}) };
    return this.#routed;
  }

  /**
   * Over ssh: the remote server's socket, resolved by tmux's rule with what a client there sees (its uid,
   * `$TMUX_TMPDIR`), forwarded to a private local socket by the shared connection. Once per release.
   */
  #remoteRoute(version: TmuxVersion | undefined): Promise<Route> {
    const known = this.#remoteRouted;
    if (known && known.version === version) return known.route;
    const connection = sshConnection(this.options.ssh!, this.options.env);
    if (this.options.socketPath !== undefined && !this.options.socketPath.startsWith('/'))
      throw new ParameterError('SocketEngine', 'socketPath', 'over ssh, the socket path must be absolute');
    const route = (async (): Promise<Route> => {
      const remote = await probeRemoteClient(connection);
      const display = resolveSocketPath(this.#pathInput(version, remote));
      return { version, path: await connection.forward(display), display, remote };
    })();
    this.#remoteRouted = { version, route };
    route.catch(() => {
      if (this.#remoteRouted?.route === route) this.#remoteRouted = undefined;
    });
    return route;
  }

  #routeFor(version: TmuxVersion | undefined): Route | Promise<Route> {
    return this.options.ssh ? this.#remoteRoute(version) : this.#route(version);
  }

  /** The server's version, asked once over the socket (`tmux -V`, one process, when no server answers). */
  version(options: ExecuteOptions = {}): Promise<TmuxVersion> {
    return this.#version.get(options);
  }

  async #detectVersion(): Promise<TmuxVersion> {
    // Over ssh the socket's place depends on the release (3.0/3.1 rule): ask tmux there first.
    if (this.options.ssh) return this.#subprocess.version();
    const route = this.#route(undefined);
    const answer = route.refusal
      ? undefined
      : await this.#exchange(route, ['display-message', '-p', '#{version}'], {
          timeout: VERSION_DETECTION_TIMEOUT,
        });
    const text = answer && 'exitCode' in answer && answer.exitCode === 0 ? answer.stdout.trim() : '';
    if (text !== '') {
      try {
        return TmuxVersion.parse(text);
      } catch {
        // Not a version: ask the binary.
      }
    }
    return this.#subprocess.version();
  }

  async execute<R extends CommandResult>(
    op: Operation<object, R>,
    options: SocketExecuteOptions = {},
  ): Promise<R> {
    const version = this.#version.known ?? (await this.version(options));
    const compiled = op.compile({ version });
    return compiled.decode(await this.#request(compiled.argv, options));
  }

  /** One connection per dispatch: a plan's dependency level goes out as one command list. */
  readonly defaultPlanner = 'grouped' as const;

  /** Creates and decorates in one dispatch; see `Engine.executeDecorated`. */
  executeDecorated(
    create: Operation<object, CommandResult>,
    decorations: readonly Operation<object, CommandResult>[],
    options: SocketExecuteOptions = {},
  ): Promise<DecoratedOutcome> {
    return executeDecoratedViaStream(
      create,
      decorations,
      async () => this.#version.known ?? (await this.version(options)),
      (argv) => this.#request(argv, options),
    );
  }

  /** Runs operations as one command list over one connection; see `Engine.executeList`. */
  async executeList(
    ops: readonly Operation<object, CommandResult>[],
    options: SocketExecuteOptions = {},
  ): Promise<ListOutcome> {
    return executeMarkedList(
      ops,
      async () => this.#version.known ?? (await this.version(options)),
      (argv) => this.#request(argv, options),
    );
  }

  async run(argv: readonly string[], options: SocketExecuteOptions = {}): Promise<CommandResult> {
    // The release decides the socket path rule (3.0/3.1) and tmux's wording of a refusal.
    if (!this.#version.known) await this.version(options);
    return new CommandResult(await this.#request(argv, options));
  }

  /**
   * Loads bytes into a paste buffer (`load-buffer -b NAME -`, the data sent as the client's standard
   * input): any bytes, NUL and invalid UTF-8 included, which neither argv nor control mode can carry.
   */
  loadBuffer(
    data: Uint8Array,
    options: SocketExecuteOptions & { readonly bufferName?: string } = {},
  ): Promise<CommandResult> {
    const { bufferName, ...rest } = options;
    const argv = ['load-buffer', ...(bufferName !== undefined ? ['-b', bufferName] : []), '--', '-'];
    return this.run(argv, { ...rest, stdin: data });
  }

  async #request(argv: readonly string[], options: SocketExecuteOptions): Promise<RawOutput> {
    if (this.#closed) throw new EngineError('the socket engine is closed', { argv });
    let route = await this.#routeFor(this.#version.known);
    if (route.refusal) return { argv, exitCode: 1, stdout: '', stderr: `${route.refusal}\n` };
    let answer = await this.#exchange(route, argv, options);
    if ('noServer' in answer && answer.noServer === FORWARD_GONE) {
      // The forwarding's local end is gone (the shared ssh connection ended, idle or its host went away):
      // nothing was sent; set it up again and connect once more.
      sshConnection(this.options.ssh!, this.options.env).forwardFailed(route.display);
      this.#remoteRouted = undefined;
      route = await this.#routeFor(this.#version.known);
      answer = await this.#exchange(route, argv, options);
    }
    if (!('noServer' in answer)) return answer;
    const path = route.display;
    if (route.remote && answer.noServer === 'ECONNREFUSED') await this.#checkForwarding(path);
    // No server listens. Only a tmux process can fork one: command lists that would start it run there.
    if (commandNames(argv).some((name) => this.#lookup(name)?.startsServer)) {
      const result = await this.#subprocess.run(argv, options);
      return { argv, exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
    }
    // tmux's own words: a socket file nobody listens on, or no socket file at all.
    const stderr =
      answer.noServer === 'ECONNREFUSED'
        ? `no server running on ${path}\n`
        : `error connecting to ${path} (No such file or directory)\n`;
    return { argv, exitCode: 1, stdout: '', stderr };
  }

  /**
   * Over ssh a connection closed unanswered means no server listens on the host, unless sshd refused to
   * forward (`AllowStreamLocalForwarding no`, `DisableForwarding`, `restrict`) to a server that is there:
   * a tmux client on the host tells which, and a refusal is an `SshError`, never "no server".
   */
  async #checkForwarding(path: string): Promise<void> {
    const there = await this.#subprocess.run(['list-sessions', '-F', '#{session_id}']);
    if (there.exitCode === 0 || !/no server running|error connecting to/.test(there.stderr))
      throw new SshError(
        sshConnection(this.options.ssh!, this.options.env).label,
        'failed',
        `a tmux server listens on ${path} there, but ssh's forwarding to it closed every connection unanswered: sshd may refuse stream-local forwarding (AllowStreamLocalForwarding, DisableForwarding, restrict)`,
      );
  }

  #identify(argv: readonly string[], remote: RemoteClient | undefined): Buffer {
    const env = remote?.env ?? this.#env();
    // Unknown names may start processes too: they get the environment.
    const spawns = commandNames(argv).some((name) => {
      const command = this.#lookup(name)?.command;
      return command === undefined || SPAWNS_PROCESSES.has(command);
    });
    const frames = [
      encodeFrame(MSG.IDENTIFY_FLAGS, identifyFlags(CLIENT_UTF8)), // read by 3.0/3.1
      encodeFrame(MSG.IDENTIFY_LONGFLAGS, identifyLongFlags(CLIENT_UTF8)), // 3.2+
      encodeFrame(MSG.IDENTIFY_TERM, cString(env['TERM'] ?? '')),
      encodeFrame(MSG.IDENTIFY_TTYNAME, cString('')), // always: a missing ttyname crashes some servers
      encodeFrame(MSG.IDENTIFY_CWD, cString(remote?.cwd ?? clientCwd(env))),
      encodeFrame(MSG.IDENTIFY_CLIENTPID, clientPid(remote?.pid ?? process.pid)),
    ];
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined || (!spawns && !ALWAYS_SENT.includes(name))) continue;
      if (name.includes('\0') || value.includes('\0')) continue;
      const entry = cString(`${name}=${value}`);
      // tmux's own client skips an entry that does not fit one message.
      if (entry.length <= MAX_IMSG_DATA) frames.push(encodeFrame(MSG.IDENTIFY_ENVIRON, entry));
    }
    frames.push(encodeFrame(MSG.IDENTIFY_DONE));
    return Buffer.concat(frames);
  }

  /**
   * One request over its own connection. Resolves `{ noServer: code }` when no server listens (nothing
   * was sent);
   * rejects with an `EngineError` when the exchange breaks.
   */
  #exchange(
    route: Route,
    argv: readonly string[],
    options: SocketExecuteOptions,
  ): Promise<RawOutput | NoServer> {
    const { path, display, remote } = route;
    // Built before connecting: a command that cannot be sent fails here, and nothing reaches tmux.
    const command = encodeFrame(MSG.COMMAND, commandPayload(argv));
    const hello = Buffer.concat([this.#identify(argv, remote), command]);
    // Over ssh the forwarding accepts every connection and closes it when nothing listens on the host.
    const droppedRetries = remote ? REMOTE_DROPPED_RETRIES : DROPPED_RETRIES;
    if (options.signal?.aborted)
      return Promise.reject(new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv }));
    return new Promise<RawOutput | NoServer>((resolve, reject) => {
      let socket: Socket;
      const decoder = new ImsgDecoder();
      const streams: Streams = { out: [], err: [], targets: new Map() };
      let connected = false;
      let settled = false;
      const finish = (outcome: { raw?: RawOutput; error?: EngineError; noServer?: string }) => {
        if (settled) return;
        settled = true;
        cleanup();
        this.#active.delete(socket);
        if (outcome.error) {
          socket.destroy();
          reject(outcome.error);
        } else {
          socket.end();
          resolve(outcome.noServer !== undefined ? { noServer: outcome.noServer } : outcome.raw!);
        }
      };
      const onAbort = () =>
        finish({ error: new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv }) });
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const timer =
        options.timeout !== undefined
          ? setTimeout(
              () =>
                finish({
                  error: new EngineError(`tmux ${argv.join(' ')} timed out after ${options.timeout} ms`, {
                    argv,
                  }),
                }),
              options.timeout,
            )
          : undefined;
      let retry: NodeJS.Timeout | undefined;
      const cleanup = () => {
        options.signal?.removeEventListener('abort', onAbort);
        if (timer) clearTimeout(timer);
        if (retry) clearTimeout(retry);
      };
      const open = (attempt: number) => {
        const s = net().connect(path);
        socket = s;
        let retired = false; // replaced by a retry: its late events mean nothing
        let answered = false; // the server sent at least one message on this connection
        this.#active.add(s);
        // A server on its way out (just told to exit) may still accept a connection and then drop it
        // before it reads anything: it never saw the command, so connect again. The next attempt finds
        // no server (and a command that starts one starts it), as a tmux process starting a moment later
        // would. Once the server has answered anything, a dropped connection is an error, never a retry.
        const dropped = (): boolean => {
          if (!connected || answered || settled) return false;
          if (attempt >= droppedRetries) {
            if (remote) finish({ noServer: 'ECONNREFUSED' }); // the remote socket: nobody listens there
            return remote !== undefined;
          }
          retired = true;
          this.#active.delete(s);
          s.destroy();
          connected = false;
          retry = setTimeout(() => settled || open(attempt + 1), Math.min(2 ** attempt, 100));
          return true;
        };
        s.on('connect', () => {
          connected = true;
          s.write(hello);
        });
        s.on('data', (chunk: Buffer) => {
          answered = true;
          try {
            for (const frame of decoder.push(chunk)) {
              const done = this.#onFrame(frame, s, streams, argv, options);
              if (done) finish({ raw: done });
            }
          } catch (e) {
            finish({ error: e instanceof EngineError ? e : new EngineError(String(e), { argv, cause: e }) });
          }
        });
        s.on('error', (e: NodeJS.ErrnoException) => {
          if (retired) return;
          if ((e.code === 'ECONNRESET' || e.code === 'EPIPE') && dropped()) return;
          if (!connected && (e.code === 'EAGAIN' || e.code === 'ECONNRESET') && attempt < CONNECT_RETRIES) {
            // The server's listen queue is full (many clients at once): wait and connect again, as
            // tmux's blocking connect would wait. Or the connection was reset before the server accepted
            // it: a server that is exiting closed its listener with us in the queue; connecting again
            // finds the socket gone (and starts a new server) or a new server listening.
            retired = true;
            this.#active.delete(s);
            s.destroy();
            retry = setTimeout(() => settled || open(attempt + 1), Math.min(2 ** attempt, 100));
            return;
          }
          if (!connected && (e.code === 'ENOENT' || e.code === 'ECONNREFUSED')) {
            // no server: the caller decides (start one, or say what tmux says); over ssh, no forwarding
            finish({ noServer: remote ? FORWARD_GONE : e.code });
            return;
          }
          const strerror = e.code ? CONNECT_ERRORS[e.code] : undefined;
          if (!connected && strerror) {
            // What tmux itself prints when it cannot connect for this reason.
            finish({
              raw: {
                argv,
                exitCode: 1,
                stdout: '',
                stderr: `error connecting to ${display} (${strerror})\n`,
              },
            });
            return;
          }
          finish({
            error: new EngineError(`the connection to tmux at ${display} failed: ${e.message}`, {
              argv,
              cause: e,
            }),
          });
        });
        s.on('close', () => {
          if (retired || dropped()) return;
          finish({
            error: new EngineError(
              `tmux closed the connection before answering tmux ${argv.join(' ')} (server exited unexpectedly)`,
              { argv, stderr: Buffer.concat(streams.err).toString('utf8') },
            ),
          });
        });
      };
      open(0);
    });
  }

  /** Handles one message from the server; returns the answer once the exchange is complete. */
  #onFrame(
    frame: ImsgFrame,
    socket: Socket,
    streams: Streams,
    argv: readonly string[],
    options: SocketExecuteOptions,
  ): RawOutput | undefined {
    const broken = (what: string) =>
      new EngineError(`tmux sent a ${what} message that could not be read`, { argv });
    switch (frame.type) {
      case MSG.VERSION:
        throw protocolMismatch(frame.peerid);
      case MSG.WRITE_OPEN: {
        const open = decodeWriteOpen(frame.data);
        if (!open) throw broken('MSG_WRITE_OPEN');
        const own = open.path === undefined || open.path === '-';
        if (own) streams.targets.set(open.stream, open.fd === 2 ? streams.err : streams.out);
        socket.write(encodeFrame(MSG.WRITE_READY, writeReady(open.stream, own ? 0 : EACCES)));
        return undefined;
      }
      case MSG.WRITE: {
        const write = decodeStream(frame.data);
        if (!write) throw broken('MSG_WRITE');
        streams.targets.get(write.stream)?.push(Buffer.from(write.rest));
        return undefined;
      }
      case MSG.READ_OPEN: {
        const open = decodeReadOpen(frame.data);
        if (!open) throw broken('MSG_READ_OPEN');
        if (open.path === '-' || (open.path === '' && open.fd === 0)) {
          const data = options.stdin ?? new Uint8Array(0);
          const frames = readData(open.stream, data).map((d) => encodeFrame(MSG.READ, d));
          socket.write(Buffer.concat([...frames, encodeFrame(MSG.READ_DONE, readDone(open.stream, 0))]));
        } else {
          socket.write(encodeFrame(MSG.READ_DONE, readDone(open.stream, EACCES)));
        }
        return undefined;
      }
      case MSG.EXIT:
      case MSG.SHUTDOWN: {
        const exit = decodeExit(frame.data);
        if (!exit) throw broken('MSG_EXIT');
        const stderr =
          Buffer.concat(streams.err).toString('utf8') + (exit.message ? `${exit.message}\n` : '');
        return {
          argv,
          exitCode: exit.retval ?? 0,
          stdout: Buffer.concat(streams.out).toString('utf8'),
          stderr,
        };
      }
      default:
        if (PRE_31_OUTPUT.has(frame.type)) {
          throw new EngineError(
            'server version is too old for client (tmux 3.0 sends output the old way); use SubprocessEngine',
            { argv },
          );
        }
        // MSG_WRITE_CLOSE, MSG_READ_CANCEL (everything was sent at once), MSG_FLAGS: nothing to do.
        return undefined;
    }
  }

  /** Stops every request in flight (they reject with an `EngineError`); later requests fail at once. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const socket of this.#active) socket.destroy(new Error('the socket engine was closed'));
    this.#active.clear();
  }
}
