/**
 * The shape of the MCP tool descriptors `npm run codegen` writes into `src/generated/mcp-tools.generated.ts`:
 * one tool per tmux command, described from the manifest so that an MCP server can list and validate it
 * without reading the catalog again. Plain JSON Schema (draft 2020-12), no schema library.
 */
import type { CommandSafety, ResultKind } from '../runtime/command-descriptor.js';

/** The subset of JSON Schema the descriptors use, with tmux facts under `x-tmux`. */
export interface JsonSchema {
  readonly type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly (string | number | boolean)[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly not?: JsonSchema;
  readonly pattern?: string;
  readonly minimum?: number;
  /** Where a parameter comes from in tmux: its flag (or positional), and the releases that have it. */
  readonly 'x-tmux'?: {
    readonly flag?: string;
    readonly positional?: boolean;
    readonly since: string;
    readonly until: string | null;
    readonly hidden?: boolean;
  };
}

/** The four MCP tool annotations, always set explicitly (MCP's defaults assume the worst). */
export interface McpToolAnnotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  /** Set for commands that run programs or tmux commands from outside (a shell command, a file). */
  readonly openWorldHint: boolean;
}

export interface McpToolDescriptor {
  /** `tmux_split_window`: the command in snake_case, prefixed so it never meets a curated tool's name. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** The tmux command the tool runs. */
  readonly command: string;
  readonly safety: CommandSafety;
  readonly result: ResultKind;
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  readonly annotations: McpToolAnnotations;
}
