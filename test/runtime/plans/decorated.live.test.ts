/**
 * Creating and decorating in one dispatch, on every installed tmux and live engine: the decorations land
 * on the new object while another client keeps marking and selecting panes, nothing lands anywhere
 * else, `-d` keeps the active pane where it was, a failed decoration stops the ones after it, a failed
 * creation runs none and leaves no hook behind, and the results equal those of one dispatch per step.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ControlModeEngine,
  ListPanes,
  NewWindow,
  Plan,
  SelectPane,
  SendKeys,
  SetOption,
  ShowHooks,
  SplitWindow,
  type Engine,
  type PlanResult,
} from '../../../src/index.js';
import { liveEngines, LIVE_KINDS } from '../../support/live-engines.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const engines = liveEngines();
const noise: ControlModeEngine[] = [];
afterAll(async () => {
  await Promise.all(noise.splice(0).map((e) => e.close()));
  await engines.closeAll();
});

/** A window, then its pane titled, optioned and typed into: three decorations. */
function decoratedWindow(plan: Plan, i: number) {
  const w = plan.add(new NewWindow({ target: 'main:', detached: true }));
  plan.add(new SelectPane({ target: w.pane, title: `deco-${i}` }));
  plan.add(new SetOption({ target: w.pane, pane: true, option: '@deco', value: String(i) }));
  plan.add(new SendKeys({ target: w.pane, keys: [`echo deco-${i}`, 'Enter'] }));
  return w;
}

async function panes(engine: Engine) {
  const listed = await engine.execute(
    new ListPanes({ all: true, format: '#{pane_title}|#{@deco}|#{pane_marked}' }),
  );
  return listed.rows.map((r) => {
    const [title, deco] = r.printed!.split('|');
    return { paneId: r.paneId, active: r.paneActive && r.windowActive, title, deco };
  });
}

function comparable(result: PlanResult) {
  const ids = new Map<string, string>();
  const id = (s: string) =>
    s.replace(/[$@%]\d+/g, (m) => ids.get(m) ?? (ids.set(m, `${m[0]}#${ids.size}`), ids.get(m)!));
  return result.results.map((r) => ({
    status: r.status,
    skip: r.skip?.kind,
    argv: r.result?.argv.map(id),
    exitCode: r.result?.exitCode,
    stdout: r.result && id(r.result.stdout),
  }));
}

