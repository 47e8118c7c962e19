/**
 * Plans as a specification, without tmux (MemoryEngine and engines that only record): references and
 * their qualified forms, preview per release, what each planner dispatches and why, stopOnError both
 * ways, stream events, abort, and JSON round trips of plans and results.
 */
import { describe, expect, it } from 'vitest';
import {
  KillSession,
  MemoryEngine,
  NewSession,
  NewWindow,
  Plan,
  PlanAbortedError,
  PlanError,
  PlanResult,
  RunShell,
  SelectPane,
  SelectWindow,
  SendKeys,
  SetOption,
  SplitWindow,
  Target,
  TargetError,
  VersionError,
  type Engine,
  type PlanEvent,
  type Planner,
} from '../../../src/index.js';

function devPlan(): Plan {
  const plan = new Plan();
  const dev = plan.add(new NewSession({ detached: true, sessionName: 'dev' }));
  const logs = plan.add(new NewWindow({ target: dev.windowAt(2), detached: true, windowName: 'logs' }));
  const right = plan.add(new SplitWindow({ target: logs.window, horizontal: true, detached: true }));
  plan.add(new SendKeys({ target: right.pane, keys: ['tail -f log', 'Enter'] }), { label: 'follow the log' });
  plan.add(new SelectPane({ target: dev.paneAt(0) }));
  return plan;
}

describe('references', () => {
  it('name the session, window and pane a step creates, and qualified forms', () => {
    const plan = new Plan();
    const dev = plan.add(new NewSession({ detached: true }));
    expect({ ...dev }).toEqual({ type: 'slot', slot: 0, object: 'session' });
    expect({ ...dev.window }).toEqual({ type: 'slot', slot: 0, object: 'window' });
    expect({ ...dev.pane }).toEqual({ type: 'slot', slot: 0, object: 'pane' });
    expect(dev.windowAt(3)).toEqual({ type: 'slot', slot: 0, object: 'session', suffix: ':3' });
    expect(dev.paneAt(1)).toEqual({ type: 'slot', slot: 0, object: 'session', suffix: ':.1' });
    expect(dev.window.paneAt(1)).toEqual({ type: 'slot', slot: 0, object: 'window', suffix: '.1' });
    expect(JSON.parse(JSON.stringify(dev))).toEqual({ type: 'slot', slot: 0, object: 'session' });
  });

  it.each([
    ['session', '.1'],
    ['window', ':1'],
    ['pane', '.1'],
    ['session', ':x'],
  ] as const)('a %s slot refuses the qualifier %j', (object, suffix) => {
    expect(() => Target.slot(0, object, suffix)).toThrow(TargetError);
  });

  it('must name an earlier step that creates a session, window or pane', () => {
    const plan = new Plan();
    const set = plan.add(new SetOption({ global: true, option: '@x', value: '1' }));
    expect(() => plan.add(new SelectPane({ target: set.pane }))).toThrow(PlanError);
    expect(() => plan.add(new SelectPane({ target: Target.slot(5, 'pane') }))).toThrow(
      /refers to step 5, which is not an earlier step/,
    );
    expect(plan.length).toBe(1);
  });

  it('record what each step depends on', () => {
    expect(devPlan().steps.map((s) => s.dependsOn)).toEqual([[], [0], [1], [2], [0]]);
  });
});

