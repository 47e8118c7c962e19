/**
 * What running a plan gives back: one `StepResult` per step, in plan order, each honest about what
 * happened (`complete`, `failed`, or `skipped` with the reason), the ids the plan's references bound to,
 * and `raiseForStatus()` naming the first failed step.
 */
import { TmuxkitError } from '../errors.js';
import { jsonCodecs } from '../json-codecs.js';
import type { CommandResult, CommandResultJSON } from '../results/command-result.js';

/** The ids a creating step produced (or a find-or-create step found). */
export interface BoundIds {
  readonly sessionId?: string;
  readonly windowId?: string;
  readonly paneId?: string;
}

/** Why a step did not run. */
export interface SkipReason {
  /** `earlierFailure`: a step before it failed (stopOnError); `failedReference`: it names what a failed step was to create. */
  readonly kind: 'earlierFailure' | 'failedReference';
  /** The step whose failure caused the skip. */
  readonly step: number;
  readonly message: string;
}

export interface StepResult {
  /** The step's index in the plan (0-based). */
  readonly step: number;
  readonly command: string;
  readonly label?: string | undefined;
  readonly status: 'complete' | 'failed' | 'skipped';
  /** tmux's answer (complete or failed); for a step that found its object, the probe's answer. */
  readonly result?: CommandResult | undefined;
  /** A find-or-create step that found an existing object (and created nothing). */
  readonly found?: boolean | undefined;
  /** For `skipped`: why. */
  readonly skip?: SkipReason | undefined;
  /** The engine failed while the step was in flight (abort, timeout, a lost connection): it may have run. */
  readonly error?: { readonly name: string; readonly message: string } | undefined;
  /** Which dispatch (round trip) carried it, counting from 0. */
  readonly dispatch?: number | undefined;
}

export interface StepResultJSON extends Omit<StepResult, 'result'> {
  readonly result?: CommandResultJSON | undefined;
}

export interface PlanResultJSON {
  readonly planner: string;
  readonly dispatches: number;
  readonly results: readonly StepResultJSON[];
  readonly bindings: Readonly<Record<string, BoundIds>>;
}

/** A plan's step failed; names the step, its argv and tmux's message. */
export class PlanStepError extends TmuxkitError {
  constructor(
    readonly step: number,
    readonly command: string,
    readonly argv: readonly string[],
    readonly reason: string,
  ) {
    super(`plan step ${step} (${argv.length > 0 ? `tmux ${argv.join(' ')}` : command}) failed: ${reason}`);
  }
}

export class PlanResult {
  /** One result per step, in plan order. */
  readonly results: readonly StepResult[];
  /** Step index (as a string) to the ids it created or found. */
  readonly bindings: Readonly<Record<string, BoundIds>>;
  /** The planner that dispatched it. */
  readonly planner: string;
  /** How many dispatches (round trips to tmux) it took, probes included. */
  readonly dispatches: number;

  constructor(init: {
    results: readonly StepResult[];
    bindings: Readonly<Record<string, BoundIds>>;
    planner: string;
    dispatches: number;
  }) {
    this.results = Object.freeze(init.results.map((r) => (Object.isFrozen(r) ? r : Object.freeze({ ...r }))));
    this.bindings = Object.freeze({ ...init.bindings });
    this.planner = init.planner;
    this.dispatches = init.dispatches;
    Object.freeze(this);
  }

  /** Every step complete. */
  get ok(): boolean {
    return this.results.every((r) => r.status === 'complete');
  }

  /** The first failed step, if any. */
  get failed(): StepResult | undefined {
    return this.results.find((r) => r.status === 'failed');
  }

  /** This result when every step completed; otherwise a `PlanStepError` for the first failed (or skipped) step. */
  raiseForStatus(): this {
    const bad = this.failed ?? this.results.find((r) => r.status !== 'complete');
    if (!bad) return this;
    const reason =
      bad.status === 'skipped'
        ? `skipped: ${bad.skip?.message ?? 'not run'}`
        : (bad.error?.message ?? (bad.result?.message || `exit status ${bad.result?.exitCode ?? '?'}`));
    throw new PlanStepError(bad.step, bad.command, bad.result?.argv ?? [], reason);
  }

  toJSON(): PlanResultJSON {
    return {
      planner: this.planner,
      dispatches: this.dispatches,
      // Absent properties are left out, as JSON would.
      results: this.results.map(({ result, ...rest }) => ({
        ...(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<
          StepResult,
          'result'
        >),
        ...(result ? { result: result.toJSON() } : {}),
      })),
      bindings: this.bindings,
    };
  }

  /** Rebuilds a plan result from `toJSON()` (or its JSON text), each step's result typed again. */
  static fromJSON(json: unknown): PlanResult {
    const decodeResult = jsonCodecs().resultFromJSON;
    const value = (typeof json === 'string' ? JSON.parse(json) : json) as PlanResultJSON;
    if (!value || !Array.isArray(value.results) || typeof value.planner !== 'string') {
      throw new TmuxkitError('a plan result in JSON has planner, dispatches, results and bindings');
    }
    return new PlanResult({
      planner: value.planner,
      dispatches: value.dispatches,
      bindings: value.bindings ?? {},
      results: value.results.map(({ result, ...rest }) => ({
        ...rest,
        ...(result ? { result: decodeResult(result) } : {}),
      })),
    });
  }
}
