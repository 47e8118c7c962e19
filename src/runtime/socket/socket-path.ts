/**
 * Where a tmux client looks for the server's socket (`tmux-facts.md` §4.6, `tmux.c`), as a pure function:
 *
 * 1. `-S path`: that path, verbatim;
 * 2. `-L name`: `<dir>/tmux-<uid>/<name>`;
 * 3. neither: `$TMUX` when set, non-empty and not starting with `,` (the text before its first `,`: a
 *    client inside a tmux pane talks to that pane's server);
 * 4. otherwise `<dir>/tmux-<uid>/default`.
 *
 * `<dir>` is `$TMUX_TMPDIR` when it is set and exists, else `/tmp` (from tmux 3.2, each candidate through
 * realpath); tmux 3.0 and 3.1 take `$TMUX_TMPDIR` whenever it is non-empty.
 */
import type { TmuxVersion } from '../tmux-version.js';

export interface SocketPathInput {
  readonly socketPath?: string;
  readonly socketName?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly uid: number;
  /** The client's release; before 3.2 `$TMUX_TMPDIR` need not exist. Default: the 3.2+ rule. */
  readonly version?: TmuxVersion;
  /** realpath of a directory, or undefined when it does not exist (injected so the rule stays pure). */
  readonly realDirectory: (path: string) => string | undefined;
}

function socketDirectory(input: SocketPathInput): string {
  const tmpdir = input.env['TMUX_TMPDIR'];
  const modern = input.version === undefined || input.version.atLeast('3.2');
  if (modern) {
    const base = (tmpdir ? input.realDirectory(tmpdir) : undefined) ?? input.realDirectory('/tmp/') ?? '/tmp';
    return `${base.replace(/\/+$/, '')}/tmux-${input.uid}`;
  }
  const dir = `${(tmpdir || '/tmp').replace(/\/+$/, '')}/tmux-${input.uid}`;
  return input.realDirectory(dir) ?? dir;
}

/**
 * The `tmux-<uid>` directory a `-L`/default socket lives in (tmux checks it before connecting), or
 * undefined for `-S` and `$TMUX` paths, which tmux uses as they are.
 */
export function labelDirectory(input: SocketPathInput): string | undefined {
  if (input.socketPath !== undefined) return undefined;
  const inside = input.env['TMUX'];
  if (input.socketName === undefined && inside && !inside.startsWith(',')) return undefined;
  return socketDirectory(input);
}

/**
 * What tmux says, and refuses to connect, when the socket directory is not safe: not a directory, not
 * owned by the user, or open to others (`tmux.c make_label`; the wording changed in 3.3). Undefined when
 * it is fine or absent.
 */
export function unsafeDirectory(
  directory: string,
  uid: number,
  stat: { readonly isDirectory: boolean; readonly uid: number; readonly mode: number } | undefined,
  version?: TmuxVersion,
): string | undefined {
  if (!stat) return undefined;
  const before33 = version !== undefined && !version.atLeast('3.3');
  if (!stat.isDirectory) {
    return before33 ? `error creating ${directory} (Not a directory)` : `${directory} is not a directory`;
  }
  if (stat.uid !== uid || (stat.mode & 0o007) !== 0) {
    return before33
      ? `error creating ${directory} (Permission denied)`
      : `directory ${directory} has unsafe permissions`;
  }
  return undefined;
}

export function resolveSocketPath(input: SocketPathInput): string {
  if (input.socketPath !== undefined) return input.socketPath;
  if (input.socketName !== undefined) return `${socketDirectory(input)}/${input.socketName}`;
  const inside = input.env['TMUX'];
  if (inside && !inside.startsWith(',')) return inside.split(',')[0]!;
  return `${socketDirectory(input)}/default`;
}