describe('preview', () => {
  it.each(['3.1c', '3.3a', '3.5a', '3.7c', '3.8'])(
    'renders every step for %s with placeholders',
    (version) => {
      const preview = devPlan().preview({ version });
      expect(preview.map((p) => p.argv.filter((w) => w.includes('<step')))).toEqual([
        [],
        ['<step 0 session>:2'],
        ['<step 1 window>'],
        ['<step 2 pane>'],
        ['<step 0 session>:.0'],
      ]);
      expect(preview[3]!.argv).toEqual(['send-keys', '-t', '<step 2 pane>', '--', 'tail -f log', 'Enter']);
    },
  );

  it('raises the VersionError of a step before anything runs', () => {
    const plan = new Plan();
    const dev = plan.add(new NewSession({ detached: true }));
    plan.add(new SplitWindow({ target: dev.pane, zoom: true }));
    expect(() => plan.preview({ version: '3.1c' })).toThrow(VersionError);
    expect(plan.preview({ version: '3.3a' })[1]!.argv).toContain('-Z');
  });

  it('shows the probe of a find-or-create step', () => {
    const plan = new Plan();
    const dev = plan.findOrCreate({ session: 'dev' }, new NewSession({ detached: true, sessionName: 'dev' }));
    plan.findOrCreate({ window: 'logs', in: dev }, new NewWindow({ target: dev, windowName: 'logs' }));
    const [session, window] = plan.preview({ version: '3.5a' });
    expect(session!.probe).toEqual([
      'display-message',
      '-p',
      '-t',
      '=dev:',
      '--',
      '#{session_id} #{window_id} #{pane_id}',
    ]);
    expect(window!.probe).toEqual([
      'list-windows',
      '-t',
      '<step 0 session>',
      '-F',
      '#{session_id} #{window_id} #{pane_id} #{window_name}',
    ]);
  });

  it('find-or-create needs an operation that creates that kind of object, and a name', () => {
    const plan = new Plan();
    expect(() => plan.findOrCreate({ session: 'dev' }, new NewWindow({}))).toThrow(PlanError);
    expect(() => plan.findOrCreate({ session: '' }, new NewSession({}))).toThrow(PlanError);
  });
});

/** An engine that answers every request ok, records dispatches, and may offer lists. */
function recordingEngine(options: { lists: boolean; planner?: 'pipelined' | 'grouped' }): Engine & {
  dispatches: string[][];
} {
  const memory = new MemoryEngine();
  const dispatches: string[][] = [];
  const engine: Engine & { dispatches: string[][] } = {
    dispatches,
    version: () => memory.version(),
    execute: async (op, o) => {
      dispatches.push([op.command]);
      return memory.execute(op, o);
    },
    run: (argv, o) => {
      dispatches.push([`probe ${argv[0]}`]);
      return memory.run(argv, o);
    },
    close: () => memory.close(),
    ...(options.planner ? { defaultPlanner: options.planner } : {}),
    ...(options.lists
      ? {
          executeList: async (ops, o) => {
            dispatches.push(ops.map((op) => op.command));
            return memory.executeList(ops, o);
          },
        }
      : {}),
  };
  return engine;
}

