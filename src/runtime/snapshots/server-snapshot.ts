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
import type { SyncSubprocessEngine } from '../engines/sync-subprocess-engine.js';
import { EngineError, TmuxkitError } from '../errors.js';
import { saysNoServer } from '../results/command-result.js';
import { parseRow, ROW_SEPARATOR, rowFieldsAt, rowFormat, type RowField } from '../results/row-fields.js';
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

/**
 * Window and session nodes: their fields as own properties (what criteria, diffs and JSON see), their
 * children behind getters on the prototype (not enumerable, and no per-node property definitions).
 */
class WindowNodeImpl {
  #panes: Query<object> | undefined;
  #linked: readonly string[] | undefined;
  /** Children come once every line is read; then the node is frozen. */
  attach(panes: Query<object>, linked: readonly string[]): this {
    this.#panes = panes;
    this.#linked = linked;
    return Object.freeze(this);
  }
  get panes(): Query<object> {
    return this.#panes!;
  }
  get linkedSessionIds(): readonly string[] {
    return this.#linked!;
  }
}

class SessionNodeImpl {
  #windows: Query<object> | undefined;
  #panes: Query<object> | undefined;
  attach(windows: Query<object>, panes: Query<object>): this {
    this.#windows = windows;
    this.#panes = panes;
    return Object.freeze(this);
  }
  get windows(): Query<object> {
    return this.#windows!;
  }
  get panes(): Query<object> {
    return this.#panes!;
  }
}

interface LinkParts {
  readonly node: WindowNodeImpl;
  readonly panes: object[];
}

const NUMBER = 0;
const FLAG = 1;
const TEXT = 2;

/**
 * Reads snapshot lines for one field list and release, straight from the line: the tab positions into
 * one reused array, numbers and flags decoded from the characters (no substring for them), text sliced.
 * A snapshot of 1,000 panes reads about 200,000 values; most are numbers and flags.
 */
