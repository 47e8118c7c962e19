/**
 * Record and replay: a RecordingEngine writes every request and result to a JSON Lines tape; a
 * ReplayEngine answers the same requests from it without tmux, typed as recorded, and refuses anything
 * else with what the tape expected. Round trips through the memory engine and a real tmux server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ListSessions,
  MemoryEngine,
  NewSession,
  NewWindow,
  normalizeTape,
  Plan,
  readTape,
  RecordingEngine,
  ReplayEngine,
  Server,
  SplitWindow,
  SubprocessEngine,
  TapeError,
  type Engine,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-tapes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The code under test: a plan, facade calls and a raw command; what it returns is compared across engines. */
async function workload(engine: Engine) {
  const plan = new Plan();
  const dev = plan.add(new NewSession({ detached: true, sessionName: 'dev' }));
  plan.add(new NewWindow({ target: dev.windowAt(3), detached: true, windowName: 'logs' }));
  plan.add(new SplitWindow({ target: dev.pane, detached: true }));
  const result = await plan.execute(engine, { planner: 'sequential' });
  const server = new Server(engine);
  const windows = (await (await server.sessionNamed('dev'))!.windows()).map((w) => w.id);
  const raw = await engine.run(['list-sessions', '-F', '#{session_name}']);
  const listed = (await engine.execute(new ListSessions())).rows.map((r) => r.sessionName);
  return { plan: result.toJSON(), windows, raw: raw.stdout, listed };
}

describe('record and replay', () => {
  it('replays a memory-engine run exactly, typed, and uses the whole tape', async () => {
    const tape = join(dir, 'memory.jsonl');
    const recorded = await workload(new RecordingEngine(new MemoryEngine({ version: '3.5a' }), { tape }));
    const replay = new ReplayEngine(tape);
    expect(await workload(replay)).toEqual(recorded);
    expect(replay.finished).toBe(true);
    expect(String(await replay.version())).toBe('3.5a');
    const entries = readTape(readFileSync(tape, 'utf8'));
    expect(entries[0]).toEqual({ kind: 'version', version: '3.5a' });
    expect(entries.filter((e) => e.kind === 'execute').length).toBeGreaterThanOrEqual(4);
  });

  it('refuses a request that is not the next on the tape, showing both', async () => {
    const tape = join(dir, 'one.jsonl');
    const rec = new RecordingEngine(new MemoryEngine({ version: '3.5a' }), { tape });
    await rec.execute(new NewSession({ detached: true, sessionName: 'a' }));
    const replay = new ReplayEngine(tape);
    const wrong = replay.execute(new NewSession({ detached: true, sessionName: 'b' }));
    await expect(wrong).rejects.toThrow(TapeError);
    await expect(wrong).rejects.toThrow(
      /request 1 is not on the tape\n {2}expected: execute .*"sessionName":"a".*\n {2}got: {6}execute .*"sessionName":"b"/,
    );
    await replay.execute(new NewSession({ detached: true, sessionName: 'a' }));
    await expect(replay.run(['list-sessions'])).rejects.toThrow(/expected: the end of the tape/);
  });

  it('matches requests in any order when asked to', async () => {
    const tape = join(dir, 'two.jsonl');
    const rec = new RecordingEngine(new MemoryEngine({ version: '3.5a' }), { tape });
    await rec.execute(new NewSession({ detached: true, sessionName: 'a' }));
    await rec.execute(new NewSession({ detached: true, sessionName: 'b' }));
    const matching = new ReplayEngine(tape, { order: 'matching' });
    expect((await matching.execute(new NewSession({ detached: true, sessionName: 'b' }))).sessionId).toBe(
      '$1',
    );
    expect((await matching.execute(new NewSession({ detached: true, sessionName: 'a' }))).sessionId).toBe(
      '$0',
    );
    await expect(matching.execute(new NewSession({ detached: true, sessionName: 'a' }))).rejects.toThrow(
      /no unused entry/,
    );
    await expect(
      new ReplayEngine(tape).execute(new NewSession({ detached: true, sessionName: 'b' })),
    ).rejects.toThrow(TapeError);
  });

  it('reads tapes strictly, naming the bad line', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"kind":"version","version":"3.5a"}\nnot json\n');
    expect(() => new ReplayEngine(bad)).toThrow(`${bad}:2: not JSON`);
    expect(() => readTape('{"kind":"other"}')).toThrow('tape:1: not a tape entry (kind "other")');
  });

  it('normalizes ids (and what the caller maps) so tapes are stable across runs', () => {
    const entries = readTape(
      [
        '{"kind":"run","argv":["kill-pane","-t","%17"],"result":{"kind":"raw","command":"kill-pane","argv":["kill-pane","-t","%17"],"exitCode":0,"stdout":"$4 @9 %17 %18\\n","stderr":""}}',
      ].join('\n'),
    );
    const [run] = normalizeTape(entries, (t) => t.replace(/\d{10}/g, '<time>'));
    expect(run).toMatchObject({ argv: ['kill-pane', '-t', '%0'], result: { stdout: '$0 @0 %0 %1\n' } });
  });
});

const newest = installedTmuxVersions().at(-1);
describe.skipIf(!newest)(`record on tmux ${newest?.version}, replay without it`, () => {
  const servers = privateServers();
  afterAll(() => servers.killAll());

  it('gives the same results and the same typed rows', async () => {
    const tape = join(dir, 'live.jsonl');
    const live = new SubprocessEngine(servers.connection(newest!.bin, 'tape'));
    const recorded = await workload(new RecordingEngine(live, { tape }));
    await live.close();
    const replay = new ReplayEngine(tape);
    expect(await workload(replay)).toEqual(recorded);
    expect(replay.finished).toBe(true);
    expect(recorded.listed).toEqual(['dev']);
  });
});
