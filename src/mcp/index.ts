/**
 * `tmuxkit/mcp`: the MCP server, for embedding it or starting it from code (`tmuxkit mcp` is the command).
 * Kept apart from `tmuxkit` so that importing the SDK never loads the MCP SDK.
 *
 * @packageDocumentation
 * @module tmuxkit/mcp
 */
export {
  createTmuxMcpServer,
  CURATED_TOOLS,
  type TmuxMcpServer,
  type TmuxMcpServerOptions,
} from './tmux-mcp-server.js';
export { serveOverStdio, serveOverHttp, type HttpOptions } from './mcp-serve.js';
export {
  SAFETY_TIERS,
  DEFAULT_SAFETY_TIER,
  tierAllows,
  parseSafetyTier,
  type SafetyTier,
} from './safety-tiers.js';
export { callTier, escalation, runsPrograms } from './call-tier.js';
export { findCallerTmux, ancestorPids, type CallerTmux } from './caller-pane.js';
export { selfKillRefusal, killOf, type CallerPlace, type KillRequest } from './self-kill-guard.js';
export { listedOperationTools, listingTier } from './operation-tools.js';
export { TmuxMcpContext, RefusedError } from './mcp-context.js';
export type { CuratedTool, ToolCall } from './tools/tool-definition.js';
