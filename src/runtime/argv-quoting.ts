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

/** Whether a string can be passed to tmux at all. */
export function containsNul(value: string): boolean {
  return value.includes('\0');
}
