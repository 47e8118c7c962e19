/**
 * Workspace plugins: JavaScript modules named in a session's `plugins`, with tmuxp's five hooks in
 * camelCase. A name starting with `.` or `/` is a file (relative to the workspace file); any other is a
 * package. The module's default export is the plugin: an object with hook methods, or a class (made
 * with `new`). Every hook is optional and may be async; a hook that throws fails the load (which then
 * removes what it created).
 *
 * tmuxkit builds a session as one plan, so the hooks run once the plan has run, in tmuxp's order:
 * `beforeWorkspaceBuilder(session)`, then per window `onWindowCreate(window)` and
 * `afterWindowFinished(window)`, then `beforeScript(session)` (tmuxp also calls it after building,
 * despite its name); `reattach(session)` when an existing session is reused.
 */
import type { Session, Window } from '../generated/facades.generated.js';

export interface WorkspacePlugin {
  beforeWorkspaceBuilder?(session: Session): unknown;
  onWindowCreate?(window: Window): unknown;
  afterWindowFinished?(window: Window): unknown;
  beforeScript?(session: Session): unknown;
  reattach?(session: Session): unknown;
}

/** The plugins `names` refer to, loaded (relative names against `baseDirectory`). */
export async function loadPlugins(
  names: readonly string[],
  baseDirectory: string,
): Promise<WorkspacePlugin[]> {
  const plugins: WorkspacePlugin[] = [];
  for (const name of names) {
    const specifier =
      name.startsWith('.') || name.startsWith('/') ? new URL(name, `file://${baseDirectory}/`).href : name;
    let module: { default?: unknown };
    try {
      module = (await import(specifier)) as { default?: unknown };
    } catch (e) {
      throw new Error(`plugin ${JSON.stringify(name)} could not be loaded: ${(e as Error).message}`);
    }
    const exported = module.default;
    if (typeof exported === 'function') plugins.push(new (exported as new () => WorkspacePlugin)());
    else if (exported !== null && typeof exported === 'object') plugins.push(exported as WorkspacePlugin);
    else throw new Error(`plugin ${JSON.stringify(name)} has no default export (an object or a class)`);
  }
  return plugins;
}

/** Calls `hook` of every plugin, in order, each awaited. */
export async function callHook<K extends keyof WorkspacePlugin>(
  plugins: readonly WorkspacePlugin[],
  hook: K,
  argument: Parameters<NonNullable<WorkspacePlugin[K]>>[0],
): Promise<void> {
  for (const plugin of plugins)
    await (plugin[hook] as ((a: unknown) => unknown) | undefined)?.call(plugin, argument);
}
