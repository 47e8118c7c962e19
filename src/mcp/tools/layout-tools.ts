/**
 * Shaping the server: create sessions, windows and panes (a shell command or environment for them makes
 * the call destructive: it starts a program), rename, select, resize, lay out, and kill. Kills go through
 * the self-kill guard: never the caller's own pane, window or session.
 */
import * as z from 'zod';
import { NAMED_LAYOUTS, type CreatedResult } from '../../index.js';
import type { TmuxMcpContext } from '../mcp-context.js';
import {
  commandTool,
  defined,
  paneArg,
  placeShape,
  sessionArg,
  text,
  tool,
  windowArg,
  type CuratedTool,
} from './tool-definition.js';

const startShape = {
  directory: text('directory').optional().describe('Working directory of the new shell'),
  command: text('command')
    .optional()
    .describe('Run this shell command instead of a shell (makes the call destructive)'),
  environment: z
    .record(text('name').regex(/^[^=]+$/), text('value'))
    .optional()
    .describe('Environment variables for the new process (makes the call destructive)'),
};

/** The creation parameters the start arguments map to. */
function startParams(args: {
  directory?: string | undefined;
  command?: string | undefined;
  environment?: Record<string, string> | undefined;
}) {
  return {
    ...(args.directory !== undefined ? { startDirectory: args.directory } : {}),
    ...(args.command !== undefined ? { shellCommand: args.command } : {}),
    ...(args.environment
      ? { environment: Object.entries(args.environment).map(([k, v]) => `${k}=${v}`) }
      : {}),
  };
}

/** Ids of what a creation made (the engine reads them from tmux as it creates). */
async function created(
  ctx: TmuxMcpContext,
  command: string,
  params: Record<string, unknown>,
  signal: AbortSignal,
) {
  const r = (await ctx.exec(command, params, { signal })) as CreatedResult;
  if (!r.paneId || !r.windowId || !r.sessionId) throw new Error(`${command} did not say what it created`);
  return { paneId: r.paneId, windowId: r.windowId, sessionId: r.sessionId };
}

