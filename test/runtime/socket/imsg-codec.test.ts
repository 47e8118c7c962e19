/** tmux's message framing and the payloads of a command client, as specifications; fuzzed decoding. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError, ParameterError } from '../../../src/runtime/errors.js';
import {
  encodeFrame,
  ImsgDecoder,
  MAX_IMSG_DATA,
  MAX_IMSG_SIZE,
  requireLittleEndian,
  type ImsgFrame,
} from '../../../src/runtime/socket/imsg-codec.js';
import {
  commandPayload,
  cString,
  decodeExit,
  decodeReadOpen,
  decodeStream,
  decodeWriteOpen,
  identifyLongFlags,
  readData,
} from '../../../src/runtime/socket/imsg-messages.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A header in the layout of tmux up to 3.5a: u32 type, u16 len, u16 flags, u32 peerid, u32 pid. */
function legacyHeader(type: number, length: number, flags: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(type, 0);
  b.writeUInt16LE(length, 4);
  b.writeUInt16LE(flags, 6);
  b.writeUInt32LE(8, 8);
  b.writeUInt32LE(0xffffffff, 12);
  return b;
}

/** A header in the layout of tmux 3.6+: u32 type, u32 len (bit 31: fd), u32 peerid, u32 pid. */
function modernHeader(type: number, length: number, fd: boolean): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE((length | (fd ? 0x80000000 : 0)) >>> 0, 4);
  b.writeUInt32LE(8, 8);
  b.writeUInt32LE(0xffffffff, 12);
  return b;
}

