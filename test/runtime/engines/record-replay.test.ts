/**
 * Record and replay: a RecordingEngine writes every request and result to a JSON Lines tape; a
 * ReplayEngine answers the same requests from it without tmux, typed as recorded, and refuses anything
 * else with what the tape expected. Round trips through the memory engine and a real tmux server.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
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
  eventToTape,
  type Engine,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { LIVE_KINDS, liveEngines } from '../../support/live-engines.js';
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
describe.skipIf(!newest)(`record on tmux ${newest?.version} through every engine, replay without it`, () => {
  const engines = liveEngines();
  afterAll(() => engines.closeAll());

  it.each(LIVE_KINDS)('%s: the same results, the same typed rows, the whole tape used', async (kind) => {
    const tape = join(dir, `live-${kind.replace(' ', '-')}.jsonl`);
    const live = await engines.open(kind, newest!, `tape-${kind}`, 'base');
    const recording = new RecordingEngine(live, { tape });
    const recorded = await workload(recording);
    await recording.close();
    const replay = new ReplayEngine(tape);
    const replayed: { type: string }[] = [];
    const events = replay.events({ filter: (e) => (replayed.push(e), false) });
    expect(await workload(replay)).toEqual(recorded);
    events.close();
    expect(replay.finished).toBe(true);
    expect(recorded.listed).toEqual(['base', 'dev']);
    const onTape = readTape(readFileSync(tape, 'utf8')).filter((e) => e.kind === 'event');
    if (kind !== 'control mode') {
      expect(onTape).toEqual([]);
      return;
    }
    // Control mode: the events are on the tape where tmux sent them, and come back the same, in order.
    // The windows made in another session than the client's arrive as `unlinked-window-add`.
    const added = onTape
      .filter((e) => /^(unlinked-)?window-add$/.test(String(e.event['type'])))
      .map((e) => e.event['windowId']);
    expect(added).toEqual(expect.arrayContaining(recorded.windows));
    expect(replayed.map((e) => JSON.stringify(eventToTape(e)))).toEqual(
      onTape.map((e) => JSON.stringify(e.event)),
    );
    const output = replayed.find((e) => e.type === 'output') as { data?: unknown } | undefined;
    if (output) expect(output.data).toBeInstanceOf(Uint8Array);
  });
});

/**
 * A tape kept in the repository (recorded on tmux 3.8 through the subprocess engine), replayed with no
 * tmux at all: how a user's live test becomes a tape-backed one. Recorded again with
 * `TMUXKIT_RECORD_TAPES=1 npx vitest run test/runtime/engines/record-replay.test.ts`.
 */
const FIXTURE = fileURLToPath(new URL('../../fixtures/tapes/plan-and-facades.jsonl', import.meta.url));
const recordTapes = process.env['TMUXKIT_RECORD_TAPES'] === '1';
describe('a tape-backed test', () => {
  const servers = privateServers();
  afterAll(() => servers.killAll());

  it('runs the plan and facade workload from its tape, without tmux', async () => {
    if (recordTapes) {
      const bin = installedTmuxVersions().find((v) => v.slot === '3.8')!.bin;
      const live = new SubprocessEngine(servers.connection(bin, 'fixture'));
      await workload(new RecordingEngine(live, { tape: FIXTURE }));
      writeFileSync(
        FIXTURE,
        normalizeTape(readTape(readFileSync(FIXTURE, 'utf8')))
          .map((e) => `${JSON.stringify(e)}\n`)
          .join(''),
      );
    }
    const replay = new ReplayEngine(FIXTURE);
    const result = await workload(replay);
    expect(replay.finished).toBe(true);
    expect(String(await replay.version())).toBe('3.8');
    expect(result.listed).toEqual(['dev']);
    expect(result.windows).toHaveLength(2);
    expect(result.plan.results).toHaveLength(3);
  });
});
