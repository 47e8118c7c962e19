/**
 * What a curated tool is: a name an agent reads, a description that says when to use it, zod schemas for
 * its arguments and its structured result, the tier it is listed at (its payload may raise a call above
 * it: `ctx.exec` checks every tmux command it runs), and the function that does the work.
 */
import * as z from 'zod';
import type { TmuxMcpContext } from '../mcp-context.js';
import type { SafetyTier } from '../safety-tiers.js';

/** What a tool's function gets besides its arguments: the client's cancellation, and progress. */
export interface ToolCall {
  readonly signal: AbortSignal;
  /** Sends a progress notification when the client asked for them (a progress token); else nothing. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
}

export interface CuratedTool<I extends z.ZodObject = z.ZodObject, O extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The tier the tool is listed at: the least its calls need. */
  readonly tier: SafetyTier;
  /** Calling it twice with the same arguments does nothing more the second time. */
  readonly idempotent?: boolean;
  /** It can make tmux run programs (a shell command, typed commands). */
  readonly openWorld?: boolean;
  readonly input: I;
  readonly output: O;
  run(ctx: TmuxMcpContext, args: z.infer<I>, call: ToolCall): Promise<z.infer<O>>;
}

/** Declares a tool with its types checked (the list of all tools is heterogeneous). */
export const tool = <I extends z.ZodObject, O extends z.ZodObject>(t: CuratedTool<I, O>): CuratedTool =>
  t as unknown as CuratedTool;

/** Text that tmux can carry: no NUL bytes. */
export const text = (what: string) =>
  z.string().refine((s) => !s.includes('\0'), `${what} must not contain NUL bytes (tmux cannot pass them)`);

/** A pane: its id `%N` (from list_panes), or any tmux target that names one (`session:window.pane`). */
export const paneArg = text('pane')
  .min(1)
  .describe('The pane: its id %N (from list_panes), or session:window.pane');
export const windowArg = text('window').min(1).describe('The window: its id @N, or session:index');
export const sessionArg = text('session').min(1).describe('The session: its id $N, or its name');

/** Milliseconds, bounded so that no call can hang a client forever. */
export const millis = (fallback: number, max = 600_000) => z.number().int().min(0).max(max).default(fallback);

/** Ids of a pane and where it is. */
export const placeShape = {
  paneId: z.string(),
  windowId: z.string(),
  sessionId: z.string(),
};

/** The pane id a target names now (a target resolves to one pane). */
export async function paneIdOf(ctx: TmuxMcpContext, target: string, signal?: AbortSignal): Promise<string> {
  if (/^%\d+$/.test(target)) return target;
  return (await ctx.resolve(target, signal ? { signal } : {})).paneId;
}

/** The result of a tool that only acts: `{ ok: true }` (a failure is an `isError` result instead). */
export const acknowledged = z.object({ ok: z.literal(true) });

/**
 * A tool that runs one tmux command built from its arguments and answers `{ ok: true }`: renames, selects,
 * options. The command goes through `ctx.exec`, so its payload's tier and the self-kill guard apply.
 */
export function commandTool<I extends z.ZodObject>(t: {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly tier: SafetyTier;
  readonly idempotent?: boolean;
  readonly input: I;
  readonly command: string;
  params(args: z.infer<I>): Record<string, unknown>;
}): CuratedTool {
  return tool({
    name: t.name,
    title: t.title,
    description: t.description,
    tier: t.tier,
    ...(t.idempotent !== undefined ? { idempotent: t.idempotent } : {}),
    input: t.input,
    output: acknowledged,
    async run(ctx, args, call) {
      await ctx.exec(t.command, t.params(args), { signal: call.signal });
      return { ok: true as const };
    },
  });
}

/** Leaves out the entries whose value is undefined (tmux parameters that were not given). */
export const defined = (params: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
