/**
 * A workspace session compiled into one `Plan`, in tmuxp's order where it matters:
 *
 * 1. `new-session -d -x W -y H` (its first window is a placeholder, moved out of the way), then the
 *    session's options, global options and environment, so that every window is created under them
 *    (`base-index`, `default-shell`, variables the first pane must see);
 * 2. every window by `new-window -d` (at its `window_index` when given); then, window by window, its
 *    options and its panes: each later pane splits the one before it, and the window's `layout` is
 *    applied after every split (so that many panes fit, as tmuxp does); the focused pane;
 * 3. the focused window (else the first) selected, the placeholder window closed.
 *
 * In append mode only step 2 runs, into the running session. Commands are not steps: the loader types
 * them once each pane's shell is ready (see `workspace-load.ts`), and only then sets `options_after`.
 * Pure: no I/O.
 */
import { Plan } from '../runtime/plans/plan.js';
import type { PlanReference } from '../runtime/plans/plan-reference.js';
import type { TargetInput } from '../runtime/targets.js';
import {
  KillWindow,
  MoveWindow,
  NewSession,
  NewWindow,
  SelectLayout,
  SelectPane,
  SelectWindow,
  SendKeys,
  SetEnvironment,
  SetOption,
  SplitWindow,
} from '../generated/operations.generated.js';
import {
  NAMED_LAYOUTS,
  type WorkspaceCommand,
  type WorkspacePane,
  type WorkspaceSession,
  type WorkspaceWindow,
} from './workspace-model.js';

/** Where the placeholder window waits while the real ones are created (tmux allows any index). */
const PLACEHOLDER_INDEX = 999_999;

export interface SessionPlanOptions {
  /** New session size (`-x`/`-y`). */
  readonly width: number;
  readonly height: number;
  /** Append the windows to this running session (its id) instead of creating the session. */
  readonly appendTo?: string;
}

/** A compiled session: the plan, and which steps create what (for results and rollback). */
export interface SessionPlan {
  readonly plan: Plan;
  /** The step that creates the session (undefined in append mode). */
  readonly sessionStep: number | undefined;
  /** Per window, the step that creates it; per pane, the step that creates it (the window's first pane is the window's). */
  readonly windows: readonly { readonly step: number; readonly panes: readonly number[] }[];
  /** What the loader types, per pane with commands (`shell`: the pane runs a shell, to wait for). */
  readonly typing: readonly {
    readonly window: number;
    readonly pane: number;
    readonly commands: readonly WorkspaceCommand[];
    readonly shell: boolean;
  }[];
  /**
   * `options_after`, per window: set once the commands are typed (as tmuxp does), so that an option
   * like `synchronize-panes` does not send one pane's commands to all of them.
   */
  readonly afterTyping: readonly {
    readonly window: number;
    readonly option: string;
    readonly value: string;
  }[];
}

/** The `options_after` of a compiled session, as operations on the windows the load created. */
export function optionsAfter(compiled: SessionPlan, windowIds: readonly string[]): SetOption[] {
  return compiled.afterTyping.map(
    ({ window, option, value }) => new SetOption({ target: windowIds[window]!, window: true, option, value }),
  );
}

/** The keys a command is typed as: literally (`-l`), with a leading space to keep it out of history. */
export function commandKeys(target: TargetInput, command: WorkspaceCommand): SendKeys[] {
  const text = command.suppressHistory ? ` ${command.cmd}` : command.cmd;
  const keys = text === '' ? [] : [new SendKeys({ target, literal: true, keys: [text] })];
  return command.enter ? [...keys, new SendKeys({ target, keys: ['Enter'] })] : keys;
}

function environmentList(env: Readonly<Record<string, string>>): string[] | undefined {
  const list = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return list.length > 0 ? list : undefined;
}

function paneParams(pane: WorkspacePane) {
  const environment = environmentList(pane.environment);
  return {
    ...(pane.startDirectory !== undefined ? { startDirectory: pane.startDirectory } : {}),
    ...(environment ? { environment } : {}),
    ...(pane.shell !== undefined ? { shellCommand: pane.shell } : {}),
  };
}

