/**
 * The shared connection's session limit (no ssh needed: the tasks stand for commands) and a replay
 * that must never reach a real server.
 */
import { describe, expect, it } from 'vitest';
import { EngineError, ReplayEngine, Server, TapeError } from '../../../src/index.js';
import { SshConnection } from '../../../src/runtime/remote/ssh-connection.js';

/** A task that runs until `release()` is called; `started` says whether it began. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const g = { started: false, release, task: async () => ((g.started = true), await done) };
  return g;
}

describe('SshConnection.session', () => {
  it('runs at most maxSessions at once and hands each freed slot to the next in line', async () => {
    const c = new SshConnection({ host: 'h', maxSessions: 2 }, undefined);
    const gates = [gate(), gate(), gate(), gate()];
    const runs = gates.map((g) => c.session(g.task));
    await new Promise((r) => setImmediate(r));
    expect(gates.map((g) => g.started)).toEqual([true, true, false, false]);
    gates[0]!.release();
    await runs[0];
    await new Promise((r) => setImmediate(r));
    expect(gates.map((g) => g.started)).toEqual([true, true, true, false]);
    // A newcomer does not jump the queue while the slot passes from one to the next.
    const late = gate();
    const lateRun = c.session(late.task);
    gates[1]!.release();
    await runs[1];
    await new Promise((r) => setImmediate(r));
    expect([gates[3]!.started, late.started]).toEqual([true, false]);
    for (const g of [...gates, late]) g.release();
    await Promise.all([...runs, lateRun]);
  });

  it('lets a queued caller leave on its signal or timeout, without taking a slot', async () => {
    const c = new SshConnection({ host: 'h', maxSessions: 1 }, undefined);
    const busy = gate();
    const first = c.session(busy.task);
    const aborted = new AbortController();
    const leaving = c.session(async () => 'never', { signal: aborted.signal });
    aborted.abort();
    await expect(leaving).rejects.toThrow(EngineError);
    await expect(c.session(async () => 'never', { timeout: 20 })).rejects.toThrow(/timed out after 20 ms/);
    const after = gate();
    const next = c.session(after.task);
    busy.release();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(after.started).toBe(true);
    after.release();
    await next;
  });
});

describe('a replay never reaches a real server', () => {
  it('waits on a channel through the tape, not through a tmux process of its own', async () => {
    const replay = new ReplayEngine([{ kind: 'version', version: '3.8' }]);
    await expect(new Server(replay).waitFor('channel', { timeout: 1000 })).rejects.toThrow(TapeError);
  });
});
