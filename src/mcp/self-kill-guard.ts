/**
 * The self-kill guard: no call may kill the pane the MCP server runs in, nor its window, its session or its
 * server, whichever way it is asked (`kill_pane`, `kill-window -a` on a sibling, `kill-session -a`,
 * `respawn-pane -k`, `unlink-window -k`, `kill-server`, replacing the session by a workspace load). Pure:
 * where the caller is and what the call would hit in, a refusal (or nothing) out.
 */

/** The caller's pane and where it is, as the server sees it now. */
export interface CallerPlace {
  readonly paneId: string;
  readonly windowId: string;
  readonly sessionId: string;
}

/** What a target resolves to: its pane, window and session ids (a session target: its current ones). */
export type Resolved = CallerPlace;

/** The kinds of kill the guard knows, with what the call's target resolved to. */
export type KillRequest =
  | { readonly kind: 'pane'; readonly target: Resolved; readonly others?: boolean }
  | { readonly kind: 'window'; readonly target: Resolved; readonly others?: boolean }
  | { readonly kind: 'session'; readonly target: Resolved; readonly others?: boolean }
  | { readonly kind: 'server' }
  /** A kill whose victims a format or a group decides (`-f`, `-g`): the guard cannot see them. */
  | { readonly kind: 'wide'; readonly why: string };

/** Why the request would kill the caller, or undefined when it would not. */
export function selfKillRefusal(caller: CallerPlace | undefined, request: KillRequest): string | undefined {
  if (!caller) return undefined;
  const own = `the MCP server runs in pane ${caller.paneId} (window ${caller.windowId}, session ${caller.sessionId})`;
  if (request.kind === 'server') return `refused: killing the server would kill ${own}`;
  if (request.kind === 'wide')
    return `refused: ${request.why} may kill its own pane, and nothing can check which; ${own}`;
  const { target, others } = request;
  switch (request.kind) {
    case 'pane':
      if (!others && target.paneId === caller.paneId) return `refused: this would kill its own pane; ${own}`;
      if (others && target.windowId === caller.windowId && target.paneId !== caller.paneId)
        return `refused: killing the other panes of ${target.windowId} would kill its own pane; ${own}`;
      return undefined;
    case 'window':
      if (!others && target.windowId === caller.windowId)
        return `refused: this would kill its own window; ${own}`;
      if (others && target.sessionId === caller.sessionId && target.windowId !== caller.windowId)
        return `refused: killing the other windows of ${target.sessionId} would kill its own window; ${own}`;
      return undefined;
    case 'session':
      if (!others && target.sessionId === caller.sessionId)
        return `refused: this would kill its own session; ${own}`;
      if (others && target.sessionId !== caller.sessionId)
        return `refused: killing the other sessions would kill its own session; ${own}`;
      return undefined;
  }
}

/**
 * The kill a tmux command with these parameters would be, before its targets are resolved: which parameter
 * names the target, of what kind, and whether it hits the others (`-a`). Undefined for commands that kill
 * nothing.
 */
export function killOf(
  command: string,
  params: Readonly<Record<string, unknown>>,
):
  | {
      readonly kind: 'pane' | 'window' | 'session';
      readonly targetParam: string;
      readonly others: boolean;
      /** The target may name nothing yet (a free window index): then nothing is killed. */
      readonly mayBeAbsent?: boolean;
    }
  | { readonly kind: 'server' }
  | { readonly kind: 'wide'; readonly why: string }
  | undefined {
  const others = params['allOthers'] === true;
  if (params['filter'] !== undefined && /^kill-(pane|window|session)$/.test(command))
    return { kind: 'wide', why: `${command} with a filter (-f)` };
  // -k on a creation or a move kills the window already at the destination index.
  if (params['killExisting'] === true && ['new-window', 'move-window', 'link-window'].includes(command))
    return { kind: 'window', targetParam: 'target', others: false, mayBeAbsent: true };
  switch (command) {
    case 'kill-server':
      return { kind: 'server' };
    case 'kill-pane':
      return { kind: 'pane', targetParam: 'target', others };
    case 'respawn-pane':
      return params['kill'] === true ? { kind: 'pane', targetParam: 'target', others: false } : undefined;
    case 'kill-window':
      return { kind: 'window', targetParam: 'target', others };
    case 'respawn-window':
    case 'unlink-window':
      return params['kill'] === true ? { kind: 'window', targetParam: 'target', others: false } : undefined;
    case 'kill-session':
      if (params['group'] === true) return { kind: 'wide', why: 'kill-session of a whole group (-g)' };
      // -C only clears alerts; it kills nothing.
      return params['clearAlerts'] === true && !others
        ? undefined
        : { kind: 'session', targetParam: 'target', others };
    default:
      return undefined;
  }
}

/** Commands that type into a pane (its `target`): never into the caller's own. */
export const WRITES_INTO_PANE: ReadonlySet<string> = new Set(['send-keys', 'send-prefix', 'paste-buffer']);

/**
 * Commands that move panes or windows between windows and sessions: after one of them, what a kill in the
 * same plan hits can no longer be told from where things are before the plan runs.
 */
export const MOVES_OBJECTS: ReadonlySet<string> = new Set([
  'break-pane',
  'join-pane',
  'move-pane',
  'move-window',
  'link-window',
  'swap-pane',
  'swap-window',
]);
