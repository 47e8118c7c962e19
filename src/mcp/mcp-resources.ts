/**
 * Resources: the session list (`tmux://sessions`) and each pane's text (`tmux://pane/{pane}`, the pane's
 * number without its `%`, since `%` starts an escape in a URI). Both only read.
 */
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/server';
import { snapshot } from '../index.js';
import type { TmuxMcpContext } from './mcp-context.js';

/** Lines of a pane a resource read returns: its screen and the newest history. */
const PANE_LINES = 200;

export function registerResources(server: McpServer, ctx: TmuxMcpContext): void {
  server.registerResource(
    'sessions',
    'tmux://sessions',
    {
      title: 'tmux sessions',
      description: 'The sessions of the tmux server, as JSON',
      mimeType: 'application/json',
    },
    async (uri) => {
      const snap = await snapshot(ctx.engine, {
        fields: ['sessionName', 'sessionWindows', 'sessionAttached'],
      });
      const sessions = snap.sessions.toArray().map((s) => {
        const f = s as unknown as Record<string, unknown>;
        return {
          sessionId: f['sessionId'],
          sessionName: f['sessionName'],
          windows: f['sessionWindows'],
          attached: f['sessionAttached'],
        };
      });
      return {
        contents: [
          { uri: uri.href, mimeType: 'application/json', text: JSON.stringify({ sessions }, null, 1) },
        ],
      };
    },
  );
  server.registerResource(
    'pane',
    new ResourceTemplate('tmux://pane/{pane}', {
      list: async () => {
        const snap = await snapshot(ctx.engine, {
          fields: ['sessionName', 'windowName', 'paneCurrentCommand'],
        });
        return {
          resources: snap.panes.toArray().map((p) => {
            const f = p as unknown as Record<string, unknown>;
            const id = String(f['paneId']);
            return {
              uri: `tmux://pane/${id.slice(1)}`,
              name: `${id} ${String(f['sessionName'])}:${String(f['windowName'])} (${String(f['paneCurrentCommand'])})`,
              mimeType: 'text/plain',
            };
          }),
        };
      },
    }),
    {
      title: 'A tmux pane',
      description: `A pane's text: its screen and up to ${PANE_LINES} lines of history`,
      mimeType: 'text/plain',
    },
    async (uri, variables) => {
      const number = String(variables['pane']);
      if (!/^\d+$/.test(number)) throw new Error(`not a pane number: ${number} (tmux://pane/3 is pane %3)`);
      const lines = await ctx.server.pane(`%${number}`).capture({ start: -PANE_LINES });
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: lines.join('\n') }] };
    },
  );
}
