/**
 * The tmux messages a command client exchanges (`tmux-facts.md` §4.2-4.4, `imsg-messages.tsv`), with
 * typed payloads. Encoders build exactly what tmux's own client sends; decoders check sizes and return
 * undefined for a payload that does not fit (the engine then fails the request, never guesses).
 */
import { MAX_IMSG_DATA } from './imsg-codec.js';
import { EngineError, ParameterError } from '../errors.js';

export const MSG = Object.freeze({
  VERSION: 12,
  IDENTIFY_FLAGS: 100,
  IDENTIFY_TERM: 101,
  IDENTIFY_TTYNAME: 102,
  IDENTIFY_ENVIRON: 105,
  IDENTIFY_DONE: 106,
  IDENTIFY_CLIENTPID: 107,
  IDENTIFY_CWD: 108,
  IDENTIFY_LONGFLAGS: 111,
  COMMAND: 200,
  EXIT: 203,
  SHUTDOWN: 210,
  FLAGS: 218,
  READ_OPEN: 300,
  READ: 301,
  READ_DONE: 302,
  WRITE_OPEN: 303,
  WRITE: 304,
  WRITE_READY: 305,
  WRITE_CLOSE: 306,
  READ_CANCEL: 307,
  // 3.8 added MSG_WRITE_DONE (308, client to server, `{ int stream; int error }`): the server waits for it
  // only from a client that sets CLIENT_WRITE_ACK (0x4000000000) when it identifies. This client does not,
  // so 3.8 completes its writes on MSG_WRITE_CLOSE as every release before did. Protocol stays 8.
});

/** `CLIENT_UTF8`: without it tmux prints every non-ASCII character as `_`. */
export const CLIENT_UTF8 = 0x10000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function int32s(...values: number[]): Uint8Array {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeInt32LE(v, i * 4));
  return out;
}

/** A NUL-terminated string (`MSG_IDENTIFY_TERM`, `TTYNAME`, `CWD`, `ENVIRON`). */
export function cString(value: string): Uint8Array {
  const bytes = encoder.encode(value);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/** `MSG_IDENTIFY_FLAGS`: an int. */
export const identifyFlags = (flags: number): Uint8Array => int32s(flags);

/** `MSG_IDENTIFY_CLIENTPID`: a pid_t (4 bytes). */
export const clientPid = (pid: number): Uint8Array => int32s(pid);

/** `MSG_IDENTIFY_LONGFLAGS`: a u64. */
export function identifyLongFlags(flags: number): Uint8Array {
  const out = Buffer.alloc(8);
  out.writeBigUInt64LE(BigInt(flags));
  return out;
}

/**
 * `MSG_COMMAND`: `int argc` and the arguments packed back to back, each NUL-terminated. A command that
 * does not fit one message (16,368 bytes of payload) is a `ParameterError` naming its size: tmux would
 * drop the connection, and a shortened command must never be sent. NUL cannot be in an argument.
 */
export function commandPayload(argv: readonly string[]): Uint8Array {
  const parts = argv.map((arg, i) => {
    if (arg.includes('\0'))
      throw new ParameterError(
        argv[0] ?? '',
        `argument ${i}`,
        'contains a NUL byte, which tmux cannot receive',
      );
    return encoder.encode(arg);
  });
  const size = 4 + parts.reduce((n, p) => n + p.length + 1, 0);
  if (size > MAX_IMSG_DATA) {
    throw new ParameterError(
      argv[0] ?? '',
      '',
      `the command packs to ${size} bytes, over the ${MAX_IMSG_DATA} bytes one tmux message can hold; nothing was sent`,
    );
  }
  const out = Buffer.alloc(size);
  out.writeInt32LE(argv.length, 0);
  let at = 4;
  for (const p of parts) {
    out.set(p, at);
    at += p.length + 1;
  }
  return out;
}

/** `MSG_WRITE_READY {stream, error}`: the answer every `MSG_WRITE_OPEN` needs, or tmux waits forever. */
export const writeReady = (stream: number, error: number): Uint8Array => int32s(stream, error);

/** `MSG_READ_DONE {stream, error}`. */
export const readDone = (stream: number, error: number): Uint8Array => int32s(stream, error);

/** `MSG_READ {stream}` + data, split so each message fits. */
export function readData(stream: number, data: Uint8Array): Uint8Array[] {
  const room = MAX_IMSG_DATA - 4;
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += room) {
    const piece = data.subarray(at, at + room);
    const payload = new Uint8Array(4 + piece.length);
    Buffer.from(payload.buffer).writeInt32LE(stream, 0);
    payload.set(piece, 4);
    out.push(payload);
  }
  return out;
}

function view(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.length);
}

/** The text of a NUL-terminated string payload (without the NUL). */
function cStringAt(data: Uint8Array, from: number): string | undefined {
  if (data.length <= from) return undefined;
  const end = data.indexOf(0, from);
  return decoder.decode(data.subarray(from, end < 0 ? data.length : end));
}

export interface WriteOpen {
  readonly stream: number;
  readonly fd: number;
  readonly flags: number;
  /** The file tmux wants written; absent (or '-') for the client's own stdout/stderr. */
  readonly path?: string;
}

export function decodeWriteOpen(data: Uint8Array): WriteOpen | undefined {
  if (data.length < 12) return undefined;
  const b = view(data);
  const path = cStringAt(data, 12);
  return {
    stream: b.readInt32LE(0),
    fd: b.readInt32LE(4),
    flags: b.readInt32LE(8),
    ...(path ? { path } : {}),
  };
}

export interface ReadOpen {
  readonly stream: number;
  readonly fd: number;
  readonly path: string;
}

export function decodeReadOpen(data: Uint8Array): ReadOpen | undefined {
  if (data.length < 8) return undefined;
  const b = view(data);
  return { stream: b.readInt32LE(0), fd: b.readInt32LE(4), path: cStringAt(data, 8) ?? '' };
}

/** `MSG_WRITE`, `MSG_WRITE_CLOSE`, `MSG_READ_CANCEL`: a stream number first. */
export function decodeStream(data: Uint8Array): { stream: number; rest: Uint8Array } | undefined {
  if (data.length < 4) return undefined;
  return { stream: view(data).readInt32LE(0), rest: data.subarray(4) };
}

export interface ExitMessage {
  readonly retval?: number;
  readonly message?: string;
}

/** `MSG_EXIT` (and `MSG_SHUTDOWN`, which has no data): `int retval`, then an optional message. */
export function decodeExit(data: Uint8Array): ExitMessage | undefined {
  if (data.length === 0) return {};
  if (data.length < 4) return undefined;
  const message = cStringAt(data, 4);
  return { retval: view(data).readInt32LE(0), ...(message !== undefined ? { message } : {}) };
}

/** A `MSG_VERSION` from the server: the protocol it speaks, for the error message. */
export function protocolMismatch(peerid: number): EngineError {
  return new EngineError(
    `protocol version mismatch (client 8, server ${peerid & 0xff}): this tmux server speaks another protocol; use SubprocessEngine`,
  );
}
