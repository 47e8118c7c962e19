/**
 * The transports `tmuxkit mcp` serves on: stdio (one client, the default) and Streamable HTTP (`--http
 * PORT`), bound to 127.0.0.1 unless told otherwise, with the Host and Origin checks that keep a web page
 * from reaching a local server (DNS rebinding). Both come from the official SDK; this file only wires them.
 */
import type { TmuxMcpServer } from './tmux-mcp-server.js';

/** Serves on this process's stdin/stdout until the client closes stdin; resolves then. */
export async function serveOverStdio(tmux: TmuxMcpServer): Promise<void> {
  const { serveStdio } = await import('@modelcontextprotocol/server/stdio');
  const handle = serveStdio(() => tmux.create(), {
    onerror: (e) => process.stderr.write(`tmuxkit mcp: ${e.message}\n`),
  });
  await new Promise<void>((resolve) => {
    process.stdin.once('end', resolve);
    process.stdin.once('close', resolve);
  });
  await handle.close();
}

export interface HttpOptions {
  /** 0 picks a free port; the listening address is passed to `onListening`. */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  readonly onListening?: (url: string) => void;
}

/** Serves Streamable HTTP at `/mcp` until `signal` aborts; resolves when the listener has closed. */
export async function serveOverHttp(
  tmux: TmuxMcpServer,
  options: HttpOptions,
  signal: AbortSignal,
): Promise<void> {
  const sdk = await import('@modelcontextprotocol/server');
  const { toNodeHandler } = await import('@modelcontextprotocol/node');
  const { createServer } = await import('node:http');
  const handler = sdk.createMcpHandler(() => tmux.create());
  const host = options.host ?? '127.0.0.1';
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(host);
  const guarded = {
    async fetch(request: Request): Promise<Response> {
      // On loopback only local names and origins are accepted; on any other address the operator chose to
      // expose it, and the Host check would only get in the way of the name they reach it by.
      const refused = loopback
        ? (sdk.hostHeaderValidationResponse(request, sdk.localhostAllowedHostnames()) ??
          sdk.originValidationResponse(request, sdk.localhostAllowedOrigins()))
        : undefined;
      return refused ?? (await handler.fetch(request));
    },
  };
  const node = toNodeHandler(guarded);
  const http = createServer((req, res) => {
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('tmuxkit mcp: the endpoint is /mcp\n');
      return;
    }
    void node(req as Parameters<typeof node>[0], res);
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, host, () => resolve());
  });
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.onListening?.(`http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      http.close(() => resolve());
      http.closeAllConnections();
    };
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