describe('planners', () => {
  it('sequential: one dispatch per step', async () => {
    const engine = recordingEngine({ lists: true });
    const result = await devPlan().execute(engine, { planner: 'sequential' });
    expect(result.ok).toBe(true);
    expect(engine.dispatches).toHaveLength(5);
    expect(result.dispatches).toBe(5);
  });

  it('grouped: consecutive independent steps as one list', async () => {
    const engine = recordingEngine({ lists: true, planner: 'grouped' });
    const plan = new Plan();
    const a = plan.add(new NewSession({ detached: true, sessionName: 'a' }));
    plan.add(new NewWindow({ target: a, detached: true }));
    plan.add(new NewWindow({ target: a, detached: true }));
    plan.add(new SetOption({ target: a, option: '@x', value: '1' }));
    plan.add(new NewSession({ detached: true, sessionName: 'b' }));
    const result = await plan.execute(engine);
    expect(result.planner).toBe('grouped');
    expect(engine.dispatches).toEqual([
      ['new-session'],
      ['new-window', 'new-window', 'set-option', 'new-session'],
    ]);
    expect(plan.explain(engine).lines[1]).toMatch(/list \[1, 2, 3, 4\].*stops at its first failure/);
  });

  it('a command that cannot share a dispatch goes alone, and a destructive one ends its list', () => {
    const plan = new Plan();
    plan.add(new SetOption({ global: true, option: '@a', value: '1' }));
    plan.add(new RunShell({ shellCommand: 'true' }));
    plan.add(new SetOption({ global: true, option: '@b', value: '1' }));
    plan.add(new KillSession({ target: 'x' }));
    plan.add(new SetOption({ global: true, option: '@c', value: '1' }));
    expect(plan.explain('grouped').dispatches.map((d) => [d.mode, d.steps])).toEqual([
      ['single', [0]],
      ['single', [1]],
      ['list', [2, 3]],
      ['single', [4]],
    ]);
  });

  it('pipelined without lists and with stopOnError waits between requests; without stopOnError sends together', () => {
    const plan = devPlan();
    plan.add(new SetOption({ global: true, option: '@done', value: '1' }));
    const engine = recordingEngine({ lists: false });
    expect(plan.explain(engine, { planner: 'pipelined' }).dispatches.map((d) => [d.mode, d.steps])).toEqual([
      ['single', [0]],
      ['single', [1]],
      ['single', [2]],
      ['serial', [3, 4, 5]],
    ]);
    expect(plan.explain(engine, { planner: 'pipelined' }).roundTrips).toBe(6);
    expect(
      plan
        .explain(engine, { planner: 'pipelined', stopOnError: false })
        .dispatches.map((d) => [d.mode, d.steps]),
    ).toEqual([
      ['parallel', [0, 5]],
      ['parallel', [1, 4]],
      ['single', [2]],
      ['single', [3]],
    ]);
  });

  it('takes a planner object', async () => {
    const everythingAlone: Planner = {
      name: 'alone',
      schedule: (steps) => steps.map((s) => ({ steps: [s.index], mode: 'single' as const, why: 'alone' })),
    };
    const result = await devPlan().execute(new MemoryEngine(), { planner: everythingAlone });
    expect(result.planner).toBe('alone');
    expect(result.ok).toBe(true);
  });

  it('refuses an unknown planner name', async () => {
    await expect(devPlan().execute(new MemoryEngine(), { planner: 'fast' as never })).rejects.toThrow(
      /unknown planner/,
    );
  });
});