export function sessionPlan(session: WorkspaceSession, options: SessionPlanOptions): SessionPlan {
  const plan = new Plan();
  let sessionRef: TargetInput;
  let placeholder: PlanReference | undefined;
  let sessionStep: number | undefined;
  if (options.appendTo === undefined) {
    const created = plan.add(
      new NewSession({
        detached: true,
        sessionName: session.name,
        width: String(options.width),
        height: String(options.height),
        ...(session.startDirectory !== undefined ? { startDirectory: session.startDirectory } : {}),
      }),
    );
    sessionStep = created.step;
    sessionRef = created.session;
    placeholder = created.window;
    for (const [option, value] of Object.entries(session.options))
      plan.add(new SetOption({ target: sessionRef, option, value }));
    for (const [option, value] of Object.entries(session.globalOptions))
      plan.add(new SetOption({ global: true, option, value }));
    for (const [name, value] of Object.entries(session.environment))
      plan.add(new SetEnvironment({ target: sessionRef, name, value }));
    plan.add(new MoveWindow({ source: placeholder, target: created.windowAt(PLACEHOLDER_INDEX) }));
  } else {
    sessionRef = options.appendTo;
  }

  const windows: { step: number; panes: number[] }[] = [];
  const typing: { window: number; pane: number; commands: readonly WorkspaceCommand[]; shell: boolean }[] =
    [];
  let focusWindow: PlanReference | undefined;
  // Every window first, then what goes inside each: a window's splits depend on its creation, so a
  // planner sends all the windows in one dispatch and all their panes in the next.
  const created = session.windows.map((window) => createWindow(plan, window, sessionRef));
  session.windows.forEach((window, w) => {
    const made = fillWindow(plan, window, created[w]!, w, typing, options.height);
    windows.push(made.record);
    if (window.focus) focusWindow = made.ref;
  });
  // As tmuxp leaves it: the focused window, else the first one (selected before the placeholder goes,
  // which would otherwise pick another, and so that both travel in the same dispatch).
  const selected = focusWindow ?? (placeholder ? created[0] : undefined);
  if (selected) plan.add(new SelectWindow({ target: selected.window }));
  if (placeholder) plan.add(new KillWindow({ target: placeholder }));
  const afterTyping = session.windows.flatMap((window, w) =>
    Object.entries(window.optionsAfter).map(([option, value]) => ({ window: w, option, value })),
  );
  return Object.freeze({
    plan,
    sessionStep,
    windows: Object.freeze(windows),
    typing: Object.freeze(typing),
    afterTyping: Object.freeze(afterTyping),
  });
}

function createWindow(plan: Plan, window: WorkspaceWindow, sessionRef: TargetInput): PlanReference {
  const first = window.panes[0]!;
  const target =
    window.index === undefined
      ? sessionRef
      : typeof sessionRef === 'string'
        ? `${sessionRef}:${window.index}`
        : (sessionRef as PlanReference).windowAt(window.index);
  return plan.add(
    new NewWindow({
      detached: true,
      target,
      ...(window.name !== undefined ? { windowName: window.name } : {}),
      ...paneParams({
        ...first,
        startDirectory: first.startDirectory ?? window.startDirectory,
        environment: { ...window.environment, ...first.environment },
      }),
    }),
  );
}

function fillWindow(
  plan: Plan,
  window: WorkspaceWindow,
  ref: PlanReference,
  w: number,
  typing: { window: number; pane: number; commands: readonly WorkspaceCommand[]; shell: boolean }[],
  height: number,
) {
  for (const [option, value] of Object.entries(window.options))
    plan.add(new SetOption({ target: ref.window, window: true, option, value }));
  const named = window.layout !== undefined && (NAMED_LAYOUTS as readonly string[]).includes(window.layout);
  // Without a layout each split halves the pane before it, as under tmuxp; when the window is too short
  // for that ("no space for new pane", where tmuxp stops half-built), the panes are spread evenly instead.
  const spread = window.layout === undefined && !fitsByHalving(window.panes.length, height);
  const panes: PlanReference[] = [ref];
  const paneSteps = [ref.step];
  for (const pane of window.panes.slice(1)) {
    const split = plan.add(
      new SplitWindow({
        // The window's active pane is the last split (a split without -d selects the new pane): the
        // splits of a window refer to the window alone and travel together, in tmuxp's order.
        target: ref.window,
        ...paneParams({ ...pane, startDirectory: pane.startDirectory ?? window.startDirectory }),
      }),
    );
    panes.push(split);
    paneSteps.push(split.step);
    if (named) plan.add(new SelectLayout({ target: ref.window, layoutName: window.layout! }));
    else if (spread) plan.add(new SelectLayout({ target: ref.window, spread: true }));
  }
  // A custom layout names every pane, so it fits only once all of them exist.
  if (window.layout !== undefined && (!named || window.panes.length === 1))
    plan.add(new SelectLayout({ target: ref.window, layoutName: window.layout }));
  let focusPane: PlanReference | undefined;
  window.panes.forEach((pane, p) => {
    if (pane.commands.length > 0)
      typing.push({ window: w, pane: p, commands: pane.commands, shell: pane.shell === undefined });
    if (pane.focus) focusPane = panes[p];
  });
  if (focusPane) plan.add(new SelectPane({ target: focusPane.pane }));
  return { ref, record: { step: ref.step, panes: paneSteps } };
}

/** Whether `panes` panes fit in `height` rows when each split halves the last pane (a split needs 3 rows). */
export function fitsByHalving(panes: number, height: number): boolean {
  let rows = height;
  for (let split = 1; split < panes; split++) {
    if (rows < 3) return false;
    rows = Math.floor((rows - 1) / 2);
  }
  return true;
}
