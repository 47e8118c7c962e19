/**
 * Reading the server: its tree, listings and pane search, each from one snapshot (one tmux round trip),
 * with the caller's own pane marked so that an agent never mistakes it for a pane to drive.
 */
import * as z from 'zod';
import { snapshot, type Criteria, type Snapshot } from '../../index.js';
import type { TmuxMcpContext } from '../mcp-context.js';
import { sessionArg, tool, windowArg, type CuratedTool } from './tool-definition.js';

/** The fields the listings show; a snapshot reads only these (and the ids that shape the tree). */
const FIELDS = [
  'sessionName',
  'sessionAttached',
  'sessionWindows',
  'windowName',
  'windowActive',
  'windowLayout',
  'windowPanes',
  'paneActive',
  'paneCurrentCommand',
  'paneCurrentPath',
  'paneTitle',
  'paneWidth',
  'paneHeight',
  'panePid',
  'paneDead',
];

type PaneNode = Snapshot['panes'] extends { toArray(): (infer P)[] } ? P : never;
type WindowNode = Snapshot['windows'] extends { toArray(): (infer W)[] } ? W : never;
type SessionNode = Snapshot['sessions'] extends { toArray(): (infer S)[] } ? S : never;

export const paneShape = z.object({
  paneId: z.string(),
  paneIndex: z.number(),
  sessionId: z.string(),
  sessionName: z.string(),
  windowId: z.string(),
  windowIndex: z.number(),
  windowName: z.string(),
  active: z.boolean(),
  command: z.string(),
  path: z.string(),
  title: z.string(),
  width: z.number(),
  height: z.number(),
  pid: z.number().optional(),
  dead: z.boolean(),
  caller: z
    .boolean()
    .describe('This is the pane the MCP server itself runs in: do not type into it or kill it'),
});
const windowShape = z.object({
  windowId: z.string(),
  windowIndex: z.number(),
  windowName: z.string(),
  sessionId: z.string(),
  sessionName: z.string(),
  active: z.boolean(),
  layout: z.string(),
  panes: z.number(),
});
const sessionShape = z.object({
  sessionId: z.string(),
  sessionName: z.string(),
  attached: z.number(),
  windows: z.number(),
});

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));

export function paneRow(p: PaneNode, callerPane: string | undefined): z.infer<typeof paneShape> {
  const f = p as unknown as Record<string, unknown>;
  return {
    paneId: str(f['paneId']),
    paneIndex: num(f['paneIndex']),
    sessionId: str(f['sessionId']),
    sessionName: str(f['sessionName']),
    windowId: str(f['windowId']),
    windowIndex: num(f['windowIndex']),
    windowName: str(f['windowName']),
    active: f['paneActive'] === true,
    command: str(f['paneCurrentCommand']),
    path: str(f['paneCurrentPath']),
    title: str(f['paneTitle']),
    width: num(f['paneWidth']),
    height: num(f['paneHeight']),
    ...(typeof f['panePid'] === 'number' ? { pid: f['panePid'] } : {}),
    dead: f['paneDead'] === true,
    caller: f['paneId'] === callerPane,
  };
}

function windowRow(w: WindowNode): z.infer<typeof windowShape> {
  const f = w as unknown as Record<string, unknown>;
  return {
    windowId: str(f['windowId']),
    windowIndex: num(f['windowIndex']),
    windowName: str(f['windowName']),
    sessionId: str(f['sessionId']),
    sessionName: str(f['sessionName']),
    active: f['windowActive'] === true,
    layout: str(f['windowLayout']),
    panes: num(f['windowPanes']),
  };
}

function sessionRow(s: SessionNode): z.infer<typeof sessionShape> {
  const f = s as unknown as Record<string, unknown>;
  return {
    sessionId: str(f['sessionId']),
    sessionName: str(f['sessionName']),
    attached: num(f['sessionAttached']),
    windows: num(f['sessionWindows']),
  };
}

/** One snapshot of the server and the caller's pane id, read together. */
async function read(ctx: TmuxMcpContext, signal: AbortSignal) {
  const [snap, caller] = await Promise.all([
    snapshot(ctx.engine, { fields: FIELDS, signal }),
    ctx.callerPlace({ signal }),
  ]);
  return { snap, callerPane: caller?.paneId };
}

