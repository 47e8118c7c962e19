/**
 * A workspace session compiled into a plan: the order of its steps (the session and what every window
 * must be created under, then every window, then each window's insides), and the few dispatches that
 * order allows: three or four for any number of windows and panes, with the grouped planner.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkspace, sessionPlan } from '../../src/index.js';
import { fitsByHalving } from '../../src/workspace/workspace-plan.js';

const session = async (text: string) => (await parseWorkspace(text, { file: '/tmp/ws.yaml' })).sessions[0]!;

const grid = (windows: number, panes: number) =>
  `session_name: grid\nwindows:\n${Array.from(
    { length: windows },
    (_, w) =>
      `  - window_name: w${w}\n    layout: tiled\n    panes:\n${Array.from(
        { length: panes },
        (_, p) => `      - echo ${w}.${p}\n`,
      ).join('')}`,
  ).join('')}`;

describe('sessionPlan', () => {
  it('creates the session and its settings, then every window, then what each window holds; options_after comes last', async () => {
    const { plan, afterTyping } = sessionPlan(
      await session(`
session_name: order
options: { base-index: 1 }
windows:
  - window_name: a
    options: { main-pane-width: 60 }
    options_after: { synchronize-panes: on }
    layout: main-vertical
    panes: [null, null]
  - window_name: b
`),
      { width: 200, height: 50 },
    );
    const commands = plan.preview({ version: '3.8' }).map((s) => s.argv[0]);
    expect(commands).toEqual([
      'new-session',
      'set-option',
      'move-window',
      'new-window',
      'new-window',
      'set-option',
      'split-window',
      'select-layout',
      'select-window',
      'kill-window',
    ]);
    // options_after waits for the commands to be typed (synchronize-panes would send them everywhere).
    expect(afterTyping).toEqual([{ window: 0, option: 'synchronize-panes', value: 'on' }]);
  });

  // The count does not grow with the workspace (one lone window is decorated in place: one more).
  it.each([
    [1, 1, 4],
    [4, 4, 3],
    [8, 6, 3],
  ])('builds %i windows of %i panes in %i dispatches', async (windows, panes, dispatches) => {
    const compiled = sessionPlan(await session(grid(windows, panes)), { width: 200, height: 50 });
    expect(compiled.windows.flatMap((w) => w.panes)).toHaveLength(windows * panes);
    expect(compiled.plan.explain('grouped').dispatches).toHaveLength(dispatches);
  });

  // tmuxp at its 80x24 default builds four halving panes and fails on the fifth.
  it.each([
    [2, 5, true],
    [3, 5, false],
    [4, 24, true],
    [5, 24, false],
    [5, 50, true],
  ])('%i panes fit in %i rows by halving: %s', (panes, rows, fits) => {
    expect(fitsByHalving(panes, rows)).toBe(fits);
  });

  it('spreads the panes of a window without a layout when halving would not fit', async () => {
    const crowded = await session(`session_name: c\nwindows:\n  - panes: [a, b, c, d, e, f]\n`);
    const spreads = (height: number) =>
      sessionPlan(crowded, { width: 80, height })
        .plan.preview({ version: '3.8' })
        .filter((s) => s.argv[0] === 'select-layout' && s.argv.includes('-E')).length;
    expect(spreads(200)).toBe(0);
    expect(spreads(24)).toBe(5);
  });
});
