/**
 * Test support for the MCP server: an official MCP client connected in process to a `createTmuxMcpServer`
 * (linked in-memory transports), and small helpers that read tool results.
 */
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { expect } from 'vitest';
import { createTmuxMcpServer, type TmuxMcpServerOptions } from '../../src/mcp/index.js';

export interface ToolResult {
  readonly isError?: boolean;
  readonly content?: readonly { type: string; text?: string }[];
  readonly structuredContent?: Record<string, unknown>;
}

/** A client talking to a fresh MCP server over `options` (no caller unless the test gives one). */
export async function connectInProcess(options: TmuxMcpServerOptions): Promise<Client> {
  const tmux = createTmuxMcpServer({ caller: null, pids: [], ...options });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await tmux.create().connect(serverSide);
  const client = new Client({ name: 'tmuxkit-tests', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

export const textOf = (r: ToolResult) => (r.content ?? []).map((c) => c.text ?? '').join('\n');

/** Calls a tool and expects success: its structured content. */
export async function ok<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const r = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(r.isError, `${name} failed: ${textOf(r)}`).toBeFalsy();
  return r.structuredContent as T;
}

/** Calls a tool and expects an error result: its message. */
export async function fails(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<string> {
  const r = (await client.callTool({ name, arguments: args })) as ToolResult;
  expect(r.isError, `${name} should have failed: ${textOf(r)}`).toBe(true);
  return textOf(r);
}
