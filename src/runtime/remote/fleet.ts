/**
 * `Fleet`: the same operation, plan, workspace or any task on many hosts at once, each over ssh through
 * its own engine (one shared ssh connection per host), at most `concurrency` hosts at a time. Every host
 * gets its own outcome, a value or the error it met, in the order the hosts were given: one host that
 * fails (unreachable, refused key, no tmux, a tmux error) never stops the others.
 *
 * @example
 * ```ts
 * import { Fleet, ListSessions, loadWorkspace, parseWorkspace } from 'tmuxkit';
 * const fleet = new Fleet(['build1', 'deploy@build2:2222'], { socketName: 'ci', concurrency: 4 });
 * for (const outcome of await fleet.execute(new ListSessions())) {
 *   if (outcome.ok) console.log(outcome.host, outcome.value.rows.length);
 *   else console.log(outcome.host, 'failed:', outcome.error.message);
 * }
 * // Anything an engine can do, per host: a workspace, for one.
 * const workspace = await parseWorkspace(text);
 * await fleet.each((engine) => loadWorkspace(engine, workspace));
 * await fleet.close();
 * ```
 */
import type { ConnectionOptions, Engine, ExecuteOptions } from '../engines/engine.js';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import { ParameterError } from '../errors.js';
import type { Plan, PlanExecuteOptions } from '../plans/plan.js';
import type { PlanResult } from '../plans/plan-result.js';
import { checkSshOptions, sshLabel, type SshOptions } from './ssh-options.js';

/** Which engine each host is driven through. */
export type FleetEngineKind = 'subprocess' | 'control mode' | 'socket';

export interface FleetOptions extends Omit<ConnectionOptions, 'ssh'> {
  /** ssh settings every host shares (`identityFile`, `options`, `command`, ...); each host adds its own. */
  readonly ssh?: Omit<SshOptions, 'host'>;
  /** Hosts worked on at once (default 8). */
  readonly concurrency?: number;
  /** The engine per host (default `'subprocess'`). */
  readonly engine?: FleetEngineKind;
  /**
   * For `'control mode'`: the session each host's client attaches to (default `'tmuxkit'`), created when
   * missing and then killed again by `close()`.
   */
  readonly session?: string;
}

/** What one host gave: its value, or the error it met; `ms` is the time its task took. */
export type FleetOutcome<T> =
  | { readonly host: string; readonly ok: true; readonly value: T; readonly ms: number }
  | { readonly host: string; readonly ok: false; readonly error: Error; readonly ms: number };

/** How engines are made: the exported `Fleet` passes the catalog-backed engines. */
export type FleetEngineFactory = (
  kind: FleetEngineKind,
  options: ConnectionOptions & { session?: string },
) => Engine;

/**
 * A host written as ssh writes it: `host`, `user@host`, `host:port`, `user@[::1]:port`. Anything else a
 * host needs (keys, jump hosts) belongs in the ssh configuration or `options`.
 */
export function parseHost(text: string): SshOptions {
  const m = /^(?:([^@\s]+)@)?(?:\[([^\]\s]+)\]|([^:@\s[\]]+))(?::(\d+))?$/.exec(text);
  if (!m)
    throw new ParameterError('fleet', 'hosts', `expected [user@]host[:port], got ${JSON.stringify(text)}`);
  const [, user, bracketed, plain, port] = m;
  return checkSshOptions({
    host: (bracketed ?? plain)!,
    ...(user !== undefined ? { user } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
  });
}

export class FleetBase {
  /** Each host's ssh options, in the order given. */
  readonly hosts: readonly SshOptions[];
  readonly #engines = new Map<string, Engine>();
  readonly #options: FleetOptions;
  readonly #make: FleetEngineFactory;

  constructor(hosts: readonly (string | SshOptions)[], options: FleetOptions, make: FleetEngineFactory) {
    if (hosts.length === 0) throw new ParameterError('fleet', 'hosts', 'expected at least one host');
    const concurrency = options.concurrency ?? 8;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new ParameterError(
        'fleet',
        'concurrency',
        `expected a positive whole number, got ${concurrency}`,
      );
    this.#options = options;
    this.#make = make;
    this.hosts = hosts.map((h) =>
      checkSshOptions({ ...options.ssh, ...(typeof h === 'string' ? parseHost(h) : h) }),
    );
    const labels = this.labels;
    const twice = labels.find((l, i) => labels.indexOf(l) !== i);
    if (twice !== undefined) throw new ParameterError('fleet', 'hosts', `${twice} is given twice`);
  }

  /** The hosts as results name them (`user@host:port`, as given). */
  get labels(): readonly string[] {
    return this.hosts.map(sshLabel);
  }

  /** The engine that drives `host` (a label from `labels`), made on first use and kept. */
  engine(host: string): Engine {
    let engine = this.#engines.get(host);
    if (!engine) {
      const ssh = this.hosts[this.labels.indexOf(host)];
      if (!ssh) throw new ParameterError('fleet', 'host', `${host} is not in this fleet`);
      const {
        ssh: _shared,
        concurrency: _c,
        engine: kind = 'subprocess',
        session,
        ...connection
      } = this.#options;
      engine = this.#make(kind, {
        ...connection,
        ssh,
        ...(kind === 'control mode' ? { session: session ?? 'tmuxkit' } : {}),
      });
      this.#engines.set(host, engine);
    }
    return engine;
  }

  /**
   * Runs `task` once per host, at most `concurrency` at a time; resolves when every host is done, with
   * one outcome per host in the order given (never rejects for a host's failure). An aborted `signal`
   * stops hosts not yet started: they fail with the abort.
   */
  async each<T>(
    task: (engine: Engine, host: string) => Promise<T>,
    options: { readonly signal?: AbortSignal } = {},
  ): Promise<FleetOutcome<T>[]> {
    const labels = this.labels;
    const outcomes: FleetOutcome<T>[] = new Array(labels.length);
    let next = 0;
    const worker = async () => {
      while (next < labels.length) {
        const i = next++;
        const host = labels[i]!;
        const started = performance.now();
        try {
          options.signal?.throwIfAborted();
          const value = await task(this.engine(host), host);
          outcomes[i] = { host, ok: true, value, ms: performance.now() - started };
        } catch (e) {
          const error = e instanceof Error ? e : new Error(String(e));
          outcomes[i] = { host, ok: false, error, ms: performance.now() - started };
        }
      }
    };
    const width = Math.min(this.#options.concurrency ?? 8, labels.length);
    await Promise.all(Array.from({ length: width }, worker));
    return outcomes;
  }

  /** One operation on every host: each host's typed result (a tmux failure is a result, not an error). */
  execute<R extends CommandResult>(
    op: Operation<object, R>,
    options: ExecuteOptions = {},
  ): Promise<FleetOutcome<R>[]> {
    return this.each((engine) => engine.execute(op, options), options);
  }

  /** One raw argv on every host. */
  run(argv: readonly string[], options: ExecuteOptions = {}): Promise<FleetOutcome<CommandResult>[]> {
    return this.each((engine) => engine.run(argv, options), options);
  }

  /** A plan on every host (each host's `PlanResult`; a step that fails there is in its result). */
  plan(plan: Plan, options: PlanExecuteOptions = {}): Promise<FleetOutcome<PlanResult>[]> {
    return this.each((engine) => plan.execute(engine, options), options);
  }

  /** Closes every host's engine (the shared ssh connections end on their own, or `closeSshConnections()`). */
  async close(): Promise<void> {
    const engines = [...this.#engines.values()];
    this.#engines.clear();
    await Promise.all(engines.map((e) => e.close()));
  }
}
