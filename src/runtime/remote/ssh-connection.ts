/**
 * One authenticated OpenSSH connection per host, shared by every command, engine and fleet of this
 * process: a master started with `ssh -M -N -f` (it goes to the background once authenticated, so its
 * exit says "ready", or says in ssh's words why not), and every command run as a client of it through
 * its socket in a private directory (mode 0700). A command then costs one round trip instead of a
 * handshake.
 *
 * Lifetime: the master lives while it is used and ends 60 s after its last client (`ControlPersist`), or
 * when this process exits, or at `closeSshConnections()`. A master that has ended is started again by
 * the next command. With `share: false` every command makes its own connection.
 */
import { sshArgs, sshBinary, sshError, sshLabel, checkSshOptions, type SshOptions } from './ssh-options.js';
import { remoteCommandLine } from './remote-shell-quoting.js';
import { EngineError, ParameterError, SshError } from '../errors.js';
import { spawnProcess } from '../engines/spawn-process.js';
import { childProcess, fs, os } from '../engines/lazy-builtins.js';
import type { ExecuteOptions } from '../engines/engine.js';

/** Seconds a master outlives its last client. */
const PERSIST_SECONDS = 60;

export interface Invocation {
  readonly file: string;
  readonly args: readonly string[];
}

type Env = Readonly<Record<string, string | undefined>> | undefined;

const connections = new Map<string, SshConnection>();
let exitHook = false;

/** The shared connection for these ssh options (and the local environment ssh runs in). */
export function sshConnection(ssh: SshOptions, env?: Env): SshConnection {
  checkSshOptions(ssh);
  const key = JSON.stringify([
    ssh.command ?? ['ssh'],
    ssh.host,
    ssh.user,
    ssh.port,
    ssh.identityFile,
    ssh.options ?? [],
    ssh.connectTimeout,
    ssh.share ?? true,
    env ?? null,
  ]);
  let connection = connections.get(key);
  if (!connection) {
    connection = new SshConnection(ssh, env);
    connections.set(key, connection);
  }
  return connection;
}

/**
 * Ends every shared ssh connection this process started (their forwarded sockets too). Engines that
 * still run commands afterwards connect again.
 */
export async function closeSshConnections(): Promise<void> {
  await Promise.all([...connections.values()].map((c) => c.stop()));
}

function stopAllSync(): void {
  for (const c of connections.values()) c.stopSync();
}

