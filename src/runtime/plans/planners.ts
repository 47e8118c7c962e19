/**
 * Planners decide how a plan's steps travel to tmux: which go together in one dispatch, and how. Every
 * planner gives the same `PlanResult` for the same plan; they differ in round trips.
 *
 * - `sequential`: one dispatch per step, each awaited.
 * - `pipelined`: everything whose references are resolved goes out at once. With `stopOnError` (the
 *   default) a batch goes as one tmux command list, because tmux stops a list at its first failure and
 *   separate requests would not stop each other; without it, as separate pipelined requests.
 * - `grouped`: every batch as one command list (one process or one connection for engines that pay per
 *   dispatch), each command's output and failure attributed exactly (`Engine.executeList`).
 *
 * A batch never holds a step that refers to another step of the same batch (its id is not known yet).
 * With `stopOnError`, batches are runs of consecutive steps, so that nothing after a failed step runs;
 * without it, a batch is a whole dependency level. A command that cannot share a dispatch (it runs other
 * commands, waits, or needs a terminal) goes alone; a destructive one ends its list.
 */
import type { CreatedObject } from '../command-descriptor.js';
import type { Engine } from '../engines/engine.js';

/** What a planner knows of a step. */
export interface PlannedStep {
  readonly index: number;
  readonly command: string;
  readonly chainable: boolean;
  readonly destructive: boolean;
  readonly creates: CreatedObject | null;
  /** Steps whose creations this one refers to. */
  readonly dependsOn: readonly number[];
  /** A find-or-create step: a probe goes first. */
  readonly findOrCreate: boolean;
  /**
   * The creating step this one only decorates (its one reference is its `-t`, to what that step creates):
   * it can travel in the creation's dispatch (`Engine.executeDecorated`).
   */
  readonly decorates?: number | undefined;
}

/**
 * One dispatch: `single` (one request), `list` (one tmux command list), `parallel` (separate requests sent
 * together), `serial` (one request after another, each awaited: for engines without lists), or
 * `decorated` (a creation and the steps that decorate what it creates, in one dispatch).
 */
export interface Dispatch {
  readonly steps: readonly number[];
  readonly mode: 'single' | 'list' | 'parallel' | 'serial' | 'decorated';
  /** Why these steps go together, in words (for `plan.explain()`). */
  readonly why: string;
}

export interface PlannerContext {
  readonly engine: Engine | undefined;
  readonly stopOnError: boolean;
}

export interface Planner {
  readonly name: string;
  /** The dispatches, in order; each step in exactly one. */
  schedule(steps: readonly PlannedStep[], context: PlannerContext): readonly Dispatch[];
}

export type PlannerName = 'sequential' | 'pipelined' | 'grouped';

const single = (s: PlannedStep, why: string): Dispatch => ({ steps: [s.index], mode: 'single', why });

/** Batches of steps that may travel together, in plan order (see the module's docs). */
export function batches(
  steps: readonly PlannedStep[],
  stopOnError: boolean,
  decorate = false,
): PlannedStep[][] {
  const out: PlannedStep[][] = [];
  if (stopOnError) {
    let current: PlannedStep[] = [];
    const inCurrent = new Set<number>();
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      // A creation followed by steps that only decorate it: one batch of its own.
      let end = i + 1;
      while (decorate && end < steps.length && steps[end]!.decorates === step.index) end++;
      if (end > i + 1) {
        if (current.length > 0) out.push(current);
        out.push(steps.slice(i, end));
        current = [];
        inCurrent.clear();
        i = end - 1;
        continue;
      }
      const last = current.at(-1);
      const cut =
        !step.chainable ||
        (last !== undefined && (!last.chainable || last.destructive)) ||
        step.dependsOn.some((d) => inCurrent.has(d));
      if (cut && current.length > 0) {
        out.push(current);
        current = [];
        inCurrent.clear();
      }
      current.push(step);
      inCurrent.add(step.index);
    }
    if (current.length > 0) out.push(current);
    return out;
  }
  // By dependency level; within a level, plan order.
  const level = new Map<number, number>();
  for (const step of steps) {
    level.set(step.index, 1 + Math.max(-1, ...step.dependsOn.map((d) => level.get(d) ?? 0)));
  }
  const levels: PlannedStep[][] = [];
  for (const step of steps) (levels[level.get(step.index)!] ??= []).push(step);
  for (const group of levels) {
    if (!group) continue;
    let current: PlannedStep[] = [];
    for (const step of group) {
      if (!step.chainable) {
        if (current.length > 0) out.push(current);
        out.push([step]);
        current = [];
        continue;
      }
      current.push(step);
    }
    if (current.length > 0) out.push(current);
  }
  return out;
}

