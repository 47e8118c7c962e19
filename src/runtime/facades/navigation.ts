/**
 * Navigation between handles, read from one snapshot: which sessions, windows and panes exist and how
 * they nest, as tmux ids. Pure: a snapshot in, ids out; a handle whose object is not in it is gone.
 */
import type { ServerSnapshot } from '../snapshots/server-snapshot.js';
import { HandleGoneError } from './handle-errors.js';

/** The fields navigation reads (the ids and indexes that shape the tree are always read). */
export const NAVIGATION_FIELDS: readonly string[] = ['sessionName', 'windowName'];

type Snap = ServerSnapshot<object, object, object, object>;
type Node = Readonly<Record<string, unknown>>;

/** A name to look up: a string matches exactly, a regular expression as it says. */
export type NameMatch = string | RegExp;

const matches = (name: unknown, match: NameMatch): boolean =>
  typeof match === 'string' ? name === match : typeof name === 'string' && match.test(name);

const ids = (nodes: { toArray(): readonly object[] }, key: string): string[] =>
  nodes.toArray().map((n) => String((n as Node)[key]));

function sessionNode(snap: Snap, sessionId: string) {
  const node = snap.sessions.filter((s) => (s as Node)['sessionId'] === sessionId).first();
  if (!node) throw new HandleGoneError('session', sessionId);
  return node;
}

function windowNode(snap: Snap, windowId: string) {
  const node = snap.windows.filter((w) => (w as Node)['windowId'] === windowId).first();
  if (!node) throw new HandleGoneError('window', windowId);
  return node;
}

function paneNode(snap: Snap, paneId: string): Node {
  const node = snap.panes.filter((p) => (p as Node)['paneId'] === paneId).first();
  if (!node) throw new HandleGoneError('pane', paneId);
  return node as Node;
}

export const navigate = {
  sessions: (snap: Snap): string[] => ids(snap.sessions, 'sessionId'),
  windows: (snap: Snap): string[] => ids(snap.windows, 'windowId'),
  panes: (snap: Snap): string[] => ids(snap.panes, 'paneId'),
  /** The first session whose name matches, by session id order as tmux lists them. */
  sessionNamed: (snap: Snap, match: NameMatch): string | undefined => {
    const node = snap.sessions.filter((s) => matches((s as Node)['sessionName'], match)).first();
    return node ? String((node as Node)['sessionId']) : undefined;
  },
  /** A session's windows, by its window indexes. */
  windowsOfSession: (snap: Snap, sessionId: string): string[] =>
    ids(sessionNode(snap, sessionId).windows, 'windowId'),
  panesOfSession: (snap: Snap, sessionId: string): string[] =>
    ids(sessionNode(snap, sessionId).panes, 'paneId'),
  windowNamed: (snap: Snap, sessionId: string, match: NameMatch): string | undefined => {
    const node = sessionNode(snap, sessionId)
      .windows.filter((w) => matches((w as Node)['windowName'], match))
      .first();
    return node ? String((node as Node)['windowId']) : undefined;
  },
  panesOfWindow: (snap: Snap, windowId: string): string[] => ids(windowNode(snap, windowId).panes, 'paneId'),
  /** Every session the window is linked into (usually one). */
  sessionsOfWindow: (snap: Snap, windowId: string): string[] => [
    ...windowNode(snap, windowId).linkedSessionIds,
  ],
  /** The first session the window is linked into. */
  sessionOfWindow: (snap: Snap, windowId: string): string => windowNode(snap, windowId).linkedSessionIds[0]!,
  windowOfPane: (snap: Snap, paneId: string): string => String(paneNode(snap, paneId)['windowId']),
  /** The first session the pane's window is linked into. */
  sessionOfPane: (snap: Snap, paneId: string): string => String(paneNode(snap, paneId)['sessionId']),
  /** Throws `HandleGoneError` when the object is not in the snapshot. */
  requireSession: (snap: Snap, id: string): void => void sessionNode(snap, id),
  requireWindow: (snap: Snap, id: string): void => void windowNode(snap, id),
  requirePane: (snap: Snap, id: string): void => void paneNode(snap, id),
} as const;
