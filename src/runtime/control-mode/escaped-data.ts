/**
 * The escaping of `%output` data (`tmux-facts.md` §3.3): every byte below 0x20 and the backslash is written
 * as `\` and three octal digits; every other byte is raw. Decoding is therefore exact and needs no state.
 */

const BACKSLASH = 0x5c;

function octalDigit(byte: number | undefined): number {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37 ? byte - 0x30 : -1;
}

/** The bytes tmux escaped into `escaped`. Returns the input itself when nothing is escaped. */
export function decodeEscapedData(escaped: Uint8Array): Uint8Array {
  const first = Uint8Array.prototype.indexOf.call(escaped, BACKSLASH);
  if (first < 0) return escaped;
  // One pass, byte by byte: cheaper than copying the runs between escapes through subarrays.
  const out = new Uint8Array(escaped.length);
  out.set(escaped.subarray(0, first));
  let length = first;
  const n = escaped.length;
  for (let i = first; i < n; i++) {
    const byte = escaped[i]!;
    if (byte !== BACKSLASH) {
      out[length++] = byte;
      continue;
    }
    const a = octalDigit(escaped[i + 1]);
    const b = octalDigit(escaped[i + 2]);
    const c = octalDigit(escaped[i + 3]);
    if (a < 0 || b < 0 || c < 0) {
      out[length++] = BACKSLASH; // not an escape tmux writes: keep the backslash, lose nothing
    } else {
      out[length++] = ((a << 6) | (b << 3) | c) & 0xff;
      i += 3;
    }
  }
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
