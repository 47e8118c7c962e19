/**
 * Where a control-mode client and a `tmux` process get different answers for the same command, and how
 * the control-mode engine makes them the same (or refuses, before sending, when it cannot):
 *
 * - `show-buffer` prints the buffer as block lines, so tmux adds one LF after the data (every release);
 *   from 3.2 to 3.3 it also escapes it C-style (`\t`, `\\`, `\ooo`; LF stays raw), from 3.4 it is raw.
 *   The engine removes the LF and undoes the escaping. Before 3.2 tmux cannot send the data to a control
 *   client at all (it prints `-: Bad file descriptor` after the block), so the engine refuses.
 * - `save-buffer -` writes to the client's standard output, which a control client does not offer: refused.
 */
import { EngineError, VersionError } from '../errors.js';
import type { RawOutput } from '../results/command-result.js';
import type { TmuxVersion } from '../tmux-version.js';

const C_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  s: ' ',
  '0': '\0',
};

/** Undoes tmux's `VIS_OCTAL | VIS_CSTYLE | VIS_TAB` escaping (backslash escaped, so it is exact). */
export function decodeCStyleEscapes(text: string): string {
  return text.replace(/\\([0-3][0-7]{2}|.)/gs, (whole, code: string) => {
    if (code.length === 3) return String.fromCharCode(parseInt(code, 8));
    return C_ESCAPES[code] ?? whole;
  });
}

/** Throws when `command` cannot work through a control-mode client on `version`; nothing is sent. */
export function refuseInControlMode(
  command: string,
  words: readonly (string | Uint8Array)[],
  version: TmuxVersion,
): void {
  if (command === 'show-buffer' && !version.atLeast('3.2')) {
    throw new VersionError(
      'show-buffer',
      undefined,
      '3.2 or newer',
      String(version),
      'through a control-mode client; tmux cannot send the data to one before 3.2, use SubprocessEngine',
    );
  }
  if (command === 'save-buffer' && words.at(-1) === '-') {
    throw new EngineError(
      "save-buffer to '-' writes to the client's standard output, which a control-mode client does not have; " +
        'use show-buffer, or SubprocessEngine',
      { argv: words.map((w) => (typeof w === 'string' ? w : '<bytes>')) },
    );
  }
}

/** The answer a `tmux` process would have printed, from a control-mode block's answer. */
export function adaptControlOutput(command: string, version: TmuxVersion, raw: RawOutput): RawOutput {
  if (command !== 'show-buffer' || raw.exitCode !== 0 || !raw.stdout.endsWith('\n')) return raw;
  const data = raw.stdout.slice(0, -1);
  return { ...raw, stdout: version.atLeast('3.4') ? data : decodeCStyleEscapes(data) };
}
