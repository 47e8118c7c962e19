/**
 * `tmuxkit mcp` as agents start it: a real process over stdio and over Streamable HTTP, through the official
 * client, on every installed tmux; and the self-kill guard with the server running inside a tmux pane whose
 * environment was stripped (`env -i`), so that only its parent processes can say where it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateTmux, TEST_ENV } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';
import { fails, ok } from './mcp-test-client.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const command = (...args: string[]) => [process.execPath, '--import', tsxLoader, bin, 'mcp', ...args];
const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-mcp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Connects a client to a `tmuxkit mcp` process over stdio. */
async function overStdio(args: string[], env: Record<string, string>): Promise<Client> {
  const [exe, ...rest] = command(...args);
  const transport = new StdioClientTransport({
    command: exe!,
    args: rest,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      ...TEST_ENV,
      ...env,
    },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'tmuxkit-tests', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Waits for a line in a file (or a stream's text) that holds the listening URL. */
async function urlFrom(read: () => string, timeout = 30_000): Promise<string> {
  const until = Date.now() + timeout;
  for (;;) {
    const match = /listening on (http:\/\/\S+)/.exec(read());
    if (match) return match[1]!;
    if (Date.now() > until) throw new Error(`no URL within ${timeout} ms: ${read()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function overHttp(url: string): Promise<Client> {
  const client = new Client({ name: 'tmuxkit-tests', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

for (const tmux of installedTmuxVersions()) {
  describe(`tmuxkit mcp as a process, tmux ${tmux.version}`, () => {
    let server: PrivateTmux;
    const env = () => ({ TMUXKIT_TMUX: tmux.bin });
    beforeAll(async () => {
      server = await PrivateTmux.start(tmux.bin, 'mcp-process');
    });
    afterAll(async () => {
      await server.kill();
    });

    it('over stdio: lists the default tier and runs commands', async () => {
      const client = await overStdio(['-L', server.socketName], env());
      try {
        const names = (await client.listTools()).tools.map((t) => t.name);
        expect(names).toEqual(expect.arrayContaining(['run_command', 'capture_pane', 'load_workspace']));
        expect(names).not.toContain('kill_pane');
        expect(names.some((n) => n.startsWith('tmux_'))).toBe(false);
        const { paneId } = await ok<{ paneId: string }>(client, 'create_session', { name: 'stdio' });
        expect(
          await ok(client, 'run_command', { pane: paneId, command: "echo out; sh -c 'exit 3'" }),
        ).toMatchObject({
          exitCode: 3,
          output: 'out\n',
        });
      } finally {
        await client.close();
      }
    });

    it('takes its tier and per-command tools from the environment', async () => {
      const client = await overStdio(
        ['-S', `${process.env['TMUX_TMPDIR'] || '/tmp'}/tmux-${process.getuid!()}/${server.socketName}`],
        {
          ...env(),
          TMUXKIT_MCP_SAFETY: 'readonly',
          TMUXKIT_MCP_OPERATIONS: '1',
        },
      );
      try {
        const { tools } = await client.listTools();
        expect(tools.length).toBeGreaterThan(20);
        expect(
          tools.every((t) => t.annotations?.readOnlyHint === true || t.name === 'tmux_capture_pane'),
        ).toBe(true);
        expect(tools.map((t) => t.name)).toContain('tmux_list_sessions');
        const { sessions } = await ok<{ sessions: { sessionName: string }[] }>(client, 'list_sessions');
        expect(sessions.map((s) => s.sessionName)).toContain('main');
      } finally {
        await client.close();
      }
    });

    it('over HTTP on 127.0.0.1, refusing other origins, until it is told to stop', async () => {
      const child = spawn(command()[0]!, [...command().slice(1), '-L', server.socketName, '--http', '0'], {
        env: { ...process.env, ...TEST_ENV, ...env() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += String(d)));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const url = await urlFrom(() => stderr);
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
        const client = await overHttp(url);
        const { paneId } = await ok<{ paneId: string }>(client, 'create_session', { name: 'http' });
        expect(
          (await ok<{ panes: { paneId: string }[] }>(client, 'list_panes', { session: 'http' })).panes[0]!
            .paneId,
        ).toBe(paneId);
        await client.close();
        const foreign = await fetch(url, {
          method: 'POST',
          headers: {
            origin: 'http://evil.example',
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
          },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        });
        expect(foreign.status).toBe(403);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    });

    it('refuses to listen beyond loopback without a token', async () => {
      const child = spawn(
        command()[0]!,
        [...command().slice(1), '-L', server.socketName, '--http', '0', '--host', '0.0.0.0'],
        { env: { ...process.env, ...TEST_ENV, ...env() }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += String(d)));
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
      expect(stderr).toMatch(/listening on 0\.0\.0\.0, beyond this machine, needs a token/);
    });

    it('refuses a tier it does not know, before anything runs', async () => {
      const child = spawn(command()[0]!, [...command().slice(1), '--safety', 'root'], {
        env: { ...process.env, ...TEST_ENV, ...env() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += String(d)));
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
      expect(stderr).toBe(
        'tmuxkit: --safety: "root" is not a safety tier (readonly, mutating, destructive)\n',
      );
    });
  });

  describe(`the self-kill guard, inside a tmux pane with a stripped environment, tmux ${tmux.version}`, () => {
    let server: PrivateTmux;
    let client: Client;
    let own: { paneId: string; windowId: string; sessionId: string };
    const urlFile = join(dir, `url-${tmux.slot}`);

    beforeAll(async () => {
      server = await PrivateTmux.start(tmux.bin, 'mcp-guard');
      // The pane runs the MCP server through `env -i`: no $TMUX, no $TMUX_PANE, only what it needs to start.
      const argv = command('-L', server.socketName, '--http', '0', '--safety', 'destructive', '--operations');
      const quoted = argv.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
      const started = await server.run([
        'new-session',
        '-d',
        '-s',
        'agent',
        '-P',
        '-F',
        '#{pane_id} #{window_id} #{session_id}',
        `env -i PATH='${process.env['PATH']}' HOME=/tmp TMUXKIT_TMUX='${tmux.bin}' ${quoted} 2>'${urlFile}'`,
      ]);
      expect(started.exitCode, started.stderr).toBe(0);
      const [paneId, windowId, sessionId] = started.stdout.trim().split(' ');
      own = { paneId: paneId!, windowId: windowId!, sessionId: sessionId! };
      await server.run(['split-window', '-d', '-t', own.paneId]);
      const url = await urlFrom(() => {
        try {
          return readFileSync(urlFile, 'utf8');
        } catch {
          return '';
        }
      });
      client = await overHttp(url);
    });
    afterAll(async () => {
      await client?.close();
      await server.kill();
    });

    it('knows the pane it runs in', async () => {
      expect((await ok(client, 'server_info'))['caller']).toEqual(own);
      const { panes } = await ok<{ panes: { paneId: string; caller: boolean }[] }>(client, 'list_panes');
      expect(panes.filter((p) => p.caller).map((p) => p.paneId)).toEqual([own.paneId]);
    });

    it('refuses to kill its pane, window, session or server, whichever way it is asked', async () => {
      const sibling = (
        await ok<{ panes: { paneId: string; caller: boolean }[] }>(client, 'list_panes', { session: 'agent' })
      ).panes.find((p) => !p.caller)!.paneId;
      expect(await fails(client, 'kill_pane', { pane: own.paneId })).toMatch(
        /refused: this would kill its own pane/,
      );
      expect(await fails(client, 'kill_window', { window: own.windowId })).toMatch(/own window/);
      expect(await fails(client, 'kill_session', { session: 'agent' })).toMatch(/own session/);
      expect(await fails(client, 'tmux_kill_server', {})).toMatch(/killing the server/);
      expect(await fails(client, 'tmux_kill_pane', { target: sibling, allOthers: true })).toMatch(
        /other panes/,
      );
      expect(await fails(client, 'tmux_kill_session', { target: 'main', allOthers: true })).toMatch(
        /other sessions/,
      );
      expect(await fails(client, 'tmux_respawn_pane', { target: own.paneId, kill: true })).toMatch(
        /own pane/,
      );
      expect(await fails(client, 'run_command', { pane: own.paneId, command: 'exit' })).toMatch(/runs in/);
      expect(await fails(client, 'send_keys', { pane: own.paneId, keys: ['C-c'] })).toMatch(/runs in/);
      const plan = { steps: [{ operation: { command: 'kill-window', params: { target: own.windowId } } }] };
      expect(await fails(client, 'execute_plan', { plan })).toMatch(/step 0: refused/);
    });

    it('sees through names, prefixes, -k, plans and other ways to reach its own pane', async () => {
      // tmux finds sessions by prefix: the check resolves a target as the command will.
      expect(await fails(client, 'kill_session', { session: 'age' })).toMatch(/own session/);
      expect(await fails(client, 'tmux_new_window', { target: 'agent:0', killExisting: true })).toMatch(
        /own window/,
      );
      expect(await fails(client, 'tmux_send_keys', { target: own.paneId, keys: ['exit', 'Enter'] })).toMatch(
        /send-keys into %\d+, the pane this MCP server runs in/,
      );
      const typing = {
        steps: [{ operation: { command: 'send-keys', params: { target: own.paneId, keys: ['x'] } } }],
      };
      expect(await fails(client, 'execute_plan', { plan: typing })).toMatch(/step 0: refused/);
      const found = {
        steps: [
          {
            operation: { command: 'new-session', params: { detached: true, sessionName: 'agent' } },
            find: { session: 'agent' },
          },
          {
            operation: {
              command: 'kill-session',
              params: { target: { type: 'slot', slot: 0, object: 'session' } },
            },
          },
        ],
      };
      expect(await fails(client, 'execute_plan', { plan: found })).toMatch(/find-or-create/);
      const moved = {
        steps: [
          { operation: { command: 'new-session', params: { detached: true, sessionName: 'elsewhere' } } },
          { operation: { command: 'join-pane', params: { source: own.paneId, target: 'elsewhere:' } } },
          { operation: { command: 'kill-session', params: { target: 'elsewhere' } } },
        ],
      };
      expect(await fails(client, 'execute_plan', { plan: moved })).toMatch(/after panes or windows moved/);
      const { sessions } = await ok<{ sessions: { sessionName: string }[] }>(client, 'list_sessions');
      expect(sessions.map((s) => s.sessionName)).not.toContain('elsewhere');
    });

    it('kills what is not its own', async () => {
      const sibling = (
        await ok<{ panes: { paneId: string; caller: boolean }[] }>(client, 'list_panes', { session: 'agent' })
      ).panes.find((p) => !p.caller)!.paneId;
      await ok(client, 'kill_pane', { pane: sibling });
      await ok(client, 'kill_session', { session: 'main' });
      const { sessions } = await ok<{ sessions: { sessionName: string }[] }>(client, 'list_sessions');
      expect(sessions.map((s) => s.sessionName)).toEqual(['agent']);
    });
  });
}
