/**
 * A snapshot: the whole server read once (`list-panes -a` with every session, window and pane field the
 * server's release has, or a chosen subset; `list-clients` when asked) into a frozen tree of typed nodes:
 * sessions → windows → panes. Node properties are the typed rows' field names (`sessionName`,
 * `windowId`, `paneCurrentCommand`, ...); the raw lines stay with it, and JSON carries them.
 *
 * A window linked into two sessions appears under both (each with that session's window index), while
 * `snap.windows` and `snap.panes` list every window and pane once (as first listed, with the ids of every
 * session it is linked into in `linkedSessionIds`).
 *
 * @example
 * ```ts
 * import { MemoryEngine, NewSession, SplitWindow, snapshot } from 'tmuxkit';
 * const tmux = new MemoryEngine({ version: '3.5a' });
 * const { paneId } = await tmux.execute(new NewSession({ detached: true, sessionName: 'dev' }));
 * await tmux.execute(new SplitWindow({ target: paneId!, horizontal: true }));
 * const snap = await snapshot(tmux);
 * snap.sessions.one().sessionName; // 'dev'
 * snap.panes.count(); // 2
 * snap.sessions.one().windows.one().panes.where({ paneActive: true }).one().paneId; // '%1'
 * ```
 */
import type { Engine, ExecuteOptions } from '../engines/engine.js';
import { EngineError, TmuxkitError } from '../errors.js';
import { parseRow, rowFieldsAt, rowFormat, type RowField } from '../results/row-fields.js';
import { TmuxVersion } from '../tmux-version.js';
import { Query } from './query.js';
import { diffSnapshots, type DiffOptions, type SnapshotDiff } from './snapshot-diff.js';

/** The generated field tables a snapshot reads (the package passes `ROW_FIELDS`). */
export interface SnapshotFieldTables {
  readonly sessions: readonly RowField[];
  readonly windows: readonly RowField[];
  readonly panes: readonly RowField[];
  readonly clients: readonly RowField[];
}

export interface SnapshotOptions extends ExecuteOptions {
  /**
   * The fields to read, by name (`'paneCurrentCommand'`, ...): fewer fields, a faster read. The ids and
   * indexes that shape the tree are always read. Default: every field the server's release has.
   */
  readonly fields?: readonly string[];
  /** Also read the attached clients (`list-clients`): one more round trip. */
  readonly clients?: boolean;
}

/** The JSON form: the fields read (with how to type them) and tmux's own lines, so nothing is lost. */
export interface ServerSnapshotJSON {
  readonly version: string;
  readonly fields: readonly RowField[];
  readonly lines: readonly string[];
  readonly clients?: { readonly fields: readonly RowField[]; readonly lines: readonly string[] };
}

/** Thrown for a snapshot that cannot be read or rebuilt. */
export class SnapshotError extends TmuxkitError {}

type Row = Readonly<Record<string, unknown>>;

/** A pane: its fields. */
export type PaneNode<P> = P;
/** A window (as linked into one session): its fields, its panes, every session it is linked into. */
export type WindowNode<W, P extends object> = W & {
  readonly panes: Query<PaneNode<P>>;
  readonly linkedSessionIds: readonly string[];
};
/** A session: its fields, its windows (by this session's indexes) and all their panes. */
export type SessionNode<S, W, P extends object> = S & {
  readonly windows: Query<WindowNode<W, P>>;
  readonly panes: Query<PaneNode<P>>;
};

/** The ids and indexes that shape the tree: always read. */
const TREE_KEYS = new Set(['sessionId', 'windowId', 'paneId', 'windowIndex', 'paneIndex']);

