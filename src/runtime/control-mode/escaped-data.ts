/**
 * The escaping of `%output` data (`tmux-facts.md` §3.3): every byte below 0x20 and the backslash is written
 * as `\` and three octal digits; every other byte is raw. Decoding is therefore exact and needs no state.
 */

const BACKSLASH = 0x5c;

/**
 * Where decoded bytes are written: slices of one larger buffer, handed out in turn, so decoding a stream
 * costs one allocation per arena rather than one per line (the way Node pools small Buffers). A slice
 * keeps its arena alive, as any Buffer slice does.
 */
export class DecodeArena {
  #buffer: Buffer = Buffer.allocUnsafe(0);
  #used = 0;

  constructor(readonly size = 64 * 1024) {}

  /** `n` writable bytes: a slice of the current arena, or of a fresh one when it is full. */
  take(n: number): Buffer {
    if (this.#used + n > this.#buffer.length) {
      this.#buffer = Buffer.allocUnsafe(Math.max(this.size, n));
      this.#used = 0;
    }
    return this.#buffer.subarray(this.#used, this.#used + n);
  }

  /** Marks the first `n` bytes of the last slice taken as used. */
  commit(n: number): void {
    this.#used += n;
  }
}

const sharedArena = new DecodeArena();

/** The bytes tmux escaped into `escaped`. Returns the input itself when nothing is escaped. */
export function decodeEscapedData(escaped: Uint8Array, arena: DecodeArena = sharedArena): Uint8Array {
  const first = Uint8Array.prototype.indexOf.call(escaped, BACKSLASH);
  if (first < 0) return escaped;
  const n = escaped.length;
  // Every byte of the slice is written below before it is read.
  const out = arena.take(n);
  // Four bytes at a time while they hold no backslash (runs between escapes are short, so a native
  // search or copy per run would cost more than it saves), byte by byte around an escape.
  const input = new DataView(escaped.buffer, escaped.byteOffset, n);
  const output = new DataView(out.buffer, out.byteOffset, n);
  let length = 0;
  let i = 0;
  while (i < n) {
    // Eight bytes at a time through long runs (two words), then four.
    while (i + 8 <= n) {
      const lo = input.getUint32(i, true);
      const hi = input.getUint32(i + 4, true);
      const x = lo ^ 0x5c5c5c5c;
      const y = hi ^ 0x5c5c5c5c;
      if ((((x - 0x01010101) & ~x) | ((y - 0x01010101) & ~y)) & 0x80808080) break;
      output.setUint32(length, lo, true);
      output.setUint32(length + 4, hi, true);
      length += 8;
      i += 8;
    }
    if (i >= n) break;
    if (i + 4 <= n) {
      const word = input.getUint32(i, true);
      // No byte of the word is a backslash: the has-zero-byte test on `word ^ 0x5c5c5c5c`.
      const x = word ^ 0x5c5c5c5c;
      if (((x - 0x01010101) & ~x & 0x80808080) === 0) {
        output.setUint32(length, word, true);
        length += 4;
        i += 4;
        continue;
      }
    }
    const byte = escaped[i]!;
    if (byte !== BACKSLASH) {
      out[length++] = byte;
      i++;
      continue;
    }
    if (i + 3 < n) {
      const a = escaped[i + 1]! - 0x30;
      const b = escaped[i + 2]! - 0x30;
      const c = escaped[i + 3]! - 0x30;
      // Each is an octal digit exactly when no bit above the low three is set (a negative has them all).
      if (((a | b | c) & ~7) === 0) {
        out[length++] = ((a << 6) | (b << 3) | c) & 0xff;
        i += 4;
        continue;
      }
    }
    out[length++] = BACKSLASH; // not an escape tmux writes: keep the backslash, lose nothing
    i++;
  }
  arena.commit(length);
  return out.subarray(0, length);
}

/** The escaping tmux applies (for tests and recorded streams): bytes below 0x20 and `\` as `\ooo`. */
export function encodeEscapedData(bytes: Uint8Array): Uint8Array {
  const parts: number[] = [];
  for (const byte of bytes) {
    if (byte < 0x20 || byte === BACKSLASH) {
      parts.push(BACKSLASH, 0x30 + (byte >> 6), 0x30 + ((byte >> 3) & 7), 0x30 + (byte & 7));
    } else parts.push(byte);
  }
  return Uint8Array.from(parts);
}
