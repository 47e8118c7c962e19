import { describe, expect, it } from 'vitest';
import { TmuxVersion } from '../../src/index.js';
import { loadManifest } from '../../codegen/manifest/load-manifest.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

describe('TmuxVersion.parse', () => {
  it.each([
    ['3.3a', '3.3a'],
    ['tmux 3.3a', '3.3a'],
    ['  tmux 3.7c\n', '3.7c'],
    ['3.0', '3.0'],
    ['next-3.8', 'next-3.8'],
    ['tmux master', 'master'],
  ])('%j -> %s', (input, text) => {
    expect(String(TmuxVersion.parse(input))).toBe(text);
  });

  it.each(['', '3', '3.3A', 'v3.3', '3.3aa', 'next-3', 'openbsd'])(
    'rejects %j with a RangeError naming it',
    (input) => {
      expect(() => TmuxVersion.parse(input)).toThrow(
        new RangeError(`not a tmux version: '${input}' (expected e.g. 3.3a, next-3.8 or master)`),
      );
    },
  );
});

describe('TmuxVersion ordering', () => {
  // Each version is strictly older than the next one.
  const ascending = [
    '2.9',
    '2.9a',
    '3.0',
    '3.0a',
    '3.1',
    '3.1a',
    '3.1b',
    '3.1c',
    '3.2',
    '3.3a',
    '3.10',
    'next-3.11',
    '3.11',
    '3.11a',
    'master',
  ];

  it.each(ascending.slice(0, -1).map((v, i) => [v, ascending[i + 1]!]))('%s < %s', (older, newer) => {
    expect(TmuxVersion.parse(older).compare(newer)).toBeLessThan(0);
    expect(TmuxVersion.parse(newer).compare(older)).toBeGreaterThan(0);
    expect(TmuxVersion.parse(newer).atLeast(older)).toBe(true);
    expect(TmuxVersion.parse(older).atLeast(newer)).toBe(false);
  });

  it('orders the manifest releases as versions.yaml lists them', () => {
    const releases = loadManifest().releases.map((r) => r.version);
    const sorted = [...releases].sort((a, b) => TmuxVersion.parse(a).compare(b));
    expect(sorted).toEqual(releases);
  });

  it('is equal to itself, frozen and serializes to its text', () => {
    const v = TmuxVersion.parse('3.5a');
    expect(v.equals('tmux 3.5a')).toBe(true);
    expect(Object.isFrozen(v)).toBe(true);
    expect(JSON.stringify({ v })).toBe('{"v":"3.5a"}');
  });

  it.each(installedTmuxVersions())('parses what tmux $version itself reports', ({ version }) => {
    expect(String(TmuxVersion.parse(`tmux ${version}`))).toBe(version);
  });
});
