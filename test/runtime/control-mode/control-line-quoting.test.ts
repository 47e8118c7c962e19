/** Control-line quoting (tmux-facts §6.3 recipe A) and the argv-path inverse, as tables. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argvArgumentToWord,
  controlLine,
  quoteControlArgument,
} from '../../../src/runtime/control-mode/control-line-quoting.js';
import { decodeEscapedData, encodeEscapedData } from '../../../src/runtime/control-mode/escaped-data.js';
import { ParameterError } from '../../../src/runtime/errors.js';

describe('recipe A', () => {
  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", "'it'\\''s'"],
    ['a\nb', "'a'\\n'b'"],
    ['#{pane_id} %0 ~/x $HOME ; { } \\ "', "'#{pane_id} %0 ~/x $HOME ; { } \\ \"'"],
    ['FOO=bar', "'FOO=bar'"],
  ])('%j → %s', (arg, quoted) => {
    expect(quoteControlArgument(arg)).toBe(quoted);
  });

  it('writes the command unquoted and every argument quoted, ending in LF', () => {
    expect(controlLine(['set-buffer', '-b', 'x', "a'b"])).toBe("set-buffer '-b' 'x' 'a'\\''b'\n");
  });

  it('maps the bytes of a binary argument, 0xFF as an octal escape', () => {
    const line = controlLine(['set-buffer', Uint8Array.of(0x41, 0x27, 0x0a, 0xff, 0x80)]);
    expect(Buffer.isBuffer(line) && [...line]).toEqual([
      ...Buffer.from("set-buffer 'A'\\''"),
      ...Buffer.from("'\\n''\\377'"),
      0x80,
      ...Buffer.from("'\n"),
    ]);
  });

  it.each([
    ['a NUL in a string', ['display-message', 'a\0b']],
    ['a NUL in bytes', ['set-buffer', Uint8Array.of(1, 0)]],
    ['an assignment as the command', ['FOO=bar', 'x']],
    ['a comment as the command', ['#x']],
    ['an empty command', ['']],
    ['a command with a space', ['display message']],
  ])('refuses %s with a ParameterError', (_, words) => {
    expect(() => controlLine(words)).toThrow(ParameterError);
  });

  it('never lets an argument break out of its token (property)', () => {
    // Reading recipe A back by its own rules gives the argument: quotes alternate with \' and \n escapes.
    const unquote = (token: string) =>
      token.replace(
        /'([^']*)'|\\'|\\n/g,
        (m, inner: string | undefined) => inner ?? (m === "\\'" ? "'" : '\n'),
      );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const arg = s.replaceAll('\0', '');
        const quoted = quoteControlArgument(arg);
        expect(quoted.startsWith("'") && quoted.endsWith("'")).toBe(true);
        expect(quoted.includes('\n')).toBe(false);
        expect(unquote(quoted)).toBe(arg);
      }),
    );
  });
});

describe('argv-path arguments to exact words', () => {
  it.each([
    ['x', 'x'],
    ['x\\;', 'x;'],
    ['\\;', ';'],
    ['a\\\\;', 'a\\;'],
    ['a\\', 'a\\'],
  ])('%s → %s', (arg, word) => {
    expect(argvArgumentToWord('display-message', 1, arg)).toBe(word);
  });

  it.each(['x;', ';'])('refuses %j, which would end the command', (arg) => {
    expect(() => argvArgumentToWord('display-message', 1, arg)).toThrow(/one command per call/);
  });
});

describe('%output data escaping', () => {
  it('decodes \\ooo and keeps everything else', () => {
    expect([...decodeEscapedData(Buffer.from('a\\015\\012\\134\\177é'))]).toEqual([
      0x61,
      13,
      10,
      0x5c,
      0x7f,
      ...Buffer.from('é'),
    ]);
  });

  it('keeps a backslash that is not an escape tmux writes', () => {
    expect(Buffer.from(decodeEscapedData(Buffer.from('a\\9b\\'))).toString()).toBe('a\\9b\\');
  });

  it('round-trips any bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect([...decodeEscapedData(encodeEscapedData(data))]).toEqual([...data]);
      }),
    );
  });
});
