/** Targets: what parses to what, what renders back, and what is refused with a TargetError. */
import { describe, expect, it } from 'vitest';
import {
  formatTarget,
  parseTarget,
  Target,
  TargetError,
  toTarget,
  type TargetKind,
} from '../../src/index.js';

const valid: [string, TargetKind, object][] = [
  ['%3', 'pane', { type: 'paneId', id: 3 }],
  ['@12', 'window', { type: 'windowId', id: 12 }],
  ['$0', 'session', { type: 'sessionId', id: 0 }],
  ['%3', 'session', { type: 'paneId', id: 3 }],
  ['=dev', 'session', { type: 'exactName', name: 'dev' }],
  ['dev', 'session', { type: 'name', name: 'dev' }],
  ['2', 'window', { type: 'name', name: '2' }],
  ['{last}', 'pane', { type: 'token', token: '{last}' }],
  ['{up-of}', 'pane', { type: 'token', token: '{up-of}' }],
  ['{marked}', 'session', { type: 'token', token: '{marked}' }],
  ['{end}', 'window', { type: 'token', token: '{end}' }],
  ['dev:', 'window', { type: 'reference', session: 'dev', window: '' }],
  [':2', 'window', { type: 'reference', session: '', window: '2' }],
  ['dev:editor.1', 'pane', { type: 'reference', session: 'dev', window: 'editor', pane: '1' }],
  ['dev:2.{top}', 'pane', { type: 'reference', session: 'dev', window: '2', pane: '{top}' }],
  ['@4.%7', 'pane', { type: 'reference', window: '@4', pane: '%7' }],
  ['$1:@2', 'window', { type: 'reference', session: '$1', window: '@2' }],
  ['dev:$', 'window', { type: 'reference', session: 'dev', window: '$' }],
  ['/dev/pts/3', 'client', { type: 'client', name: '/dev/pts/3' }],
  ['v1.2', 'window', { type: 'name', name: 'v1.2' }],
];

const invalid: [string, TargetKind, RegExp][] = [
  ['', 'pane', /cannot be empty/],
  ['%x', 'pane', /pane id is % followed by digits/],
  ['@', 'window', /window id is @ followed by digits/],
  ['$a', 'session', /session id is \$ followed by digits/],
  ['{nonsense}', 'pane', /not a pane token/],
  ['{top}', 'window', /not a window token/],
  ['dev:{top}', 'window', /not a window token/],
  ['a\0b', 'session', /NUL, CR or LF/],
  ['a\nb', 'pane', /NUL, CR or LF/],
  ['dev:1.%q', 'pane', /pane id/],
];

describe('parseTarget', () => {
  it.each(valid)('%s as %s', (input, kind, expected) => {
    const target = parseTarget(input, kind);
    expect(target).toEqual(expected);
    expect(formatTarget(target)).toBe(input);
    expect(Object.isFrozen(target)).toBe(true);
  });

  it.each(invalid)('refuses %j as %s', (input, kind, message) => {
    expect(() => parseTarget(input, kind)).toThrow(TargetError);
    expect(() => parseTarget(input, kind)).toThrow(message);
  });
});

describe('Target constructors and toTarget', () => {
  it('build ids and re-validate hand-made values', () => {
    expect(formatTarget(Target.pane(3))).toBe('%3');
    expect(formatTarget(Target.session(0))).toBe('$0');
    expect(() => Target.window(-1)).toThrow(TargetError);
    expect(() => Target.pane(1.5)).toThrow(TargetError);
    expect(() => toTarget({ type: 'paneId', id: -2 } as Target, 'pane')).toThrow(TargetError);
    expect(() => toTarget(42 as unknown as string, 'pane')).toThrow(TargetError);
  });

  it('refuses to render an unresolved slot reference, and renders a resolved one', () => {
    const slot = Target.slot(2, 'pane');
    expect(() => formatTarget(slot)).toThrow(/operation 2 of a plan/);
    expect(formatTarget(slot, (n, object) => (n === 2 && object === 'pane' ? '%9' : '?'))).toBe('%9');
  });
});