describe.each(versions.map((v) => [v.version, v] as const))('tmux %s', (version, tmux) => {
  describe.each(LIVE_KINDS)('%s', (kind) => {
    it('decorates new windows in their own dispatch while another client marks and selects panes', async () => {
      const engine = await engines.open(kind, tmux, `deco-${kind}-${version}`);
      const before = await panes(engine);
      // Another client of the same server, marking and selecting panes as fast as it can.
      const other = new ControlModeEngine({
        ...(engine as unknown as { options: { tmux: string; socketName: string; env: NodeJS.ProcessEnv } })
          .options,
        configFile: '/dev/null',
        session: 'main',
      });
      noise.push(other);
      let stop = false;
      let moves = 0;
      const busy = (async () => {
        while (!stop) {
          const ids = (await panes(other)).map((p) => p.paneId);
          await other.executeAll(
            ids.flatMap((id) => [new SelectPane({ target: id, mark: true }), new SelectPane({ target: id })]),
          );
          moves += ids.length;
        }
      })();
      const plan = new Plan();
      const made = Array.from({ length: 8 }, (_, i) => decoratedWindow(plan, i));
      const explained = plan.explain(engine, { planner: 'pipelined' });
      const result = await plan.execute(engine, { planner: 'pipelined' });
      stop = true;
      await busy;
      expect(moves, 'the other client was busy').toBeGreaterThan(0);
      expect(explained.dispatches.map((d) => d.mode)).toEqual(Array(8).fill('decorated'));
      expect(result.ok).toBe(true);
      expect(result.dispatches).toBe(8);
      const after = await panes(engine);
      const created = made.map((w) => result.bindings[String(w.step)]!.paneId!);
      for (const [i, paneId] of created.entries()) {
        expect(
          after.find((p) => p.paneId === paneId),
          `pane of window ${i}`,
        ).toMatchObject({
          title: `deco-${i}`,
          deco: String(i),
        });
      }
      // Nothing landed anywhere else.
      expect(after.filter((p) => !created.includes(p.paneId)).map((p) => [p.paneId, p.deco])).toEqual(
        before.map((p) => [p.paneId, '']),
      );
      const hooks = await engine.execute(new ShowHooks({ global: true }));
      expect(hooks.stdout).not.toMatch(/\[\d{6}\]/);
    });

    it('keeps the active pane with -d, stops at a failed decoration, runs nothing after a failed creation', async () => {
      const engine = await engines.open(kind, tmux, `deco-fail-${kind}-${version}`);
      const active = (await panes(engine)).find((p) => p.active)!.paneId;
      const plan = new Plan();
      const split = plan.add(new SplitWindow({ target: active, detached: true }));
      plan.add(new SetOption({ target: split.pane, pane: true, option: '@deco', value: 'one' }));
      plan.add(new SetOption({ target: split.pane, pane: true, option: 'no-such-option', value: 'x' }));
      plan.add(new SetOption({ target: split.pane, pane: true, option: '@never', value: 'x' }));
      const bad = plan.add(new NewWindow({ target: 'nosuch:', detached: true }));
      plan.add(new SendKeys({ target: bad.pane, keys: ['never'] }));
      const result = await plan.execute(engine, { planner: 'grouped', stopOnError: true });
      expect(result.results.map((r) => r.status)).toEqual([
        'complete',
        'complete',
        'failed',
        'skipped',
        'skipped',
        'skipped',
      ]);
      expect(result.results[2]!.result?.stderr).toMatch(/invalid option/);
      const after = await panes(engine);
      expect(after.find((p) => p.active)!.paneId).toBe(active);
      const newPane = after.find((p) => p.paneId === result.bindings['0']!.paneId)!;
      expect(newPane.deco).toBe('one');
      const never = await engine.execute(new ListPanes({ target: newPane.paneId, format: '#{@never}' }));
      // The decoration after the failed one never ran: no pane of the window has its option.
      expect(never.rows.map((r) => r.printed)).toEqual(['', '']);

      // The failed creation: nothing after it, no hook left armed.
      const second = new Plan();
      const nowhere = second.add(new NewWindow({ target: 'nosuch:', detached: true }));
      second.add(new SendKeys({ target: nowhere.pane, keys: ['never'] }));
      const failed = await second.execute(engine, { planner: 'pipelined' });
      expect(failed.results.map((r) => [r.status, r.skip?.kind])).toEqual([
        ['failed', undefined],
        ['skipped', 'earlierFailure'],
      ]);
      expect(failed.results[0]!.result?.stderr).toMatch(/can't find session/);
      const hooks = await engine.execute(new ShowHooks({ global: true }));
      expect(hooks.stdout).not.toMatch(/\[\d{6}\]/);
    });

    it('gives the results one dispatch per step gives', async () => {
      const one = await engines.open(kind, tmux, `deco-eq1-${kind}-${version}`);
      const two = await engines.open(kind, tmux, `deco-eq2-${kind}-${version}`);
      const plan = new Plan();
      decoratedWindow(plan, 0);
      decoratedWindow(plan, 1);
      const decorated = await plan.execute(one, { planner: 'pipelined' });
      const sequential = await plan.execute(two, { planner: 'sequential' });
      expect(decorated.dispatches).toBe(2);
      expect(sequential.dispatches).toBe(8);
      expect(comparable(decorated)).toEqual(comparable(sequential));
    });
  });
});
