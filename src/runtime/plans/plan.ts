/**
 * A plan: operations recorded without touching tmux, run later as one unit of work through any engine and
 * planner, with every result attributed to its operation.
 *
 * - `plan.add(op)` returns a reference to what `op` creates; later operations take it as a target.
 * - `plan.findOrCreate({ session: 'dev' }, new NewSession(...))` resolves to an existing object when a
 *   probe finds it (by exact name) and creates it otherwise, so applying a plan twice does not duplicate.
 * - `plan.preview({ version })` renders every step for a release (references as placeholders);
 *   `VersionError`s surface there, before anything runs.
 * - `plan.execute(engine, options)` → `PlanResult`; `plan.stream(engine, options)` yields the same as events.
 * - `plan.explain(engine)` lists the dispatches a planner will make, and why.
 *
 * By default (`stopOnError: true`) no step after a failed one runs, whatever the planner. With
 * `stopOnError: false` only the steps that refer to a failed creation are skipped.
 *
 * @example
 * ```ts
 * import { MemoryEngine, Plan, NewSession, SplitWindow, SendKeys } from 'tmuxkit';
 * const plan = new Plan();
 * const dev = plan.add(new NewSession({ detached: true, sessionName: 'dev' }));
 * const right = plan.add(new SplitWindow({ target: dev.pane, horizontal: true, detached: true }));
 * plan.add(new SendKeys({ target: right.pane, keys: ['echo hi', 'Enter'] }));
 * const result = await plan.execute(new MemoryEngine());
 * result.ok; // true
 * result.bindings['1']!.paneId; // '%1'
 * Plan.fromJSON(JSON.stringify(plan)).preview({ version: '3.5a' })[2]!.argv; // ['send-keys', '-t', '<step 1 pane>', '--', 'echo hi', 'Enter']
 * ```
 */
import type { Engine, ExecuteOptions } from '../engines/engine.js';
import { TmuxkitError } from '../errors.js';
import type { Operation } from '../operation.js';
import type { OperationClass } from '../operation-json.js';
import { jsonCodecs } from '../json-codecs.js';
import type { CommandResult } from '../results/command-result.js';
import { formatTarget, toTarget, type SlotObject, type Target, type TargetInput } from '../targets.js';
import { TmuxVersion } from '../tmux-version.js';
import { planReference, type PlanReference } from './plan-reference.js';
import { PlanResult, type BoundIds, type StepResult } from './plan-result.js';
import { plannerFor, type Dispatch, type PlannedStep, type Planner, type PlannerName } from './planners.js';

/** What a find-or-create step looks for: a session by exact name, or a window by exact name in a session. */
export type FindCriteria =
  { readonly session: string } | { readonly window: string; readonly in: TargetInput };

/** A mistake in how a plan is put together: a reference to a later step, or to a step that creates nothing. */
export class PlanError extends TmuxkitError {}

