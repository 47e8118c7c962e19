/**
 * Every failure of a tool call becomes a tool result with `isError` and one message an agent can act on:
 * which pane is gone, which tier a call needs, what tmux said. The MCP server itself never fails a call
 * with a protocol error for these, and never crashes.
 */
import {
  CommandError,
  EngineError,
  HandleGoneError,
  ServerNotRunningError,
  TmuxkitError,
  VersionError,
} from '../index.js';
import { CursorError } from './capture-cursor.js';
import { RefusedError } from './mcp-context.js';

export interface ToolErrorResult {
  readonly content: { type: 'text'; text: string }[];
  readonly isError: true;
  [key: string]: unknown;
}

/** The message for a failure, written for an agent deciding what to do next. */
export function toolErrorMessage(e: unknown): string {
  if (e instanceof RefusedError || e instanceof CursorError) return e.message;
  if (e instanceof ServerNotRunningError)
    return `no tmux server is running on this socket (${e.message}); create_session starts one`;
  if (e instanceof HandleGoneError) return `${e.message}; list_panes shows what exists now`;
  if (e instanceof VersionError) return `${e.message}; this tmux is too old for it`;
  if (e instanceof CommandError) return `tmux failed: ${e.message}`;
  if (e instanceof EngineError && /no sessions|no server running|error connecting/.test(e.message))
    return `${e.message}; is the tmux server running? create_session starts one`;
  if (e instanceof TmuxkitError) return e.message;
  if (e instanceof Error && e.name === 'AbortError') return 'cancelled by the client';
  return `internal error: ${e instanceof Error ? e.message : String(e)}`;
}

export const toolError = (e: unknown): ToolErrorResult => ({
  content: [{ type: 'text', text: toolErrorMessage(e) }],
  isError: true,
});
