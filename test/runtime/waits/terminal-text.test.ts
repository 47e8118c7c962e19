import { describe, expect, it } from 'vitest';
import { plainText, TerminalText } from '../../../src/runtime/waits/terminal-text.js';

describe('plainText', () => {
  it.each([
    ['\x1b[1;31mred\x1b[0m', 'red'],
    ['a\r\nb', 'a\nb'],
    ['\x1b]0;title\x07text', 'text'],
    ['\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\', 'link'],
    ['\x1b=keypad\x1b>', 'keypad'],
    ['bell\x07 tab\t', 'bell tab\t'],
  ])('%j is %j', (raw, plain) => expect(plainText(raw)).toBe(plain));
});

describe('TerminalText', () => {
  it('holds back an escape sequence split across pieces', () => {
    const t = new TerminalText(100);
    expect(t.push('ready\x1b[3')).toBe('ready');
    expect(t.push('2mgo')).toBe('go');
    expect(t.text).toBe('readygo');
  });

  it('keeps the last `limit` characters and counts them all', () => {
    const t = new TerminalText(4);
    t.push('abcdef');
    t.push('gh');
    expect(t.text).toBe('efgh');
    expect(t.total).toBe(8);
  });
});
