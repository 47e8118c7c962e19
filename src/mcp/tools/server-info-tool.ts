/** `server_info`: what this MCP server drives and allows, so an agent knows its ground before acting. */
import * as z from 'zod';
import { SAFETY_TIERS } from '../safety-tiers.js';
import { tool } from './tool-definition.js';

export const serverInfoTool = tool({
  name: 'server_info',
  title: 'About this tmux server',
  description:
    "The tmux server this MCP server drives: whether it runs, its tmux version and socket, this MCP server's safety tier, and the pane this MCP server itself runs in (if it runs inside tmux).",
  tier: 'readonly',
  idempotent: true,
  input: z.object({}),
  output: z.object({
    running: z.boolean(),
    version: z.string().optional(),
    socketPath: z.string().optional(),
    safety: z.enum(SAFETY_TIERS as [string, ...string[]]),
    caller: z.object({ paneId: z.string(), windowId: z.string(), sessionId: z.string() }).optional(),
  }),
  async run(ctx, _args, call) {
    const socketPath = await ctx.socketPath();
    const version =
      socketPath === undefined ? undefined : String(await ctx.engine.version({ signal: call.signal }));
    const caller = await ctx.callerPlace({ signal: call.signal });
    return {
      running: socketPath !== undefined,
      ...(version !== undefined ? { version } : {}),
      ...(socketPath !== undefined ? { socketPath } : {}),
      safety: ctx.safety,
      ...(caller ? { caller } : {}),
    };
  },
});