/** A plan's run stopped because the engine failed (abort, timeout, a lost connection); `result` says what ran. */
export class PlanAbortedError extends TmuxkitError {
  constructor(
    message: string,
    readonly result: PlanResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface PlanStep {
  readonly index: number;
  readonly operation: Operation;
  readonly find?: FindCriteria;
  readonly label?: string;
  /** Steps whose creations this one refers to. */
  readonly dependsOn: readonly number[];
}

export interface PreviewStep {
  readonly step: number;
  readonly command: string;
  /** The argv for that release; references read `<step N session>` (or window, pane). */
  readonly argv: readonly string[];
  /** For a find-or-create step: the probe that goes first. */
  readonly probe?: readonly string[];
  readonly dependsOn: readonly number[];
}

export interface PlanExecuteOptions extends ExecuteOptions {
  /** A planner's name or object (default: the engine's `defaultPlanner`, else sequential). */
  readonly planner?: PlannerName | Planner;
  /** Default true: no step after a failed one runs. False: only steps that depend on a failed creation are skipped. */
  readonly stopOnError?: boolean;
}

export interface Explanation {
  readonly planner: string;
  readonly dispatches: readonly Dispatch[];
  /** The most round trips the plan can take (a find-or-create adds one for its probe). */
  readonly roundTrips: number;
  /** One line per dispatch. */
  readonly lines: readonly string[];
}

/** What `plan.stream()` yields. */
export type PlanEvent =
  | { readonly type: 'start'; readonly steps: number; readonly planner: string; readonly dispatches: number }
  | {
      readonly type: 'dispatch';
      readonly dispatch: number;
      readonly steps: readonly number[];
      readonly mode: Dispatch['mode'];
    }
  | { readonly type: 'step'; readonly result: StepResult }
  | { readonly type: 'done'; readonly result: PlanResult };

export interface PlanJSON {
  readonly steps: readonly {
    readonly operation: unknown;
    readonly find?: FindCriteria;
    readonly label?: string;
  }[];
}

const OBJECT_ID = { session: 'sessionId', window: 'windowId', pane: 'paneId' } as const;
const CREATES_IDS = new Set(['session', 'window', 'pane']);
/** The probe's answer: three ids and, for windows, the name (the rest of the line). */
const PROBE_FORMAT = '#{session_id} #{window_id} #{pane_id}';

/** Slot targets anywhere in a parameter value. */
function slotsIn(value: unknown, out: Extract<Target, { type: 'slot' }>[]): void {
  if (Array.isArray(value)) for (const v of value) slotsIn(v, out);
  else if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'slot') {
    out.push(value as Extract<Target, { type: 'slot' }>);
  }
}

/** Parameter values with every slot target replaced by what `resolve` gives. */
function resolveValue(value: unknown, resolve: (slot: Extract<Target, { type: 'slot' }>) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, resolve));
  if (value !== null && typeof value === 'object' && (value as { type?: unknown }).type === 'slot') {
    return resolve(value as Extract<Target, { type: 'slot' }>);
  }
  return value;
}

export class Plan {
  readonly #steps: PlanStep[] = [];

  /** The recorded steps, in order. */
  get steps(): readonly PlanStep[] {
    return this.#steps;
  }

  get length(): number {
    return this.#steps.length;
  }

  /**
   * Records `op` as the next step and returns a reference to what it creates (`ref.session`, `ref.window`,
   * `ref.pane`; for a step that creates nothing, a reference no later step may use).
   */
  add(op: Operation, options: { readonly label?: string } = {}): PlanReference {
    return this.#record(op, undefined, options.label);
  }

  /**
   * A step that finds an existing object by exact name and creates it with `create` only when the probe
   * finds nothing; either way its reference binds to the object's ids.
   */
  findOrCreate(
    find: FindCriteria,
    create: Operation,
    options: { readonly label?: string } = {},
  ): PlanReference {
    const wants = 'session' in find ? 'session' : 'window';
    if (create.descriptor.creates !== wants) {
      throw new PlanError(
        `findOrCreate of a ${wants} needs an operation that creates one, not ${create.command}`,
      );
    }
    const name = 'session' in find ? find.session : find.window;
    if (typeof name !== 'string' || name === '' || name.includes('\0')) {
      throw new PlanError(`findOrCreate needs a ${wants} name (non-empty, no NUL)`);
    }
    const criteria: FindCriteria =
      'session' in find ? { session: name } : { window: name, in: toTarget(find.in, 'session') };
    return this.#record(create, criteria, options.label);
  }

