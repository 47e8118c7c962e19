/**
 * Quoting for the remote shell: plain words go as they are, anything else in single quotes, and every
 * string comes out of a real POSIX shell (dash, bash, zsh) exactly as it went in.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../src/index.js';
import { quoteForRemoteShell, remoteCommandLine } from '../../../src/runtime/remote/remote-shell-quoting.js';

describe('quoteForRemoteShell', () => {
  it.each([
    ['tmux', 'tmux'],
    ['-L', '-L'],
    ['/usr/bin/tmux', '/usr/bin/tmux'],
    ['#{pane_id}', "'#{pane_id}'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['a b', "'a b'"],
    ['$HOME', "'$HOME'"],
    ['=cmd', "'=cmd'"], // zsh expands a leading =
    ['~root', "'~root'"],
    ['a;', "'a;'"],
    ['x=1', 'x=1'],
  ])('%j → %s', (word, quoted) => {
    expect(quoteForRemoteShell(word)).toBe(quoted);
  });

  it('refuses NUL, which no command line carries', () => {
    expect(() => quoteForRemoteShell('a\0b')).toThrow(ParameterError);
  });

  const shells = ['/bin/sh', '/bin/dash', '/bin/bash', '/usr/bin/zsh'].filter((s) => {
    try {
      execFileSync(s, ['-c', 'true']);
      return true;
    } catch {
      return false;
    }
  });

  it.each(shells)('every string survives %s byte for byte', (shell) => {
    const alphabet = fc.constantFrom(
      ...Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)),
      'ü',
      '🙂',
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: alphabet, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (words) => {
          // What ssh does with the line: the login shell runs it; printf shows each argument, NUL-separated.
          const line = `printf '%s\\0' ${remoteCommandLine(words)}`;
          const out = execFileSync(shell, ['-c', line], { encoding: 'utf8' });
          expect(out.split('\0').slice(0, -1)).toEqual(words);
        },
      ),
      { numRuns: 60 },
    );
  });
});
