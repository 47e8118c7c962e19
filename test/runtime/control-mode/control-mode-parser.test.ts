/**
 * The control-mode parser as a specification: blocks matched on all three fields, flags kept apart,
 * every manifest notification read into its typed event, %output decoded per pane, anything unknown a
 * raw event; and the same messages for any chunking of a recorded stream.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ControlModeParser,
  MAX_PANE_STREAMS,
  type ParsedMessage,
} from '../../../src/runtime/control-mode/control-mode-parser.js';
import { NOTIFICATION_GRAMMAR } from '../../../src/generated/notifications.generated.js';
import { encodeEscapedData } from '../../../src/runtime/control-mode/escaped-data.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');

function parse(input: string | Uint8Array | readonly Uint8Array[], options: { inBlock?: boolean } = {}) {
  const parser = new ControlModeParser({
    grammar: NOTIFICATION_GRAMMAR,
    ...(options.inBlock === undefined ? {} : { notificationsInBlock: () => options.inBlock! }),
  });
  const out: ParsedMessage[] = [];
  const chunks = typeof input === 'string' ? [bytes(input)] : input instanceof Uint8Array ? [input] : input;
  for (const c of chunks) parser.push(c, (m) => out.push(m));
  parser.end((m) => out.push(m));
  return out;
}

/** Messages as plain JSON (bytes as arrays, block bodies as text) for comparison. */
function plain(messages: readonly ParsedMessage[]) {
  return messages.map((m) =>
    m.kind === 'block'
      ? { ...m.block, body: Buffer.from(m.block.body).toString('utf8') }
      : Object.fromEntries(
          Object.entries(m.event).map(([k, v]) => [k, v instanceof Uint8Array ? [...v] : v]),
        ),
  );
}

describe('output blocks', () => {
  it('matches %end on all three fields, so data that looks like %end stays data', () => {
    const out = plain(
      parse('%begin 10 20 1\n%end 10 21 1\n%end 1 2 1\n%error 10 20 0\nreal\n%end 10 20 1\n'),
    );
    expect(out).toEqual([
      { time: 10, number: 20, flags: 1, ok: true, body: '%end 10 21 1\n%end 1 2 1\n%error 10 20 0\nreal\n' },
    ]);
  });

  it.each([
    ['%end', true],
    ['%error', false],
  ])('%s closes with ok=%s, keeping flags 0 and 1 apart', (end, ok) => {
    const out = plain(parse(`%begin 5 6 0\nstartup\n${end} 5 6 0\n%begin 5 7 1\nmine\n${end} 5 7 1\n`));
    expect(out).toEqual([
      { time: 5, number: 6, flags: 0, ok, body: 'startup\n' },
      { time: 5, number: 7, flags: 1, ok, body: 'mine\n' },
    ]);
  });

  it('keeps an empty block and an empty output line apart', () => {
    expect(plain(parse('%begin 1 1 1\n%end 1 1 1\n%begin 1 2 1\n\n%end 1 2 1\n'))).toEqual([
      { time: 1, number: 1, flags: 1, ok: true, body: '' },
      { time: 1, number: 2, flags: 1, ok: true, body: '\n' },
    ]);
  });

  it('keeps raw bytes (and invalid UTF-8) of block lines exactly', () => {
    const body = Buffer.from([0x61, 0xff, 0x00, 0x80, 0x0d]);
    const out = parse(Buffer.concat([bytes('%begin 1 1 1\n'), body, bytes('\n%end 1 1 1\n')]));
    expect(out[0]?.kind === 'block' && Buffer.from(out[0].block.body)).toEqual(
      Buffer.concat([body, bytes('\n')]),
    );
  });

  it('reads %pause, %continue and %message inside a block as events only when asked', () => {
    const stream = '%begin 1 1 1\n%pause %3\n%message hi there\n%continue %3\n%end 1 1 1\n';
    expect(plain(parse(stream, { inBlock: true }))).toEqual([
      { type: 'pause', paneId: '%3' },
      { type: 'message', text: 'hi there' },
      { type: 'continue', paneId: '%3' },
      { time: 1, number: 1, flags: 1, ok: true, body: '' },
    ]);
    expect(plain(parse(stream, { inBlock: false }))).toEqual([
      { time: 1, number: 1, flags: 1, ok: true, body: '%pause %3\n%message hi there\n%continue %3\n' },
    ]);
  });

  it('never reads other notifications inside a block', () => {
    expect(plain(parse('%begin 1 1 1\n%window-add @1\n%end 1 1 1\n', { inBlock: true }))).toEqual([
      { time: 1, number: 1, flags: 1, ok: true, body: '%window-add @1\n' },
    ]);
  });

  it('keeps a block whole when the caller reuses its chunk buffer between pushes', () => {
    const stream = bytes('%begin 7 8 1\nfirst line\nsecond\n%end 7 8 1\n');
    for (let size = 1; size <= stream.length; size++) {
      const parser = new ControlModeParser({ grammar: NOTIFICATION_GRAMMAR });
      const out: ParsedMessage[] = [];
      const reused = Buffer.alloc(size);
      for (let at = 0; at < stream.length; at += size) {
        const n = stream.copy(reused, 0, at, at + size);
        parser.push(reused.subarray(0, n), (m) => out.push(m));
        reused.fill(0x58); // the caller writes over its buffer before the next read
      }
      expect(plain(out), `chunks of ${size}`).toEqual([
        { time: 7, number: 8, flags: 1, ok: true, body: 'first line\nsecond\n' },
      ]);
    }
  });

  it('reports a block the stream cut off as a raw event', () => {
    expect(plain(parse('%begin 1 1 1\npartial\n'))).toEqual([
      { type: 'raw', line: '%begin 1 1 1 (no end before the stream ended)' },
    ]);
  });
});

