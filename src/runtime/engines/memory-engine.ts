/**
 * `MemoryEngineBase` (exported as `MemoryEngine`, with the catalog built in): no tmux at all, an in-memory model of a server (see memory-server.ts for what it models).
 * For offline tests and documentation examples. It renders every operation for its version exactly like
 * the real engines and reads the argv back, so it sees what tmux would see. A command or flag it does not
 * model is an `EngineError` naming it, never a silent success. A differential test holds it to real tmux.
 *
 * @example
 * ```ts
 * import { MemoryEngine, NewSession, SplitWindow, ListPanes } from 'tmuxkit';
 * const tmux = new MemoryEngine({ version: '3.5a' });
 * const { paneId } = await tmux.execute(new NewSession({ detached: true, sessionName: 'dev' }));
 * await tmux.execute(new SplitWindow({ target: paneId!, horizontal: true }));
 * (await tmux.execute(new ListPanes({ target: 'dev' }))).rows.map((p) => p.paneId); // ['%0', '%1']
 * ```
 */
import type { CommandDescriptor } from '../command-descriptor.js';
import { EngineError } from '../errors.js';
import type { Operation } from '../operation.js';
import { CommandResult } from '../results/command-result.js';
import { checkServerRelease, newestManifestRelease, type NewerTmuxOptions } from '../newer-tmux.js';
import { TmuxVersion } from '../tmux-version.js';
import type { Engine, ExecuteOptions } from './engine.js';
import { checkListable, type ListOutcome } from './command-list.js';
import { checkDecoratable, type DecoratedOutcome } from './decorated-creation.js';
import { MemoryServer } from './memory/memory-server.js';

export interface MemoryEngineOptions extends NewerTmuxOptions {
  /**
   * The tmux version to behave as (default: the newest release the manifest describes); rendering and
   * modeled behaviour follow it.
   */
  readonly version?: string | TmuxVersion;
  /** Shown as the socket path in messages (default `/tmp/tmux-memory/default`). */
  readonly socketPath?: string;
  /** The command new panes "run", used for default window names (default `sh`). */
  readonly shell?: string;
  /**
   * The commands it can read argv for. The `MemoryEngine` exported by tmuxkit passes the whole catalog;
   * the runtime layer cannot import generated code itself.
   */
  readonly commands?: Iterable<CommandDescriptor>;
}

export class MemoryEngineBase implements Engine {
  readonly #version: TmuxVersion;
  readonly #server: MemoryServer;

  constructor(options: MemoryEngineOptions = {}) {
    this.#version = checkServerRelease(
      TmuxVersion.parse(options.version ?? newestManifestRelease() ?? '3.8'),
      options,
    );
    const commands = new Map<string, CommandDescriptor>();
    for (const c of options.commands ?? []) {
      commands.set(c.command, c);
      if (c.alias) commands.set(c.alias, c);
    }
    this.#server = new MemoryServer(
      this.#version,
      options.socketPath ?? '/tmp/tmux-memory/default',
      (name) => commands.get(name),
      options.shell ?? 'sh',
    );
  }

  async version(): Promise<TmuxVersion> {
    return this.#version;
  }

  async execute<R extends CommandResult>(op: Operation<object, R>, options: ExecuteOptions = {}): Promise<R> {
    const compiled = op.compile({ version: this.#version });
    return compiled.decode(this.#run(compiled.argv, options));
  }

  /** Nothing to save by grouping: one operation after another, each awaited. */
  readonly defaultPlanner = 'sequential' as const;

  /** Runs operations in order, stopping after the first that fails, as tmux runs a command list. */
  async executeList(
    ops: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<ListOutcome> {
    checkListable(ops);
    const results: CommandResult[] = [];
    for (const op of ops) {
      const result = await this.execute(op, options);
      results.push(result);
      if (!result.ok) break;
    }
    return { results };
  }

  /**
   * Creates, then decorates what it created, one operation after another (the model has no hooks): each
   * decoration's target is the new object (of the kind its slot reference names; the pane otherwise).
   */
  async executeDecorated(
    create: Operation<object, CommandResult>,
    decorations: readonly Operation<object, CommandResult>[],
    options: ExecuteOptions = {},
  ): Promise<DecoratedOutcome> {
    checkDecoratable(create, decorations);
    const created = await this.execute(create, options);
    const ids = created as CommandResult & Partial<Record<'sessionId' | 'windowId' | 'paneId', string>>;
    const results: CommandResult[] = [];
    if (created.ok) {
      for (const op of decorations) {
        const slot = (op.params as { target?: { type?: string; object?: string } }).target;
        const object = slot?.type === 'slot' ? slot.object : 'pane';
        const id = object === 'session' ? ids.sessionId : object === 'window' ? ids.windowId : ids.paneId;
        const OperationClass = op.constructor as new (params: object) => Operation<object, CommandResult>;
        const result = await this.execute(new OperationClass({ ...op.params, target: id }), options);
        results.push(result);
        if (!result.ok) break;
      }
    }
    return { created, decorations: results };
  }

  async run(argv: readonly string[], options: ExecuteOptions = {}): Promise<CommandResult> {
    return new CommandResult(this.#run(argv, options));
  }

  #run(argv: readonly string[], options: ExecuteOptions) {
    if (options.signal?.aborted) throw new EngineError(`tmux ${argv.join(' ')} was aborted`, { argv });
    return this.#server.run(argv);
  }

  /** Keys sent to a pane with send-keys, in order (the model records them instead of typing them). */
  keysSentTo(paneId: string): readonly string[] {
    return this.#server.keysSentTo(paneId);
  }

  async close(): Promise<void> {}
}