function describe(batch: readonly PlannedStep[], stopOnError: boolean): string {
  if (batch.length === 1) {
    const s = batch[0]!;
    return s.chainable ? `step ${s.index} (${s.command})` : `${s.command} cannot share a dispatch`;
  }
  return `steps ${batch[0]!.index}-${batch.at(-1)!.index}: ${
    stopOnError ? 'consecutive steps' : 'one dependency level'
  }, none refers to another`;
}

/**
 * Why a batch waits for the one before it. tmux has no target for "the object the previous command of
 * this list created": a creating command with -d leaves the rest of the list addressing the active pane
 * (checked on every release from 3.1c to 3.8). A step that only decorates a new object (its one
 * reference is its -t) goes with the creation (a decorated dispatch); any other goes in the next
 * dispatch, with the id the creation reported.
 */
function waitsFor(steps: readonly number[]): string {
  const names = steps.length === 1 ? `step ${steps[0]}` : `steps ${steps.join(', ')}`;
  return `; waits for the ids ${names} created (after a creation with -d, the rest of a tmux command list still addresses the active pane, so what refers to a new object goes in the next dispatch unless it only decorates it)`;
}

function lists(
  steps: readonly PlannedStep[],
  context: PlannerContext,
  parallelWhenFree: boolean,
): Dispatch[] {
  // Without an engine (explaining a planner on its own), lists are assumed, as the planner intends.
  const canList = context.engine === undefined || typeof context.engine.executeList === 'function';
  const canDecorate = context.engine === undefined || typeof context.engine.executeDecorated === 'function';
  let previous = new Set<number>();
  return batches(steps, context.stopOnError, canDecorate).map((batch) => {
    const waits = [...new Set(batch.flatMap((s) => s.dependsOn.filter((d) => previous.has(d))))];
    previous = new Set(batch.map((s) => s.index));
    const indexes = batch.map((s) => s.index);
    const head = batch[0]!;
    if (batch.length > 1 && batch.slice(1).every((s) => s.decorates === head.index)) {
      return {
        steps: indexes,
        mode: 'decorated',
        why:
          `step ${head.index} (${head.command}) and the ${batch.length - 1} step${batch.length > 2 ? 's' : ''} that ` +
          `decorate what it creates, in one dispatch (an after-${head.command} hook runs them on the new object: ` +
          `race-free, the marked and active panes untouched)` +
          (waits.length > 0 ? waitsFor(waits) : ''),
      };
    }
    const why = describe(batch, context.stopOnError) + (waits.length > 0 ? waitsFor(waits) : '');
    if (batch.length === 1) return single(batch[0]!, why);
    if (parallelWhenFree && !context.stopOnError) {
      return { steps: indexes, mode: 'parallel', why: `${why}; separate requests sent together` };
    }
    if (canList) {
      return {
        steps: indexes,
        mode: 'list',
        why: `${why}; one tmux command list${context.stopOnError ? ', which tmux stops at its first failure' : ''}`,
      };
    }
    return {
      steps: indexes,
      mode: 'serial',
      why: `${why}; this engine has no command lists, so one request after another, each awaited`,
    };
  });
}

export const sequentialPlanner: Planner = Object.freeze({
  name: 'sequential',
  schedule: (steps: readonly PlannedStep[]) => steps.map((s) => single(s, `step ${s.index} alone`)),
});

export const pipelinedPlanner: Planner = Object.freeze({
  name: 'pipelined',
  schedule: (steps: readonly PlannedStep[], context: PlannerContext) => lists(steps, context, true),
});

export const groupedPlanner: Planner = Object.freeze({
  name: 'grouped',
  schedule: (steps: readonly PlannedStep[], context: PlannerContext) => lists(steps, context, false),
});

export const planners: Readonly<Record<PlannerName, Planner>> = Object.freeze({
  sequential: sequentialPlanner,
  pipelined: pipelinedPlanner,
  grouped: groupedPlanner,
});

/** A planner by name or object; the engine's own default when none is given. */
export function plannerFor(choice: PlannerName | Planner | undefined, engine: Engine | undefined): Planner {
  if (choice === undefined) return planners[engine?.defaultPlanner ?? 'sequential'];
  if (typeof choice === 'string') {
    const found = planners[choice];
    if (!found)
      throw new RangeError(`unknown planner ${JSON.stringify(choice)} (sequential, pipelined, grouped)`);
    return found;
  }
  return choice;
}
