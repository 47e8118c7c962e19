/**
 * What a handle says when the object it names is gone: tmux ids are never reused while a server runs, so a
 * `%3` that tmux cannot find is a pane that was closed, not one that moved.
 */
import { CommandError, TmuxkitError } from '../errors.js';
import type { CommandResult } from '../results/command-result.js';

/** The kinds of object a handle names. */
export type HandleKind = 'session' | 'window' | 'pane' | 'client';

/** The object a handle names no longer exists (closed, killed, detached). */
export class HandleGoneError extends TmuxkitError {
  constructor(
    readonly kind: HandleKind,
    /** The id the handle holds (`%3`, `@1`, `$0`) or the client's name. */
    readonly id: string,
    /** tmux's own failure, when a command found the object gone. */
    readonly commandError?: CommandError,
  ) {
    super(
      `${kind} ${id} no longer exists` + (commandError ? ` (tmux: ${commandError.tmuxMessage})` : ''),
      commandError ? { cause: commandError } : undefined,
    );
  }
}

/** A handle, as far as error reporting cares. */
export interface HandleIdentity {
  readonly kind: HandleKind;
  readonly id: string;
}

/**
 * `result`, or its failure as an error: `HandleGoneError` when tmux could not find the handle's own object,
 * else the result's own (`CommandError`, `ServerNotRunningError`).
 */
export function settle<R extends CommandResult>(result: R, self: HandleIdentity | undefined): R {
  if (result.ok) return result;
  if (self && result.message.includes(`can't find ${self.kind}: ${self.id}`)) {
    throw new HandleGoneError(
      self.kind,
      self.id,
      new CommandError(result.argv, result.exitCode, result.message),
    );
  }
  return result.raiseForStatus();
}

const ID_PATTERNS: Readonly<Record<Exclude<HandleKind, 'client'>, RegExp>> = {
  session: /^\$\d+$/,
  window: /^@\d+$/,
  pane: /^%\d+$/,
};

/** `id` checked to be tmux's id of a `kind` (`$N`, `@N`, `%N`; a client's name is any non-empty text). */
export function handleId(kind: HandleKind, id: string): string {
  const ok = kind === 'client' ? id.length > 0 && !id.includes('\0') : ID_PATTERNS[kind].test(id);
  if (!ok) {
    const form =
      kind === 'client' ? 'a client name' : `tmux's id (${ID_PATTERNS[kind].source.slice(1, -5)}N)`;
    throw new TypeError(`a ${kind} handle needs ${form}, not ${JSON.stringify(id)}`);
  }
  return id;
}
