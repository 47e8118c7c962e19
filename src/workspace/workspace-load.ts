/**
 * Loading a workspace into a tmux server, all or nothing:
 *
 * - every session's `on_exists` is decided before anything changes (`error`, the default, refuses a
 *   running session of the same name; `reuse` leaves it as it is; `append` adds the file's windows to it;
 *   `replace` builds the new session under a temporary name and only then swaps it for the old one);
 * - every `before_script` runs next (no shell: its words; in the session's directory), and a failure
 *   stops the load with the script's exit status and output before tmux is touched;
 * - each session is one plan, run with the engine's best planner; if any step fails, everything this
 *   load created (sessions, appended windows) is removed and the error says which step failed and why;
 * - commands are typed once each pane's shell is ready (`pane-readiness.ts`: told by tmux, never polled),
 *   through one control client attached to the session; a sleep orders what comes after it in its own
 *   pane, while the other panes go on (`sleeps: 'in-order'` asks for tmuxp's order: pane after pane).
 */
import type { ConnectionOptions, Engine, ExecuteOptions } from '../runtime/engines/engine.js';
import { sshConnection } from '../runtime/remote/ssh-connection.js';
import type { SshOptions } from '../runtime/remote/ssh-options.js';
import { sharedControlClient } from '../runtime/waits/pane-watch.js';
import { facadeServices } from '../runtime/facades/facade-services.js';
import { paneReadiness } from './pane-readiness.js';
import { callHook, loadPlugins, type WorkspacePlugin } from './workspace-plugins.js';
import { Server } from '../generated/facades.generated.js';
import { childProcess } from '../runtime/engines/lazy-builtins.js';
import { TmuxkitError } from '../runtime/errors.js';
import { saysNoServer } from '../runtime/results/command-result.js';
import type { PlannerName } from '../runtime/plans/planners.js';
import { KillSession, KillWindow, RenameSession, SendKeys } from '../generated/operations.generated.js';
import type { OnExists, Workspace, WorkspaceSession } from './workspace-model.js';
import { commandKeys, optionsAfter, sessionPlan, type SessionPlan } from './workspace-plan.js';

/** A load that failed; nothing it created is left behind (`rolledBack` says what was removed). */
export class WorkspaceLoadError extends TmuxkitError {
  constructor(
    message: string,
    readonly session: string,
    readonly details: {
      /** tmux's message, or the script's output. */
      readonly output?: string;
      readonly exitCode?: number;
      /** Ids of what the load created and then removed. */
      readonly rolledBack?: readonly string[];
    } = {},
  ) {
    super(message);
  }
}

export interface LoadOptions extends ExecuteOptions {
  /** What to do with a running session of the same name; overrides the file's `on_exists`. */
  readonly onExists?: OnExists;
  /** Size of new sessions (default: this terminal's, else large enough for the file's panes). */
  readonly size?: { readonly width: number; readonly height: number };
  readonly planner?: PlannerName;
  /** Milliseconds to wait for a pane's shell to print its prompt before typing anyway (default 2,000). */
  readonly readyLimit?: number;
  /**
   * How sleeps order the typing. `per-pane` (the default): panes are typed at once, and a sleep delays
   * what comes after it in its own pane only. `in-order`: tmuxp's order, pane after pane in file order,
   * so a sleep delays every pane after it (for files that rely on it to order their panes).
   */
  readonly sleeps?: 'per-pane' | 'in-order';
  /** Environment of `before_script` (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface LoadedSession {
  readonly name: string;
  readonly sessionId: string;
  readonly action: 'created' | 'replaced' | 'reused' | 'appended';
  /** The windows this load created, in file order, each with its panes. */
  readonly windows: readonly { readonly windowId: string; readonly paneIds: readonly string[] }[];
}

/** A size that fits the file: this terminal's, else wide enough, and tall enough for its splits. */
export function sessionSize(session: WorkspaceSession): { width: number; height: number } {
  const out = process.stdout;
  if (out.isTTY && out.columns > 0 && out.rows > 0) return { width: out.columns, height: out.rows };
  // With a layout after each split (or the panes spread evenly, see sessionPlan), a pane needs ~3 rows.
  const rows = session.windows.map((w) => 3 * w.panes.length + 2);
  return { width: 200, height: Math.min(1000, Math.max(50, ...rows)) };
}

/**
 * Runs a `before_script` where the session's programs will run: here, or over ssh on the engine's host
 * (in its start directory there, in the remote login's environment).
 */
