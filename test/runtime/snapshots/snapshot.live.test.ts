/**
 * Snapshots of a rich server (several sessions, a window linked into two of them, split panes, names in
 * UTF-8) on every installed tmux: equal through the subprocess, control-mode and socket engines; the
 * linked window under both sessions with each session's index, once in `snap.windows`; JSON round trips;
 * chosen fields; and diffs that name exactly what changed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  ControlModeEngine,
  KillPane,
  LinkWindow,
  NewSession,
  NewWindow,
  RenameWindow,
  SnapshotError,
  SocketEngine,
  SplitWindow,
  SubprocessEngine,
  snapshot,
  snapshotFromJSON,
  type Engine,
  type Snapshot,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const servers = privateServers();
const opened: Engine[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
  await servers.killAll();
});

/**
 * Every node's fields, times left out (they move on their own), and `session_active` (3.8), which says
 * whether the session is the asking client's own: a control client is attached, a `tmux` process is not.
 */
function comparable(snap: Snapshot) {
  const timeKeys = new Set([
    ...snap.fields.filter((f) => f.type === 'time').map((f) => f.key),
    'sessionActive',
  ]);
  const strip = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => !timeKeys.has(k)));
  return {
    sessions: snap.sessions.map((s) => ({
      ...strip(s),
      windows: s.windows.map((w) => ({ ...strip(w), linked: w.linkedSessionIds, panes: w.panes.map(strip) })),
    })),
    windows: snap.windows.map(strip),
    panes: snap.panes.map(strip),
  };
}

describe.each(versions.map((v) => [v.version, v] as const))('tmux %s', (version, tmux) => {
  it('reads a rich server the same through every engine, linked windows included', async () => {
    const connection = servers.connection(tmux.bin, `snap-${version}`);
    const subprocess = new SubprocessEngine(connection);
    await subprocess.execute(new NewSession({ detached: true, sessionName: 'main', windowName: 'édition' }));
    const other = await subprocess.execute(new NewSession({ detached: true, sessionName: 'ünï ✓ 日本' }));
    const shared = await subprocess.execute(
      new NewWindow({ target: 'main:', detached: true, windowName: 'logs ✓' }),
    );
    await subprocess.execute(new SplitWindow({ target: shared.windowId!, detached: true }));
    await subprocess.execute(new SplitWindow({ target: other.paneId!, horizontal: true, detached: true }));
    await subprocess.execute(new LinkWindow({ source: shared.windowId!, target: `${other.sessionId!}:7` }));
    const control = new ControlModeEngine({ ...connection, session: 'main' });
    const socket = new SocketEngine(connection);
    opened.push(control, socket);
    await control.connect();

    const [viaSubprocess, viaControl, viaSocket] = await Promise.all(
      [subprocess, control, socket].map((e) => snapshot(e)),
    );
    expect(comparable(viaControl!)).toEqual(comparable(viaSubprocess!));
    expect(comparable(viaSocket!)).toEqual(comparable(viaSubprocess!));

    const snap = viaSubprocess!;
    expect(String(snap.version)).toBe(version);
    expect(snap.sessions.map((s) => s.sessionName)).toEqual(['main', 'ünï ✓ 日本']);
    // The linked window under both sessions, with each one's index; listed once on its own.
    const links = snap.sessions.map((s) => s.windows.where({ windowId: shared.windowId! }).one().windowIndex);
    expect(links).toEqual([1, 7]);
    expect(snap.windows.where({ windowId: shared.windowId! }).one().linkedSessionIds).toEqual([
      snap.sessions.first()!.sessionId,
      other.sessionId,
    ]);
    expect(snap.windows.count()).toBe(3);
    expect(snap.panes.count()).toBe(5);
    expect(snap.lines.length).toBe(7); // the linked window's two panes are listed under both sessions
    expect(snap.panes.where({ windowName: 'logs ✓' }).count()).toBe(2);
    expect(
      snap.sessions
        .where({ sessionName: { regex: '日本$' } })
        .one()
        .panes.count(),
    ).toBe(4);

    // JSON round trip: the same tree from the same lines.
    const again = snapshotFromJSON(JSON.stringify(snap));
    expect(comparable(again)).toEqual(comparable(snap));
    expect(again.toJSON()).toEqual(snap.toJSON());
    expect(Object.isFrozen(snap.panes.first())).toBe(true);

    // Chosen fields: the tree's ids always, nothing else unasked.
    const lean = await snapshot(control, { fields: ['paneCurrentCommand'] });
    expect(Object.keys(lean.panes.first()!).sort()).toEqual(
      ['paneCurrentCommand', 'paneId', 'paneIndex', 'sessionId', 'windowId', 'windowIndex'].sort(),
    );
    await expect(snapshot(control, { fields: ['paneColour'] })).rejects.toBeInstanceOf(SnapshotError);

    // Clients when asked: the control client is attached to main.
    const withClients = await snapshot(socket, { clients: true });
    expect(withClients.clients?.where({ clientSession: 'main' }).count()).toBe(1);

    // A diff names what changed.
    await subprocess.execute(new RenameWindow({ target: shared.windowId!, newName: 'renamed' }));
    const split = await subprocess.execute(
      new SplitWindow({ target: `${other.sessionId!}:0`, detached: true }),
    );
    await subprocess.execute(
      new KillPane({ target: snap.panes.where({ windowName: 'logs ✓' }).first()!.paneId }),
    );
    const after = await snapshot(subprocess);
    const diff = snap.diff(after, {
      ignore: ['sessionActivity', 'windowActivity', 'paneActive', 'paneLast'],
    });
    expect(diff.panes.added).toEqual([split.paneId]);
    expect(diff.panes.removed).toHaveLength(1);
    expect(diff.windows.changed.find((c) => c.id === shared.windowId)?.fields['windowName']).toEqual({
      before: 'logs ✓',
      after: 'renamed',
    });
    expect(diff.empty).toBe(false);
    expect(after.diff(after).empty).toBe(true);
  });

  it('an empty server is an empty snapshot', async () => {
    const connection = servers.connection(tmux.bin, `snap-empty-${version}`);
    const snap = await snapshot(new SubprocessEngine(connection));
    expect([snap.sessions.count(), snap.windows.count(), snap.panes.count()]).toEqual([0, 0, 0]);
  });

  it('a socket that cannot be reached for another reason is an error, not an empty server', async () => {
    const { tmux: bin, env } = servers.connection(tmux.bin, `snap-unreachable-${version}`);
    const tooLong = `/tmp/${'x'.repeat(120)}/socket`;
    await expect(snapshot(new SubprocessEngine({ tmux: bin, env, socketPath: tooLong }))).rejects.toThrow(
      /error connecting to .*File name too long/,
    );
  });
});
