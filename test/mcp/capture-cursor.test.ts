/** Capture cursors: complete lines since a cursor, the cursor's row apart, and honest about gaps. */
import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  positionFromLine,
  sliceCapture,
  type PanePosition,
} from '../../src/mcp/capture-cursor.js';

const at = (p: Partial<PanePosition>): PanePosition => ({
  historySize: 0,
  historyLimit: 2000,
  cursorY: 0,
  collected: undefined,
  alternate: false,
  ...p,
});

describe('capture cursors', () => {
  const screen = ['a', 'b', 'c', '$ ', '', ''];

  it('returns the complete lines before the cursor row, and the row apart', () => {
    const r = sliceCapture('%1', screen, at({ cursorY: 3 }), { tail: 100 });
    expect(r).toMatchObject({
      lines: ['a', 'b', 'c'],
      current: '$ ',
      cursor: '%1:3',
      missed: 0,
      exact: true,
    });
  });

  it('keeps the newest lines when asked for fewer', () => {
    expect(sliceCapture('%1', screen, at({ cursorY: 3 }), { tail: 2 }).lines).toEqual(['b', 'c']);
  });

  it('returns only what came after a cursor, counting the oldest it left out', () => {
    const later = ['h1', 'h2', 'a', 'b', 'c', 'd', 'e', '$ '];
    const r = sliceCapture('%1', later, at({ historySize: 2, cursorY: 5 }), { since: 3, tail: 100 });
    expect(r).toMatchObject({ lines: ['b', 'c', 'd', 'e'], current: '$ ', cursor: '%1:7', omitted: 0 });
    expect(
      sliceCapture('%1', later, at({ historySize: 2, cursorY: 5 }), { since: 3, tail: 1 }),
    ).toMatchObject({
      lines: ['e'],
      omitted: 3,
    });
  });

  it('counts the lines tmux dropped from the history (3.8 says how many)', () => {
    const r = sliceCapture(
      '%1',
      ['x', 'y', '$ '],
      at({ historySize: 1, historyLimit: 1, cursorY: 1, collected: 10 }),
      {
        since: 8,
        tail: 100,
      },
    );
    expect(r).toMatchObject({ lines: ['x', 'y'], missed: 2, cursor: '%1:12', exact: true });
  });

  it('says when it cannot be exact: a full history before 3.8', () => {
    expect(
      sliceCapture('%1', ['x', '$ '], at({ historySize: 1, historyLimit: 1, cursorY: 0 }), { tail: 5 }).exact,
    ).toBe(false);
  });

  it('returns the screen of a full-screen program', () => {
    const r = sliceCapture(
      '%1',
      ['old', 'top', 'mid', 'end'],
      at({ historySize: 1, cursorY: 0, alternate: true }),
      { tail: 10 },
    );
    expect(r).toMatchObject({ lines: ['top', 'mid', 'end'], current: '' });
  });

  it('reads the position line, with or without history_collected', () => {
    expect(positionFromLine('5 2000 3 7 0')).toEqual(at({ historySize: 5, cursorY: 3, collected: 7 }));
    expect(positionFromLine('5 2000 3  1')).toEqual(at({ historySize: 5, cursorY: 3, alternate: true }));
  });

  it('refuses a cursor of another pane, or one it did not make', () => {
    expect(decodeCursor('%1:42', '%1')).toBe(42);
    expect(() => decodeCursor('%2:42', '%1')).toThrow('cursor %2:42 belongs to pane %2, not %1');
    expect(() => decodeCursor('42', '%1')).toThrow('not a capture cursor');
  });
});
