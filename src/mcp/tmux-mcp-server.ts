/**
 * The tmuxkit MCP server: one tmux server (one socket) behind curated tools, the per-command tools (with
 * `operations`), resources and prompts, on the official MCP TypeScript SDK. A tool above the server's
 * safety tier is not registered at all, so it is neither listed nor callable; every call is checked again
 * against its payload's tier as it runs.
 *
 * `createTmuxMcpServer` returns a factory of `McpServer` instances sharing one context (the engine and the
 * caller): stdio pins one instance, stateless HTTP builds one per request.
 *
 * @example
 * ```ts
 * import { SubprocessEngine } from 'tmuxkit';
 * import { createTmuxMcpServer } from 'tmuxkit/mcp';
 * const tmux = createTmuxMcpServer({ engine: new SubprocessEngine({ socketName: 'agents' }), safety: 'readonly' });
 * tmux.toolNames.includes('kill_pane'); // false: kills are destructive
 * ```
 */
import { fromJsonSchema, McpServer, type ServerContext } from '@modelcontextprotocol/server';
import type { Engine } from '../index.js';
import { ancestorPids, findCallerTmux, type CallerTmux } from './caller-pane.js';
import { TmuxMcpContext } from './mcp-context.js';
import { callOperation, listedOperationTools, operationSchemas } from './operation-tools.js';
import { DEFAULT_SAFETY_TIER, tierAllows, type SafetyTier } from './safety-tiers.js';
import { toolError } from './tool-errors.js';
import { layoutTools } from './tools/layout-tools.js';
import { listingTools } from './tools/listing-tools.js';
import { paneTools } from './tools/pane-tools.js';
import { settingsTools } from './tools/settings-tools.js';
import type { CuratedTool, ToolCall } from './tools/tool-definition.js';
import { workspaceTools } from './tools/workspace-tools.js';
import { serverInfoTool } from './tools/server-info-tool.js';
import { registerPrompts } from './mcp-prompts.js';
import { registerResources } from './mcp-resources.js';

/** Every curated tool, in the order a listing shows them. */
export const CURATED_TOOLS: readonly CuratedTool[] = [
  serverInfoTool,
  ...listingTools,
  ...paneTools,
  ...layoutTools,
  ...settingsTools,
  ...workspaceTools,
];

export interface TmuxMcpServerOptions {
  /** The engine of the one tmux server this MCP server drives. */
  readonly engine: Engine;
  /** The highest tier a call may have (default `mutating`). */
  readonly safety?: SafetyTier;
  /** Also offer one tool per tmux command (`tmux_split_window`, ...). Default false. */
  readonly operations?: boolean;
  /** Where the server runs (default: found from the environment and the parent processes). */
  readonly caller?: CallerTmux | null;
  /** Pids matched against the panes' own (default: this process and its ancestors). */
  readonly pids?: readonly number[];
  /** Name and version the server reports. */
  readonly name?: string;
  readonly version?: string;
}

export interface TmuxMcpServer {
  readonly context: TmuxMcpContext;
  /** The names of the tools this server offers, at its tier. */
  readonly toolNames: readonly string[];
  /** A new `McpServer` with every tool, resource and prompt registered (over the shared context). */
  create(): McpServer;
  /** Closes the engine. */
  close(): Promise<void>;
}

const INSTRUCTIONS = `Drives one tmux server. Start with snapshot or list_panes (the pane marked caller: true is the one this server runs in: leave it alone). Use run_command to run a shell command in a pane and get its exit status and output; send_keys for interactive programs; wait_for_text / wait_for_quiet to wait without polling; capture_pane with its cursor to read only new output.`;

/** The `ToolCall` of one request: its cancellation signal, and progress when the client asked for it. */
function toolCall(extra: ServerContext): ToolCall {
  const token = extra.mcpReq._meta?.progressToken;
  return {
    signal: extra.mcpReq.signal,
    async progress(progress, total, message) {
      if (token === undefined) return;
      await extra.mcpReq.notify({
        method: 'notifications/progress',
        params: {
          progressToken: token,
          progress,
          ...(total !== undefined ? { total } : {}),
          ...(message !== undefined ? { message } : {}),
        },
      });
    },
  };
}

const textOf = (structured: object) => JSON.stringify(structured, null, 1);

function annotations(t: CuratedTool) {
  return {
    title: t.title,
    readOnlyHint: t.tier === 'readonly',
    destructiveHint: t.tier === 'destructive',
    idempotentHint: t.idempotent ?? false,
    openWorldHint: t.openWorld ?? false,
  };
}

export function createTmuxMcpServer(options: TmuxMcpServerOptions): TmuxMcpServer {
  const safety = options.safety ?? DEFAULT_SAFETY_TIER;
  const caller = options.caller === null ? undefined : (options.caller ?? findCallerTmux());
  const pids = options.pids ?? [process.pid, ...ancestorPids(process.pid)];
  const context = new TmuxMcpContext({ engine: options.engine, safety, caller, pids });
  const curated = CURATED_TOOLS.filter((t) => tierAllows(safety, t.tier));
  const perCommand = options.operations ? listedOperationTools(safety) : [];
  const toolNames = [...curated.map((t) => t.name), ...perCommand.map((t) => t.name)];

  function create(): McpServer {
    const server = new McpServer(
      { name: options.name ?? 'tmuxkit', version: options.version ?? '0.0.0' },
      { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {}, prompts: {} } },
    );
    for (const t of curated) {
      server.registerTool(
        t.name,
        {
          title: t.title,
          description: t.description,
          inputSchema: t.input,
          outputSchema: t.output,
          annotations: annotations(t),
        },
        async (args: unknown, extra: ServerContext) => {
          try {
            const structured = await t.run(context, args as never, toolCall(extra));
            return {
              content: [{ type: 'text' as const, text: textOf(structured) }],
              structuredContent: structured,
            };
          } catch (e) {
            return toolError(e);
          }
        },
      );
    }
    for (const t of perCommand) {
      const schemas = operationSchemas(t);
      server.registerTool(
        t.name,
        {
          title: t.title,
          description: t.description,
          inputSchema: fromJsonSchema<Record<string, unknown>>(schemas.input as never),
          outputSchema: fromJsonSchema<Record<string, unknown>>(schemas.output as never),
          annotations: t.annotations,
        },
        async (args: Record<string, unknown>, extra: ServerContext) => {
          try {
            const structured = await callOperation(context, t, args, extra.mcpReq.signal);
            return {
              content: [{ type: 'text' as const, text: textOf(structured) }],
              structuredContent: structured,
            };
          } catch (e) {
            return toolError(e);
          }
        },
      );
    }
    registerResources(server, context);
    registerPrompts(server);
    return server;
  }

  return { context, toolNames, create, close: () => options.engine.close() };
}
