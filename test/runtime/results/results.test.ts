/** Results: decoding tmux's output per result kind, and JSON round trips through resultFromJSON. */
import { describe, expect, it } from 'vitest';
import { parseEnvironment, parseOptions } from '../../../src/runtime/results/result-codecs.js';
import { decodeTmuxWord } from '../../../src/runtime/tmux-word.js';
import {
  CommandError,
  CreatedResult,
  HasSession,
  ListPanes,
  NewSession,
  resultFromJSON,
  ExistsResult,
  RowsResult,
  ServerNotRunningError,
  ShowOptions,
} from '../../../src/index.js';

describe('decodeTmuxWord (show-options values as tmux escapes them, 3.1c to 3.7c)', () => {
  it.each([
    ['plain', 'plain'],
    ['"a b"', 'a b'],
    [`'a"b'`, 'a"b'],
    ['"a\\"b"', 'a"b'],
    [`"a'b"`, "a'b"],
    ['a\\\\b', 'a\\b'],
    ['"\\$x"', '$x'],
    ['"a$1"', 'a$1'],
    ['\\~x', '~x'],
    ['"#x"', '#x'],
    ['\\"', '"'],
    ["\\'", "'"],
    ['\\{', '{'],
    ["''", ''],
    ['a\\tb', 'a\tb'],
    ['a\\nb', 'a\nb'],
    ['\\033[1m', '\x1b[1m'],
    ['\\303\\251', 'é'],
    ['é', 'é'],
    ['"\\~/x y"', '~/x y'],
  ])('%s → %j', (printed, value) => {
    expect(decodeTmuxWord(printed)).toBe(value);
  });
});

describe('parseOptions and parseEnvironment', () => {
  it('reads name value lines, arrays and empty values (3.1c prints `name ` for an empty string)', () => {
    expect(parseOptions('@a "x y"\nstatus-left[0] left\n@e \n@f\n', undefined)).toEqual({
      '@a': 'x y',
      'status-left[0]': 'left',
      '@e': '',
      '@f': '',
    });
    expect(parseOptions('raw "value"\n', '@v')).toEqual({ '@v': 'raw "value"' });
  });

  it('reads both show-environment forms', () => {
    expect(parseEnvironment('A=1\nB=x=y\n-GONE\n')).toEqual({
      variables: { A: '1', B: 'x=y' },
      removed: ['GONE'],
    });
    expect(parseEnvironment('A="v 1"; export A;\nunset GONE;\n')).toEqual({
      variables: { A: 'v 1' },
      removed: ['GONE'],
    });
  });
});

const raw = (argv: string[], exitCode: number, stdout: string, stderr = '') => ({
  argv,
  exitCode,
  stdout,
  stderr,
});

describe('typed results', () => {
  it('created: ids from the capture format, the caller format as printed', () => {
    const op = new NewSession({ detached: true, format: '#{session_name}' });
    const compiled = op.compile({ version: '3.3a' });
    const result = compiled.decode(raw([...compiled.argv], 0, '%5\t@3\t$2\tdev\n'));
    expect(result).toBeInstanceOf(CreatedResult);
    expect([result.paneId, result.windowId, result.sessionId, result.printed]).toEqual([
      '%5',
      '@3',
      '$2',
      'dev',
    ]);
    expect(resultFromJSON(JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('rows: typed values per field type, and an error for a line that does not fit', () => {
    const op = new ListPanes({ all: true });
    const compiled = op.compile({ version: '3.1c' });
    const fields = compiled.argv[compiled.argv.indexOf('-F') + 1]!.split('\t').length;
    const line = [
      '%1',
      '0',
      '1',
      '0',
      '',
      '0',
      '80',
      '24',
      '0',
      '0',
      '123',
      '/dev/pts/1',
      '@1',
      '0',
      '1',
      '$0',
      'sh',
      '/tmp',
      '',
      'title',
      'main',
      'dev',
    ];
    expect(line).toHaveLength(fields);
    const result = compiled.decode(raw([...compiled.argv], 0, `${line.join('\t')}\n`));
    expect(result).toBeInstanceOf(RowsResult);
    expect(result.rows[0]).toMatchObject({
      paneId: '%1',
      paneIndex: 0,
      paneActive: true,
      paneWidth: 80,
      panePid: 123,
      sessionName: 'dev',
    });
    expect(result.rows[0]).not.toHaveProperty('paneDeadStatus');
    expect(resultFromJSON(result.toJSON())).toEqual(result);
    expect(() => compiled.decode(raw([...compiled.argv], 0, 'only\tthree\tfields\n'))).toThrow(
      /expected 22 tab-separated fields, got 3/,
    );
  });

  it('exists: "no such session" and "no server" are answers; other failures are failures', () => {
    const op = new HasSession({ target: 'x' });
    const decode = (code: number, stderr: string) =>
      op.compile({ version: '3.7c' }).decode(raw(['has-session'], code, '', stderr));
    expect([decode(0, '').exists, decode(0, '').ok]).toEqual([true, true]);
    expect([decode(1, "can't find session: x\n").exists, decode(1, "can't find session: x\n").ok]).toEqual([
      false,
      true,
    ]);
    expect(decode(1, 'no server running on /tmp/tmux-0/x\n').ok).toBe(true);
    expect(decode(1, 'unknown flag -Q\n').ok).toBe(false);
    const back = resultFromJSON(decode(1, "can't find session: x\n").toJSON());
    expect(back).toEqual(decode(1, "can't find session: x\n"));
    // toEqual does not see private state: what it decides must survive the round trip too.
    expect([back.kind, (back as ExistsResult).exists, back.ok]).toEqual(['exists', false, true]);
  });

  it('raiseForStatus: CommandError with argv and message; ServerNotRunningError without a server', () => {
    const op = new ShowOptions({ option: '@nope' });
    const failed = op
      .compile({ version: '3.7c' })
      .decode(raw(['show-options', '--', '@nope'], 1, '', 'invalid option: @nope\n'));
    expect(() => failed.raiseForStatus()).toThrow(CommandError);
    expect(() => failed.raiseForStatus()).toThrow(
      'tmux show-options -- @nope failed (exit 1): invalid option: @nope',
    );
    const noServer = op
      .compile({ version: '3.7c' })
      .decode(raw(['show-options'], 1, '', 'no server running on /tmp/x\n'));
    expect(() => noServer.raiseForStatus()).toThrow(ServerNotRunningError);
    const fine = op.compile({ version: '3.7c' }).decode(raw(['show-options'], 0, '@nope 1\n'));
    expect(fine.raiseForStatus()).toBe(fine);
    expect(Object.isFrozen(fine)).toBe(true);
  });

  it('refuses result JSON of the wrong kind or shape', () => {
    expect(() =>
      resultFromJSON({ kind: 'rows', command: 'has-session', argv: [], exitCode: 0, stdout: '', stderr: '' }),
    ).toThrow(/has-session: a result of kind exists, not rows/);
    expect(() => resultFromJSON({ kind: 'ack' })).toThrow(/argv, exitCode, stdout and stderr/);
  });
});
