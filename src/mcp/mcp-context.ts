/**
 * What every tool of one MCP server shares: the engine of the one tmux server it drives, its safety tier,
 * where the caller runs, and the capture cursors. Every tmux command a tool runs goes through `exec`,
 * which checks the call's tier (from its payload) and the self-kill guard before anything reaches tmux.
 */
import {
  catalogByName,
  formatTarget,
  operationFromJSON,
  Server,
  type CommandDescriptor,
  type CommandResult,
  type Engine,
  type ExecuteOptions,
  type Operation,
  type Target,
} from '../index.js';
import { callTier } from './call-tier.js';
import type { CallerTmux } from './caller-pane.js';
import { tierAllows, type SafetyTier } from './safety-tiers.js';
import { killOf, selfKillRefusal, WRITES_INTO_PANE, type CallerPlace } from './self-kill-guard.js';

/** A call the server refuses: above its tier, or one that would kill the caller. Becomes an `isError` result. */
export class RefusedError extends Error {}

export interface TmuxMcpContextOptions {
  readonly engine: Engine;
  readonly safety: SafetyTier;
  /** Where the MCP server runs, from its environment or its ancestors' (`findCallerTmux`). */
  readonly caller?: CallerTmux | undefined;
  /** This process and its ancestors' pids, matched against the panes' own pids. */
  readonly pids?: readonly number[];
}

/** Parameters as JSON (targets as their text), to build the operation again. */
const jsonParams = (params: Readonly<Record<string, unknown>>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(params).map(([k, v]) => [
      k,
      v && typeof v === 'object' && 'type' in v ? formatTarget(v as Target) : v,
    ]),
  );

const place = ({ paneId, windowId, sessionId }: CallerPlace): CallerPlace => ({
  paneId,
  windowId,
  sessionId,
});

export class TmuxMcpContext {
  readonly engine: Engine;
  readonly server: Server;
  readonly safety: SafetyTier;
  readonly caller: CallerTmux | undefined;
  readonly pids: readonly number[];
  #socketPath: Promise<string | undefined> | undefined;

  constructor(options: TmuxMcpContextOptions) {
    this.engine = options.engine;
    this.server = new Server(options.engine);
    this.safety = options.safety;
    this.caller = options.caller;
    this.pids = options.pids ?? [];
  }

  /** The descriptor of a tmux command; an error naming it when the catalog has none. */
  descriptor(command: string): CommandDescriptor {
    const found = catalogByName.get(command);
    if (!found) throw new RefusedError(`unknown tmux command ${JSON.stringify(command)}`);
    return found;
  }

  /** Refuses a call above the server's tier, saying which tier it needs and why. */
  checkTier(tier: SafetyTier, what: string, reason?: string): void {
    if (!tierAllows(this.safety, tier))
      throw new RefusedError(
        `refused: ${what} is ${tier}${reason ? ` (${reason})` : ''}, and this server runs at --safety ${this.safety}`,
      );
  }

