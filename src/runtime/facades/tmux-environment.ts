/**
 * Inside tmux, a pane's environment says which server it belongs to: `$TMUX` is `socket-path,pid,session`
 * and `$TMUX_PANE` the pane's id. Pure: an environment in, connection facts out.
 */
import { TmuxkitError } from '../errors.js';

/** Code that needs to run inside tmux was run outside it. */
export class NotInTmuxError extends TmuxkitError {}

export interface TmuxEnvironment {
  /** The server's socket path (`-S`). */
  readonly socketPath: string;
  /** The server's process id. */
  readonly serverPid: number;
  /** The pane this process runs in (`$TMUX_PANE`), when set. */
  readonly paneId: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The server and pane named by `env` (default: this process's environment); `NotInTmuxError` outside tmux. */
export function tmuxEnvironment(env: Env = process.env): TmuxEnvironment {
  const value = env['TMUX'];
  // The socket path may itself hold commas: the pid and the session index are the last two fields.
  const match = value ? /^(.+),(\d+),(\d+)$/.exec(value) : null;
  if (!match) {
    throw new NotInTmuxError(
      value
        ? `$TMUX is not what tmux sets (socket-path,pid,session): ${JSON.stringify(value)}`
        : 'not inside tmux: $TMUX is not set',
    );
  }
  const pane = env['TMUX_PANE'];
  return {
    socketPath: match[1]!,
    serverPid: Number(match[2]),
    paneId: pane && /^%\d+$/.test(pane) ? pane : undefined,
  };
}

/** The pane this process runs in; `NotInTmuxError` when `$TMUX_PANE` is missing. */
export function currentPaneId(env: Env = process.env): string {
  const { paneId } = tmuxEnvironment(env);
  if (paneId === undefined) throw new NotInTmuxError('inside tmux, but $TMUX_PANE is not set');
  return paneId;
}
