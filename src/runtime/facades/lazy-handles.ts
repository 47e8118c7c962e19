/**
 * The runtime under the generated lazy facades (`LazyServer`, `LazyPane`, ...): methods record operations
 * into a `Plan` instead of running them. A lazy handle names its object by a target: tmux's id for an
 * object that exists, or a plan reference for one a step will create, so `lazyPane.split().sendKeys(...)`
 * records a split and keys for the pane it creates; the plan runs later, with any engine and planner.
 */
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { CreatedResult } from '../results/typed-results.js';
import type { Plan } from '../plans/plan.js';
import type { PlanReference } from '../plans/plan-reference.js';
import { formatTarget, type TargetInput } from '../targets.js';
import type { HandleKind } from './handle-errors.js';

function isReference(target: TargetInput): target is PlanReference {
  return typeof target === 'object' && typeof (target as Partial<PlanReference>).windowAt === 'function';
}

/** The base of the generated `LazyServer`: a plan to record into. */
export abstract class LazyServerCore {
  readonly plan: Plan;
  constructor(plan: Plan) {
    this.plan = plan;
  }
  /** @internal Records `op`. */
  $add(op: Operation<object, CommandResult>): PlanReference {
    return this.plan.add(op);
  }
  /** @internal Records a creating `op`; the reference to what it will create. */
  $addCreate(op: Operation<object, CreatedResult>): PlanReference {
    return this.plan.add(op);
  }
}

/** The base of the generated lazy handles: a plan, and the target of one object. */
export abstract class LazyHandleCore<S extends LazyServerCore> {
  readonly server: S;
  /** tmux's id, or a plan reference to what a step creates. */
  readonly target: TargetInput;
  abstract readonly kind: HandleKind;
  constructor(server: S, target: TargetInput) {
    this.server = server;
    this.target = target;
  }
  /** The plan this handle records into. */
  get plan(): Plan {
    return this.server.plan;
  }
  /** @internal */
  protected $add(op: Operation<object, CommandResult>): PlanReference {
    return this.server.$add(op);
  }
  /** @internal */
  protected $addCreate(op: Operation<object, CreatedResult>): PlanReference {
    return this.server.$addCreate(op);
  }
  /**
   * @internal The window or pane a creation step made (`ref.window`, `ref.pane`), or, for an object that
   * exists, the target tmux reads as its current window or active pane (its own id).
   */
  protected $child(object: 'window' | 'pane'): TargetInput {
    return isReference(this.target) ? this.target[object] : this.target;
  }
  /** @internal Window `index` of a session, or pane `index` of a window. */
  protected $childAt(object: 'window' | 'pane', index: number): TargetInput {
    if (!Number.isInteger(index) || index < 0) throw new RangeError('an index is a whole number, 0 or more');
    if (isReference(this.target))
      return object === 'window' ? this.target.windowAt(index) : this.target.paneAt(index);
    return `${this.toString()}${object === 'window' ? ':' : '.'}${index}`;
  }
  toString(): string {
    return typeof this.target === 'string' ? this.target : formatTarget(this.target);
  }
}
