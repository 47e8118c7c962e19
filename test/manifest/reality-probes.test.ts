/** The pure parts of the reality check: which probes a command gets, and how outcomes are judged. */
import { describe, expect, it } from 'vitest';
import { judgeProbes, parseListCommands, probesFor } from '../support/manifest-reality.js';

const renameWindow = {
  command: 'rename-window',
  flags: [{ flag: 't', param: 'target', takesValue: true as const, hidden: false }],
  minPositionals: 1,
  maxPositionals: 1,
};

describe('probesFor', () => {
  const probes = probesFor(renameWindow);

  it('probes every letter, two ways for unknown letters', () => {
    expect(probes.filter((p) => p.meaning.includes('which the manifest does not list'))).toHaveLength(61 * 2);
  });

  it('accepts a value flag with a value and with a dash word as its value', () => {
    expect(probes.filter((p) => p.accept).map((p) => p.line)).toEqual(
      expect.arrayContaining(['rename-window -t v x', 'rename-window -t -a x']),
    );
  });

  it('checks the positional limits on both sides', () => {
    const lines = probes.filter((p) => /^rename-window( x)*$/.test(p.line));
    expect(lines.map((p) => [p.line, p.accept])).toEqual([
      ['rename-window', false],
      ['rename-window x', true],
      ['rename-window x x', false],
    ]);
  });
});

describe('judgeProbes', () => {
  const probes = [
    { command: 'c', subject: '-a', claim: 'a boolean flag', line: 'c -a', accept: true, reason: 'any' as const, meaning: 'A' },
    { command: 'c', subject: '-b', claim: 'not a flag', line: 'c -b', accept: false, reason: 'unknownFlag' as const, meaning: 'B' },
  ];

  it.each([
    ['all as expected', [[1, 'command c: unknown flag -b']], []],
    ['an accepted probe rejected', [[0, 'command c: unknown flag -a'], [1, 'command c: unknown flag -b']], ["A: 'c -a' -> command c: unknown flag -a"]],
    ['a rejected probe accepted', [], ["B: 'c -b' parses"]],
    ['a rejection for another reason', [[1, 'command c: too many arguments (need at most 0)']], ["B: 'c -b' -> command c: too many arguments (need at most 0) (expected unknownFlag)"]],
    ['a bare usage (tmux 3.1c) counts as a rejection', [[1, 'usage: c [-a]']], []],
  ] as const)('%s', (_name, errors, expected) => {
    const found = judgeProbes(probes, new Map(errors.map(([i, e]) => [i, e])));
    expect(found.map((d) => d.message)).toEqual(expected);
  });
});

describe('parseListCommands', () => {
  it.each([
    ['kill-pane (killp) [-a] [-t target-pane]', 'kill-pane', { a: false, t: true }],
    ['wait-for (wait) [-L|-S|-U] channel', 'wait-for', { L: false, S: false, U: false }],
    ['join-pane (joinp) [-bdhv] [-p percentage|-l size] [-s src-pane] [-t dst-pane]', 'join-pane', { b: false, d: false, h: false, v: false, p: true, l: true, s: true, t: true }],
    ['kill-server ', 'kill-server', {}],
    ['list-clients (lsc) [-F format] [-f filter] [-O order][-t target-session]', 'list-clients', { F: true, f: true, O: true, t: true }],
  ])('%s', (text, command, flags) => {
    const [u] = parseListCommands(text);
    expect(u?.command).toBe(command);
    expect(Object.fromEntries(u!.flags)).toEqual(flags);
  });
});
