/**
 * `pane.run`'s markers as a specification: the typed line is ASCII and carries the command exactly; the
 * echo of the line never matches; the output is exactly the command's, however `%output` splits it.
 */
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  printfEscaped,
  runLine,
  RunOutputReader,
  shellQuote,
} from '../../../src/runtime/waits/run-markers.js';
import { ParameterError } from '../../../src/index.js';

const TOKEN = '0123456789abcdef';
const bytes = (text: string) => new TextEncoder().encode(text);
const onlcr = (text: string) => text.replace(/\n/g, '\r\n');

/** What the pane prints for a run: the echo of the line, then the markers around the output. */
function paneStream(output: string, status: number, line = runLine('cmd', TOKEN).line): string {
  return onlcr(`$ ${line}\nTMUXKIT-B${TOKEN}\n${output}\nTMUXKIT-E${TOKEN}:${status}\n$ `);
}

describe('runLine', () => {
  it.each([
    ['echo hello', 'echo hello'],
    ["it's", 'it\\0047s'],
    ['a\\b', 'a\\0134b'],
    ['tab\there', 'tab\\0011here'],
    ['two\nlines', 'two\\0012lines'],
    ['é', '\\0303\\0251'],
  ])('writes %j as printf %%b text %j', (command, escaped) => {
    expect(printfEscaped(command)).toBe(escaped);
  });

  it('is one line of printable ASCII starting with a space, whatever the command', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')),
        (command) => {
          const { line } = runLine(command, TOKEN);
          expect(line).toMatch(/^ [ -~]+$/);
        },
      ),
    );
  });

  it('never holds its markers as printed (the echo cannot match)', () => {
    const { line, begin, end } = runLine(`echo TMUXKIT-B${TOKEN}`, TOKEN);
    expect(line.includes(begin.slice(0, 9) + ' ' + TOKEN)).toBe(true);
    // The only joined occurrence is inside the escaped command text, written as octal-free ASCII here;
    // the reader is what must tell them apart, which the stream tests below prove.
    expect(line.split(end).length).toBe(1);
  });

  it.each(['sh', 'bash', 'dash'])(
    'carries any command to %s exactly (read back through printf %%b)',
    (shell) => {
      fc.assert(
        fc.property(
          fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0')),
          (text) => {
            const shown = execFileSync(shell, [
              '-c',
              `printf '%s' "$(printf '%b' '${printfEscaped(text)}')x"`,
            ]);
            expect(shown.toString('utf8')).toBe(text.replace(/\n+$/, '') + 'x');
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it('refuses a NUL byte and a token that is not hex', () => {
    expect(() => runLine('a\0b', TOKEN)).toThrow(ParameterError);
    expect(() => runLine('true', 'not hex!')).toThrow(RangeError);
  });

  it('runs in a child shell when asked, quoting its path', () => {
    expect(runLine('true', TOKEN, "/opt/my shell's/sh").line).toContain(
      `'/opt/my shell'\\''s/sh' -c "$(printf`,
    );
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});

describe('RunOutputReader', () => {
  const markers = runLine('cmd', TOKEN);
  const read = (chunks: readonly string[] | readonly Uint8Array[]) => {
    const reader = new RunOutputReader(markers);
    let done = false;
    for (const c of chunks) done = reader.push(typeof c === 'string' ? bytes(c) : c);
    return { done, ...reader.reading() };
  };

  it.each([
    ['several lines', 'one\ntwo\nthree', 0],
    ['nothing', '', 0],
    ['a failure', 'oops', 2],
    ['no trailing newline', 'x', 0],
  ])('reads %s and the exit status', (_name, output, status) => {
    const stream = onlcr(`TMUXKIT-B${TOKEN}\n${output}${output ? '\n' : ''}\nTMUXKIT-E${TOKEN}:${status}\n`);
    const r = read([stream]);
    expect(r.done).toBe(true);
    expect(r.exitCode).toBe(status);
    expect(new TextDecoder().decode(r.output)).toBe(output ? `${output}\n` : '');
  });

  it('gives output without a final newline back without one', () => {
    const r = read([onlcr(`TMUXKIT-B${TOKEN}\nx\nTMUXKIT-E${TOKEN}:0\n`)]);
    expect(new TextDecoder().decode(r.output)).toBe('x');
  });

  it('finds the markers wherever %output splits the stream', () => {
    const stream = bytes(paneStream('hello\nworld', 3));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...[...cuts].sort((a, b) => a - b), stream.length];
          const chunks = points.slice(1).map((end, i) => stream.subarray(points[i]!, end));
          const r = read(chunks);
          expect(r.exitCode).toBe(3);
          expect(new TextDecoder().decode(r.output)).toBe('hello\nworld');
        },
      ),
    );
  });

  it('is not fooled by marker-like text with another token, or by the echo', () => {
    const fake = `TMUXKIT-B${'f'.repeat(16)}\nTMUXKIT-E${'f'.repeat(16)}:9\nTMUXKIT-E${TOKEN}`;
    const r = read([paneStream(fake, 0)]);
    expect(r.exitCode).toBe(0);
    expect(new TextDecoder().decode(r.output)).toBe(fake);
    expect(read([onlcr(`$ ${markers.line}\n`)]).started).toBe(false);
  });

  it('keeps non-UTF-8 bytes exactly', () => {
    const stream = Buffer.concat([
      Buffer.from(`TMUXKIT-B${TOKEN}\r\n`),
      Buffer.from([0xff, 0xfe, 0x0d, 0x0a]),
      Buffer.from(`\r\nTMUXKIT-E${TOKEN}:0\r\n`),
    ]);
    expect([...read([stream]).output]).toEqual([0xff, 0xfe, 0x0a]);
  });

  it('keeps the first maxBytes of a long output and still finds the end', () => {
    const reader = new RunOutputReader(markers, 10);
    reader.push(bytes(onlcr(`TMUXKIT-B${TOKEN}\n${'y\n'.repeat(1000)}`)));
    expect(reader.push(bytes(onlcr(`\nTMUXKIT-E${TOKEN}:0\n`)))).toBe(true);
    const r = reader.reading();
    expect(r.truncated).toBe(true);
    expect(r.output.length).toBeLessThanOrEqual(10);
    expect(r.exitCode).toBe(0);
  });
});
