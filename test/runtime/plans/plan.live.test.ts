/**
 * Plans through every engine (memory, subprocess, control mode, socket) with every planner on every
 * installed tmux: the same plan gives equal `PlanResult`s (ids aside), a failure at any position leaves
 * exactly the steps after it unrun (proven on the server, not only reported), find-or-create does not
 * duplicate when a plan is applied twice, and the 4x4 workspace takes as many round trips as its
 * dependency depth.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  KillSession,
  ListSessions,
  ListWindows,
  NewSession,
  NewWindow,
  Plan,
  SelectPane,
  SelectWindow,
  SendKeys,
  SetOption,
  ShowOptions,
  SplitWindow,
  type Engine,
  type PlanResult,
  type PlannerName,
} from '../../../src/index.js';
import { ALL_KINDS, liveEngines, type EngineKind } from '../../support/live-engines.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const engines = liveEngines();
afterAll(() => engines.closeAll());
type Kind = EngineKind;
const KINDS = ALL_KINDS;
const PLANNERS: PlannerName[] = ['sequential', 'pipelined', 'grouped'];

/** A fresh server with a session `base` (control mode attaches to it), through the engine of `kind`. */
const engineFor = (kind: Kind, version: string, bin: string, label: string) =>
  engines.open(kind, { version, bin }, label, 'base');

/** A session with windows and panes, keys, options, a selection; a failing step inserted at `failAt`. */
function richPlan(failAt?: number): Plan {
  const plan = new Plan();
  const steps: ((p: Plan) => unknown)[] = [];
  let dev!: ReturnType<Plan['add']>;
  let second!: ReturnType<Plan['add']>;
  let right!: ReturnType<Plan['add']>;
  steps.push(
    (p) => (dev = p.findOrCreate({ session: 'dev' }, new NewSession({ detached: true, sessionName: 'dev' }))),
  );
  steps.push(
    (p) => (second = p.add(new NewWindow({ target: dev.windowAt(3), detached: true, windowName: 'logs' }))),
  );
  steps.push((p) => (right = p.add(new SplitWindow({ target: dev.pane, horizontal: true, detached: true }))));
  steps.push((p) => p.add(new SplitWindow({ target: second.window, detached: true })));
  steps.push((p) => p.add(new SetOption({ target: dev.session, option: '@plan', value: 'applied' })));
  steps.push((p) => p.add(new SendKeys({ target: right.pane, keys: ['echo planned', 'Enter'] })));
  steps.push((p) => p.add(new SelectPane({ target: right.pane })));
  steps.push((p) => p.add(new SetOption({ global: true, option: '@last', value: 'ran' })));
  steps.forEach((step, i) => {
    if (i === failAt) plan.add(new SelectWindow({ target: 'base:99' }));
    step(plan);
  });
  if (failAt === steps.length) plan.add(new SelectWindow({ target: 'base:99' }));
  return plan;
}

/** A result without what differs between servers: ids become their order of appearance, dispatches go. */
function comparable(result: PlanResult) {
  const ids = new Map<string, string>();
  const id = (s: string) =>
    s.replace(/[$@%]\d+/g, (m) => ids.get(m) ?? (ids.set(m, `${m[0]}#${ids.size}`), ids.get(m)!));
  return {
    ok: result.ok,
    results: result.results.map((r) => ({
      step: r.step,
      status: r.status,
      found: r.found,
      skip: r.skip,
      argv: r.result?.argv.map(id),
      exitCode: r.result?.exitCode,
      stdout: r.result && id(r.result.stdout),
      stderr: r.result?.stderr.trim(),
    })),
    bindings: JSON.parse(id(JSON.stringify(result.bindings))) as unknown,
  };
}

