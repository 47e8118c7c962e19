/**
 * Whole layouts at once: load a workspace (tmuxp YAML or JSON text), freeze a session back into one, and
 * plans as JSON (preview what they would run, then execute them). The tier of a workspace or a plan is the
 * highest of its commands' tiers, each from its payload, and every kill in it passes the self-kill guard.
 */
import * as z from 'zod';
import {
  freezeSession,
  frozenText,
  loadWorkspace,
  parseWorkspace,
  Plan,
  sessionPlan,
  sessionSize,
  WorkspaceError,
  type Workspace,
} from '../../index.js';
import { callTier, optionRunsPrograms, runsFormatCommand } from '../call-tier.js';
import { RefusedError, type TmuxMcpContext } from '../mcp-context.js';
import { higherTier, tierAllows, type SafetyTier } from '../safety-tiers.js';
import { killOf, MOVES_OBJECTS, WRITES_INTO_PANE } from '../self-kill-guard.js';
import { sessionArg, text, tool, type CuratedTool } from './tool-definition.js';

/** What running a plan would need: its highest tier, why, and a self-kill refusal if any step has one. */
export async function planRisk(
  ctx: TmuxMcpContext,
  plan: Plan,
  signal: AbortSignal,
): Promise<{
  tier: SafetyTier;
  reason?: string;
  steps: { tier: SafetyTier; reason?: string }[];
  refusal?: string;
}> {
  let tier: SafetyTier = 'readonly';
  let reason: string | undefined;
  let refusal: string | undefined;
  const steps = [];
  for (const step of plan.steps) {
    const op = step.operation;
    const params = op.params as Record<string, unknown>;
    const one = callTier(op.descriptor, params);
    steps.push(one);
    if (higherTier(tier, one.tier) !== tier) {
      tier = one.tier;
      reason = `step ${step.index} (${op.command})${one.reason ? `: ${one.reason}` : ''}`;
    }
    const harms = killOf(op.command, params) !== undefined || WRITES_INTO_PANE.has(op.command);
    if (refusal || !harms) continue;
    const caller = await ctx.callerPlace({ signal });
    if (!caller) continue;
    // A slot that a find-or-create bound may be anything that already exists, the caller's own included;
    // after a move in the same plan, where things are now says nothing about what a kill will hit.
    const target = params['target'] as { type?: string; slot?: number } | undefined;
    const found = target?.type === 'slot' && plan.steps[target.slot!]?.find !== undefined;
    const moved = plan.steps.some((s) => s.index < step.index && MOVES_OBJECTS.has(s.operation.command));
    if (found || (moved && killOf(op.command, params)))
      refusal = `step ${step.index}: refused: ${op.command} ${found ? 'on what a find-or-create step found' : 'after panes or windows moved in the same plan'} may hit the pane this MCP server runs in (${caller.paneId})`;
    else {
      const why = await ctx.selfKill(op.command, params, { signal }).catch((e: Error) => e.message);
      if (why) refusal = `step ${step.index}: ${why}`;
    }
  }
  return { tier, ...(reason ? { reason } : {}), steps, ...(refusal ? { refusal } : {}) };
}

/** Reads a plan from JSON; an error an agent can act on when it is not one. */
function readPlan(json: unknown): Plan {
  try {
    return Plan.fromJSON(json);
  } catch (e) {
    throw new RefusedError(
      `not a plan: ${(e as Error).message} (a plan is {"steps": [{"operation": {"command": ..., "params": {...}}}]})`,
    );
  }
}

/** The tier a workspace needs, refusing what an MCP call may never do (plugins load code). */
async function workspaceRisk(
  ctx: TmuxMcpContext,
  ws: Workspace,
  onExists: string | undefined,
  signal: AbortSignal,
) {
  let tier: SafetyTier = 'mutating';
  let reason: string | undefined;
  for (const session of ws.sessions) {
    if (session.plugins.length > 0)
      throw new RefusedError(
        `refused: session '${session.name}' names plugins, which load code; the MCP server does not load them`,
      );
    if (session.beforeScript)
      [tier, reason] = ['destructive', `before_script of '${session.name}' runs a program`];
    // options_after are set after the plan ran, outside it: judged here as set-option would be.
    for (const w of session.windows)
      for (const [option, value] of Object.entries(w.optionsAfter))
        if (optionRunsPrograms(option) || runsFormatCommand(value))
          [tier, reason] = [
            'destructive',
            `options_after ${option} of '${session.name}' can make tmux run programs`,
          ];
    const mode = onExists ?? session.onExists;
    if (mode === 'replace') {
      [tier, reason] = ['destructive', `on_exists: replace kills a running '${session.name}'`];
      const caller = await ctx.callerPlace({ signal });
      if (caller) {
        const running = await ctx.engine.run(
          ['display-message', '-p', '-t', caller.sessionId, '#{session_name}'],
          { signal },
        );
        if (running.ok && running.stdout.trim() === session.name)
          throw new RefusedError(
            `refused: replacing '${session.name}' would kill the session this MCP server runs in`,
          );
      }
    }
    const risk = await planRisk(ctx, sessionPlan(session, sessionSize(session)).plan, signal);
    if (higherTier(tier, risk.tier) !== tier)
      [tier, reason] = [risk.tier, `'${session.name}' ${risk.reason ?? ''}`.trim()];
  }
  return { tier, reason };
}

