/**
 * `server.waitFor(channel)` and `server.signal(channel)`: tmux's `wait-for`. A waiting `wait-for` holds
 * the client that sent it until the channel is signalled, so it never goes through a control-mode client
 * (whose every later command would queue behind it): that engine lends its connection options to a
 * one-off `tmux` process instead. A timeout or an abort ends that client; tmux forgets its wait.
 */
import type { Engine } from '../engines/engine.js';
import { EngineError } from '../errors.js';
import { SubprocessEngine } from '../engines/subprocess-engine.js';
import { ControlModeEngineBase } from '../engines/control-mode-engine.js';
import type { ConnectionOptions } from '../engines/engine.js';
import { DEFAULT_WAIT_TIMEOUT, type WaitBounds } from './wait-outcome.js';

export interface ChannelWaitResult {
  readonly outcome: 'signalled' | 'timed-out' | 'aborted';
}

/** `channel`, checked: tmux names a channel with any text but an empty one or a NUL byte. */
export function checkChannel(channel: string): string {
  if (channel.length === 0 || channel.includes('\0'))
    throw new RangeError('a wait-for channel is non-empty text without NUL');
  return channel;
}

export async function waitForChannel(
  engine: Engine,
  channel: string,
  bounds: WaitBounds = {},
): Promise<ChannelWaitResult> {
  checkChannel(channel);
  // A control client would block on `wait-for` with its whole stream: a process of its own waits instead.
  // (Only a real control-mode engine: a replay has events too, and must never reach a real server.)
  const blocking =
    engine instanceof ControlModeEngineBase
      ? new SubprocessEngine((engine as unknown as { options: ConnectionOptions }).options)
      : engine;
  const controller = new AbortController();
  let why: ChannelWaitResult['outcome'] | undefined;
  const timeout = bounds.timeout ?? DEFAULT_WAIT_TIMEOUT;
  const timer = Number.isFinite(timeout)
    ? setTimeout(() => {
        why ??= 'timed-out';
        controller.abort();
      }, timeout)
    : undefined;
  const onAbort = () => {
    why ??= 'aborted';
    controller.abort();
  };
  if (bounds.signal?.aborted) onAbort();
  else bounds.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (why) return { outcome: why };
    const result = await blocking.run(['wait-for', '--', channel], { signal: controller.signal });
    result.raiseForStatus();
    return { outcome: 'signalled' };
  } catch (e) {
    if (why && e instanceof EngineError) return { outcome: why };
    throw e;
  } finally {
    if (timer) clearTimeout(timer);
    bounds.signal?.removeEventListener('abort', onAbort);
    if (blocking !== engine) await blocking.close();
  }
}

export async function signalChannel(engine: Engine, channel: string): Promise<void> {
  (await engine.run(['wait-for', '-S', '--', checkChannel(channel)])).raiseForStatus();
}
