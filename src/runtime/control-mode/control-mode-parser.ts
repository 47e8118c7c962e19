/**
 * The control-mode parser: bytes from `tmux -C` in (chunks of any size, split anywhere), output blocks and
 * typed notifications out. No I/O; the engine feeds it and acts on what it yields.
 *
 * - A block is `%begin T N F`, lines, then `%end T N F` or `%error T N F` with the **same three fields**
 *   (from tmux 3.4 a data line can look like `%end`). `flags` is 1 for a reply to this client's own input
 *   and 0 for anything else (the startup command, hook-triggered commands); the parser reports both and
 *   never decides which request a block answers.
 * - Outside blocks, every line the grammar knows becomes an event (`{ type: 'window-add', windowId: '@1' }`).
 *   `%output` and `%extended-output` data is decoded to bytes, and to text through one streaming UTF-8
 *   decoder per pane, so a character split across lines or chunks arrives whole.
 * - `%pause`, `%continue` and `%message` can appear inside a block; whether a block's lines are read for
 *   them is asked per block (`notificationsInBlock`), because a data line could look the same.
 * - A line the grammar does not know, or one that does not fit its grammar, is a `raw` event; never an error.
 */
import { TextDecoder } from 'node:util';
import { DecodeArena, decodeEscapedData } from './escaped-data.js';
import type { NotificationArgument, NotificationGrammar } from './notification-grammar.js';

export interface BlockHeader {
  readonly time: number;
  readonly number: number;
  /** 1: a reply to a line this client sent; 0: unsolicited (startup command, hooks). */
  readonly flags: number;
}

export interface OutputBlock extends BlockHeader {
  /** `%end` (true) or `%error` (false). */
  readonly ok: boolean;
  /** The block's lines, each followed by LF, exactly as tmux wrote them. */
  readonly body: Uint8Array;
}

/** A line outside any block that no grammar entry reads, or one that does not fit its grammar. */
export interface RawLineEvent {
  readonly type: 'raw';
  readonly line: string;
}

/** What the parser yields: a finished block, or an event (a notification or a raw line). */
export type ParsedMessage =
  | { readonly kind: 'block'; readonly block: OutputBlock }
  | { readonly kind: 'event'; readonly event: ParsedEvent };

/** A notification's fields by the grammar (the generated event types name them), or a raw line. */
export interface ParsedEvent {
  readonly type: string;
  readonly [field: string]: unknown;
}

export interface ControlModeParserOptions {
  /** The grammar of every line type (the generated `NOTIFICATION_GRAMMAR`). */
  readonly grammar: readonly NotificationGrammar[];
  /**
   * Whether lines inside this block that read as in-block notifications (`%pause`, `%continue`,
   * `%message`) are taken as notifications rather than data. Default: always.
   */
  readonly notificationsInBlock?: (header: BlockHeader) => boolean;
}

const LF = 0x0a;
/** The typed-array search: far cheaper per call than Buffer's for the short distances of control lines. */
const indexOfByte = (bytes: Uint8Array, byte: number, from = 0): number =>
  Uint8Array.prototype.indexOf.call(bytes, byte, from);
const EMPTY = new Uint8Array(0);

/**
 * The LF ending the line that starts at `start`, or -1. Pane output (`%output`, `%extended-output`) comes
 * in long lines, where Buffer's native search is fastest; the other lines are mostly short, where the
 * typed-array search's lower cost per call wins.
 */
function lineEnd(chunk: Uint8Array, start: number): number {
  const long =
    chunk[start] === PERCENT &&
    (chunk[start + 1] === 0x6f /* o */ ||
      (chunk[start + 1] === 0x65 /* e */ && chunk[start + 2] === 0x78)); /* x */
  return long && Buffer.isBuffer(chunk) ? chunk.indexOf(LF, start) : indexOfByte(chunk, LF, start);
}
const PERCENT = 0x25;
const SPACE = 0x20;
const utf8 = new TextDecoder('utf-8');
const STREAM = { stream: true } as const;
/** The most panes with a live UTF-8 decoder; the oldest goes first. */
export const MAX_PANE_STREAMS = 4096;

