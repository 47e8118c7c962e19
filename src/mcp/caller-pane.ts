/**
 * Caller awareness: which tmux pane the MCP server itself runs in, so that no tool kills the agent's own
 * pane, window, session or server. First this process's `$TMUX`/`$TMUX_PANE`; then, because launchers
 * often start MCP servers with a cleaned environment, a bounded walk up the parent processes (same user
 * only) reading each one's environment from `/proc`; and the server also matches every ancestor's pid
 * against the panes' own pids (`#{pane_pid}`), which needs no environment at all.
 *
 * The parsers are pure; `procReader` is the only I/O, and tests pass their own.
 */
import { readFileSync } from 'node:fs';
import { tmuxEnvironment, type TmuxEnvironment } from '../index.js';

/** Reads `/proc/<pid>/<file>`; undefined when it cannot (gone, another user's, no /proc). */
export type ProcReader = (pid: number, file: 'environ' | 'status') => Uint8Array | undefined;

export const procReader: ProcReader = (pid, file) => {
  try {
    return readFileSync(`/proc/${pid}/${file}`);
  } catch {
    return undefined;
  }
};

/** `/proc/<pid>/environ`: NUL-separated `KEY=value` entries. */
export function environFromBytes(bytes: Uint8Array): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of Buffer.from(bytes).toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

/** The parent pid and real uid from `/proc/<pid>/status`. */
export function statusFacts(text: string): { readonly ppid?: number; readonly uid?: number } {
  const ppid = /^PPid:\s+(\d+)/m.exec(text);
  const uid = /^Uid:\s+(\d+)/m.exec(text);
  return { ...(ppid ? { ppid: Number(ppid[1]) } : {}), ...(uid ? { uid: Number(uid[1]) } : {}) };
}

export interface CallerTmux extends TmuxEnvironment {
  /** Where it was found: this process's environment, or an ancestor's (with its pid). */
  readonly source: 'environment' | 'ancestor';
  readonly pid?: number;
}

const asTmux = (env: Readonly<Record<string, string | undefined>>) => {
  try {
    return tmuxEnvironment(env);
  } catch {
    return undefined;
  }
};

/**
 * This process's ancestors, nearest first (not including itself), up to `maxDepth`, stopping at pid 1, at
 * a process of another user, or where `/proc` cannot be read.
 */
export function ancestorPids(
  pid: number,
  options: { readonly read?: ProcReader; readonly uid?: number; readonly maxDepth?: number } = {},
): number[] {
  const read = options.read ?? procReader;
  const uid = options.uid ?? process.getuid?.();
  const found: number[] = [];
  let at = pid;
  for (let depth = 0; depth < (options.maxDepth ?? 32); depth++) {
    const status = read(at, 'status');
    if (!status) break;
    const { ppid } = statusFacts(Buffer.from(status).toString('utf8'));
    if (!ppid || ppid <= 1) break;
    const parent = read(ppid, 'status');
    const parentUid = parent ? statusFacts(Buffer.from(parent).toString('utf8')).uid : undefined;
    if (parentUid === undefined || (uid !== undefined && parentUid !== uid)) break;
    found.push(ppid);
    at = ppid;
  }
  return found;
}

/**
 * The tmux server and pane this process runs in: from `env` when it says, else from the nearest ancestor
 * (same user, at most `maxDepth` up) whose environment has `$TMUX`. Undefined when none does.
 */
export function findCallerTmux(
  options: {
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly pid?: number;
    readonly read?: ProcReader;
    readonly uid?: number;
    readonly maxDepth?: number;
  } = {},
): CallerTmux | undefined {
  const own = asTmux(options.env ?? process.env);
  if (own) return { ...own, source: 'environment' };
  const read = options.read ?? procReader;
  for (const pid of ancestorPids(options.pid ?? process.pid, { ...options, read })) {
    const bytes = read(pid, 'environ');
    const found = bytes ? asTmux(environFromBytes(bytes)) : undefined;
    if (found) return { ...found, source: 'ancestor', pid };
  }
  return undefined;
}
