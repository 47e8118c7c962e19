/**
 * Reads a tmux argv back into flags and positionals with the catalog, the way tmux's own argument parser
 * does for the commands MemoryEngine models: flags until `--` or the first non-flag word, clustered
 * boolean flags (`-dP`), values attached (`-tfoo`) or in the next word.
 */
import { unescapeArgvArgument } from '../../argv-quoting.js';
import type { CommandDescriptor, FlagDescriptor } from '../../command-descriptor.js';

export interface ParsedArgv {
  readonly command: CommandDescriptor;
  /** Flag letter to its values (an empty array for a boolean flag). */
  readonly flags: ReadonlyMap<string, readonly string[]>;
  readonly positionals: readonly string[];
}

/** Letter → flag, built once per command. */
const BY_LETTER = new WeakMap<CommandDescriptor, ReadonlyMap<string, FlagDescriptor>>();

function flagsByLetter(command: CommandDescriptor): ReadonlyMap<string, FlagDescriptor> {
  let map = BY_LETTER.get(command);
  if (!map) BY_LETTER.set(command, (map = new Map(command.flags.map((f) => [f.flag, f]))));
  return map;
}

export function readArgv(
  argv: readonly string[],
  lookup: (name: string) => CommandDescriptor | undefined,
): ParsedArgv | { readonly error: string } {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : lookup(name);
  if (!command) return { error: `unknown command: ${name ?? ''}` };
  const byLetter = flagsByLetter(command);
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
      values.push(unescapeArgvArgument(value));
      break;
    }
  }
  return { command, flags, positionals: rest.slice(i).map(unescapeArgvArgument) };
}