describe('frames', () => {
  it('encodes type, length (header included), peerid 8 and pid -1 little-endian', () => {
    expect(hex(encodeFrame(106))).toBe('6a000000' + '10000000' + '08000000' + 'ffffffff');
    expect(hex(encodeFrame(200, Uint8Array.of(1, 2)))).toBe(
      'c8000000' + '12000000' + '08000000' + 'ffffffff' + '0102',
    );
  });

  it('is byte-identical to both header layouts for a message without an fd', () => {
    for (const size of [0, 1, 100, MAX_IMSG_DATA]) {
      const frame = encodeFrame(304, new Uint8Array(size));
      expect(hex(frame.subarray(0, 16))).toBe(hex(legacyHeader(304, 16 + size, 0)));
      expect(hex(frame.subarray(0, 16))).toBe(hex(modernHeader(304, 16 + size, false)));
    }
  });

  it(`refuses a message over ${MAX_IMSG_SIZE} bytes`, () => {
    expect(() => encodeFrame(304, new Uint8Array(MAX_IMSG_DATA))).not.toThrow();
    expect(() => encodeFrame(304, new Uint8Array(MAX_IMSG_DATA + 1))).toThrow(EngineError);
  });

  it('refuses to run on a big-endian machine rather than guess the layout', () => {
    expect(() => requireLittleEndian('BE')).toThrow(/big-endian/);
    expect(() => requireLittleEndian('LE')).not.toThrow();
  });

  it.each([
    ['legacy, no fd', legacyHeader(303, 20, 0), false],
    ['legacy, fd flag', legacyHeader(303, 20, 1), true],
    ['3.6+, no fd', modernHeader(303, 20, false), false],
    ['3.6+, fd mark', modernHeader(303, 20, true), true],
  ])('decodes the %s header', (_, header, hasFd) => {
    const frames = new ImsgDecoder().push(Buffer.concat([header, Buffer.from([1, 0, 0, 0])]));
    expect(frames).toEqual([
      { type: 303, peerid: 8, pid: 0xffffffff, hasFd, data: Uint8Array.of(1, 0, 0, 0) },
    ]);
  });

  it.each([
    ['a length below the header size', legacyHeader(1, 8, 0)],
    ['a length over 16384', modernHeader(1, 16385, false)],
    ['stray high bits', modernHeader(1, 16 | 0x40000000, false)],
  ])('refuses %s with an EngineError', (_, header) => {
    expect(() => new ImsgDecoder().push(header)).toThrow(EngineError);
  });

  it('decodes any chunking of a stream of frames to the same frames (property)', () => {
    const frameArb = fc.record({
      type: fc.integer({ min: 0, max: 400 }),
      data: fc.uint8Array({ maxLength: 300 }),
    });
    fc.assert(
      fc.property(
        fc.array(frameArb, { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (specs, cuts) => {
          const stream = Buffer.concat(specs.map((f) => encodeFrame(f.type, f.data)));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const decoder = new ImsgDecoder();
          const frames: ImsgFrame[] = [];
          let from = 0;
          for (const p of [...points, stream.length]) {
            frames.push(...decoder.push(stream.subarray(from, p)));
            from = p;
          }
          expect(frames.map((f) => [f.type, hex(f.data)])).toEqual(specs.map((f) => [f.type, hex(f.data)]));
          expect(decoder.pending).toBe(0);
        },
      ),
    );
  });

  it('fuzz: random bytes give frames or an EngineError, nothing else', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const decoder = new ImsgDecoder();
        try {
          for (const c of chunks)
            for (const f of decoder.push(c)) expect(f.data.length).toBeLessThanOrEqual(MAX_IMSG_DATA);
        } catch (e) {
          expect(e).toBeInstanceOf(EngineError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('payloads', () => {
  it('packs a command as argc and NUL-terminated arguments', () => {
    expect(hex(commandPayload(['display-message', '-p', 'ü']))).toBe(
      '03000000' + hex(Buffer.from('display-message\0-p\0ü\0')),
    );
  });

  it('refuses a command that does not fit one message, and accepts one that just fits', () => {
    const fits = 'x'.repeat(MAX_IMSG_DATA - 4 - 'set-buffer'.length - 1 - 1);
    expect(commandPayload(['set-buffer', fits]).length).toBe(MAX_IMSG_DATA);
    expect(() => commandPayload(['set-buffer', `${fits}x`])).toThrow(ParameterError);
    expect(() => commandPayload(['set-buffer', `${fits}x`])).toThrow(/nothing was sent/);
  });

  it('refuses NUL in an argument', () => {
    expect(() => commandPayload(['set-buffer', 'a\0b'])).toThrow(ParameterError);
  });

  it('encodes strings, flags and read data as tmux reads them', () => {
    expect(hex(cString('xterm'))).toBe(hex(Buffer.from('xterm\0')));
    expect(hex(identifyLongFlags(0x10000))).toBe('0000010000000000');
    const pieces = readData(4, new Uint8Array(MAX_IMSG_DATA * 2));
    expect(pieces.every((p) => p.length <= MAX_IMSG_DATA)).toBe(true);
    expect(pieces.reduce((n, p) => n + p.length - 4, 0)).toBe(MAX_IMSG_DATA * 2);
    expect(hex(pieces[0]!.subarray(0, 4))).toBe('04000000');
  });

  const ints = (...v: number[]) => {
    const b = Buffer.alloc(v.length * 4);
    v.forEach((x, i) => b.writeInt32LE(x, i * 4));
    return b;
  };

  it.each([
    ['write-open to stdout', decodeWriteOpen(ints(1, 1, 0)), { stream: 1, fd: 1, flags: 0 }],
    [
      'write-open to a path',
      decodeWriteOpen(Buffer.concat([ints(3, -1, 512), Buffer.from('/x\0')])),
      { stream: 3, fd: -1, flags: 512, path: '/x' },
    ],
    ['a short write-open', decodeWriteOpen(ints(1, 1)), undefined],
    [
      'read-open of stdin',
      decodeReadOpen(Buffer.concat([ints(4, 0), Buffer.from('-\0')])),
      { stream: 4, fd: 0, path: '-' },
    ],
    [
      'a stream message',
      decodeStream(Buffer.concat([ints(2), Buffer.from('err')])),
      { stream: 2, rest: Buffer.from('err') },
    ],
    ['exit with status', decodeExit(ints(1)), { retval: 1 }],
    [
      'exit with a message',
      decodeExit(Buffer.concat([ints(0), Buffer.from('access not allowed\0')])),
      { retval: 0, message: 'access not allowed' },
    ],
    ['shutdown (no data)', decodeExit(new Uint8Array(0)), {}],
    ['a short exit', decodeExit(Uint8Array.of(1, 0)), undefined],
  ])('decodes %s', (_, decoded, expected) => {
    expect(decoded === undefined ? undefined : JSON.parse(JSON.stringify(decoded))).toEqual(
      expected === undefined ? undefined : JSON.parse(JSON.stringify(expected)),
    );
  });
});