/** Sessions matching a name or id (all when none is given). */
const inSession = (session: string | undefined) => (node: object) => {
  if (session === undefined) return true;
  const f = node as Record<string, unknown>;
  return f['sessionId'] === session || f['sessionName'] === session;
};
const inWindow = (window: string | undefined) => (node: object) => {
  if (window === undefined) return true;
  const f = node as Record<string, unknown>;
  return f['windowId'] === window || `${String(f['sessionName'])}:${String(f['windowIndex'])}` === window;
};

export const listingTools: readonly CuratedTool[] = [
  tool({
    name: 'list_sessions',
    title: 'List tmux sessions',
    description:
      'List the sessions of the tmux server: id ($N), name, attached clients, window count. Start here to see what exists; use snapshot for the whole tree in one call.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({}),
    output: z.object({ sessions: z.array(sessionShape) }),
    async run(ctx, _args, call) {
      const { snap } = await read(ctx, call.signal);
      return { sessions: snap.sessions.toArray().map(sessionRow) };
    },
  }),
  tool({
    name: 'list_windows',
    title: 'List tmux windows',
    description: 'List the windows of one session (or of all): id (@N), index, name, layout, pane count.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({ session: sessionArg.optional() }),
    output: z.object({ windows: z.array(windowShape) }),
    async run(ctx, { session }, call) {
      const { snap } = await read(ctx, call.signal);
      return { windows: snap.windows.toArray().filter(inSession(session)).map(windowRow) };
    },
  }),
  tool({
    name: 'list_panes',
    title: 'List tmux panes',
    description:
      'List panes (of one session or window, or all) with their id (%N), running command, directory, size and whether each is the pane this MCP server runs in (caller: true; leave that one alone).',
    tier: 'readonly',
    idempotent: true,
    input: z.object({ session: sessionArg.optional(), window: windowArg.optional() }),
    output: z.object({ panes: z.array(paneShape) }),
    async run(ctx, { session, window }, call) {
      const { snap, callerPane } = await read(ctx, call.signal);
      const panes = snap.panes.toArray().filter(inSession(session)).filter(inWindow(window));
      return { panes: panes.map((p) => paneRow(p, callerPane)) };
    },
  }),
  tool({
    name: 'snapshot',
    title: 'Snapshot the tmux server',
    description:
      'The whole server as one tree (sessions → windows → panes), read in one round trip; the caller pane is marked. Use it to orient yourself before acting.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({}),
    output: z.object({
      version: z.string(),
      sessions: z.array(
        sessionShape.extend({ windows: z.array(windowShape.extend({ panes: z.array(paneShape) })) }),
      ),
    }),
    async run(ctx, _args, call) {
      const { snap, callerPane } = await read(ctx, call.signal);
      return {
        version: String(snap.version),
        sessions: snap.sessions.toArray().map((s) => ({
          ...sessionRow(s),
          windows: s.windows.toArray().map((w) => ({
            ...windowRow(w),
            panes: w.panes.toArray().map((p) => paneRow(p, callerPane)),
          })),
        })),
      };
    },
  }),
  tool({
    name: 'find_panes',
    title: 'Find tmux panes',
    description:
      'Find panes by criteria given as JSON, over snapshot fields (sessionName, windowName, paneCurrentCommand, paneCurrentPath, paneTitle, paneWidth, ...): equality ({"windowName": "logs"}), comparisons ({"paneWidth": {"gte": 80}}), {"regex": "^n?vim$"}, "in", "exists", and {"and"|"or": [...]}, {"not": {...}}.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({
      where: z.record(z.string(), z.unknown()).describe('The criteria, as JSON'),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    output: z.object({ panes: z.array(paneShape), total: z.number() }),
    async run(ctx, { where, limit }, call) {
      const [snap, caller] = await Promise.all([
        snapshot(ctx.engine, { signal: call.signal }),
        ctx.callerPlace({ signal: call.signal }),
      ]);
      const found = snap.panes.where(where as Criteria).toArray();
      return { panes: found.slice(0, limit).map((p) => paneRow(p, caller?.paneId)), total: found.length };
    },
  }),
];
