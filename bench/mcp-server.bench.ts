/**
 * The MCP server's costs, side by side in one run on the newest installed tmux (private server):
 *
 * - a tool call's latency through the official client (in process, linked transports) against the same
 *   work through the engine directly: `tmux_list_sessions` vs `engine.execute(new ListSessions())`, and
 *   `capture_pane` vs `pane.capture()`, all over one `SubprocessEngine` (the server's default);
 * - the same calls over stdio to a real `tmuxkit mcp` process (dist/cli.js, built by `npm run bench`);
 * - start-up: from spawning `tmuxkit mcp` to the client's `initialize` answered and `tools/list` read,
 *   against a bare `node -e 0`.
 *
 * Times are medians; every ratio is against a floor measured in the same run.
 * Run: npm run bench (BENCH_MCP_CALLS, default 40; BENCH_MCP_STARTS, default 5)
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { InMemoryTransport } from '@modelcontextprotocol/server';
import { ListSessions, NewSession, Server, SubprocessEngine } from '../src/index.js';
import { createTmuxMcpServer } from '../src/mcp/index.js';
import { installedTmuxVersions } from '../test/support/tmux-matrix.js';

const CALLS = Number(process.env['BENCH_MCP_CALLS'] ?? 40);
const STARTS = Number(process.env['BENCH_MCP_STARTS'] ?? 5);
const tmux = installedTmuxVersions().at(-1);
if (!tmux) throw new Error('no tmux installed: npm run setup:tmux');
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const env = { ...process.env, TMUX: '', SHELL: '/bin/sh' };
const socketName = `tmuxkit-bench-mcp-${process.pid}`;

async function timed(n: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return median(times);
}

const engine = new SubprocessEngine({ tmux: tmux.bin, socketName, configFile: '/dev/null', env });
try {
  const { paneId } = (
    await engine.execute(new NewSession({ detached: true, sessionName: 'bench' }))
  ).raiseForStatus();
  const pane = new Server(engine).pane(paneId!);

  const mcp = createTmuxMcpServer({ engine, operations: true, caller: null, pids: [] });
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await mcp.create().connect(serverSide);
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(clientSide);

  const stdio = new Client({ name: 'bench', version: '1.0.0' });
  await stdio.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [cli, 'mcp', '-L', socketName, '--operations'],
      env: { ...(env as Record<string, string>), TMUXKIT_TMUX: tmux.bin },
      stderr: 'ignore',
    }),
  );

  const call = (c: Client, name: string, args: Record<string, unknown>) => async () => {
    const r = await c.callTool({ name, arguments: args });
    if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  };
  // Warm every path once (versions learned, modules loaded), then alternate the contenders.
  const rows: [string, () => Promise<unknown>][] = [
    ['engine: list-sessions', () => engine.execute(new ListSessions())],
    ['MCP in process: tmux_list_sessions', call(client, 'tmux_list_sessions', {})],
    ['MCP over stdio: tmux_list_sessions', call(stdio, 'tmux_list_sessions', {})],
    ['engine: pane.capture()', () => pane.capture()],
    ['MCP in process: capture_pane', call(client, 'capture_pane', { pane: paneId })],
    ['MCP over stdio: capture_pane', call(stdio, 'capture_pane', { pane: paneId })],
  ];
  for (const [, f] of rows) await f();
  const results = new Map<string, number[]>();
  for (let round = 0; round < 4; round++)
    for (const [name, f] of rows)
      results.set(name, [...(results.get(name) ?? []), await timed(CALLS / 4, f)]);
  const ms = (name: string) => median(results.get(name)!);
  console.log(
    `MCP tool calls on tmux ${tmux.version} (median of ${CALLS}, ms; ratio against the engine directly)`,
  );
  for (const [name] of rows) {
    const floor = name.includes('capture') ? ms('engine: pane.capture()') : ms('engine: list-sessions');
    console.log(`  ${name.padEnd(40)} ${ms(name).toFixed(2).padStart(7)}  ${(ms(name) / floor).toFixed(2)}x`);
  }
  await client.close();
  await stdio.close();

  const bare: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    let t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    bare.push(performance.now() - t);
    t = performance.now();
    const c = new Client({ name: 'bench', version: '1.0.0' });
    await c.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [cli, 'mcp', '-L', socketName],
        env: { ...(env as Record<string, string>), TMUXKIT_TMUX: tmux.bin },
        stderr: 'ignore',
      }),
    );
    await c.listTools();
    start.push(performance.now() - t);
    await c.close();
  }
  console.log(
    `start-up (median of ${STARTS}): node -e 0 ${median(bare).toFixed(0)} ms; tmuxkit mcp to tools/list ${median(start).toFixed(0)} ms (${(median(start) / median(bare)).toFixed(1)}x)`,
  );
} finally {
  await engine.run(['kill-server']).catch(() => undefined);
  await engine.close();
}
