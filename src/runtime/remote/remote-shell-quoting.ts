/**
 * ssh hands a command to the remote user's login shell as one line, so every argument must be quoted
 * for that shell: a word of only safe characters goes as it is, any other inside single quotes, where a
 * POSIX shell (sh, dash, bash, zsh, ksh) takes every byte literally, with each `'` written `'\''`.
 * NUL cannot travel in a command line at all. The remote account's shell must be POSIX-like (fish and
 * csh read quotes differently).
 */
import { ParameterError } from '../errors.js';

// No `=` first (zsh's `=cmd` expansion), nothing a shell expands or splits on.
const PLAIN = /^[A-Za-z0-9_/.,:@%+-][A-Za-z0-9_/.,:=@%+-]*$/;

/** One argument, quoted so the remote shell passes it on byte for byte. */
export function quoteForRemoteShell(word: string): string {
  if (word.includes('\0'))
    throw new ParameterError('ssh', '', 'an argument holds a NUL byte, which no command line can carry');
  if (PLAIN.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The command line the remote shell runs: each argument of `argv` quoted, separated by spaces. */
export function remoteCommandLine(argv: readonly string[]): string {
  return argv.map(quoteForRemoteShell).join(' ');
}
