/**
 * The per-command tools (`tmux_split_window`, ...), one per tmux command, from the generated descriptors:
 * hidden unless the server runs with `--operations`. Their arguments are the operation's parameters,
 * checked by the descriptor's JSON Schema and then by the operation itself (version gates, targets, NUL
 * bytes); `dryRun: true` returns the argv for this server's tmux without running it, which is also how an
 * agent sees what a command that needs an attached terminal would do.
 */
import { catalogByName, mcpToolDescriptors, operationFromJSON, type McpToolDescriptor } from '../index.js';
import { callTier } from './call-tier.js';
import type { JsonSchema } from './mcp-tool-descriptor.js';
import type { TmuxMcpContext } from './mcp-context.js';
import { tierAllows, type SafetyTier } from './safety-tiers.js';

/**
 * The least tier a command's calls can need: readonly when a flag makes it so (`capture-pane -p`), and
 * destructive for commands that run something whatever their arguments (`run-shell`, `source-file`).
 */
export function listingTier(command: string): SafetyTier | undefined {
  const d = catalogByName.get(command);
  if (!d) return undefined;
  if (d.readonlyWith !== null && d.safety === 'mutating') return 'readonly';
  return callTier(d, {}).tier;
}

/** The descriptors a server at `safety` lists (fail closed: a command without a known tier is never listed). */
export const listedOperationTools = (safety: SafetyTier): McpToolDescriptor[] =>
  mcpToolDescriptors.filter((t) => tierAllows(safety, listingTier(t.command)));

const DRY_RUN: JsonSchema = {
  type: 'boolean',
  description: "Return the argv for this server's tmux without running it",
};

/** The input schema with `dryRun`, and an output schema that a dry run also meets. */
export function operationSchemas(t: McpToolDescriptor): { input: JsonSchema; output: JsonSchema } {
  return {
    input: { ...t.inputSchema, properties: { ...t.inputSchema.properties, dryRun: DRY_RUN } },
    output: {
      ...t.outputSchema,
      properties: { ...t.outputSchema.properties, dryRun: { type: 'boolean' } },
      required: ['kind', 'command', 'argv'],
    },
  };
}

/** Runs (or renders) one per-command tool call; tmux's failure throws its typed error. */
export async function callOperation(
  ctx: TmuxMcpContext,
  t: McpToolDescriptor,
  args: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  const { dryRun, ...params } = args;
  if (dryRun === true) {
    const op = operationFromJSON({ command: t.command, params });
    const version = await ctx.engine.version({ signal });
    return { kind: t.result, command: t.command, argv: op.render({ version }), dryRun: true };
  }
  const result = await ctx.exec(t.command, params, { signal });
  return result.toJSON() as unknown as Record<string, unknown>;
}
