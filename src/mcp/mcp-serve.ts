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

/** Loopback addresses: 127.0.0.0/8, ::1, their IPv4-mapped form, and `localhost`. */
export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/i.test(host);

export interface HttpOptions {
  /** 0 picks a free port; the listening address is passed to `onListening`. */
  readonly port: number;
  /** Default 127.0.0.1. Any address beyond loopback needs a `token`. */
  readonly host?: string;
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  readonly token?: string;
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
  const loopback = isLoopback(host);
  if (!loopback && !options.token)
    throw new Error(
      `listening on ${host}, beyond this machine, needs a token (--token or TMUXKIT_MCP_TOKEN)`,
    );
  const expected = options.token ? Buffer.from(`Bearer ${options.token}`) : undefined;
  const { timingSafeEqual } = await import('node:crypto');
  const guarded = {
    async fetch(request: Request): Promise<Response> {
      // Web pages may not reach it (Origin), nor, on loopback, names that rebind to it (Host); beyond
      // loopback the operator picked the address and every request must carry the token.
      const refused =
        sdk.originValidationResponse(request, sdk.localhostAllowedOrigins()) ??
        (loopback ? sdk.hostHeaderValidationResponse(request, sdk.localhostAllowedHostnames()) : undefined);
      if (refused) return refused;
      if (expected) {
        const given = Buffer.from(request.headers.get('authorization') ?? '');
        if (given.length !== expected.length || !timingSafeEqual(given, expected))
          return new Response('tmuxkit mcp: a bearer token is required\n', { status: 401 });
      }
      return await handler.fetch(request);
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