function nodeReader(fields: readonly RowField[], version: TmuxVersion) {
  const keys = fields.map((f) => f.key);
  const kinds = fields.map((f) =>
    f.type === 'integer' || f.type === 'time' ? NUMBER : f.type === 'flag' ? FLAG : TEXT,
  );
  const absent = fields.map((f) => {
    const spelled = f.absentSpelling.filter((a) => !version.atLeast(a.until)).map((a) => a.text);
    return spelled.length > 0 ? spelled : undefined;
  });
  const starts = new Int32Array(fields.length + 1);

  function decode(line: string, i: number): unknown {
    const a = starts[i]!;
    const b = starts[i + 1]! - 1;
    const spelled = absent[i];
    if (spelled && spelled.includes(line.slice(a, b))) return undefined;
    switch (kinds[i]) {
      case FLAG:
        return b - a === 1 && line.charCodeAt(a) === 0x31;
      case NUMBER: {
        if (a === b) return undefined;
        let n = 0;
        for (let p = a; p < b; p++) {
          const digit = line.charCodeAt(p) - 0x30;
          if (digit < 0 || digit > 9) {
            const value = Number(line.slice(a, b)); // a sign, a fraction: the general reading
            return Number.isFinite(value) ? value : undefined;
          }
          n = n * 10 + digit;
        }
        return n;
      }
      default:
        return line.slice(a, b);
    }
  }

  return {
    indexes: (wanted: readonly string[]) => wanted.map((k) => keys.indexOf(k)),
    /** Finds the fields of `line` (kept for `text` and `fill`); throws unless there are exactly enough. */
    scan(line: string): void {
      let at = 0;
      let field = 0;
      starts[0] = 0;
      for (let tab = line.indexOf(ROW_SEPARATOR); tab >= 0; tab = line.indexOf(ROW_SEPARATOR, at)) {
        if (++field >= fields.length) break;
        at = tab + 1;
        starts[field] = at;
      }
      if (field !== fields.length - 1) {
        throw new SnapshotError(
          `cannot read a snapshot line: expected ${fields.length} tab-separated fields, got ${field + 1}` +
            `${field >= fields.length ? ' or more' : ''} (a name containing a tab?): ${JSON.stringify(line)}`,
        );
      }
      starts[fields.length] = line.length + 1;
    },
    /** The raw text of field `i` of the line last scanned. */
    text: (line: string, i: number) => line.slice(starts[i]!, starts[i + 1]! - 1),
    /** Sets the chosen fields of the line last scanned on `node`. */
    fill<T extends object>(node: T, line: string, indexes: readonly number[]): T {
      const target = node as Record<string, unknown>;
      for (const i of indexes) {
        const value = decode(line, i);
        if (value !== undefined) target[keys[i]!] = value;
        else if (fields[i]!.required) {
          throw new SnapshotError(
            `cannot read a snapshot line: ${fields[i]!.variable} is empty in ${JSON.stringify(line)}`,
          );
        }
      }
      return node;
    },
  };
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
    const sessionKeys = init.tables.sessions.filter((k) => keys.includes(k));
    const windowKeys = init.tables.windows.filter((k) => keys.includes(k));
    const paneKeys = init.tables.panes.filter((k) => keys.includes(k));
    const read = nodeReader(this.fields, this.version);
    const sessionOf = read.indexes(sessionKeys);
    const windowOf = read.indexes(windowKeys);
    const paneOf = read.indexes(paneKeys);
    const [sessionIdAt, windowIdAt, paneIdAt] = ['sessionId', 'windowId', 'paneId'].map((k) =>
      keys.indexOf(k),
    );

    // Each line straight into its nodes: session → window link → pane, in tmux's order; a session or a
    // window link is read from the first line that names it.
    const sessions = new Map<string, { node: SessionNodeImpl; windows: Map<string, LinkParts> }>();
    const linked = new Map<string, string[]>();
    const uniquePanes = new Map<string, P>();
    for (const line of this.lines) {
      read.scan(line);
      const sessionId = read.text(line, sessionIdAt!);
      const windowId = read.text(line, windowIdAt!);
      let session = sessions.get(sessionId);
      if (!session) {
        const node = read.fill(new SessionNodeImpl(), line, sessionOf);
        sessions.set(sessionId, (session = { node, windows: new Map() }));
      }
      let link = session.windows.get(windowId);
      if (!link) {
        link = { node: read.fill(new WindowNodeImpl(), line, windowOf), panes: [] };
        session.windows.set(windowId, link);
        const into = linked.get(windowId);
        if (into) into.push(sessionId);
        else linked.set(windowId, [sessionId]);
      }
      const pane = Object.freeze(read.fill({}, line, paneOf)) as P;
      link.panes.push(pane);
      const paneId = read.text(line, paneIdAt!);
      if (!uniquePanes.has(paneId)) uniquePanes.set(paneId, pane);
    }
    const uniqueWindows = new Map<string, WindowNode<W, P>>();
    const sessionNodes = [...sessions.values()].map(({ node, windows }) => {
      const windowNodes = [...windows.entries()].map(([windowId, link]) => {
        const window = link.node.attach(
          new Query(link.panes, paneKeys),
          Object.freeze(linked.get(windowId)!),
        ) as unknown as WindowNode<W, P>;
        if (!uniqueWindows.has(windowId)) uniqueWindows.set(windowId, window);
        return window;
      });
      return node.attach(
        new Query(windowNodes, windowKeys),
        new Query(
          windowNodes.flatMap((w) => w.panes.toArray()),
          paneKeys,
        ),
      ) as unknown as SessionNode<S, W, P>;
    });
    this.sessions = new Query(sessionNodes, sessionKeys);
    this.windows = new Query([...uniqueWindows.values()], windowKeys);
    this.panes = new Query([...uniquePanes.values()], paneKeys);
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

/** What a snapshot asks tmux for: one `list-panes -a` (and `list-clients`), with the fields each reads. */
interface SnapshotRequest {
  readonly fields: readonly RowField[];
  readonly panesArgv: readonly string[];
  readonly clients?: { readonly fields: readonly RowField[]; readonly argv: readonly string[] };
}

function snapshotRequest(
  tables: SnapshotFieldTables,
  version: TmuxVersion,
  options: SnapshotOptions,
): SnapshotRequest {
  const fields = snapshotFields(tables, version, options.fields);
  const clientFields = options.clients ? rowFieldsAt(tables.clients, version) : undefined;
  return {
    fields,
    panesArgv: ['list-panes', '-a', '-F', rowFormat(fields)],
    ...(clientFields
      ? { clients: { fields: clientFields, argv: ['list-clients', '-F', rowFormat(clientFields)] } }
      : {}),
  };
}

interface ListedLines {
  readonly ok: boolean;
  readonly stdoutLines: readonly string[];
  readonly message: string;
  readonly argv: readonly string[];
}

/** tmux's lines, or none when there is no server or no session (tmux has nothing to list). */
function listedLines(result: ListedLines): readonly string[] {
  if (!result.ok) {
    if (saysNoServer(result.message) || /no sessions/.test(result.message)) return [];
    throw new EngineError(`tmux ${result.argv.join(' ')} failed: ${result.message}`, { argv: result.argv });
  }
  return result.stdoutLines;
}

function snapshotOf<S extends object, W extends object, P extends object, C extends object>(
  version: TmuxVersion,
  tables: SnapshotFieldTables,
  request: SnapshotRequest,
  panes: ListedLines,
  clients: ListedLines | undefined,
): ServerSnapshot<S, W, P, C> {
  return new ServerSnapshot<S, W, P, C>({
    version,
    fields: request.fields,
    lines: listedLines(panes),
    tables: tableKeys(tables),
    ...(request.clients && clients
      ? { clients: { fields: request.clients.fields, lines: listedLines(clients) } }
      : {}),
  });
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
  const request = snapshotRequest(tables, version, options);
  const [panes, clients] = await Promise.all([
    engine.run(request.panesArgv, call),
    request.clients ? engine.run(request.clients.argv, call) : undefined,
  ]);
  return snapshotOf(version, tables, request, panes, clients);
}

/** `takeSnapshot` for `SyncSubprocessEngine` (a signal has no meaning for a synchronous call). */
export function takeSnapshotSync<S extends object, W extends object, P extends object, C extends object>(
  engine: SyncSubprocessEngine,
  tables: SnapshotFieldTables,
  options: Omit<SnapshotOptions, 'signal'> = {},
): ServerSnapshot<S, W, P, C> {
  const call = options.timeout !== undefined ? { timeout: options.timeout } : {};
  const version = engine.versionSync(call);
  const request = snapshotRequest(tables, version, options);
  const panes = engine.runSync(request.panesArgv, call);
  const clients = request.clients ? engine.runSync(request.clients.argv, call) : undefined;
  return snapshotOf(version, tables, request, panes, clients);
}
