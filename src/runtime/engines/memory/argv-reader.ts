/**
 * Reads a tmux argv back into flags and positionals with the catalog, the way tmux's own argument parser
 * does for the commands MemoryEngine models: flags until `--` or the first non-flag word, clustered
 * boolean flags (`-dP`), values attached (`-tfoo`) or in the next word.
 */
import type { CommandDescriptor } from '../../command-descriptor.js';

export interface ParsedArgv {
  readonly command: CommandDescriptor;
  /** Flag letter to its values (an empty array for a boolean flag). */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/** tmux's argv rule: `\;` at the end of an argument is a literal `;` (see argv-quoting.ts). */
function unescapeArgv(arg: string): string {
  return arg.endsWith('\\;') ? `${arg.slice(0, -2)};` : arg;
}

export function readArgv(
  argv: readonly string[],
  lookup: (name: string) => CommandDescriptor | undefined,
): ParsedArgv | { readonly error: string } {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : lookup(name);
  if (!command) return { error: `unknown command: ${name ?? ''}` };
  const byLetter = new Map(command.flags.map((f) => [f.flag, f]));
  const flags = new Map<string, string[]>();
  let i = 0;
  for (; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--') {
      i++;
      break;
    }
    if (!word.startsWith('-') || word === '-') break;
    for (let j = 1; j < word.length; j++) {
      const letter = word[j]!;
      const flag = byLetter.get(letter);
      if (!flag) return { error: `command ${command.command}: unknown flag -${letter}` };
      const values = flags.get(letter) ?? [];
      flags.set(letter, values);
      if (!flag.takesValue) continue;
      const attached = word.slice(j + 1);
      const value = attached !== '' ? attached : rest[++i];
      if (value === undefined) return { error: `command ${command.command}: -${letter} expects an argument` };
      values.push(unescapeArgv(value));
      break;
    }
  }
  return { command, flags, positionals: rest.slice(i).map(unescapeArgv) };
}