function runScript(
  words: readonly string[],
  cwd: string | undefined,
  env: LoadOptions['env'],
  ssh: SshOptions | undefined,
) {
  const remote = ssh
    ? sshConnection(ssh, env).invocation([
        'sh',
        '-c',
        'cd -- "$1" || exit; shift; exec "$@"',
        'sh',
        cwd ?? '.',
        ...words,
      ])
    : undefined;
  return new Promise<{ exitCode: number; output: string }>((resolve) => {
    const child = childProcess().spawn(remote?.file ?? words[0]!, remote?.args ?? words.slice(1), {
      ...(remote ? {} : { cwd }),
      env: (env ?? process.env) as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => resolve({ exitCode: 127, output: `${output}${e.message}` }));
    child.on('close', (code, signal) => resolve({ exitCode: code ?? (signal ? 128 : 1), output }));
  });
}

const sleep = (seconds: number) => new Promise((r) => setTimeout(r, seconds * 1000));

/** Loads every session of `workspace` through `engine`; see the module's docs. */
export async function loadWorkspace(
  engine: Engine,
  workspace: Workspace,
  options: LoadOptions = {},
): Promise<LoadedSession[]> {
  const call: ExecuteOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  };
  // The running sessions, read raw (no version needed) while the engine learns the version the plan needs.
  const [listed] = await Promise.all([
    engine.run(['list-sessions', '-F', '#{session_id} #{session_name}'], call),
    engine.version(call),
  ]);
  if (!listed.ok && !saysNoServer(listed.message)) listed.raiseForStatus();
  const running = new Map(
    listed.stdoutLines.map((line) => {
      const space = line.indexOf(' ');
      return [line.slice(space + 1), line.slice(0, space)] as const;
    }),
  );
  const decisions = workspace.sessions.map((session) => {
    const existing = running.get(session.name);
    const onExists = options.onExists ?? session.onExists ?? 'error';
    if (existing !== undefined && onExists === 'error') {
      throw new WorkspaceLoadError(
        `session '${session.name}' is running already (on_exists: error; use replace, reuse or append)`,
        session.name,
      );
    }
    return { session, existing, action: existing === undefined ? 'create' : onExists };
  });

  for (const { session, action } of decisions) {
    if (action === 'reuse' || !session.beforeScript) continue;
    const ssh = (engine as { readonly options?: ConnectionOptions }).options?.ssh;
    const result = await runScript(session.beforeScript, session.startDirectory, options.env, ssh);
    if (result.exitCode !== 0) {
      throw new WorkspaceLoadError(
        `before_script of '${session.name}' failed with exit status ${result.exitCode}: ${result.output.trim() || 'no output'}`,
        session.name,
        { exitCode: result.exitCode, output: result.output },
      );
    }
  }

  const fileDirectory = workspace.file ? workspace.file.replace(/\/[^/]*$/, '') || '/' : process.cwd();
  const plugins = new Map<WorkspaceSession, WorkspacePlugin[]>();
  for (const { session } of decisions) {
    if (session.plugins.length === 0) continue;
    try {
      plugins.set(session, await loadPlugins(session.plugins, fileDirectory));
    } catch (e) {
      throw new WorkspaceLoadError((e as Error).message, session.name);
    }
  }
  const server = new Server(engine);

  const created: { kind: 'session' | 'window'; id: string }[] = [];
  const loaded: LoadedSession[] = [];
  const rollback = async () => {
    const removed: string[] = [];
    for (const c of created.reverse()) {
      const op = c.kind === 'session' ? new KillSession({ target: c.id }) : new KillWindow({ target: c.id });
      if ((await engine.execute(op).catch(() => undefined))?.ok) removed.push(c.id);
    }
    return removed;
  };
  const replacements: { oldId: string; newId: string; name: string }[] = [];
  try {
    for (const { session, existing, action } of decisions) {
      if (action === 'reuse') {
        await callHook(plugins.get(session) ?? [], 'reattach', server.session(existing!));
        loaded.push({ name: session.name, sessionId: existing!, action: 'reused', windows: [] });
        continue;
      }
      const size = options.size ?? sessionSize(session);
      const building =
        action === 'replace'
          ? { ...session, name: `${session.name}-tmuxkit-replacing-${process.pid}` }
          : session;
      const compiled = sessionPlan(building, {
        ...size,
        ...(action === 'append' ? { appendTo: existing! } : {}),
      });
      const result = await compiled.plan.execute(engine, {
        ...call,
        ...(options.planner ? { planner: options.planner } : {}),
      });
      /** Removes what this load created; the error to throw, naming the step that failed. */
      const failedAt = async (step: string, message: string) => {
        const removed = await rollback();
        return new WorkspaceLoadError(
          `loading '${session.name}' failed at ${step}: ${message}; ` +
            `removed what this load created (${removed.join(', ') || 'nothing'})`,
          session.name,
          { output: message, rolledBack: removed },
        );
      };
      const ids = (step: number) => result.bindings[String(step)] ?? {};
      const sessionId = compiled.sessionStep !== undefined ? ids(compiled.sessionStep).sessionId : existing;
      if (compiled.sessionStep !== undefined && sessionId) created.push({ kind: 'session', id: sessionId });
      const windows = compiled.windows.map((w) => ({
        windowId: ids(w.step).windowId!,
        paneIds: w.panes.map((p) => ids(p).paneId!),
      }));
      if (action === 'append')
        for (const w of windows) if (w.windowId) created.push({ kind: 'window', id: w.windowId });
      if (!result.ok) {
        const failed = result.results.find((r) => r.status === 'failed');
        const message = failed?.result?.message || failed?.error?.message || 'a step failed';
        const step = failed ? `tmux ${failed.command}` : 'a step';
        throw await failedAt(step, message);
      }
      await typeCommands(engine, sessionId!, compiled, windows, {
        readyLimit: options.readyLimit ?? 2_000,
        inOrder: options.sleeps === 'in-order',
      });
      const after = optionsAfter(
        compiled,
        windows.map((w) => w.windowId),
      );
      for (const op of after) {
        const set = await engine.execute(op, call);
        if (!set.ok) throw await failedAt(`tmux ${set.argv.join(' ')}`, set.message);
      }
      const hooks = plugins.get(session);
      if (hooks) {
        try {
          await callHook(hooks, 'beforeWorkspaceBuilder', server.session(sessionId!));
          for (const w of windows) {
            await callHook(hooks, 'onWindowCreate', server.window(w.windowId));
            await callHook(hooks, 'afterWindowFinished', server.window(w.windowId));
          }
          await callHook(hooks, 'beforeScript', server.session(sessionId!));
        } catch (e) {
          const removed = await rollback();
          throw new WorkspaceLoadError(
            `a plugin of '${session.name}' failed: ${(e as Error).message}; removed what this load created (${removed.join(', ') || 'nothing'})`,
            session.name,
            { rolledBack: removed },
          );
        }
      }
      if (action === 'replace')
        replacements.push({ oldId: existing!, newId: sessionId!, name: session.name });
      loaded.push({
        name: session.name,
        sessionId: sessionId!,
        action: action === 'create' ? 'created' : action === 'append' ? 'appended' : 'replaced',
        windows,
      });
    }
  } catch (e) {
    if (!(e instanceof WorkspaceLoadError)) await rollback();
    throw e;
  }
  // Everything built: only now do replaced sessions go, and the new ones take their names.
  for (const r of replacements) {
    (await engine.execute(new KillSession({ target: r.oldId }), call)).raiseForStatus();
    (await engine.execute(new RenameSession({ target: r.newId, newName: r.name }), call)).raiseForStatus();
  }
  return loaded;
}

