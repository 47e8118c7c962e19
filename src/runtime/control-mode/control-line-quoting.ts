/**
 * Writing a command as one control-mode line (`tmux-facts.md` §6.2, §6.3). tmux parses control lines with
 * its config-file syntax, so every argument is quoted by recipe A: wrapped in single quotes (where
 * everything is literal), with `'` written as `'\''`, LF as `'\n'` and the byte 0xFF as `'\377'` (a raw
 * 0xFF ends parsing where `char` is signed). The command name is written unquoted and must be a plain
 * word, so it can never be read as `NAME=value` (which would set an environment variable) or a comment.
 * NUL cannot be sent at all.
 */
import { containsNul, unescapeArgvArgument } from '../argv-quoting.js';
import { ParameterError } from '../errors.js';

const PLAIN_COMMAND = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** An argument as the bytes of one quoted token (for arguments given as bytes, such as binary buffers). */
function quoteBytes(arg: Uint8Array): Buffer {
  const out: number[] = [0x27];
  for (const byte of arg) {
    if (byte === 0x27) out.push(0x27, 0x5c, 0x27, 0x27);
    else if (byte === 0x0a) out.push(0x27, 0x5c, 0x6e, 0x27);
    else if (byte === 0xff) out.push(0x27, 0x5c, 0x33, 0x37, 0x37, 0x27);
    else out.push(byte);
  }
  out.push(0x27);
  return Buffer.from(out);
}

/** An argument as one quoted token. A JavaScript string is sent as UTF-8, which never contains 0xFF. */
export function quoteControlArgument(arg: string): string {
  if (!arg.includes("'") && !arg.includes('\n')) return `'${arg}'`;
  return `'${arg.replaceAll("'", "'\\''").replaceAll('\n', "'\\n'")}'`;
}

function refuseNul(command: string, index: number, arg: string | Uint8Array): void {
  const hasNul = typeof arg === 'string' ? containsNul(arg) : arg.includes(0);
  if (hasNul) {
    throw new ParameterError(
      command,
      `argument ${index}`,
      'contains a NUL byte, which cannot be sent to tmux on a control-mode line',
    );
  }
}

/**
 * One command as a control-mode line, LF included: `words[0]` is the command name, the rest are the exact
 * strings (or bytes) tmux must receive. Throws `ParameterError` for a NUL byte or a command name that is
 * not a plain word; nothing is sent then.
 */
export function controlLine(words: readonly (string | Uint8Array)[]): string | Buffer {
  const command = words[0];
  if (typeof command !== 'string' || !PLAIN_COMMAND.test(command)) {
    throw new ParameterError(
      String(command ?? ''),
      'command',
      'must be a plain command name (letters, digits, `-`, `_`) to be sent on a control-mode line',
    );
  }
  let binary = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    refuseNul(command, i, word);
    if (typeof word !== 'string') binary = true;
  }
  if (!binary) {
    let line = command;
    for (let i = 1; i < words.length; i++) line += ` ${quoteControlArgument(words[i] as string)}`;
    return `${line}\n`;
  }
  const parts: Buffer[] = [Buffer.from(command)];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    parts.push(
      Buffer.from(' '),
      typeof word === 'string' ? Buffer.from(quoteControlArgument(word)) : quoteBytes(word),
    );
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}

/** Several commands as one control-mode line, `a ; b ; c`, LF included: tmux runs them as one list. */
export function controlListLine(commands: readonly (readonly (string | Uint8Array)[])[]): string | Buffer {
  const lines = commands.map((words) => controlLine(words));
  if (lines.every((l) => typeof l === 'string')) {
    return `${(lines as string[]).map((l) => l.slice(0, -1)).join(' ; ')}\n`;
  }
  const parts = lines.flatMap((l, i) => {
    const bytes = typeof l === 'string' ? Buffer.from(l) : l;
    return i === 0 ? [bytes.subarray(0, -1)] : [Buffer.from(' ; '), bytes.subarray(0, -1)];
  });
  return Buffer.concat([...parts, Buffer.from('\n')]);
}

/**
 * The exact string tmux receives for one argv-path argument (the inverse of `escapeArgvArgument`):
 * `x\;` is `x;`. An argument that ends in a bare `;` would end the command on the argv path; on a
 * control line it is refused, because every call is exactly one command.
 */
export function argvArgumentToWord(command: string, index: number, arg: string): string {
  if (!arg.endsWith(';') || arg.endsWith('\\;')) return unescapeArgvArgument(arg);
  throw new ParameterError(
    command,
    `argument ${index}`,
    `ends in ';', which separates commands on the argv path; send one command per call, or write '\\;' for a literal ';'`,
  );
}
