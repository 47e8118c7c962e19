/**
 * A pane's output as plain text to search: terminal control sequences (CSI, OSC, DCS and two-byte
 * escapes) and carriage returns removed, fed in pieces as `%output` delivers them. A sequence split across
 * pieces is held back until it completes, so it can never leave stray bytes in the text. Pure.
 */

// ESC [ ... final | ESC ] ... BEL or ST | ESC P/X/^/_ ... ST | ESC + one byte. An unfinished one at the end
// is not matched by these (the terminator is required), and `incompleteTail` holds it back.
const SEQUENCES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)|(?![[\]PX^_])[ -~])|\r/g;
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]/g;

/** Where an unfinished escape sequence starts at the end of `text`, or -1. */
function incompleteTail(text: string): number {
  const at = text.lastIndexOf('\x1b');
  if (at < 0) return -1;
  const rest = text.slice(at);
  SEQUENCES.lastIndex = 0;
  const m = SEQUENCES.exec(rest);
  return m && m.index === 0 ? -1 : at;
}

/** Plain text of `text` (no escape sequences, no CR, no other control characters but LF and TAB). */
export function plainText(text: string): string {
  return text.replace(SEQUENCES, '').replace(CONTROL, '');
}

/** Accumulates output as plain text, keeping the last `limit` characters. */
export class TerminalText {
  #held = '';
  #text = '';
  #total = 0;
  constructor(private readonly limit: number) {}

  /** Adds output; returns the plain text it added. */
  push(piece: string): string {
    let raw = this.#held + piece;
    const cut = incompleteTail(raw);
    this.#held = cut < 0 ? '' : raw.slice(cut);
    if (cut >= 0) raw = raw.slice(0, cut);
    const added = plainText(raw);
    this.#total += added.length;
    this.#text += added;
    if (this.#text.length > this.limit) this.#text = this.#text.slice(this.#text.length - this.limit);
    return added;
  }

  /** The plain text kept (the last `limit` characters). */
  get text(): string {
    return this.#text;
  }

  /** Characters added in all, including those no longer kept. */
  get total(): number {
    return this.#total;
  }
}