describe('notifications', () => {
  // One line per notification in the manifest; a test below checks none is missing.
  const table: [string, Record<string, unknown>][] = [
    [
      '%output %1 a\\015\\012\\134b',
      { type: 'output', paneId: '%1', data: [0x61, 13, 10, 0x5c, 0x62], text: 'a\r\n\\b' },
    ],
    [
      '%extended-output %2 150 : x y',
      { type: 'extended-output', paneId: '%2', ageMs: 150, data: [0x78, 0x20, 0x79], text: 'x y' },
    ],
    [
      '%extended-output %2 150 reserved more : z',
      { type: 'extended-output', paneId: '%2', ageMs: 150, data: [0x7a], text: 'z' },
    ],
    ['%pause %4', { type: 'pause', paneId: '%4' }],
    ['%continue %4', { type: 'continue', paneId: '%4' }],
    [
      '%layout-change @1 b25d,80x24,0,0,2 b25d,80x24,0,0,2 *Z',
      {
        type: 'layout-change',
        windowId: '@1',
        layout: 'b25d,80x24,0,0,2',
        visibleLayout: 'b25d,80x24,0,0,2',
        flags: '*Z',
      },
    ],
    [
      '%layout-change @1 b25d,80x24,0,0,2 b25d,80x24,0,0,2 ',
      {
        type: 'layout-change',
        windowId: '@1',
        layout: 'b25d,80x24,0,0,2',
        visibleLayout: 'b25d,80x24,0,0,2',
        flags: '',
      },
    ],
    [
      '%layout-change @1 b25d,80x24,0,0,2 b25d,80x24,0,0,2',
      {
        type: 'layout-change',
        windowId: '@1',
        layout: 'b25d,80x24,0,0,2',
        visibleLayout: 'b25d,80x24,0,0,2',
      },
    ],
    ['%window-add @7', { type: 'window-add', windowId: '@7' }],
    ['%unlinked-window-add @7', { type: 'unlinked-window-add', windowId: '@7' }],
    ['%window-close @7', { type: 'window-close', windowId: '@7' }],
    ['%unlinked-window-close @7', { type: 'unlinked-window-close', windowId: '@7' }],
    [
      '%window-renamed @7 a name  with spaces ü',
      { type: 'window-renamed', windowId: '@7', name: 'a name  with spaces ü' },
    ],
    ['%unlinked-window-renamed @7 x', { type: 'unlinked-window-renamed', windowId: '@7', name: 'x' }],
    ['%window-pane-changed @7 %9', { type: 'window-pane-changed', windowId: '@7', paneId: '%9' }],
    ['%session-changed $2 main', { type: 'session-changed', sessionId: '$2', name: 'main' }],
    [
      '%client-session-changed /dev/pts/3 $2 main',
      { type: 'client-session-changed', client: '/dev/pts/3', sessionId: '$2', name: 'main' },
    ],
    ['%client-detached client-42', { type: 'client-detached', client: 'client-42' }],
    ['%session-renamed $2 new name', { type: 'session-renamed', sessionId: '$2', name: 'new name' }],
    ['%sessions-changed', { type: 'sessions-changed' }],
    ['%session-window-changed $2 @7', { type: 'session-window-changed', sessionId: '$2', windowId: '@7' }],
    ['%pane-mode-changed %9', { type: 'pane-mode-changed', paneId: '%9' }],
    ['%paste-buffer-changed buffer0', { type: 'paste-buffer-changed', name: 'buffer0' }],
    ['%paste-buffer-deleted my buffer', { type: 'paste-buffer-deleted', name: 'my buffer' }],
    [
      '%subscription-changed s1 $0 - - - : 80 x : y',
      {
        type: 'subscription-changed',
        name: 's1',
        sessionId: '$0',
        windowId: null,
        windowIndex: null,
        paneId: null,
        value: '80 x : y',
      },
    ],
    [
      '%subscription-changed s1 $0 @1 3 %4 : v',
      {
        type: 'subscription-changed',
        name: 's1',
        sessionId: '$0',
        windowId: '@1',
        windowIndex: 3,
        paneId: '%4',
        value: 'v',
      },
    ],
    [
      '%subscription-changed s1 $0 @1 3 %4 : ',
      {
        type: 'subscription-changed',
        name: 's1',
        sessionId: '$0',
        windowId: '@1',
        windowIndex: 3,
        paneId: '%4',
        value: '',
      },
    ],
    ['%message hello \\001 world', { type: 'message', text: 'hello \\001 world' }],
    [
      '%config-error /etc/tmux.conf:3: unknown command: x',
      { type: 'config-error', text: '/etc/tmux.conf:3: unknown command: x' },
    ],
    ['%exit', { type: 'exit' }],
    ['%exit too far behind', { type: 'exit', reason: 'too far behind' }],
  ];

  it.each(table)('%s', (line, event) => {
    expect(plain(parse(`${line}\n`))).toEqual([event]);
  });

  it('covers every notification in the manifest', () => {
    const covered = new Set(table.map(([line]) => line.split(' ')[0]));
    const all = NOTIFICATION_GRAMMAR.filter((g) => g.kind === 'notification' || g.kind === 'exit').map(
      (g) => g.line,
    );
    expect(all.filter((line) => !covered.has(line))).toEqual([]);
  });

  it.each([
    ['an unknown line type', '%future-thing a b'],
    ['a pane id that is not %N', '%output 3 data'],
    ['a missing argument', '%window-add'],
    ['an extra argument', '%sessions-changed now'],
    ['a non-numeric integer', '%extended-output %1 soon : x'],
    ['no colon before extended data', '%extended-output %1 5 x'],
    ['a bare line outside a block', 'some run-shell output'],
    ['a stray %end', '%end 1 2 1'],
  ])('%s is a raw event, never an error', (_, line) => {
    expect(plain(parse(`${line}\n`))).toEqual([{ type: 'raw', line }]);
  });

  it('decodes UTF-8 per pane as a stream: a character split across lines and chunks arrives whole', () => {
    const check = Buffer.from('✓', 'utf8'); // e2 9c 93
    const line1 = Buffer.concat([bytes('%output %1 a'), check.subarray(0, 1), bytes('\n')]);
    const other = bytes('%output %2 b\n');
    const line2 = Buffer.concat([bytes('%output %1 '), check.subarray(1), bytes('c\n')]);
    const stream = Buffer.concat([line1, other, line2]);
    const texts = (chunks: Uint8Array[]) =>
      parse(chunks).map((m) =>
        m.kind === 'event' ? `${String(m.event['paneId'])}:${String(m.event['text'])}` : '',
      );
    expect(texts([stream])).toEqual(['%1:a', '%2:b', '%1:✓c']);
    expect(texts([stream.subarray(0, 13), stream.subarray(13, 20), stream.subarray(20)])).toEqual([
      '%1:a',
      '%2:b',
      '%1:✓c',
    ]);
  });
});