export const layoutTools: readonly CuratedTool[] = [
  tool({
    name: 'create_session',
    title: 'Create a tmux session',
    description:
      'Create a detached session (and start the tmux server when none runs). Returns the ids of the session, its window and its pane.',
    tier: 'mutating',
    input: z.object({
      name: text('name').min(1).optional(),
      width: z.number().int().min(1).max(10_000).optional(),
      height: z.number().int().min(1).max(10_000).optional(),
      ...startShape,
    }),
    output: z.object(placeShape),
    async run(ctx, args, call) {
      return created(
        ctx,
        'new-session',
        {
          detached: true,
          ...(args.name !== undefined ? { sessionName: args.name } : {}),
          ...(args.width !== undefined ? { width: String(args.width) } : {}),
          ...(args.height !== undefined ? { height: String(args.height) } : {}),
          ...startParams(args),
        },
        call.signal,
      );
    },
  }),
  tool({
    name: 'create_window',
    title: 'Create a tmux window',
    description: 'Create a window in a session (not selected unless `select` is true). Returns its ids.',
    tier: 'mutating',
    input: z.object({
      session: sessionArg,
      name: text('name').min(1).optional(),
      select: z.boolean().default(false),
      ...startShape,
    }),
    output: z.object(placeShape),
    async run(ctx, args, call) {
      return created(
        ctx,
        'new-window',
        {
          target: `${args.session}:`,
          detached: !args.select,
          ...(args.name !== undefined ? { windowName: args.name } : {}),
          ...startParams(args),
        },
        call.signal,
      );
    },
  }),
  tool({
    name: 'split_pane',
    title: 'Split a pane',
    description:
      'Split a pane in two: the new pane goes right, left, below or above it, with an optional size (cells, or a percentage like "30%"). Returns the new pane id.',
    tier: 'mutating',
    input: z.object({
      pane: paneArg,
      direction: z.enum(['right', 'left', 'below', 'above']).default('below'),
      size: z.union([z.number().int().min(1), z.string().regex(/^\d+%$/)]).optional(),
      select: z.boolean().default(false),
      ...startShape,
    }),
    output: z.object(placeShape),
    async run(ctx, args, call) {
      const sideways = args.direction === 'right' || args.direction === 'left';
      return created(
        ctx,
        'split-window',
        {
          target: args.pane,
          ...(sideways ? { horizontal: true } : { vertical: true }),
          ...(args.direction === 'left' || args.direction === 'above' ? { before: true } : {}),
          ...(args.size !== undefined ? { size: args.size } : {}),
          detached: !args.select,
          ...startParams(args),
        },
        call.signal,
      );
    },
  }),
  commandTool({
    name: 'rename_session',
    title: 'Rename a session',
    description: 'Give a session a new name (its id $N stays the same; prefer ids in later calls).',
    tier: 'mutating',
    idempotent: true,
    input: z.object({ session: sessionArg, name: text('name').min(1) }),
    command: 'rename-session',
    params: ({ session, name }) => ({ target: session, newName: name }),
  }),
  commandTool({
    name: 'rename_window',
    title: 'Rename a window',
    description: 'Give a window a new name (tmux then stops renaming it after its program).',
    tier: 'mutating',
    idempotent: true,
    input: z.object({ window: windowArg, name: text('name').min(1) }),
    command: 'rename-window',
    params: ({ window, name }) => ({ target: window, newName: name }),
  }),
  commandTool({
    name: 'select_pane',
    title: 'Select a pane',
    description: 'Make a pane the active pane of its window; optionally set its title.',
    tier: 'mutating',
    idempotent: true,
    input: z.object({ pane: paneArg, title: text('title').optional() }),
    command: 'select-pane',
    params: ({ pane, title }) => defined({ target: pane, title }),
  }),
  commandTool({
    name: 'select_window',
    title: 'Select a window',
    description: 'Make a window the current window of its session.',
    tier: 'mutating',
    idempotent: true,
    input: z.object({ window: windowArg }),
    command: 'select-window',
    params: ({ window }) => ({ target: window }),
  }),
  commandTool({
    name: 'resize_pane',
    title: 'Resize or zoom a pane',
    description: 'Set a pane to a width and/or height (cells), or toggle its zoom (it fills the window).',
    tier: 'mutating',
    input: z.object({
      pane: paneArg,
      width: z.number().int().min(1).max(10_000).optional(),
      height: z.number().int().min(1).max(10_000).optional(),
      zoom: z.boolean().optional().describe('Toggle zoom'),
    }),
    command: 'resize-pane',
    params: ({ pane, width, height, zoom }) =>
      defined({
        target: pane,
        width: width?.toString(),
        height: height?.toString(),
        zoom: zoom || undefined,
      }),
  }),
  commandTool({
    name: 'select_layout',
    title: 'Lay out a window',
    description: `Arrange a window's panes: one of ${NAMED_LAYOUTS.join(', ')}, or a layout string from list_windows.`,
    tier: 'mutating',
    idempotent: true,
    input: z.object({ window: windowArg, layout: text('layout').min(1) }),
    command: 'select-layout',
    params: ({ window, layout }) => ({ target: window, layoutName: layout }),
  }),
  ...(
    [
      [
        'kill_pane',
        'kill-pane',
        'pane',
        paneArg,
        'Kill a pane and its program. Refused for the pane this MCP server runs in.',
      ],
      [
        'kill_window',
        'kill-window',
        'window',
        windowArg,
        'Kill a window and every pane in it. Refused for the window this MCP server runs in.',
      ],
      [
        'kill_session',
        'kill-session',
        'session',
        sessionArg,
        'Kill a session and everything in it. Refused for the session this MCP server runs in.',
      ],
    ] as const
  ).map(([name, command, what, arg, description]) =>
    tool({
      name,
      title: `Kill a ${what}`,
      description,
      tier: 'destructive',
      input: z.object({ [what]: arg }) as z.ZodObject<{ [k: string]: typeof arg }>,
      output: z.object({ killed: z.string() }),
      async run(ctx, args, call) {
        const target = String(args[what]);
        await ctx.exec(command, { target }, { signal: call.signal });
        return { killed: target };
      },
    }),
  ),
];