  /** The socket path of the driven server, asked once (undefined while no server runs). */
  async socketPath(): Promise<string | undefined> {
    const ask = async () => {
      const r = await this.engine.run(['display-message', '-p', '#{socket_path}']);
      return r.ok ? r.stdout.trim() : undefined;
    };
    const path = await (this.#socketPath ??= ask());
    // No server yet: ask again next time (one may have started).
    if (path === undefined) this.#socketPath = undefined;
    return path;
  }

  /**
   * The caller's pane on this server, now (panes move): by `$TMUX_PANE` when the caller's `$TMUX` names this
   * server's socket, else by a pane whose own pid is this process or one of its ancestors.
   */
  async callerPlace(call: ExecuteOptions = {}): Promise<CallerPlace | undefined> {
    if (!this.caller && this.pids.length === 0) return undefined;
    const listed = await this.engine.run(
      ['list-panes', '-a', '-F', '#{pane_id} #{window_id} #{session_id} #{pane_pid}'],
      call,
    );
    if (!listed.ok) return undefined;
    const rows = listed.stdoutLines.map((l) => {
      const [paneId, windowId, sessionId, pid] = l.split(' ');
      return { paneId: paneId!, windowId: windowId!, sessionId: sessionId!, pid: Number(pid) };
    });
    if (this.caller?.paneId && (await this.sameSocket(this.caller.socketPath))) {
      const row = rows.find((r) => r.paneId === this.caller!.paneId);
      if (row) return place(row);
    }
    const row = rows.find((r) => this.pids.includes(r.pid));
    return row ? place(row) : undefined;
  }

  private async sameSocket(path: string): Promise<boolean> {
    const ours = await this.socketPath();
    if (ours === undefined) return false;
    const { realpathSync } = await import('node:fs');
    const real = (p: string) => {
      try {
        return realpathSync(p);
      } catch {
        return p;
      }
    };
    return real(ours) === real(path);
  }

  /**
   * What a target names, resolved the way the command that takes it resolves it: a session target as a
   * session (names match by prefix and pattern), a window target as a window, a pane target as a pane.
   * Undefined when it names nothing.
   */
  async resolveAs(
    kind: 'pane' | 'window' | 'session',
    target: string | undefined,
    call: ExecuteOptions = {},
  ): Promise<CallerPlace | undefined> {
    const t = target !== undefined ? ['-t', target] : [];
    const argv =
      kind === 'session'
        ? ['list-windows', ...t, '-F', '#{pane_id} #{window_id} #{session_id}']
        : kind === 'window'
          ? ['list-panes', ...t, '-F', '#{pane_id} #{window_id} #{session_id}']
          : ['display-message', '-p', ...t, '#{pane_id} #{window_id} #{session_id}'];
    const r = await this.engine.run(argv, call);
    const [paneId, windowId, sessionId] = r.ok ? (r.stdoutLines[0] ?? '').split(' ') : [];
    if (!paneId?.startsWith('%') || !windowId?.startsWith('@') || !sessionId?.startsWith('$'))
      return undefined;
    return { paneId, windowId, sessionId };
  }

  /** A target's pane, window and session ids as a pane target names them; `RefusedError` when it names nothing. */
  async resolve(target: string | undefined, call: ExecuteOptions = {}): Promise<CallerPlace> {
    const found = await this.resolveAs('pane', target, call);
    if (!found) throw new RefusedError(`cannot resolve target ${JSON.stringify(target ?? '(current)')}`);
    return found;
  }

  /**
   * The guard of one command: why it would kill the caller's pane, window, session or server, or type into
   * its pane (`refusal`); otherwise its parameters with the target replaced by the id it was checked as, so
   * that tmux acts on exactly what was checked. Without a caller on this server, the parameters as given.
   */
  async guard(
    command: string,
    params: Readonly<Record<string, unknown>>,
    call: ExecuteOptions = {},
  ): Promise<{ refusal?: string; params: Readonly<Record<string, unknown>> }> {
    const kill = killOf(command, params);
    const writes = WRITES_INTO_PANE.has(command);
    if (!kill && !writes) return { params };
    const caller = await this.callerPlace(call);
    if (!caller) return { params };
    const textOf = (param: string): string | undefined | 'slot' => {
      const target = params[param] as Target | string | undefined;
      if (typeof target === 'object' && target.type === 'slot') return 'slot';
      return typeof target === 'object' ? formatTarget(target) : target;
    };
    if (writes) {
      const text = textOf('target');
      if (text === 'slot') return { params };
      const pane = await this.resolveAs('pane', text, call);
      if (!pane) throw new RefusedError(`cannot resolve target ${JSON.stringify(text ?? '(current)')}`);
      if (pane.paneId === caller.paneId)
        return {
          refusal: `refused: ${command} into ${pane.paneId}, the pane this MCP server runs in`,
          params,
        };
      return { params: { ...params, target: pane.paneId } };
    }
    if (!kill) return { params };
    if (kill.kind === 'server' || kill.kind === 'wide') {
      const refusal = selfKillRefusal(caller, kill);
      return refusal ? { refusal, params } : { params };
    }
    const text = textOf(kill.targetParam);
    if (text === 'slot') {
      // Something the plan itself creates: never the caller's own, but "all the others" may be.
      const refusal = kill.others
        ? selfKillRefusal(caller, { kind: 'wide', why: `${command} -a on an object the plan creates` })
        : undefined;
      return refusal ? { refusal, params } : { params };
    }
    const target = await this.resolveAs(kill.kind, text, call);
    if (!target) {
      if (kill.mayBeAbsent) return { params };
      throw new RefusedError(`cannot resolve target ${JSON.stringify(text ?? '(current)')}`);
    }
    const refusal = selfKillRefusal(caller, { kind: kill.kind, target, others: kill.others });
    if (refusal) return { refusal, params };
    if (kill.mayBeAbsent) return { params };
    const id =
      kill.kind === 'pane' ? target.paneId : kill.kind === 'window' ? target.windowId : target.sessionId;
    return { params: { ...params, [kill.targetParam]: id } };
  }

  /** Why running `command` with `params` would harm the caller (see `guard`), or undefined. */
  async selfKill(
    command: string,
    params: Readonly<Record<string, unknown>>,
    call: ExecuteOptions = {},
  ): Promise<string | undefined> {
    return (await this.guard(command, params, call)).refusal;
  }

  /**
   * Runs one tmux command for a tool: its tier from its payload checked against the server's, the self-kill
   * guard, then the engine; a tmux failure throws its typed error.
   */
  async exec(
    command: string,
    params: Readonly<Record<string, unknown>>,
    call: ExecuteOptions = {},
  ): Promise<CommandResult> {
    const op = operationFromJSON({ command, params });
    const { tier, reason } = callTier(op.descriptor, op.params as Record<string, unknown>);
    this.checkTier(tier, command, reason);
    const guarded = await this.guard(command, op.params as Record<string, unknown>, call);
    if (guarded.refusal) throw new RefusedError(guarded.refusal);
    // The command runs on the ids the guard checked, not on names tmux might resolve differently later.
    const checked =
      guarded.params === op.params ? op : operationFromJSON({ command, params: jsonParams(guarded.params) });
    return (await this.engine.execute(checked as Operation<object, CommandResult>, call)).raiseForStatus();
  }
}