const stepPreview = z.object({
  step: z.number(),
  command: z.string(),
  argv: z.array(z.string()),
  tier: z.string(),
  reason: z.string().optional(),
});

export const workspaceTools: readonly CuratedTool[] = [
  tool({
    name: 'load_workspace',
    title: 'Load a workspace',
    description:
      "Create sessions from a workspace file's text (tmuxp YAML or JSON: session_name, windows, panes, layout, shell_command_before, ...). `on_exists` says what to do when a session of that name runs: error (default), replace, reuse or append. Returns the ids of what it made.",
    tier: 'mutating',
    openWorld: true,
    input: z.object({
      workspace: text('workspace').min(1).describe("The workspace file's text (YAML or JSON)"),
      on_exists: z.enum(['error', 'replace', 'reuse', 'append']).optional(),
    }),
    output: z.object({
      sessions: z.array(
        z.object({
          name: z.string(),
          sessionId: z.string(),
          action: z.string(),
          windows: z.array(z.object({ windowId: z.string(), paneIds: z.array(z.string()) })),
        }),
      ),
    }),
    async run(ctx, args, call) {
      let ws: Workspace;
      try {
        ws = await parseWorkspace(args.workspace, { file: '<workspace>' });
      } catch (e) {
        if (e instanceof WorkspaceError) throw new RefusedError(e.message);
        throw e;
      }
      const { tier, reason } = await workspaceRisk(ctx, ws, args.on_exists, call.signal);
      ctx.checkTier(tier, 'this workspace', reason);
      await call.progress(0, ws.sessions.length, 'loading');
      const loaded = await loadWorkspace(ctx.engine, ws, {
        ...(args.on_exists ? { onExists: args.on_exists } : {}),
        signal: call.signal,
      });
      await call.progress(ws.sessions.length, ws.sessions.length, 'loaded');
      return {
        sessions: loaded.map((s) => ({
          name: s.name,
          sessionId: s.sessionId,
          action: s.action,
          windows: s.windows.map((w) => ({ windowId: w.windowId, paneIds: [...w.paneIds] })),
        })),
      };
    },
  }),
  tool({
    name: 'freeze_session',
    title: 'Freeze a session into a workspace',
    description:
      'Write a running session as workspace text (tmuxp YAML, or JSON) that load_workspace can load again.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({ session: sessionArg, format: z.enum(['yaml', 'json']).default('yaml') }),
    output: z.object({ text: z.string() }),
    async run(ctx, { session, format }) {
      const frozen = await freezeSession(ctx.engine, session);
      return { text: await frozenText(frozen, { json: format === 'json' }) };
    },
  }),
  tool({
    name: 'preview_plan',
    title: 'Preview a plan',
    description:
      'Show what a plan (JSON: {"steps": [{"operation": {"command": "new-session", "params": {...}}}, ...]}, where later steps may target earlier ones as {"type": "slot", "slot": N, "object": "pane"}) would run on this server: each step\'s tmux argv and tier, and whether this server allows it. Runs nothing.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({ plan: z.record(z.string(), z.unknown()) }),
    output: z.object({
      steps: z.array(stepPreview),
      tier: z.string(),
      allowed: z.boolean(),
      refusal: z.string().optional(),
    }),
    async run(ctx, args, call) {
      const plan = readPlan(args.plan);
      const version = await ctx.engine.version({ signal: call.signal });
      const risk = await planRisk(ctx, plan, call.signal);
      const steps = plan.preview({ version }).map((s, i) => ({
        step: s.step,
        command: s.command,
        argv: [...s.argv],
        tier: risk.steps[i]!.tier,
        ...(risk.steps[i]!.reason ? { reason: risk.steps[i]!.reason } : {}),
      }));
      const allowed = tierAllows(ctx.safety, risk.tier) && !risk.refusal;
      return { steps, tier: risk.tier, allowed, ...(risk.refusal ? { refusal: risk.refusal } : {}) };
    },
  }),
  tool({
    name: 'execute_plan',
    title: 'Execute a plan',
    description:
      "Run a plan (the JSON preview_plan takes) in as few round trips as the planner allows. Stops at the first failed step unless stopOnError is false. Returns every step's result and the ids the plan created.",
    tier: 'mutating',
    openWorld: true,
    input: z.object({
      plan: z.record(z.string(), z.unknown()),
      planner: z.enum(['sequential', 'pipelined', 'grouped']).optional(),
      stopOnError: z.boolean().default(true),
    }),
    output: z.object({ ok: z.boolean(), result: z.record(z.string(), z.unknown()) }),
    async run(ctx, args, call) {
      const plan = readPlan(args.plan);
      const risk = await planRisk(ctx, plan, call.signal);
      ctx.checkTier(risk.tier, 'this plan', risk.reason);
      if (risk.refusal) throw new RefusedError(risk.refusal);
      let done = 0;
      for await (const event of plan.stream(ctx.engine, {
        stopOnError: args.stopOnError,
        signal: call.signal,
        ...(args.planner ? { planner: args.planner } : {}),
      })) {
        if (event.type === 'step') await call.progress(++done, plan.steps.length, event.result.command);
        if (event.type === 'done')
          return { ok: event.result.ok, result: event.result.toJSON() as unknown as Record<string, unknown> };
      }
      throw new Error('the plan ended without a result');
    },
  }),
];