describe('%output read by its dedicated path', () => {
  // `%extended-output P AGE : DATA` goes through the generic grammar walk; `%output P DATA` must give the
  // same pane and bytes and text, and be a raw line exactly when the other is.
  const paneIds = fc.oneof(
    fc.nat().map((n) => `%${n}`),
    fc.constantFrom('%', '%01', '%x', '%1%', '1', '@1', '%99999999999999999999', '%-1'),
  );
  it('equals the generic reading for any pane id and any bytes', () => {
    fc.assert(
      fc.property(paneIds, fc.uint8Array({ maxLength: 64 }), (pane, data) => {
        const escaped = encodeEscapedData(data);
        const [fast] = plain(parse(Buffer.concat([bytes(`%output ${pane} `), escaped, bytes('\n')])));
        const [generic] = plain(
          parse(Buffer.concat([bytes(`%extended-output ${pane} 7 : `), escaped, bytes('\n')])),
        );
        if (generic!['type'] === 'raw') expect(fast!['type']).toBe('raw');
        else {
          const { ageMs: _, ...rest } = generic!;
          expect(fast).toEqual({ ...rest, type: 'output' });
          expect(Object.keys(fast!)).toEqual(['type', 'paneId', 'data', 'text']);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('per-pane UTF-8 streams', () => {
  const output = (pane: number, escaped: string) => bytes(`%output %${pane} ${escaped}\n`);

  it('keeps a character split across lines until it is whole, and forgets a released pane', () => {
    const parser = new ControlModeParser({ grammar: NOTIFICATION_GRAMMAR });
    const texts: string[] = [];
    const sink = (m: ParsedMessage) => m.kind === 'event' && texts.push(String(m.event['text']));
    const check = Buffer.from('✓'); // e2 9c 93
    parser.push(Buffer.concat([bytes('%output %1 a'), check.subarray(0, 2), bytes('\n')]), sink);
    parser.push(Buffer.concat([bytes('%output %1 '), check.subarray(2), bytes('b\n')]), sink);
    expect(texts).toEqual(['a', '✓b']);
    expect(parser.paneStreams).toBe(1);
    parser.releasePane('%1');
    expect(parser.paneStreams).toBe(0);
    parser.push(output(1, 'c'), sink);
    expect(texts.at(-1)).toBe('c');
  });

  it(`holds at most ${MAX_PANE_STREAMS} decoders, dropping the oldest`, () => {
    const parser = new ControlModeParser({ grammar: NOTIFICATION_GRAMMAR });
    for (let pane = 0; pane < MAX_PANE_STREAMS + 10; pane++) parser.push(output(pane, 'x'), () => {});
    expect(parser.paneStreams).toBe(MAX_PANE_STREAMS);
  });
});

describe('any chunking of a recorded stream gives the same messages', () => {
  const recordings = ['3.1c', '3.7c'].map(
    (v) =>
      [v, readFileSync(new URL(`../../fixtures/control-mode/recorded-${v}.bin`, import.meta.url))] as const,
  );

  it.each(recordings)('tmux %s recording holds the expected mix', (version, stream) => {
    const messages = parse(stream);
    const types = new Set(
      messages.map((m) =>
        m.kind === 'block' ? `block${m.block.flags}${m.block.ok ? '' : '!'}` : m.event.type,
      ),
    );
    for (const t of [
      'block0',
      'block1',
      'block1!',
      'output',
      'window-add',
      'window-renamed',
      'sessions-changed',
      'session-renamed',
    ]) {
      expect(types, `${version} has ${t}`).toContain(t);
    }
    expect(types.has('raw') && version !== '3.1c').toBe(false); // 3.1c prints show-buffer's error as a bare line
  });

  it.each(recordings)('tmux %s: fast-check splits', (_, stream) => {
    const whole = plain(parse(stream));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: stream.length }), { maxLength: 40 }), (cuts) => {
        const points = [...new Set(cuts)].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let from = 0;
        for (const p of [...points, stream.length]) {
          chunks.push(stream.subarray(from, p));
          from = p;
        }
        expect(plain(parse(chunks))).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('byte by byte', () => {
    const stream = recordings[1]![1];
    const chunks = [...stream].map((b) => Uint8Array.of(b));
    expect(plain(parse(chunks))).toEqual(plain(parse(stream)));
  });
});
