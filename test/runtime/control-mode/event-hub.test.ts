/** The event fan-out: every consumer gets every event, bounded queues with a visible drop count. */
import { describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/runtime/control-mode/event-hub.js';

type Ev = { type: 'n'; n: number } | { type: 'dropped'; count: number };
const hub = () => new EventHub<Ev>((count) => ({ type: 'dropped', count }));
const n = (i: number): Ev => ({ type: 'n', n: i });

async function take(stream: AsyncIterator<Ev>, count: number) {
  const out: Ev[] = [];
  for (let i = 0; i < count; i++) {
    const r = await stream.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
}

describe('EventHub', () => {
  it('gives every consumer every event, in order', async () => {
    const h = hub();
    const a = h.subscribe();
    const b = h.subscribe();
    for (let i = 0; i < 3; i++) h.publish(n(i));
    expect(await take(a, 3)).toEqual([n(0), n(1), n(2)]);
    expect(await take(b, 3)).toEqual([n(0), n(1), n(2)]);
  });

  it('wakes a waiting consumer', async () => {
    const h = hub();
    const a = h.subscribe();
    const next = a.next();
    h.publish(n(7));
    expect(await next).toEqual({ value: n(7), done: false });
  });

  it('drops the oldest events of a slow consumer, counts them and marks the gap', async () => {
    const h = hub();
    const slow = h.subscribe({ bufferSize: 3 });
    const fast = h.subscribe();
    for (let i = 0; i < 10; i++) h.publish(n(i));
    expect(slow.dropped).toBe(7);
    expect(slow.pending).toBe(3);
    expect(await take(slow, 4)).toEqual([{ type: 'dropped', count: 7 }, n(7), n(8), n(9)]);
    expect(await take(fast, 10)).toEqual(Array.from({ length: 10 }, (_, i) => n(i)));
  });

  it('holds at most bufferSize events however many are published', () => {
    const h = hub();
    const s = h.subscribe({ bufferSize: 100 });
    for (let i = 0; i < 100_000; i++) h.publish(n(i));
    expect(s.pending).toBe(100);
    expect(s.dropped).toBe(99_900);
  });

  it('filters per consumer', async () => {
    const h = hub();
    const odd = h.subscribe({ filter: (e) => e.type === 'n' && e.n % 2 === 1 });
    for (let i = 0; i < 6; i++) h.publish(n(i));
    expect(await take(odd, 3)).toEqual([n(1), n(3), n(5)]);
  });

  it('ends every consumer after its queued events; a late consumer is done at once', async () => {
    const h = hub();
    const a = h.subscribe();
    h.publish(n(1));
    h.end();
    expect(await a.next()).toEqual({ value: n(1), done: false });
    expect(await a.next()).toEqual({ value: undefined, done: true });
    expect(await h.subscribe().next()).toEqual({ value: undefined, done: true });
  });

  it('detaches a consumer on break and on abort', async () => {
    const h = hub();
    const a = h.subscribe();
    const controller = new AbortController();
    const b = h.subscribe({ signal: controller.signal });
    h.publish(n(1));
    for await (const e of a) {
      expect(e).toEqual(n(1));
      break;
    }
    expect(h.size).toBe(1);
    controller.abort();
    expect(h.size).toBe(0);
    expect(await b.next()).toEqual({ value: undefined, done: true });
  });

  it('serves overlapping next() calls in order', async () => {
    const h = hub();
    const a = h.subscribe();
    const first = a.next();
    const second = a.next();
    h.publish(n(1));
    h.publish(n(2));
    expect([await first, await second]).toEqual([
      { value: n(1), done: false },
      { value: n(2), done: false },
    ]);
  });

  it('an already-aborted signal gives a stream that is done', async () => {
    const h = hub();
    const s = h.subscribe({ signal: AbortSignal.abort() });
    expect(h.size).toBe(0);
    expect(await s.next()).toEqual({ value: undefined, done: true });
  });

  it("a filter that throws ends only its own stream, with the filter's error", async () => {
    const h = hub();
    const broken = h.subscribe({
      filter: () => {
        throw new Error('consumer bug');
      },
    });
    const fine = h.subscribe();
    h.publish(n(1));
    await expect(broken.next()).rejects.toThrow('consumer bug');
    expect(await fine.next()).toEqual({ value: n(1), done: false });
    expect(h.size).toBe(1);
  });
});
