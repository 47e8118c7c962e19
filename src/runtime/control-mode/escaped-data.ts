/**
 * The escaping of `%output` data (`tmux-facts.md` §3.3): every byte below 0x20 and the backslash is written
 * as `\` and three octal digits; every other byte is raw. Decoding is therefore exact and needs no state.
 */

const BACKSLASH = 0x5c;

function octalDigit(byte: number | undefined): number {
  return byte !== undefined && byte >= 0x30 && byte <= 0x37 ? byte - 0x30 : -1;
}

/** The bytes tmux escaped into `escaped`. Returns a view of the input when nothing is escaped. */
export function decodeEscapedData(escaped: Uint8Array): Uint8Array {
  let at = escaped.indexOf(BACKSLASH);
  if (at < 0) return escaped;
  const out = new Uint8Array(escaped.length);
  let length = 0;
  let from = 0;
  while (at >= 0) {
    out.set(escaped.subarray(from, at), length);
    length += at - from;
    const a = octalDigit(escaped[at + 1]);
    const b = octalDigit(escaped[at + 2]);
    const c = octalDigit(escaped[at + 3]);
    if (a < 0 || b < 0 || c < 0) {
      // Not an escape tmux writes; keep the backslash so nothing is lost.
      out[length++] = BACKSLASH;
      from = at + 1;
    } else {
      out[length++] = ((a << 6) | (b << 3) | c) & 0xff;
      from = at + 4;
    }
    at = escaped.indexOf(BACKSLASH, from);
  }
  out.set(escaped.subarray(from), length);
  length += escaped.length - from;
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