/** The union of the session, window and pane fields, each variable once, for a version and a choice. */
export function snapshotFields(
  tables: SnapshotFieldTables,
  version: TmuxVersion,
  chosen?: readonly string[],
): RowField[] {
  const all = [...tables.sessions, ...tables.windows, ...tables.panes];
  const byKey = new Map<string, RowField>();
  for (const f of all) if (!byKey.has(f.key)) byKey.set(f.key, f);
  if (chosen) {
    const unknown = chosen.filter((k) => !byKey.has(k));
    if (unknown.length > 0) {
      throw new SnapshotError(
        `unknown snapshot field${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
      );
    }
  }
  const wanted = chosen ? new Set([...chosen, ...TREE_KEYS]) : undefined;
  // Text that may hold anything last, so that the numbers before it are never shifted by a stray tab.
  const fields = rowFieldsAt([...byKey.values()], version).filter((f) => !wanted || wanted.has(f.key));
  return [...fields.filter((f) => f.type !== 'string'), ...fields.filter((f) => f.type === 'string')];
}

function defineChildren<T extends object>(node: T, children: Record<string, unknown>): T {
  for (const [key, value] of Object.entries(children))
    Object.defineProperty(node, key, { value, enumerable: false });
  return Object.freeze(node);
}

function pick(row: Row, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in row) if (keys.has(key)) out[key] = row[key];
  return out;
}

export class ServerSnapshot<
  S extends object = Row,
  W extends object = Row,
  P extends object = Row,
  C extends object = Row,
> {
  readonly version: TmuxVersion;
  /** The fields read, in the order of the raw lines. */
  readonly fields: readonly RowField[];
  /** tmux's lines, as read (one per pane per session the pane's window is linked into). */
  readonly lines: readonly string[];
  readonly sessions: Query<SessionNode<S, W, P>>;
  /** Every window once. */
  readonly windows: Query<WindowNode<W, P>>;
  /** Every pane once. */
  readonly panes: Query<PaneNode<P>>;
  /** The clients, when the snapshot was asked to read them. */
  readonly clients: Query<C> | undefined;
  readonly #clientFields: readonly RowField[] | undefined;
  readonly #clientLines: readonly string[] | undefined;

  constructor(init: {
    version: TmuxVersion;
    fields: readonly RowField[];
    lines: readonly string[];
    tables: { sessions: readonly string[]; windows: readonly string[]; panes: readonly string[] };
    clients?: { fields: readonly RowField[]; lines: readonly string[] };
  }) {
    this.version = init.version;
    this.fields = Object.freeze([...init.fields]);
    this.lines = Object.freeze([...init.lines]);
    const keys = this.fields.map((f) => f.key);
    const sessionKeys = new Set(init.tables.sessions.filter((k) => keys.includes(k)));
    const windowKeys = new Set(init.tables.windows.filter((k) => keys.includes(k)));
    const paneKeys = new Set(init.tables.panes.filter((k) => keys.includes(k)));
    const rows = this.lines.map((line) => parseRow(line, this.fields, this.version, false));

    // Group rows: session → window link → panes, in tmux's order.
    const sessions = new Map<string, { row: Row; windows: Map<string, Row[]> }>();
    const linked = new Map<string, string[]>();
    for (const row of rows) {
      const sessionId = String(row['sessionId']);
      const windowId = String(row['windowId']);
      let session = sessions.get(sessionId);
      if (!session) sessions.set(sessionId, (session = { row, windows: new Map() }));
      let panes = session.windows.get(windowId);
      if (!panes) {
        session.windows.set(windowId, (panes = []));
        const into = linked.get(windowId) ?? [];
        linked.set(windowId, [...into, sessionId]);
      }
      panes.push(row);
    }
    const uniquePanes = new Map<string, P>();
    const uniqueWindows = new Map<string, WindowNode<W, P>>();
    const sessionNodes = [...sessions.values()].map(({ row, windows }) => {
      const windowNodes = [...windows.entries()].map(([windowId, paneRows]) => {
        const paneNodes = paneRows.map((r) => {
          const id = String(r['paneId']);
          const node = Object.freeze(pick(r, paneKeys)) as P;
          if (!uniquePanes.has(id)) uniquePanes.set(id, node);
          return node;
        });
        const node = defineChildren(pick(paneRows[0]!, windowKeys), {
          panes: new Query(paneNodes, [...paneKeys]),
          linkedSessionIds: Object.freeze(linked.get(windowId) ?? []),
        }) as WindowNode<W, P>;
        if (!uniqueWindows.has(windowId)) uniqueWindows.set(windowId, node);
        return node;
      });
      return defineChildren(pick(row, sessionKeys), {
        windows: new Query(windowNodes, [...windowKeys]),
        panes: new Query(
          windowNodes.flatMap((w) => w.panes.toArray()),
          [...paneKeys],
        ),
      }) as SessionNode<S, W, P>;
    });
    this.sessions = new Query(sessionNodes, [...sessionKeys]);
    this.windows = new Query([...uniqueWindows.values()], [...windowKeys]);
    this.panes = new Query([...uniquePanes.values()], [...paneKeys]);
    this.#clientFields = init.clients?.fields;
    this.#clientLines = init.clients?.lines;
    this.clients = init.clients
      ? new Query(
          init.clients.lines.map((l) => parseRow(l, init.clients!.fields, this.version, false) as C),
          init.clients.fields.map((f) => f.key),
        )
      : undefined;
    Object.freeze(this);
  }

  /** What was added, removed and changed from this snapshot to `later`, session by session, window by window, pane by pane. */
  diff(later: ServerSnapshot<S, W, P, C>, options: DiffOptions = {}): SnapshotDiff {
    return diffSnapshots(this as never, later as never, options);
  }

  toJSON(): ServerSnapshotJSON {
    return {
      version: String(this.version),
      fields: this.fields,
      lines: this.lines,
      ...(this.#clientFields && this.#clientLines
        ? { clients: { fields: this.#clientFields, lines: this.#clientLines } }
        : {}),
    };
  }

  /** Rebuilds a snapshot from `toJSON()` (or its text); the JSON says how each field is typed. */
  static fromJSON<
    S extends object = Row,
    W extends object = Row,
    P extends object = Row,
    C extends object = Row,
  >(json: unknown, tables: SnapshotFieldTables): ServerSnapshot<S, W, P, C> {
    const value = (typeof json === 'string' ? JSON.parse(json) : json) as ServerSnapshotJSON;
    if (
      !value ||
      typeof value.version !== 'string' ||
      !Array.isArray(value.fields) ||
      !Array.isArray(value.lines)
    ) {
      throw new SnapshotError('a snapshot in JSON has version, fields and lines');
    }
    return new ServerSnapshot<S, W, P, C>({
      version: TmuxVersion.parse(value.version),
      fields: value.fields,
      lines: value.lines,
      tables: tableKeys(tables),
      ...(value.clients ? { clients: value.clients } : {}),
    });
  }
}

function tableKeys(tables: SnapshotFieldTables) {
  return {
    sessions: tables.sessions.map((f) => f.key),
    windows: tables.windows.map((f) => f.key),
    panes: tables.panes.map((f) => f.key),
  };
}

/** Reads the server once (twice with clients) into a `ServerSnapshot`. */
export async function takeSnapshot<S extends object, W extends object, P extends object, C extends object>(
  engine: Engine,
  tables: SnapshotFieldTables,
  options: SnapshotOptions = {},
): Promise<ServerSnapshot<S, W, P, C>> {
  const call: ExecuteOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  };
  const version = await engine.version(call);
  const fields = snapshotFields(tables, version, options.fields);
  const clientFields = options.clients ? rowFieldsAt(tables.clients, version) : undefined;
  const [panes, clients] = await Promise.all([
    engine.run(['list-panes', '-a', '-F', rowFormat(fields)], call),
    clientFields ? engine.run(['list-clients', '-F', rowFormat(clientFields)], call) : undefined,
  ]);
  const lines = (result: {
    ok: boolean;
    stdoutLines: readonly string[];
    message: string;
    argv: readonly string[];
  }) => {
    // No server or no sessions: an empty snapshot, as tmux has nothing to list.
    if (!result.ok) {
      if (/no server running|error connecting to|no sessions/.test(result.message)) return [];
      throw new EngineError(`tmux ${result.argv.join(' ')} failed: ${result.message}`, { argv: result.argv });
    }
    return result.stdoutLines;
  };
  return new ServerSnapshot<S, W, P, C>({
    version,
    fields,
    lines: lines(panes),
    tables: tableKeys(tables),
    ...(clients && clientFields ? { clients: { fields: clientFields, lines: lines(clients) } } : {}),
  });
}