describe.each(versions.map((v) => [v.version, v] as const))('tmux %s', (version, tmux) => {
  it('gives equal results through every engine and planner, and runs nothing after a failure', async () => {
    const expected = new Map<number | undefined, ReturnType<typeof comparable>>();
    // One server per engine, put back between runs: the plan's session killed, its options unset.
    const engines = new Map<Kind, Engine>();
    for (const kind of KINDS)
      engines.set(kind, await engineFor(kind, version, tmux.bin, `plan-${kind}-${version}`));
    // A failure at every position of the plan (8 steps, so 9 places) with the grouped planner, whose
    // lists are where attribution is hardest; at four of them with every planner.
    const runs = [undefined, 0, 1, 2, 3, 4, 5, 6, 7, 8].flatMap((failAt) =>
      ([undefined, 0, 2, 5, 7].includes(failAt) ? PLANNERS : (['grouped'] as const)).map(
        (planner) => [failAt, planner] as const,
      ),
    );
    for (const [failAt, planner] of runs) {
      // The last step sets @last: it runs only when nothing failed.
      for (const kind of KINDS) {
        {
          const engine = engines.get(kind)!;
          await engine.execute(new KillSession({ target: '=dev' }));
          await engine.execute(new SetOption({ global: true, unset: true, option: '@last' }));
          const result = await richPlan(failAt).execute(engine, { planner });
          const what = `${kind}, ${planner}, fail at ${failAt}`;
          const seen = comparable(result);
          if (!expected.has(failAt)) expected.set(failAt, seen);
          expect(seen, what).toEqual(expected.get(failAt));
          expect(result.ok, what).toBe(failAt === undefined);
          // What was reported as not run did not run: the last step's option is set only when it ran.
          const shown = await engine.execute(new ShowOptions({ global: true }));
          const lastStep = failAt !== undefined && failAt < 8 ? 8 : 7;
          expect(shown.options['@last'] === 'ran', what).toBe(
            result.results[lastStep]!.status === 'complete',
          );
          if (failAt !== undefined) {
            expect(result.results.filter((r) => r.status === 'failed').map((r) => r.step)).toEqual([failAt]);
            expect(
              result.results.slice(failAt + 1).every((r) => r.status === 'skipped'),
              what,
            ).toBe(true);
            expect(() => result.raiseForStatus()).toThrow(`plan step ${failAt}`);
          }
        }
      }
    }
  });

  it.each(KINDS)('%s: find-or-create applied twice does not duplicate', async (kind) => {
    const engine = await engineFor(kind, version, tmux.bin, `plan-twice-${kind}-${version}`);
    const plan = new Plan();
    const dev = plan.findOrCreate({ session: 'dev' }, new NewSession({ detached: true, sessionName: 'dev' }));
    plan.findOrCreate(
      { window: 'logs', in: dev },
      new NewWindow({ target: dev.windowAt(4), detached: true, windowName: 'logs' }),
    );
    const first = await plan.execute(engine);
    const second = await plan.execute(engine);
    expect(first.results.map((r) => r.found)).toEqual([false, false]);
    expect(second.results.map((r) => r.found)).toEqual([true, true]);
    expect(second.bindings).toEqual(first.bindings);
    const sessions = await engine.execute(new ListSessions());
    expect(sessions.rows.map((s) => s.sessionName).sort()).toEqual(['base', 'dev']);
    const windows = await engine.execute(new ListWindows({ target: '=dev' }));
    expect(windows.rows.map((w) => [w.windowIndex, w.windowName])).toEqual([
      [0, expect.any(String)],
      [4, 'logs'],
    ]);
  });

  it.each(KINDS.filter((k) => k !== 'memory'))(
    '%s: a 4x4 workspace with a command in every pane takes 4 dispatches with its default planner',
    async (kind) => {
      const engine = await engineFor(kind, version, tmux.bin, `plan-4x4-${kind}-${version}`);
      const plan = new Plan();
      const session = plan.add(new NewSession({ detached: true, sessionName: 'ws' }));
      const windows = [
        session,
        ...[1, 2, 3].map((i) => plan.add(new NewWindow({ target: session.windowAt(i), detached: true }))),
      ];
      const panes = windows.flatMap((w) => [
        w,
        ...[1, 2, 3].map(() => plan.add(new SplitWindow({ target: w.window, detached: true }))),
      ]);
      // Breadth first, as workspaces write it: the session, its windows, their splits, then every command.
      panes.forEach((p, i) => plan.add(new SendKeys({ target: p.pane, keys: [`echo pane-${i}`, 'Enter'] })));
      const result = await plan.execute(engine);
      expect(result.ok).toBe(true);
      expect(plan.explain(engine).roundTrips).toBeLessThanOrEqual(4);
      expect(result.dispatches).toBeLessThanOrEqual(4);
      const listed = await engine.execute(new ListWindows({ target: '=ws' }));
      expect(listed.rows.map((w) => w.windowPanes)).toEqual([4, 4, 4, 4]);
    },
  );
});
