/**
 * tmux's message framing (imsg, `tmux-facts.md` §4.1), pure: frames to bytes and bytes (in chunks of any
 * size) to frames. No I/O.
 *
 * Every message is a 16-byte header and its data, in host byte order. The header has two layouts:
 * up to tmux 3.5a `u32 type, u16 len, u16 flags, u32 peerid, u32 pid` (flags bit 0: an fd is attached);
 * from 3.6 `u32 type, u32 len, u32 peerid, u32 pid` (len bit 31: an fd is attached). `len` counts the
 * header. A message without an fd is byte-for-byte the same in both layouts on a little-endian machine
 * (len < 65536 and the flags are 0), and tmuxkit never sends fds, so one encoding serves every release.
 * On a big-endian machine the layouts differ in where `len` sits; rather than guess, the codec refuses to
 * run there. tmux refuses a message longer than 16384 bytes (and drops the connection), so the codec
 * refuses to build one.
 */
import { EngineError } from '../errors.js';

export const IMSG_HEADER_SIZE = 16;
/** The largest message tmux accepts, header included (`MAX_IMSGSIZE`). */
export const MAX_IMSG_SIZE = 16384;
/** The largest payload of one message. */
export const MAX_IMSG_DATA = MAX_IMSG_SIZE - IMSG_HEADER_SIZE;
/** tmux's `PROTOCOL_VERSION`, carried in `peerid`; 8 since 2013. */
export const PROTOCOL_VERSION = 8;

export interface ImsgFrame {
  readonly type: number;
  /** The protocol version in the low byte. */
  readonly peerid: number;
  readonly pid: number;
  /** The sender attached a file descriptor (never for the messages a command client receives). */
  readonly hasFd: boolean;
  readonly data: Uint8Array;
}

/** Throws unless this machine is little-endian, where one header encoding fits every tmux release. */
/** This machine's byte order, read from memory (what `os.endianness()` says, without loading `os`). */
function hostEndianness(): 'LE' | 'BE' {
  return new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 'LE' : 'BE';
}

export function requireLittleEndian(machine: 'LE' | 'BE' = hostEndianness()): void {
  if (machine !== 'LE') {
    throw new EngineError(
      "tmux's message header differs between releases on big-endian machines (u16 length and flags before " +
        'tmux 3.6, u32 length from 3.6); tmuxkit does not guess the layout. Use SubprocessEngine or ControlModeEngine.',
    );
  }
}

/** One message as bytes: header (peerid = protocol 8, pid = -1, no fd) and data. */
export function encodeFrame(type: number, data: Uint8Array = new Uint8Array(0)): Buffer {
  const size = IMSG_HEADER_SIZE + data.length;
  if (size > MAX_IMSG_SIZE) {
    throw new EngineError(
      `a tmux message of ${size} bytes is over tmux's limit of ${MAX_IMSG_SIZE}; nothing was sent`,
    );
  }
  const out = Buffer.alloc(size);
  out.writeUInt32LE(type, 0);
  // The u32 length of 3.6+ equals u16 length + u16 flags (0) of earlier releases for any size below 65536.
  out.writeUInt32LE(size, 4);
  out.writeUInt32LE(PROTOCOL_VERSION, 8);
  out.writeUInt32LE(0xffffffff, 12);
  out.set(data, IMSG_HEADER_SIZE);
  return out;
}

/** Reads frames from a byte stream split anywhere. A header tmux could never send is an `EngineError`. */
export class ImsgDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  /** The frames completed by `chunk` (with what earlier chunks left). */
  push(chunk: Uint8Array): ImsgFrame[] {
    this.#buffer = this.#buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.#buffer, chunk]);
    const frames: ImsgFrame[] = [];
    let at = 0;
    while (this.#buffer.length - at >= IMSG_HEADER_SIZE) {
      const lengthField = this.#buffer.readUInt32LE(at + 4);
      // Both layouts keep the length in the low 16 bits (it is at most 16384); the fd mark is bit 16
      // (flags bit 0, before 3.6) or bit 31 (from 3.6).
      const length = lengthField & 0xffff;
      const hasFd = (lengthField & 0x10000) !== 0 || (lengthField & 0x80000000) !== 0;
      if (length < IMSG_HEADER_SIZE || length > MAX_IMSG_SIZE || (lengthField & 0x7ffe0000) !== 0) {
        throw new EngineError(
          `tmux sent a message header that is not valid (length field 0x${lengthField.toString(16)})`,
        );
      }
      if (this.#buffer.length - at < length) break;
      frames.push({
        type: this.#buffer.readUInt32LE(at),
        peerid: this.#buffer.readUInt32LE(at + 8),
        pid: this.#buffer.readUInt32LE(at + 12),
        hasFd,
        data: new Uint8Array(this.#buffer.subarray(at + IMSG_HEADER_SIZE, at + length)), // a copy
      });
      at += length;
    }
    this.#buffer = this.#buffer.subarray(at);
    return frames;
  }

  /** Bytes of a frame not yet complete. */
  get pending(): number {
    return this.#buffer.length;
  }
}
