/** What the control-mode engine changes so its answers equal a tmux process's, and what it refuses. */
import { describe, expect, it } from 'vitest';
import {
  adaptControlOutput,
  decodeCStyleEscapes,
  refuseInControlMode,
} from '../../../src/runtime/control-mode/control-mode-quirks.js';
import { EngineError, VersionError } from '../../../src/runtime/errors.js';
import { TmuxVersion } from '../../../src/runtime/tmux-version.js';

const raw = (stdout: string, exitCode = 0) => ({ argv: ['show-buffer'], exitCode, stdout, stderr: '' });

describe('show-buffer answers', () => {
  it.each([
    ['3.7c', 'x\n', 'x'],
    ['3.7c', 'x\n\n', 'x\n'],
    ['3.5a', '\t\\ \x01\n', '\t\\ \x01'],
    ['3.3a', '\\t\\\\ \\001\\177 é \\r\n', '\t\\ \x01\x7f é \r'],
    ['3.3a', 'a\nb\n', 'a\nb'],
  ])('tmux %s: %j → %j', (version, stdout, expected) => {
    expect(adaptControlOutput('show-buffer', TmuxVersion.parse(version), raw(stdout)).stdout).toBe(expected);
  });

  it('leaves failures and other commands alone', () => {
    expect(adaptControlOutput('show-buffer', TmuxVersion.parse('3.7c'), raw('no buffer x\n', 1)).stdout).toBe(
      'no buffer x\n',
    );
    expect(adaptControlOutput('display-message', TmuxVersion.parse('3.3a'), raw('a\\tb\n')).stdout).toBe(
      'a\\tb\n',
    );
  });

  it.each([
    ['\\\\001', '\\001'],
    ['\\0', '\0'],
    ['\\a\\b\\f\\v\\s', '\x07\b\f\v '],
    ['\\q', '\\q'],
  ])('C-style escapes: %j → %j', (escaped, plain) => {
    expect(decodeCStyleEscapes(escaped)).toBe(plain);
  });
});

describe('refused before sending', () => {
  it('show-buffer before 3.2 is a VersionError', () => {
    expect(() => refuseInControlMode('show-buffer', ['show-buffer'], TmuxVersion.parse('3.1c'))).toThrow(
      VersionError,
    );
    expect(() => refuseInControlMode('show-buffer', ['show-buffer'], TmuxVersion.parse('3.2'))).not.toThrow();
  });

  it("save-buffer to '-' is an EngineError, to a file it is fine", () => {
    expect(() =>
      refuseInControlMode('save-buffer', ['save-buffer', '--', '-'], TmuxVersion.parse('3.7c')),
    ).toThrow(EngineError);
    expect(() =>
      refuseInControlMode('save-buffer', ['save-buffer', '--', '/tmp/x'], TmuxVersion.parse('3.7c')),
    ).not.toThrow();
  });
});