  #record(op: Operation, find: FindCriteria | undefined, label: string | undefined): PlanReference {
    const index = this.#steps.length;
    const slots: Extract<Target, { type: 'slot' }>[] = [];
    for (const value of Object.values(op.params)) slotsIn(value, slots);
    if (find && 'in' in find) slotsIn(find.in, slots);
    for (const slot of slots) {
      const creator = this.#steps[slot.slot];
      if (!creator) {
        throw new PlanError(
          `step ${index} (${op.command}) refers to step ${slot.slot}, which is not an earlier step of this plan`,
        );
      }
      if (!CREATES_IDS.has(creator.operation.descriptor.creates ?? '')) {
        throw new PlanError(
          `step ${index} (${op.command}) refers to step ${slot.slot} (${creator.operation.command}), which creates no session, window or pane`,
        );
      }
    }
    const dependsOn = Object.freeze([...new Set(slots.map((s) => s.slot))].sort((a, b) => a - b));
    this.#steps.push(
      Object.freeze({
        index,
        operation: op,
        ...(find ? { find } : {}),
        ...(label !== undefined ? { label } : {}),
        dependsOn,
      }),
    );
    const creates = op.descriptor.creates;
    return planReference(index, CREATES_IDS.has(creates ?? '') ? (creates as SlotObject) : 'pane');
  }

  /** Every step rendered for `version`, references as placeholders. Throws what rendering throws. */
  preview(options: { readonly version: string | TmuxVersion }): PreviewStep[] {
    const version = TmuxVersion.parse(options.version);
    const placeholder = (slot: number, object: SlotObject) => `<step ${slot} ${object}>`;
    return this.#steps.map((step) => ({
      step: step.index,
      command: step.operation.command,
      argv: step.operation.compile({ version, resolveSlot: placeholder }).argv,
      ...(step.find ? { probe: probeArgv(step.find, placeholder) } : {}),
      dependsOn: step.dependsOn,
    }));
  }

  #planned(): PlannedStep[] {
    return this.#steps.map((s) => ({
      index: s.index,
      command: s.operation.command,
      chainable: s.operation.descriptor.chainable,
      destructive: s.operation.descriptor.safety === 'destructive',
      creates: s.operation.descriptor.creates,
      dependsOn: s.dependsOn,
      findOrCreate: s.find !== undefined,
      decorates: this.#decorates(s),
    }));
  }

  /**
   * The creating step `step` only decorates, if it does: its one reference is its `target`, naming what
   * an earlier creation (not a find-or-create) makes, unqualified; it may share a dispatch, is not
   * destructive, and its -t takes a session, window or pane.
   */
  #decorates(step: PlanStep): number | undefined {
    if (step.find || step.dependsOn.length !== 1) return undefined;
    const op = step.operation;
    const target = (op.params as { target?: Target }).target;
    if (target?.type !== 'slot' || target.suffix) return undefined;
    for (const [key, value] of Object.entries(op.params)) {
      if (key === 'target') continue;
      const slots: Extract<Target, { type: 'slot' }>[] = [];
      slotsIn(value, slots);
      if (slots.length > 0) return undefined;
    }
    const creator = this.#steps[target.slot]!;
    const flag = op.descriptor.flags.find((f) => f.param === 'target');
    // A decoration creates nothing (commands a hook runs fire no hooks of their own: keep that to the
    // small things done to a new object).
    const ok =
      !creator.find &&
      creator.operation.descriptor.chainable &&
      op.descriptor.creates === null &&
      op.descriptor.chainable &&
      op.descriptor.safety !== 'destructive' &&
      (flag?.target === 'session' || flag?.target === 'window' || flag?.target === 'pane');
    return ok ? target.slot : undefined;
  }

  /** The dispatches a planner makes for this plan on `engine` (or with this planner), and why. */
  explain(
    engineOrPlanner?: Engine | Planner | PlannerName,
    options: { readonly stopOnError?: boolean; readonly planner?: Planner | PlannerName } = {},
  ): Explanation {
    const isEngine = typeof engineOrPlanner === 'object' && 'execute' in engineOrPlanner;
    const engine = isEngine ? (engineOrPlanner as Engine) : undefined;
    const planner = plannerFor(
      options.planner ?? (isEngine ? undefined : (engineOrPlanner as Planner | PlannerName | undefined)),
      engine,
    );
    const stopOnError = options.stopOnError ?? true;
    const dispatches = planner.schedule(this.#planned(), { engine, stopOnError });
    let roundTrips = 0;
    const lines = dispatches.map((d, i) => {
      const probes = d.steps.filter((s) => this.#steps[s]!.find).length;
      const trips = (d.mode === 'serial' ? d.steps.length : 1) + (probes > 0 ? 1 : 0);
      roundTrips += trips;
      return `dispatch ${i}: ${d.mode} [${d.steps.join(', ')}] ${d.why}${
        probes > 0 ? `; first a probe for ${probes} find-or-create step${probes > 1 ? 's' : ''}` : ''
      }`;
    });
    return { planner: planner.name, dispatches, roundTrips, lines };
  }

  /** Runs the plan and returns every step's result; see the module's docs for the rules. */
  async execute(engine: Engine, options: PlanExecuteOptions = {}): Promise<PlanResult> {
    // The same run as stream(), without events: no generator turn per step.
    const { planner, dispatches, run } = this.#start(engine, options, false);
    for (const dispatch of dispatches) {
      try {
        await run.dispatch(dispatch);
      } catch (error) {
        run.abandon(error);
        throw aborted(error, run.result(planner.name));
      }
    }
    return run.result(planner.name);
  }

  /** Runs the plan, yielding `start`, each `dispatch`, each step's result as it is known, and `done`. */
  async *stream(
    engine: Engine,
    options: PlanExecuteOptions = {},
  ): AsyncGenerator<PlanEvent, void, undefined> {
    const { planner, dispatches, run } = this.#start(engine, options, true);
    yield { type: 'start', steps: this.#steps.length, planner: planner.name, dispatches: dispatches.length };
    for (let d = 0; d < dispatches.length; d++) {
      const dispatch = dispatches[d]!;
      yield { type: 'dispatch', dispatch: d, steps: dispatch.steps, mode: dispatch.mode };
      let error: unknown;
      try {
        await run.dispatch(dispatch);
      } catch (e) {
        error = e;
      }
      yield* run.flush();
      if (error !== undefined) {
        run.abandon(error);
        yield* run.flush();
        throw aborted(error, run.result(planner.name));
      }
    }
    yield { type: 'done', result: run.result(planner.name) };
  }

  #start(engine: Engine, options: PlanExecuteOptions, events: boolean) {
    const planner = plannerFor(options.planner, engine);
    const stopOnError = options.stopOnError ?? true;
    const dispatches = planner.schedule(this.#planned(), { engine, stopOnError });
    return { planner, dispatches, run: new PlanRun(this.#steps, engine, options, stopOnError, events) };
  }

  toJSON(): PlanJSON {
    return {
      steps: this.#steps.map((s) => ({
        operation: s.operation.toJSON(),
        ...(s.find ? { find: findJSON(s.find) } : {}),
        ...(s.label !== undefined ? { label: s.label } : {}),
      })),
    };
  }

  /** Rebuilds a plan from `plan.toJSON()` (or its JSON text): steps, references and labels. */
  static fromJSON(json: unknown): Plan {
    const decodeOperation = jsonCodecs().operationFromJSON;
    const plan = new Plan();
    const value = (typeof json === 'string' ? JSON.parse(json) : json) as PlanJSON;
    if (!value || !Array.isArray(value.steps)) throw new PlanError('a plan in JSON is { "steps": [...] }');
    for (const step of value.steps) {
      const op = decodeOperation(step.operation);
      const options = step.label !== undefined ? { label: step.label } : {};
      if (step.find) plan.findOrCreate(step.find, op, options);
      else plan.add(op, options);
    }
    return plan;
  }
}

function aborted(error: unknown, result: PlanResult): PlanAbortedError {
  const why = error instanceof Error ? error.message : String(error);
  return new PlanAbortedError(`the plan stopped: ${why}`, result, { cause: error });
}

function findJSON(find: FindCriteria): FindCriteria {
  if ('session' in find) return find;
  const target = find.in as Target;
  return { window: find.window, in: target.type === 'slot' ? target : formatTarget(target) };
}

/** The probe's argv: `display-message` for a session (exact name), `list-windows` for a window. */
function probeArgv(find: FindCriteria, resolveSlot: (slot: number, object: SlotObject) => string): string[] {
  if ('session' in find) return ['display-message', '-p', '-t', `=${find.session}:`, '--', PROBE_FORMAT];
  const session = formatTarget(find.in as Target, resolveSlot);
  return ['list-windows', '-t', session, '-F', `${PROBE_FORMAT} #{window_name}`];
}

/** The ids in a probe's answer, when it found the object. */
function probeFound(find: FindCriteria, result: CommandResult): BoundIds | undefined {
  if (!result.ok) return undefined;
  const lines = result.stdoutLines;
  const match =
    'session' in find ? lines[0] : lines.find((line) => line.split(' ').slice(3).join(' ') === find.window);
  if (!match) return undefined;
  const [sessionId, windowId, paneId] = match.split(' ');
  if (!sessionId?.startsWith('$') || !windowId?.startsWith('@') || !paneId?.startsWith('%')) return undefined;
  return { sessionId, windowId, paneId };
}

/** The ids a creating step's result reports. */
function createdIds(result: CommandResult): BoundIds | undefined {
  const r = result as Partial<Record<'sessionId' | 'windowId' | 'paneId', string>>;
  if (!r.sessionId && !r.windowId && !r.paneId) return undefined;
  return {
    ...(r.sessionId ? { sessionId: r.sessionId } : {}),
    ...(r.windowId ? { windowId: r.windowId } : {}),
    ...(r.paneId ? { paneId: r.paneId } : {}),
  };
}

/**
 * A step's result, frozen, every one with the same properties in the same order (absent ones undefined,
 * which JSON leaves out): one object shape for all, which keeps building thousands of them cheap.
 */
function stepResult(
  step: PlanStep,
  status: StepResult['status'],
  more: Pick<StepResult, 'result' | 'found' | 'skip' | 'error' | 'dispatch'>,
): StepResult {
  return Object.freeze({
    step: step.index,
    command: step.operation.command,
    label: step.label,
    status,
    result: more.result,
    found: more.found,
    skip: more.skip,
    error: more.error,
    dispatch: more.dispatch,
  });
}

/** One execution of a plan: results and bindings as they come, events queued for the stream. */
class PlanRun {
  readonly #results: (StepResult | undefined)[];
  readonly #bindings = new Map<number, BoundIds>();
  readonly #events: PlanEvent[] = [];
  #firstFailure: number | undefined;
  #dispatchCount = 0;
  readonly #deadline: number | undefined;

  constructor(
    readonly steps: readonly PlanStep[],
    readonly engine: Engine,
    readonly options: PlanExecuteOptions,
    readonly stopOnError: boolean,
    readonly events: boolean,
  ) {
    this.#results = new Array(steps.length).fill(undefined);
    this.#deadline = options.timeout !== undefined ? Date.now() + options.timeout : undefined;
  }

  /** Per-request options: the caller's signal, and what is left of the plan's timeout. */
  #callOptions(): ExecuteOptions {
    const left = this.#deadline !== undefined ? Math.max(1, this.#deadline - Date.now()) : undefined;
    return {
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(left !== undefined ? { timeout: left } : {}),
    };
  }

  #settle(result: StepResult): void {
    this.#results[result.step] = result;
    if (
      result.status === 'failed' &&
      (this.#firstFailure === undefined || result.step < this.#firstFailure)
    ) {
      this.#firstFailure = result.step;
    }
    if (this.events) this.#events.push({ type: 'step', result });
  }

  *flush(): Generator<PlanEvent> {
    while (this.#events.length > 0) yield this.#events.shift()!;
  }

  /** Why `step` cannot run now, if it cannot. */
  #blocked(step: PlanStep): StepResult | undefined {
    if (this.stopOnError && this.#firstFailure !== undefined && this.#firstFailure < step.index) {
      const f = this.#firstFailure;
      return stepResult(step, 'skipped', {
        skip: { kind: 'earlierFailure', step: f, message: `step ${f} failed before it` },
      });
    }
    for (const dep of step.dependsOn) {
      if (this.#bindings.has(dep)) continue;
      const creator = this.#results[dep];
      const why =
        creator?.status === 'complete'
          ? `step ${dep} (${creator.command}) reported no ids`
          : `step ${dep} (${this.steps[dep]!.operation.command}) ${creator?.status === 'skipped' ? 'was skipped' : 'failed'}`;
      return stepResult(step, 'skipped', {
        skip: { kind: 'failedReference', step: dep, message: `it refers to what ${why}` },
      });
    }
    return undefined;
  }

  /** The operation with every reference replaced by the id its creator bound. */
  #resolved(step: PlanStep): Operation {
    if (step.dependsOn.length === 0) return step.operation;
    const resolve = (slot: Extract<Target, { type: 'slot' }>) =>
      this.#bindings.get(slot.slot)![OBJECT_ID[slot.object]]! + (slot.suffix ?? '');
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(step.operation.params))
      params[key] = resolveValue(value, resolve);
    const OperationClass = step.operation.constructor as OperationClass;
    return new OperationClass(params as never);
  }

  #complete(step: PlanStep, result: CommandResult, dispatch: number): void {
    if (result.ok) {
      const ids = step.operation.descriptor.creates ? createdIds(result) : undefined;
      if (ids) this.#bindings.set(step.index, ids);
    }
    this.#settle(
      stepResult(step, result.ok ? 'complete' : 'failed', {
        result,
        ...(step.find ? { found: false } : {}),
        dispatch,
      }),
    );
  }

  async dispatch(dispatch: Dispatch): Promise<void> {
    let todo: PlanStep[] = [];
    // A decorated dispatch's decorations refer to its creation, which has not run yet: they are judged
    // after it.
    const decorated = dispatch.mode === 'decorated';
    for (const index of dispatch.steps) {
      const step = this.steps[index]!;
      const blocked = decorated && index !== dispatch.steps[0] ? undefined : this.#blocked(step);
      if (blocked) this.#settle(blocked);
      else todo.push(step);
    }
    if (decorated && todo[0]?.index !== dispatch.steps[0]) {
      // The creation cannot run: neither can what decorates it.
      for (const step of todo) this.#settle(this.#blocked(step)!);
      return;
    }
    if (todo.length === 0) return;
    const probing = todo.filter((s) => s.find);
    if (probing.length > 0) {
      const n = this.#dispatchCount++;
      const resolveSlot = (slot: number, object: SlotObject) => this.#bindings.get(slot)![OBJECT_ID[object]]!;
      const answers = await Promise.all(
        probing.map((s) => this.engine.run(probeArgv(s.find!, resolveSlot), this.#callOptions())),
      );
      probing.forEach((s, i) => {
        const ids = probeFound(s.find!, answers[i]!);
        if (!ids) return;
        this.#bindings.set(s.index, ids);
        this.#settle(stepResult(s, 'complete', { found: true, result: answers[i]!, dispatch: n }));
      });
      todo = todo.filter((s) => this.#results[s.index] === undefined);
      if (todo.length === 0) return;
    }
    if (dispatch.mode === 'decorated' && todo.length > 1 && todo[0]!.index === dispatch.steps[0]) {
      return this.#decorated(todo[0]!, todo.slice(1));
    }
    if (dispatch.mode === 'list' && todo.length > 1) return this.#list(todo);
    if (dispatch.mode === 'parallel' && todo.length > 1) return this.#parallel(todo);
    for (const step of todo) {
      // serial and single: one request at a time; a failure stops the rest when stopOnError.
      const blocked = this.#blocked(step);
      if (blocked) {
        this.#settle(blocked);
        continue;
      }
      const n = this.#dispatchCount++;
      this.#inFlight = [step];
      this.#complete(step, await this.engine.execute(this.#resolved(step), this.#callOptions()), n);
      this.#inFlight = [];
    }
  }

  #inFlight: PlanStep[] = [];

  async #parallel(todo: PlanStep[]): Promise<void> {
    const n = this.#dispatchCount++;
    const ops = todo.map((s) => this.#resolved(s));
    this.#inFlight = todo;
    const all = (
      this.engine as { executeAll?: (ops: Operation[], o: ExecuteOptions) => Promise<CommandResult[]> }
    ).executeAll;
    const results =
      typeof all === 'function'
        ? await all.call(this.engine, ops, this.#callOptions())
        : await Promise.all(ops.map((op) => this.engine.execute(op, this.#callOptions())));
    this.#inFlight = [];
    todo.forEach((s, i) => this.#complete(s, results[i]!, n));
  }

  /** A creation and its decorations in one dispatch; results report the decorations with the new id. */
  async #decorated(create: PlanStep, decorations: PlanStep[]): Promise<void> {
    const n = this.#dispatchCount++;
    this.#inFlight = [create, ...decorations];
    const outcome = await this.engine.executeDecorated!(
      this.#resolved(create),
      decorations.map((d) => d.operation),
      this.#callOptions(),
    );
    this.#inFlight = [];
    this.#complete(create, outcome.created, n);
    const version = await this.engine.version();
    outcome.decorations.forEach((r, i) => {
      const step = decorations[i]!;
      // The same result as from its own dispatch: rendered with the id the creation reported.
      const compiled = this.#resolved(step).compile({ version });
      const raw = { argv: compiled.argv, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
      this.#complete(step, compiled.decode(raw), n);
    });
    for (const step of decorations.slice(outcome.decorations.length)) {
      const blocked = this.#blocked(step);
      if (blocked) this.#settle(blocked);
    }
  }

  async #list(todo: PlanStep[]): Promise<void> {
    let rest = todo;
    while (rest.length > 0) {
      const n = this.#dispatchCount++;
      this.#inFlight = rest;
      const outcome = await this.engine.executeList!(
        rest.map((s) => this.#resolved(s)),
        this.#callOptions(),
      );
      this.#inFlight = [];
      outcome.results.forEach((r, i) => this.#complete(rest[i]!, r, n));
      const ran = outcome.results.length;
      if (ran === rest.length) return;
      // tmux stopped the list at a failure: the rest never ran. With stopOnError they are skipped;
      // otherwise those that do not depend on the failure go out again.
      const after = rest.slice(ran);
      rest = [];
      for (const step of after) {
        const blocked = this.#blocked(step);
        if (blocked) this.#settle(blocked);
        else rest.push(step);
      }
      if (rest.length === 1) {
        const only = rest[0]!;
        const m = this.#dispatchCount++;
        this.#inFlight = [only];
        this.#complete(only, await this.engine.execute(this.#resolved(only), this.#callOptions()), m);
        this.#inFlight = [];
        return;
      }
    }
  }

  /** The engine failed mid-dispatch: what was in flight may have run; everything not yet run is skipped. */
  abandon(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    const name = error instanceof Error ? error.name : 'Error';
    for (const step of this.#inFlight) {
      if (this.#results[step.index] === undefined) {
        this.#settle(stepResult(step, 'failed', { error: { name, message } }));
      }
    }
    this.#inFlight = [];
    const failedAt = this.#firstFailure ?? -1;
    for (const step of this.steps) {
      if (this.#results[step.index] !== undefined) continue;
      this.#settle(
        stepResult(step, 'skipped', {
          skip: { kind: 'earlierFailure', step: failedAt, message: `the plan stopped before it: ${message}` },
        }),
      );
    }
  }

  result(planner: string): PlanResult {
    const bindings: Record<string, BoundIds> = {};
    for (const [step, ids] of [...this.#bindings].sort((a, b) => a[0] - b[0])) bindings[String(step)] = ids;
    return new PlanResult({
      planner,
      dispatches: this.#dispatchCount,
      bindings,
      results: this.#results.map(
        (r, i) =>
          r ??
          stepResult(this.steps[i]!, 'skipped', {
            skip: { kind: 'earlierFailure', step: -1, message: 'not run' },
          }),
      ),
    });
  }
}
