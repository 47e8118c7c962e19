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
import { killOf, selfKillRefusal, type CallerPlace, type KillRequest } from './self-kill-guard.js';

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

  /** A target's pane, window and session ids, as tmux resolves it now. */
  async resolve(target: string | undefined, call: ExecuteOptions = {}): Promise<CallerPlace> {
    const argv = [
      'display-message',
      '-p',
      ...(target !== undefined ? ['-t', target] : []),
      '#{pane_id} #{window_id} #{session_id}',
    ];
    const r = await this.engine.run(argv, call);
    const [paneId, windowId, sessionId] = r.ok ? r.stdout.trim().split(' ') : [];
    // Fail closed: a target that does not resolve to ids is never assumed to be someone else's.
    if (!paneId?.startsWith('%') || !windowId?.startsWith('@') || !sessionId?.startsWith('$'))
      throw new RefusedError(
        `cannot resolve target ${JSON.stringify(target ?? '(current)')}: ${r.message || 'tmux named nothing'}`,
      );
    return { paneId, windowId, sessionId };
  }

  /** Why running `command` with `params` would kill the caller's pane, window, session or server. */
  async selfKill(
    command: string,
    params: Readonly<Record<string, unknown>>,
    call: ExecuteOptions = {},
  ): Promise<string | undefined> {
    const kill = killOf(command, params);
    if (!kill) return undefined;
    const caller = await this.callerPlace(call);
    if (!caller) return undefined;
    let request: KillRequest;
    if (kill.kind === 'server' || kill.kind === 'wide') request = kill;
    else {
      const target = params[kill.targetParam] as Target | string | undefined;
      if (typeof target === 'object' && target.type === 'slot') {
        // Something the plan itself creates: never the caller's own, but "all the others" may be.
        if (!kill.others) return undefined;
        return selfKillRefusal(caller, { kind: 'wide', why: `${command} -a on an object the plan creates` });
      }
      const text = typeof target === 'object' ? formatTarget(target) : target;
      request = { kind: kill.kind, target: await this.resolve(text, call), others: kill.others };
    }
    return selfKillRefusal(caller, request);
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
    const refusal = await this.selfKill(command, op.params as Record<string, unknown>, call);
    if (refusal) throw new RefusedError(refusal);
    return (await this.engine.execute(op as Operation<object, CommandResult>, call)).raiseForStatus();
  }
}
