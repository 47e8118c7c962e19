/**
 * When a new pane's shell is ready for input, learned without polling: a control client attached to the
 * session subscribes to `%output` first, then reads every pane's cursor once. A pane whose cursor has moved
 * (its prompt is drawn) or that has printed anything is ready; any other is ready at its first output (the
 * prompt), or after `limit` ms for a shell that prints no prompt at all. tmuxp instead reads each pane's
 * cursor every 50 ms for up to 2 s.
 */
import type { EventStream } from '../runtime/control-mode/event-hub.js';
import type { ControlEngine } from '../runtime/waits/pane-watch.js';

type OutputEvent = { readonly type: string; readonly paneId?: string };

/** For each pane, a promise that settles once it is ready (never rejects). Call `stop()` when done. */
export async function paneReadiness(
  client: ControlEngine,
  sessionId: string,
  paneIds: readonly string[],
  limit: number,
): Promise<{ ready(paneId: string): Promise<void>; stop(): void }> {
  const waiting = new Map<string, () => void>();
  const done = new Map<string, Promise<void>>();
  for (const id of paneIds) done.set(id, new Promise<void>((resolve) => waiting.set(id, resolve)));
  const settle = (id: string) => {
    waiting.get(id)?.();
    waiting.delete(id);
  };
  const stream = client.events({
    filter: (e) => (e as OutputEvent).type === 'output' || (e as OutputEvent).type === 'extended-output',
  }) as EventStream<OutputEvent>;
  void (async () => {
    for await (const e of stream) if (e.paneId) settle(e.paneId);
  })();
  const cursors = await client.run([
    'list-panes',
    '-s',
    '-t',
    sessionId,
    '-F',
    '#{pane_id} #{cursor_x} #{cursor_y}',
  ]);
  if (cursors.ok) {
    for (const line of cursors.stdoutLines) {
      const [id, x, y] = line.split(' ');
      if (x !== '0' || y !== '0') settle(id!);
    }
  }
  const timer = setTimeout(() => [...waiting.keys()].forEach(settle), limit);
  return {
    ready: (id) => done.get(id) ?? Promise.resolve(),
    stop: () => {
      clearTimeout(timer);
      stream.close();
      [...waiting.keys()].forEach(settle);
    },
  };
}
