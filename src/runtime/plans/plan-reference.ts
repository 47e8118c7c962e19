/**
 * References to what a plan's steps create. `plan.add(new NewSession(...))` returns one: a slot target
 * (`{ type: 'slot', slot, object }`) that later operations of the same plan accept wherever a target goes,
 * resolved to tmux's id when the plan runs. Its sub-references name the implicit children and the
 * qualified forms a caller needs:
 *
 * - `ref.session`, `ref.window`, `ref.pane`: the session, window and pane the step created or landed in
 *   (for a new session: the session, its first window and that window's pane);
 * - `ref.windowAt(2)`: window index 2 of the created session (`$3:2`), for `new-window -t`;
 * - `ref.paneAt(1)`: pane index 1 of the created window (`@4.1`).
 *
 * @example
 * ```ts
 * import { Plan, NewSession, NewWindow } from 'tmuxkit';
 * const plan = new Plan();
 * const dev = plan.add(new NewSession({ detached: true, sessionName: 'dev' }));
 * plan.add(new NewWindow({ target: dev.windowAt(5), detached: true }));
 * plan.preview({ version: '3.5a' })[1]!.argv.slice(-2); // ['-t', '<step 0 session>:5']
 * ```
 */
import { Target, type SlotObject } from '../targets.js';

/** A slot target with the sub-references of what its step created. Its JSON is the slot target alone. */
export type PlanReference = Extract<Target, { type: 'slot' }> & {
  /** The step (0-based, in plan order) whose creation this names. */
  readonly step: number;
  readonly session: PlanReference;
  readonly window: PlanReference;
  readonly pane: PlanReference;
  /** Window `index` of the created session (`$S:index`). */
  windowAt(index: number): Target;
  /** Pane `index` of the created window (`@W.index`); of a session's current window when it names a session. */
  paneAt(index: number): Target;
};

const nonNegative = (n: number, what: string): number => {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number, 0 or more`);
  return n;
};

/** The reference to `object` made by step `step`. */
export function planReference(step: number, object: SlotObject): PlanReference {
  const target = Target.slot(step, object);
  const ref = { ...target } as PlanReference;
  Object.defineProperties(ref, {
    step: { value: step },
    session: { get: () => planReference(step, 'session') },
    window: { get: () => planReference(step, 'window') },
    pane: { get: () => planReference(step, 'pane') },
    windowAt: {
      value: (index: number) => Target.slot(step, 'session', `:${nonNegative(index, 'a window index')}`),
    },
    paneAt: {
      value: (index: number) =>
        object === 'session'
          ? Target.slot(step, 'session', `:.${nonNegative(index, 'a pane index')}`)
          : Target.slot(step, 'window', `.${nonNegative(index, 'a pane index')}`),
    },
  });
  return Object.freeze(ref);
}