/** Types each pane's commands once its shell is ready: panes at once, each pane in order. */
async function typeCommands(
  engine: Engine,
  sessionId: string,
  compiled: SessionPlan,
  windows: LoadedSession['windows'],
  { readyLimit, inOrder }: { readyLimit: number; inOrder: boolean },
): Promise<void> {
  if (compiled.typing.length === 0) return;
  const { client, release } = await sharedControlClient(engine, sessionId, facadeServices().openControl);
  try {
    const targets = compiled.typing.map((t) => windows[t.window]!.paneIds[t.pane]!);
    const readiness = await paneReadiness(client, sessionId, targets, readyLimit);
    try {
      const typePane = async ({ commands, shell }: SessionPlan['typing'][number], i: number) => {
        const target = targets[i]!;
        if (shell) await readiness.ready(target);
        for (const command of commands) {
          if (command.sleepBefore > 0) await sleep(command.sleepBefore);
          for (const keys of commandKeys(target, command)) (await client.execute(keys)).raiseForStatus();
          if (command.sleepAfter > 0) await sleep(command.sleepAfter);
        }
      };
      if (inOrder) for (const [i, pane] of compiled.typing.entries()) await typePane(pane, i);
      else await Promise.all(compiled.typing.map(typePane));
    } finally {
      readiness.stop();
    }
  } finally {
    await release();
  }
}
