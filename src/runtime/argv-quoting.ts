/**
 * Quoting for the argv path (`tmux-facts.md` §6.1): tmux does no quote, `$`, `~` or brace processing on
 * argv. Its one rule: an argument ending in `;` ends the command (and loses the `;`), unless the `;` is
 * escaped as `\;`. So a trailing `;` gets a backslash before it and nothing else changes; tmux receives
 * exactly the original string. NUL cannot be passed at all (argv entries are C strings).
 */

/** The argv entry that makes tmux see exactly `arg`. */
export function escapeArgvArgument(arg: string): string {
  return arg.endsWith(';') ? `${arg.slice(0, -1)}\\;` : arg;
}

/**
 * The exact string tmux reads from an argv entry when the entry ends the way `escapeArgvArgument` writes
 * it: `x\\;` is `x;`. (An entry ending in a bare `;` is a command separator; callers decide.)
 */
export function unescapeArgvArgument(arg: string): string {
  return arg.endsWith('\\;') ? `${arg.slice(0, -2)};` : arg;
}

/** Whether a string can be passed to tmux at all. */
export function containsNul(value: string): boolean {
  return value.includes('\0');
}
