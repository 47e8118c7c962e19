/**
 * The other direction: a live session as a workspace file in tmuxp's format (`freezeSession`), and a
 * loaded session compared with the file it came from (`confirmSession`). Both read one snapshot.
 *
 * A frozen session keeps what loads it back into the same structure: window names and indexes, each
 * window's exact layout (`#{window_layout}`), pane directories (on the window when all its panes share
 * one), the program a pane was started with (`shell`), the command running in a pane's shell
 * (`shell_command`, by name, as tmux knows it), and which window and pane are active.
 */
import type { Engine } from '../runtime/engines/engine.js';
import { facadeServices } from '../runtime/facades/facade-services.js';
import { TmuxkitError } from '../runtime/errors.js';
import type { LoadedSession } from './workspace-load.js';
import type { WorkspaceSession } from './workspace-model.js';
import { yamlParser } from './workspace-document.js';
import { isShellName } from '../runtime/waits/shell-names.js';

const FIELDS = [
  'sessionName',
  'windowName',
  'windowLayout',
  'windowActive',
  'paneActive',
  'paneCurrentPath',
  'paneCurrentCommand',
  'paneStartCommand',
];

type Node = Readonly<Record<string, unknown>>;

/** A frozen pane: `null` for a plain shell, else a mapping. */
export type FrozenPane = null | {
  readonly start_directory?: string;
  readonly shell?: string;
  readonly shell_command?: readonly string[];
  readonly focus?: true;
};

/** A session in tmuxp's format, ready for `toYAML`/`JSON.stringify` and for `parseWorkspace`. */
export interface FrozenSession {
  readonly session_name: string;
  readonly start_directory?: string;
  readonly windows: readonly {
    readonly window_name: string;
    readonly window_index: number;
    readonly layout: string;
    readonly start_directory?: string;
    readonly focus?: true;
    readonly panes: readonly FrozenPane[];
  }[];
}

async function sessionNode(engine: Engine, session: string) {
  const snap = await facadeServices().snapshot(engine, { fields: FIELDS });
  const node = snap.sessions
    .filter((s) => (s as Node)['sessionId'] === session || (s as Node)['sessionName'] === session)
    .first();
  if (!node) throw new TmuxkitError(`no session ${JSON.stringify(session)} to read`);
  return node as Node & { windows: { toArray(): (Node & { panes: { toArray(): Node[] } })[] } };
}

const common = (paths: readonly string[]) =>
  paths.length > 0 && paths.every((p) => p === paths[0]) ? paths[0] : undefined;

/** The session (a name or `$id`) as a workspace in tmuxp's format. */
export async function freezeSession(engine: Engine, session: string): Promise<FrozenSession> {
  const node = await sessionNode(engine, session);
  const windows = node.windows.toArray();
  const everyPath = windows.flatMap((w) => w.panes.toArray().map((p) => String(p['paneCurrentPath'])));
  const sessionDir = common(everyPath);
  return {
    session_name: String(node['sessionName']),
    ...(sessionDir !== undefined ? { start_directory: sessionDir } : {}),
    windows: windows.map((w) => {
      const panes = w.panes.toArray();
      const windowDir =
        sessionDir === undefined ? common(panes.map((p) => String(p['paneCurrentPath']))) : undefined;
      return {
        window_name: String(w['windowName']),
        window_index: Number(w['windowIndex']),
        layout: String(w['windowLayout']),
        ...(windowDir !== undefined ? { start_directory: windowDir } : {}),
        ...(w['windowActive'] === true ? { focus: true as const } : {}),
        panes: panes.map((p): FrozenPane => {
          const started = String(p['paneStartCommand'] ?? '').replace(/^"(.*)"$/, '$1');
          const running = String(p['paneCurrentCommand'] ?? '');
          const pane = {
            ...(sessionDir === undefined && windowDir === undefined
              ? { start_directory: String(p['paneCurrentPath']) }
              : {}),
            ...(started
              ? { shell: started }
              : !isShellName(running) && running
                ? { shell_command: [running] }
                : {}),
            ...(p['paneActive'] === true && panes.length > 1 ? { focus: true as const } : {}),
          };
          return Object.keys(pane).length > 0 ? pane : null;
        }),
      };
    }),
  };
}

/** A frozen session as YAML (or JSON with `json: true`). */
export async function frozenText(frozen: FrozenSession, options: { json?: boolean } = {}): Promise<string> {
  if (options.json) return `${JSON.stringify(frozen, null, 2)}\n`;
  return (await yamlParser()).stringify(frozen, { lineWidth: 0 });
}

/**
 * What differs between the live session and the file it was loaded from: window count, names and pane
 * counts, and every directory the file asks for. Empty when the load built what the file says.
 */
export async function confirmSession(
  engine: Engine,
  expected: WorkspaceSession,
  loaded: LoadedSession,
): Promise<string[]> {
  const node = await sessionNode(engine, loaded.sessionId);
  const live = node.windows.toArray();
  const byId = new Map(live.map((w) => [String(w['windowId']), w]));
  const differences: string[] = [];
  expected.windows.forEach((window, i) => {
    const id = loaded.windows[i]?.windowId;
    const w = id === undefined ? undefined : byId.get(id);
    const label = `window ${i} (${window.name ?? 'unnamed'})`;
    if (!w) {
      differences.push(`${label} is missing`);
      return;
    }
    if (window.name !== undefined && w['windowName'] !== window.name)
      differences.push(`${label} is named ${JSON.stringify(w['windowName'])}`);
    const panes = w.panes.toArray();
    if (panes.length !== window.panes.length)
      differences.push(`${label} has ${panes.length} panes, the file ${window.panes.length}`);
    window.panes.forEach((pane, p) => {
      const dir = pane.startDirectory ?? window.startDirectory;
      const livePath = panes.find((x) => x['paneId'] === loaded.windows[i]!.paneIds[p])?.['paneCurrentPath'];
      if (dir !== undefined && livePath !== undefined && livePath !== dir)
        differences.push(`${label} pane ${p} is in ${String(livePath)}, the file says ${dir}`);
    });
  });
  return differences;
}