/** Bytes as one char per byte (the ASCII parts of lines: words, numbers, ids); no copy. */
function asciiWord(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', from, to);
}

function startsWith(line: Uint8Array, prefix: Uint8Array): boolean {
  if (line.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (line[i] !== prefix[i]) return false;
  return true;
}

const BEGIN = Buffer.from('%begin ');
const END = Buffer.from('%end ');
const ERROR = Buffer.from('%error ');
const OUTPUT = Buffer.from('%output %');

interface OpenBlock {
  readonly header: BlockHeader;
  /** `T N F` as bytes, to match the closing line exactly. */
  fields: Uint8Array;
  /** The block's lines so far: views of the chunk being parsed, copies of earlier chunks' lines. */
  readonly lines: Uint8Array[];
  /** How many of `lines` are copies the parser owns, and whether `fields` is one. */
  owned: number;
  fieldsOwned: boolean;
  readonly inBlockNotifications: boolean;
}

export class ControlModeParser {
  readonly #grammar: ReadonlyMap<string, NotificationGrammar>;
  readonly #inBlock: (header: BlockHeader) => boolean;
  readonly #decoders = new Map<string, TextDecoder>();
  readonly #arena = new DecodeArena();
  /** The pieces of a line that has not ended yet (kept as pieces so a long line is copied once). */
  #partial: Uint8Array[] = [];
  #block: OpenBlock | undefined;
  /** Whether `%output` has its usual grammar (a pane id, then the data), read by a dedicated path. */
  readonly #fastOutput: boolean;

  constructor(options: ControlModeParserOptions) {
    this.#grammar = new Map(options.grammar.map((g) => [g.line, g]));
    this.#inBlock = options.notificationsInBlock ?? (() => true);
    const output = this.#grammar.get('%output');
    this.#fastOutput =
      output?.type === 'output' &&
      output.arguments.length === 2 &&
      output.arguments[0]!.name === 'paneId' &&
      output.arguments[0]!.type === 'paneId' &&
      output.arguments[1]!.name === 'data' &&
      output.arguments[1]!.type === 'escapedData' &&
      output.arguments[1]!.rest === true;
  }

  /** How many panes have a UTF-8 decoder (one per pane that has sent output and not been released). */
  get paneStreams(): number {
    return this.#decoders.size;
  }

  /**
   * Forgets a pane's decoder (the pane is gone). Decoders are also bounded: past `MAX_PANE_STREAMS` the
   * least recently used goes, so a client that never learns of a pane's end still holds a bounded number.
   */
  releasePane(paneId: string): void {
    this.#decoders.delete(paneId);
  }

  /** Whether a block is open (its `%begin` seen, its end not yet). */
  get inBlock(): boolean {
    return this.#block !== undefined;
  }

  /** Parses every whole line of `chunk` (with what was left of earlier chunks) and hands each message to `sink`. */
  push(chunk: Uint8Array, sink: (message: ParsedMessage) => void): void {
    let start = 0;
    if (this.#partial.length > 0) {
      const nl = indexOfByte(chunk, LF);
      if (nl < 0) {
        this.#partial.push(copy(chunk));
        return;
      }
      this.#partial.push(chunk.subarray(0, nl));
      this.#line(Buffer.concat(this.#partial.splice(0)), sink);
      start = nl + 1;
    }
    for (let nl = lineEnd(chunk, start); nl >= 0; nl = lineEnd(chunk, start)) {
      this.#line(chunk.subarray(start, nl), sink);
      start = nl + 1;
    }
    if (start < chunk.length) this.#partial.push(copy(chunk.subarray(start)));
    // A block still open keeps views of this chunk, which the caller may reuse: copy them now (only the
    // lines of blocks that span chunks are copied, once).
    const open = this.#block;
    if (open) {
      if (!open.fieldsOwned) {
        open.fields = copy(open.fields);
        open.fieldsOwned = true;
      }
      for (let i = open.owned; i < open.lines.length; i++) open.lines[i] = copy(open.lines[i]!);
      open.owned = open.lines.length;
    }
  }

  /** The stream ended: a last line without LF is read, and a block left open is reported as a raw line. */
  end(sink: (message: ParsedMessage) => void): void {
    if (this.#partial.length > 0) this.#line(Buffer.concat(this.#partial.splice(0)), sink);
    const open = this.#block;
    if (open) {
      this.#block = undefined;
      sink({
        kind: 'event',
        event: {
          type: 'raw',
          line: `%begin ${asciiWord(open.fields, 0, open.fields.length)} (no end before the stream ended)`,
        },
      });
    }
  }

  #line(line: Uint8Array, sink: (message: ParsedMessage) => void): void {
    const block = this.#block;
    if (block) {
      if (line[0] === PERCENT && this.#closes(block, line, sink)) return;
      if (line[0] === PERCENT && block.inBlockNotifications && this.#inBlockNotification(line, sink)) return;
      block.lines.push(line);
      return;
    }
    if (line[0] !== PERCENT) {
      sink({ kind: 'event', event: { type: 'raw', line: utf8.decode(line) } });
      return;
    }
    if (this.#fastOutput && this.#output(line, sink)) return;
    if (startsWith(line, BEGIN)) {
      const header = blockHeader(line, BEGIN.length);
      if (header) {
        const fields = line.subarray(BEGIN.length);
        this.#block = {
          header,
          fields,
          lines: [],
          owned: 0,
          fieldsOwned: false,
          inBlockNotifications: this.#inBlock(header),
        };
        return;
      }
    }
    const space = indexOfByte(line, SPACE);
    const word = asciiWord(line, 0, space < 0 ? line.length : space);
    const grammar = this.#grammar.get(word);
    const event =
      grammar && grammar.kind !== 'blockStart' && grammar.kind !== 'blockEnd'
        ? this.#read(grammar, line, space < 0 ? line.length + 1 : space + 1)
        : undefined;
    sink({ kind: 'event', event: event ?? { type: 'raw', line: utf8.decode(line) } });
  }

  /**
   * `%output %N data`, the line that carries nearly every byte of a busy stream, read without the generic
   * grammar walk: the same event, fields in the same order. False (nothing sent) when the line is not one.
   */
  #output(line: Uint8Array, sink: (message: ParsedMessage) => void): boolean {
    if (line.length < OUTPUT.length + 2 || !startsWith(line, OUTPUT)) return false;
    let at = OUTPUT.length;
    let pane = 0;
    for (let byte = line[at]!; byte >= 0x30 && byte <= 0x39; byte = line[++at]!)
      pane = pane * 10 + byte - 0x30;
    if (at === OUTPUT.length || line[at] !== SPACE || at - OUTPUT.length > 15) return false;
    const paneId = asciiWord(line, OUTPUT.length - 1, at);
    const data = decodeEscapedData(line.subarray(at + 1), this.#arena);
    const text = this.#decoder(paneId).decode(data, STREAM);
    sink({ kind: 'event', event: { type: 'output', paneId, data, text } });
    return true;
  }

  /** The pane's streaming UTF-8 decoder, made on its first output (the oldest goes past the bound). */
  #decoder(pane: string): TextDecoder {
    let decoder = this.#decoders.get(pane);
    if (!decoder) {
      if (this.#decoders.size >= MAX_PANE_STREAMS) this.#decoders.delete(this.#decoders.keys().next().value!);
      this.#decoders.set(pane, (decoder = new TextDecoder('utf-8')));
    }
    return decoder;
  }

  #closes(block: OpenBlock, line: Uint8Array, sink: (message: ParsedMessage) => void): boolean {
    const ok = startsWith(line, END);
    if (!ok && !startsWith(line, ERROR)) return false;
    const prefix = ok ? END.length : ERROR.length;
    const fields = block.fields;
    if (line.length !== prefix + fields.length) return false;
    for (let i = 0; i < fields.length; i++) if (line[prefix + i] !== fields[i]) return false;
    this.#block = undefined;
    const { time, number, flags } = block.header;
    sink({ kind: 'block', block: { time, number, flags, ok, body: joinLines(block.lines) } });
    return true;
  }

  #inBlockNotification(line: Uint8Array, sink: (message: ParsedMessage) => void): boolean {
    const space = indexOfByte(line, SPACE);
    if (space < 0) return false;
    const grammar = this.#grammar.get(asciiWord(line, 0, space));
    if (!grammar?.insideBlock) return false;
    const event = this.#read(grammar, line, space + 1);
    if (!event) return false;
    sink({ kind: 'event', event });
    return true;
  }

  /**
   * Reads the fields after the line's first word by the grammar; undefined when the line does not fit.
   * `from` is where the first field starts, past the end of the line when the line is one word.
   */
  #read(grammar: NotificationGrammar, line: Uint8Array, from: number): ParsedEvent | undefined {
    const event: Record<string, unknown> = { type: grammar.type };
    let at = from;
    for (const arg of grammar.arguments) {
      if (arg.colon) {
        at = pastLoneColon(line, at);
        if (at < 0) return undefined;
        continue;
      }
      if (at > line.length) {
        if (arg.optional) continue;
        return undefined;
      }
      const end = arg.rest ? line.length : nextSpace(line, at);
      const value = this.#value(arg, line.subarray(at, end), event);
      if (value === undefined) return undefined;
      if (arg.name && arg.type !== 'escapedData') event[arg.name] = value;
      at = end + 1;
    }
    return at > line.length ? (event as ParsedEvent) : undefined;
  }

  #value(arg: NotificationArgument, bytes: Uint8Array, event: Record<string, unknown>): unknown {
    if (arg.type === 'escapedData') {
      const data = decodeEscapedData(bytes, this.#arena);
      event['data'] = data;
      event['text'] = this.#decoder(String(event['paneId'] ?? '')).decode(data, STREAM);
      return data;
    }
    const text =
      arg.type === 'text' || arg.type === 'word' ? utf8.decode(bytes) : asciiWord(bytes, 0, bytes.length);
    if (arg.orDash && text === '-') return null;
    if (arg.optional && text === '') return '';
    switch (arg.type) {
      case 'integer':
      case 'windowIndex':
        return /^\d+$/.test(text) ? Number(text) : undefined;
      case 'paneId':
        return /^%\d+$/.test(text) ? text : undefined;
      case 'windowId':
        return /^@\d+$/.test(text) ? text : undefined;
      case 'sessionId':
        return /^\$\d+$/.test(text) ? text : undefined;
      case 'word':
      case 'layout':
        return text !== '' ? text : undefined;
      default:
        return text;
    }
  }
}

