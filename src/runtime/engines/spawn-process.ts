/**
 * One process, run to its end with Node's own `child_process.spawn`: argv only (never a shell), no stdin,
 * the environment exactly as given, output kept whole and decoded once at the end (a UTF-8 character
 * split across two reads stays one character). A timeout or an abort stops the process (SIGTERM, then
 * SIGKILL if it lingers) and says so; output past the limit stops it too.
 *
 * Why not execa: loading it takes longer (160-190 ms here) than starting tmux and running a whole
 * workspace's first command, and every `tmuxkit` command and every program's first command paid for it.
 */
import { childProcess } from './lazy-builtins.js';
import type { ProcessOutcome } from './subprocess-common.js';

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
  readonly timeout?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Bytes of stdout plus stderr past which the process is stopped. */
  readonly maxOutput: number;
}

/** A finished process: its output as text, and `code` (`ENOENT`, ...) when it could not start. */
export interface SpawnedProcess extends ProcessOutcome {
  readonly stdout: string;
  readonly stderr: string;
  readonly code?: string;
}

/** How long a process stopped with SIGTERM may linger before SIGKILL. */
const KILL_AFTER_MS = 5_000;

export function spawnProcess(file: string, args: readonly string[], options: SpawnOptions) {
  return new Promise<SpawnedProcess>((resolve) => {
    // Aborted before it started (it may have waited for a turn): nothing runs.
    if (options.signal?.aborted)
      return resolve({ stdout: '', stderr: '', timedOut: false, isCanceled: true, overflowed: false });
    const child = childProcess().spawn(file, args, {
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      ...(options.env !== undefined ? { env: options.env as NodeJS.ProcessEnv } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let stopped: 'timedOut' | 'isCanceled' | 'overflowed' | undefined;
    let killer: NodeJS.Timeout | undefined;
    const stop = (why: NonNullable<typeof stopped>) => {
      if (stopped || child.exitCode !== null || child.signalCode !== null) return;
      stopped = why;
      child.kill('SIGTERM');
      killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      killer.unref();
    };
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > options.maxOutput) return stop('overflowed');
      into.push(chunk);
    };
    child.stdout!.on('data', keep(stdout));
    child.stderr!.on('data', keep(stderr));
    const timer =
      options.timeout !== undefined ? setTimeout(() => stop('timedOut'), options.timeout) : undefined;
    const onAbort = () => stop('isCanceled');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    const finish = (outcome: Partial<SpawnedProcess>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        timedOut: stopped === 'timedOut',
        isCanceled: stopped === 'isCanceled',
        overflowed: stopped === 'overflowed',
        ...outcome,
      });
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish({ code: e.code ?? 'ERROR', exitCode: undefined }));
    child.on('close', (code, signal) =>
      finish({ exitCode: stopped ? undefined : (code ?? undefined), signal: signal ?? undefined }),
    );
  });
}