export class SshConnection {
  readonly label: string;
  #dir: string | undefined;
  #starting: Promise<void> | undefined;
  #started = false;
  #forwards = new Map<string, Promise<string>>();
  #forwardCount = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly ssh: SshOptions,
    readonly env: Env,
  ) {
    this.label = sshLabel(ssh);
  }

  get shared(): boolean {
    return this.ssh.share ?? true;
  }

  /** The master's socket (in this connection's private directory), or undefined when not shared. */
  get controlPath(): string | undefined {
    return this.shared ? `${this.#directory()}/master` : undefined;
  }

  #directory(): string {
    // ssh expands `%` in ControlPath and splits it on spaces, and `:` separates a forward's two ends.
    const base = /^[\w./-]+$/.test(os().tmpdir()) ? os().tmpdir() : '/tmp';
    this.#dir ??= fs().mkdtempSync(`${base}/tmuxkit-ssh-`);
    return this.#dir;
  }

  /** ssh's argv for running `remoteArgv` on the host (every word quoted for the remote shell). */
  invocation(remoteArgv: readonly string[], extra: readonly string[] = []): Invocation {
    const mux = this.shared ? ['-o', 'ControlMaster=no'] : [];
    return {
      file: sshBinary(this.ssh),
      args: [...sshArgs(this.ssh, this.controlPath, [...mux, ...extra]), remoteCommandLine(remoteArgv)],
    };
  }

  /** Starts the master once (every caller shares the attempt); a failure is an `SshError`, and retried. */
  ready(options: ExecuteOptions = {}): Promise<void> {
    this.#noticeEnded();
    if (!this.shared || this.#started) return Promise.resolve();
    this.#starting ??= this.#start().then(
      () => {
        this.#started = true;
        this.#starting = undefined;
      },
      (e: unknown) => {
        this.#starting = undefined;
        throw e;
      },
    );
    if (options.signal?.aborted) return Promise.reject(new EngineError(`ssh to ${this.label} was aborted`));
    return this.#starting;
  }

  #masterArgs(): string[] {
    return sshArgs(this.ssh, this.controlPath, [
      '-o',
      'ControlMaster=yes',
      '-o',
      `ControlPersist=${PERSIST_SECONDS}`,
      '-o',
      'StreamLocalBindUnlink=yes',
      '-N',
      '-f',
    ]);
  }

  /** The stderr file the master is given: the backgrounded master keeps it, so nobody waits on a pipe. */
  #masterStderr(): { path: string; fd: number } {
    if (!exitHook) {
      exitHook = true;
      process.once('exit', stopAllSync);
    }
    const path = `${this.#directory()}/master.err`;
    return { path, fd: fs().openSync(path, 'w', 0o600) };
  }

  /** Milliseconds a master may take to connect and authenticate before it is stopped. */
  #startLimit(): number {
    return ((this.ssh.connectTimeout ?? 10) + 20) * 1000;
  }

  /** Reads how the master's foreground process ended: ready (0), or why not in ssh's words. */
  #masterOutcome(
    args: readonly string[],
    code: number | null,
    error: Error | undefined,
    errPath: string,
  ): void {
    const stderr = fs().readFileSync(errPath, 'utf8');
    if (error && /timed out|ETIMEDOUT/.test(error.message))
      throw new SshError(this.label, 'unreachable', `no connection within ${this.#startLimit() / 1000} s`, {
        stderr,
      });
    if (error) throw new EngineError(`cannot run ${sshBinary(this.ssh)}: ${error.message}`, { cause: error });
    if (code !== 0) throw sshError(this.ssh, stderr, ['ssh', ...args]);
  }

  async #start(): Promise<void> {
    const args = this.#masterArgs();
    const err = this.#masterStderr();
    let outcome: { code: number | null; error?: Error };
    let timedOut = false;
    try {
      outcome = await new Promise((resolve) => {
        const child = childProcess().spawn(sshBinary(this.ssh), args, {
          stdio: ['ignore', 'ignore', err.fd],
          shell: false,
          ...(this.env !== undefined ? { env: this.env as NodeJS.ProcessEnv } : {}),
        });
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, this.#startLimit());
        child.once('error', (error) => {
          clearTimeout(timer);
          resolve({ code: null, error });
        });
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve({ code });
        });
      });
    } finally {
      fs().closeSync(err.fd);
    }
    this.#masterOutcome(args, outcome.code, timedOut ? new Error('timed out') : outcome.error, err.path);
  }

  /** `ready()` for code that cannot await (`SyncSubprocessEngine`). */
  readySync(): void {
    this.#noticeEnded();
    if (!this.shared || this.#started) return;
    const args = this.#masterArgs();
    const err = this.#masterStderr();
    let result;
    try {
      result = childProcess().spawnSync(sshBinary(this.ssh), args, {
        stdio: ['ignore', 'ignore', err.fd],
        shell: false,
        timeout: this.#startLimit(),
        ...(this.env !== undefined ? { env: this.env as NodeJS.ProcessEnv } : {}),
      });
    } finally {
      fs().closeSync(err.fd);
    }
    this.#masterOutcome(args, result.status, result.error, err.path);
    this.#started = true;
  }

  /**
   * Runs `task` as one of at most `maxSessions` sessions at once on the shared connection (sshd refuses
   * more than its `MaxSessions`); the others wait their turn in order.
   */
  async session<T>(task: () => Promise<T>, options: ExecuteOptions = {}): Promise<T> {
    const limit = this.ssh.maxSessions ?? 8;
    if (this.#running >= limit) await this.#turn(options);
    else this.#running++;
    try {
      return await task();
    } finally {
      // The slot goes straight to the next in line (the count stays), or is given back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }

  /** Waits for a slot handed over by a finishing session; a caller's signal or timeout ends the wait. */
  #turn(options: ExecuteOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const leave = (why: string) => {
        const at = this.#waiting.indexOf(granted);
        if (at >= 0) this.#waiting.splice(at, 1);
        clearTimeout(timer);
        reject(new EngineError(`waiting for a session on ${this.label} ${why}`));
      };
      const onAbort = () => leave('was aborted');
      const granted = () => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (options.signal?.aborted) return leave('was aborted');
      options.signal?.addEventListener('abort', onAbort, { once: true });
      if (options.timeout !== undefined)
        timer = setTimeout(() => leave(`timed out after ${options.timeout} ms`), options.timeout);
      this.#waiting.push(granted);
    });
  }

  /**
   * A local unix socket in the private directory that the master forwards to `remotePath` on the host
   * (OpenSSH stream-local forwarding): what a socket client connects to instead of the remote socket.
   */
  forward(remotePath: string): Promise<string> {
    if (!this.shared)
      throw new ParameterError(
        'ssh',
        'share',
        'a forwarded socket needs the shared connection (share: true)',
      );
    if (remotePath.includes(':'))
      throw new ParameterError('ssh', 'socketPath', `cannot forward a socket path with ':' (${remotePath})`);
    let local = this.#forwards.get(remotePath);
    if (!local) {
      local = this.#forward(remotePath);
      this.#forwards.set(remotePath, local);
      const made = local;
      made.catch(() => this.forwardFailed(remotePath, made));
    }
    return local;
  }

  async #forward(remotePath: string): Promise<string> {
    await this.ready();
    const local = `${this.#directory()}/socket-${++this.#forwardCount}`;
    const args = sshArgs(this.ssh, this.controlPath, ['-O', 'forward', '-L', `${local}:${remotePath}`]);
    const result = await spawnProcess(sshBinary(this.ssh), args, {
      env: this.env,
      timeout: 30_000,
      maxOutput: 1_000_000,
    });
    if (result.exitCode !== 0) throw sshError(this.ssh, result.stderr, ['ssh', ...args]);
    return local;
  }

  /**
   * Forgets a forwarded socket that no longer answers (`local`: the one that failed, so a newer one is
   * kept), and the master too when it has ended; the next `forward` sets it up again.
   */
  forwardFailed(remotePath: string, local?: Promise<string>): void {
    if (local === undefined || this.#forwards.get(remotePath) === local) this.#forwards.delete(remotePath);
    this.#noticeEnded();
  }

  /** A master that ended (idle, or its host went away) removed its socket: start it again. */
  #noticeEnded(): void {
    if (this.#started && !fs().existsSync(this.controlPath!)) this.reset();
  }

  /** Forgets forwarded sockets and the master (it ended): the next use starts them again. */
  reset(): void {
    this.#started = false;
    this.#forwards.clear();
  }

  /** Ends the master (and its forwards) and removes the private directory. */
  async stop(): Promise<void> {
    await this.#starting?.catch(() => undefined);
    this.stopSync();
  }

  stopSync(): void {
    if (this.#started && this.controlPath !== undefined) {
      childProcess().spawnSync(sshBinary(this.ssh), sshArgs(this.ssh, this.controlPath, ['-O', 'exit']), {
        stdio: 'ignore',
        timeout: 5_000,
        ...(this.env !== undefined ? { env: this.env as NodeJS.ProcessEnv } : {}),
      });
    }
    this.#started = false;
    this.#forwards.clear();
    if (this.#dir !== undefined) fs().rmSync(this.#dir, { recursive: true, force: true });
    this.#dir = undefined;
  }
}
