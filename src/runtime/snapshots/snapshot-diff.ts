/**
 * What changed between two snapshots: per kind of object (sessions, windows, panes), the ids added and
 * removed, and for each object in both, the fields whose values differ. The workspace layer uses it to
 * confirm a load, the MCP layer to tell an agent what its actions did.
 */

/** Changes of one kind of object, by id. */
export interface KindDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly {
    readonly id: string;
    readonly fields: Readonly<Record<string, { readonly before: unknown; readonly after: unknown }>>;
  }[];
}

export interface SnapshotDiff {
  readonly sessions: KindDiff;
  readonly windows: KindDiff;
  readonly panes: KindDiff;
  /** Nothing added, removed or changed. */
  readonly empty: boolean;
}

export interface DiffOptions {
  /** Fields not to compare (activity times, say, which move on their own). */
  readonly ignore?: readonly string[];
}

interface Listing {
  toArray(): readonly object[];
}

interface Diffable {
  readonly sessions: Listing;
  readonly windows: Listing;
  readonly panes: Listing;
}

function diffKind(before: Listing, after: Listing, idKey: string, ignore: ReadonlySet<string>): KindDiff {
  const index = (l: Listing) =>
    new Map(
      l.toArray().map((n) => [String((n as Record<string, unknown>)[idKey]), n as Record<string, unknown>]),
    );
  const a = index(before);
  const b = index(after);
  const changed: KindDiff['changed'][number][] = [];
  for (const [id, old] of a) {
    const now = b.get(id);
    if (!now) continue;
    const fields: Record<string, { before: unknown; after: unknown }> = {};
    for (const key of new Set([...Object.keys(old), ...Object.keys(now)])) {
      if (ignore.has(key) || Object.is(old[key], now[key])) continue;
      fields[key] = { before: old[key], after: now[key] };
    }
    if (Object.keys(fields).length > 0) changed.push({ id, fields });
  }
  return {
    added: [...b.keys()].filter((id) => !a.has(id)),
    removed: [...a.keys()].filter((id) => !b.has(id)),
    changed,
  };
}

export function diffSnapshots(before: Diffable, after: Diffable, options: DiffOptions = {}): SnapshotDiff {
  const ignore = new Set(options.ignore ?? []);
  const sessions = diffKind(before.sessions, after.sessions, 'sessionId', ignore);
  const windows = diffKind(before.windows, after.windows, 'windowId', ignore);
  const panes = diffKind(before.panes, after.panes, 'paneId', ignore);
  const empty = [sessions, windows, panes].every(
    (k) => k.added.length === 0 && k.removed.length === 0 && k.changed.length === 0,
  );
  return { sessions, windows, panes, empty };
}