/** The position after the lone `:` field at or after `from` (and its space), or -1. */
function pastLoneColon(line: Uint8Array, from: number): number {
  for (let p = from; p < line.length;) {
    const end = nextSpace(line, p);
    if (end === p + 1 && line[p] === 0x3a) return end + 1;
    p = end + 1;
  }
  return -1;
}

function nextSpace(line: Uint8Array, from: number): number {
  const at = indexOfByte(line, SPACE, from);
  return at < 0 ? line.length : at;
}

/** A copy (a Buffer's `slice` is a view): the caller may reuse its chunk after `push` returns. */
function copy(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}

/** `T N F` (three decimal numbers, one space apart, nothing else) from `from`; undefined otherwise. */
function blockHeader(line: Uint8Array, from: number): BlockHeader | undefined {
  const values = [0, 0, 0];
  let field = 0;
  let digits = 0;
  for (let i = from; i < line.length; i++) {
    const byte = line[i]!;
    if (byte === SPACE && digits > 0 && field < 2) {
      field++;
      digits = 0;
    } else if (byte >= 0x30 && byte <= 0x39) {
      values[field] = values[field]! * 10 + (byte - 0x30);
      digits++;
    } else return undefined;
  }
  if (field !== 2 || digits === 0) return undefined;
  return { time: values[0]!, number: values[1]!, flags: values[2]! };
}

function joinLines(lines: readonly Uint8Array[]): Uint8Array {
  if (lines.length === 0) return EMPTY;
  let size = 0;
  for (const l of lines) size += l.length + 1;
  const out = new Uint8Array(size);
  let at = 0;
  for (const l of lines) {
    out.set(l, at);
    at += l.length;
    out[at++] = LF;
  }
  return out;
}