describe('failures', () => {
  function failing(): Plan {
    const plan = new Plan();
    const dev = plan.add(new NewSession({ detached: true, sessionName: 'dev' }));
    const bad = plan.add(new NewWindow({ target: 'nosuch:', detached: true }));
    plan.add(new SendKeys({ target: bad.pane, keys: ['x'] }));
    plan.add(new SendKeys({ target: dev.pane, keys: ['y'] }));
    return plan;
  }

  it.each(['sequential', 'pipelined', 'grouped'] as const)(
    '%s, stopOnError: nothing after the failed step runs',
    async (planner) => {
      const engine = new MemoryEngine();
      const result = await failing().execute(engine, { planner });
      expect(result.results.map((r) => [r.status, r.skip?.kind])).toEqual([
        ['complete', undefined],
        ['failed', undefined],
        ['skipped', 'earlierFailure'],
        ['skipped', 'earlierFailure'],
      ]);
      expect(engine.keysSentTo(result.bindings['0']!.paneId!)).toEqual([]);
      expect(() => result.raiseForStatus()).toThrow(/plan step 1 \(tmux new-window .*can't find session/);
    },
  );

  it.each(['sequential', 'pipelined', 'grouped'] as const)(
    '%s, stopOnError false: only the steps that refer to the failed creation are skipped',
    async (planner) => {
      const engine = new MemoryEngine();
      const result = await failing().execute(engine, { planner, stopOnError: false });
      expect(result.results.map((r) => [r.status, r.skip?.kind, r.skip?.step])).toEqual([
        ['complete', undefined, undefined],
        ['failed', undefined, undefined],
        ['skipped', 'failedReference', 1],
        ['complete', undefined, undefined],
      ]);
      expect(engine.keysSentTo(result.bindings['0']!.paneId!)).toEqual(['y']);
    },
  );

  it('an aborted run rejects with what ran so far', async () => {
    const controller = new AbortController();
    const plan = devPlan();
    const events: PlanEvent[] = [];
    const run = async () => {
      for await (const event of plan.stream(new MemoryEngine(), { signal: controller.signal })) {
        events.push(event);
        if (event.type === 'step' && event.result.step === 1) controller.abort();
      }
    };
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanAbortedError);
    const result = (error as PlanAbortedError).result;
    expect(result.results.map((r) => r.status)).toEqual([
      'complete',
      'complete',
      'failed',
      'skipped',
      'skipped',
    ]);
    expect(result.results[2]!.error?.message).toMatch(/aborted/);
  });
});

describe('stream', () => {
  it('yields start, each dispatch and step, then done', async () => {
    const events: string[] = [];
    for await (const event of devPlan().stream(new MemoryEngine())) {
      events.push(event.type === 'step' ? `step ${event.result.step} ${event.result.status}` : event.type);
    }
    expect(events).toEqual([
      'start',
      'dispatch',
      'step 0 complete',
      'dispatch',
      'step 1 complete',
      'dispatch',
      'step 2 complete',
      'dispatch',
      'step 3 complete',
      'dispatch',
      'step 4 complete',
      'done',
    ]);
  });
});

describe('JSON', () => {
  it('round-trips a plan: steps, references, find-or-create and labels', () => {
    const plan = devPlan();
    plan.findOrCreate({ session: 'ops' }, new NewSession({ detached: true, sessionName: 'ops' }), {
      label: 'ops',
    });
    const again = Plan.fromJSON(JSON.stringify(plan));
    expect(again.toJSON()).toEqual(plan.toJSON());
    expect(again.preview({ version: '3.8' })).toEqual(plan.preview({ version: '3.8' }));
    expect(again.steps[3]!.label).toBe('follow the log');
  });

  it('round-trips a result with its bindings and typed step results', async () => {
    const result = await devPlan().execute(new MemoryEngine());
    const again = PlanResult.fromJSON(JSON.stringify(result));
    expect(again.toJSON()).toEqual(result.toJSON());
    expect(again.bindings).toEqual(result.bindings);
    expect((again.results[0]!.result as { sessionId?: string }).sessionId).toBe('$0');
  });

  it('refuses a plan that is not one', () => {
    expect(() => Plan.fromJSON({ nope: true })).toThrow(PlanError);
    expect(() => Plan.fromJSON({ steps: [{ operation: { command: 'no-such-command' } }] })).toThrow(
      /unknown tmux command/,
    );
  });
});

it('SelectWindow is a failure MemoryEngine reports (the failing step above)', async () => {
  const result = await new MemoryEngine().execute(new SelectWindow({ target: 'nosuch:1' }));
  expect(result.ok).toBe(false);
});

it('explain says why a step waits for the dispatch before it', () => {
  const plan = new Plan();
  const session = plan.add(new NewSession({ detached: true }));
  const split = plan.add(new SplitWindow({ target: session.pane, detached: true }));
  plan.add(new SendKeys({ target: split.pane, keys: ['x'] }));
  plan.add(new SetOption({ target: split.pane, pane: true, option: '@x', value: '1' }));
  plan.add(new SplitWindow({ target: split.pane, detached: true }));
  const { lines, dispatches } = plan.explain('pipelined');
  expect(dispatches.map((d) => [d.mode, d.steps])).toEqual([
    ['single', [0]],
    // What only decorates the new pane goes with its creation.
    ['decorated', [1, 2, 3]],
    // A creation is never a decoration: it waits for the ids.
    ['single', [4]],
  ]);
  expect(lines[0]).not.toMatch(/waits/);
  expect(lines[1]).toMatch(/after-split-window hook/);
  expect(lines[1]).toMatch(/waits for the ids step 0 created \(after a creation with -d/);
  expect(lines[2]).toMatch(/waits for the ids step 1 created/);
});
