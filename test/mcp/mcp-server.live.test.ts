/**
 * The MCP server against real tmux on every matrix version, through the official client in process: tool
 * listings per tier match the catalog's safety; every per-command tool renders with valid arguments and
 * refuses invalid ones; the curated tools end to end; payload escalation; errors as `isError` results;
 * cancellation and progress; resources and prompts.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, catalogByName, SubprocessEngine, TmuxVersion, type JsonSchema } from '../../src/index.js';
import { CURATED_TOOLS, SAFETY_TIERS, tierAllows, type SafetyTier } from '../../src/mcp/index.js';
import { privateServers, TEST_ENV } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';
import { connectInProcess, fails, ok, textOf, type ToolResult } from './mcp-test-client.js';

/** A value a parameter's schema accepts, for rendering each tool once. */
function sample(schema: JsonSchema): unknown {
  if (schema.anyOf) return sample(schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    default: {
      if (schema.pattern === '^[^=]+=') return 'A=1';
      if (schema.pattern) return '10';
      const d = schema.description ?? '';
      if (d.includes('Names a pane') || d.startsWith('a pane')) return '%0';
      if (d.includes('Names a window') || d.startsWith('a window')) return '@0';
      if (d.includes('Names a session') || d.startsWith('a session')) return '$0';
      if (d.includes('Names a client') || d.startsWith('a client')) return '/dev/pts/0';
      return 'x';
    }
  }
}

/** Commands that run something whatever their arguments, and so are destructive whatever the catalog says. */
const ALWAYS_DESTRUCTIVE = [
  'run-shell',
  'if-shell',
  'source-file',
  'set-environment',
  'save-buffer',
  'load-buffer',
];

/** The least tier a command's calls can need, from the catalog's safety and read-only flag. */
const leastTier = (command: string): SafetyTier => {
  const c = catalogByName.get(command)!;
  if (ALWAYS_DESTRUCTIVE.includes(command)) return 'destructive';
  return c.readonlyWith !== null && c.safety === 'mutating' ? 'readonly' : c.safety;
};

for (const tmux of installedTmuxVersions()) {
  describe(`MCP server, tmux ${tmux.version}`, () => {
    const servers = privateServers();
    let engine: SubprocessEngine;
    const clients: Client[] = [];
    const connect = async (safety: SafetyTier, operations = false, e = engine) => {
      const client = await connectInProcess({ engine: e, safety, operations });
      clients.push(client);
      return client;
    };
    let full: Client;
    const version = TmuxVersion.parse(tmux.version);

    beforeAll(async () => {
      engine = new SubprocessEngine(servers.connection(tmux.bin, 'mcp'));
      full = await connect('destructive', true);
    });
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
      await engine.close();
      await servers.killAll();
    });

    describe('listings per tier', () => {
      for (const tier of SAFETY_TIERS) {
        it(`at ${tier}: the curated tools of that tier and the commands whose safety allows it`, async () => {
          const client = await connect(tier, true);
          const { tools } = await client.listTools();
          const names = tools.map((t) => t.name);
          const curated = CURATED_TOOLS.filter((t) => tierAllows(tier, t.tier)).map((t) => t.name);
          const perCommand = catalog
            .filter((c) => tierAllows(tier, leastTier(c.command)))
            .map((c) => `tmux_${c.command.replaceAll('-', '_')}`);
          expect(names.sort()).toEqual([...curated, ...perCommand].sort());
          for (const t of tools.filter((t) => t.name.startsWith('tmux_'))) {
            const c = catalogByName.get(t.name.slice(5).replaceAll('_', '-'))!;
            expect(t.annotations).toMatchObject({
              readOnlyHint: c.safety === 'readonly',
              destructiveHint: c.safety === 'destructive',
            });
            expect(t.outputSchema).toBeDefined();
          }
          for (const t of tools.filter((t) => !t.name.startsWith('tmux_'))) {
            expect(t.outputSchema, t.name).toBeDefined();
            expect(t.description!.length, t.name).toBeGreaterThan(30);
          }
        });
      }

      it('hides the per-command tools unless asked', async () => {
        const { tools } = await (await connect('destructive')).listTools();
        expect(tools.some((t) => t.name.startsWith('tmux_'))).toBe(false);
        expect(tools.map((t) => t.name)).toContain('run_command');
      });
    });

    describe('the per-command tools', () => {
      beforeAll(async () => {
        await ok(full, 'create_session', { name: 'main', width: 80, height: 24 });
      });

      /** Valid arguments for a per-command tool on this release: every parameter it requires, sampled. */
      const validArgs = (t: { name: string; inputSchema: unknown }) => {
        const schema = t.inputSchema as JsonSchema;
        const c = catalogByName.get(t.name.slice(5).replaceAll('_', '-'))!;
        // Required, and required on this release (a positional tmux made optional later).
        const required = [
          ...(schema.required ?? []),
          ...c.positionals
            .filter((p) => p.requiredUntil !== null && version.compare(p.requiredUntil) < 0)
            .map((p) => p.param),
        ];
        const args = Object.fromEntries(required.map((p) => [p, sample(schema.properties![p]!)]));
        const available =
          version.compare(TmuxVersion.parse(c.since)) >= 0 &&
          (c.until === null || version.compare(TmuxVersion.parse(c.until)) < 0);
        return { c, args, available };
      };

      it('render every command with valid arguments for this tmux, or say it is too new', async () => {
        const { tools } = await full.listTools();
        const perCommand = tools.filter((t) => t.name.startsWith('tmux_'));
        expect(perCommand).toHaveLength(catalog.length);
        for (const t of perCommand) {
          const { c, args, available } = validArgs(t);
          const r = (await full.callTool({
            name: t.name,
            arguments: { ...args, dryRun: true },
          })) as ToolResult;
          if (available) {
            expect(r.isError, `${t.name}: ${textOf(r)}`).toBeFalsy();
            expect((r.structuredContent!['argv'] as string[])[0]).toBe(c.command);
          } else {
            expect(r.isError, t.name).toBe(true);
            expect(textOf(r)).toMatch(/tmux/);
          }
        }
      });

      it('call every command that needs no terminal: each reaches tmux, which runs it or answers in its own words', async () => {
        // A server of its own: some of these kill sessions or the server itself.
        const own = new SubprocessEngine(servers.connection(tmux.bin, 'mcp-every'));
        const client = await connect('destructive', true, own);
        const main = () => own.run(['new-session', '-d', '-s', 'main', '-x', '80', '-y', '24']);
        await main();
        const { tools } = await client.listTools();
        let ran = 0;
        for (const t of tools.filter((t) => t.name.startsWith('tmux_'))) {
          const { c, args, available } = validArgs(t);
          if (!available || c.needsClient) continue;
          // wait-for without -S would wait for a signal that never comes.
          const call = c.command === 'wait-for' ? { ...args, signal: true } : args;
          const r = (await client.callTool({ name: t.name, arguments: call })) as ToolResult;
          if (r.isError) expect(textOf(r), t.name).toMatch(/^tmux failed: |no server running|no sessions/);
          else expect(r.structuredContent!['exitCode'], t.name).toBe(0);
          ran++;
          if (!(await own.run(['has-session', '-t', 'main'])).ok) await main();
        }
        expect(ran).toBeGreaterThan(50);
        await own.run(['kill-server']);
        await own.close();
      });

      it('refuse arguments that are not parameters, or of the wrong type', async () => {
        const { tools } = await full.listTools();
        for (const t of tools.filter((t) => t.name.startsWith('tmux_')))
          expect(await fails(full, t.name, { notAParameter: 1, dryRun: true })).toMatch(
            /notAParameter|additional/i,
          );
        expect(await fails(full, 'tmux_list_panes', { target: 42 })).toMatch(/target/);
      });

      it('run read-only commands for real and return their typed results', async () => {
        for (const [name, args] of [
          ['tmux_list_sessions', {}],
          ['tmux_list_windows', { target: 'main' }],
          ['tmux_list_panes', { target: 'main' }],
          ['tmux_list_buffers', {}],
          ['tmux_list_commands', {}],
          ['tmux_list_keys', {}],
          ['tmux_show_options', { global: true }],
          ['tmux_show_environment', { global: true }],
          ['tmux_display_message', { print: true, message: '#{session_name}' }],
          ['tmux_has_session', { target: 'main' }],
          ['tmux_capture_pane', { print: true, target: 'main' }],
        ] as const) {
          const r = await ok(full, name, args);
          expect(r['exitCode'], name).toBe(0);
        }
        const rows = await ok<{ data: { sessionName: string }[] }>(full, 'tmux_list_sessions');
        expect(rows.data.map((s) => s.sessionName)).toContain('main');
        expect(
          (await ok(full, 'tmux_display_message', { print: true, message: '#{session_name}' }))['stdout'],
        ).toBe('main\n');
      });

      it("fail with tmux's own words", async () => {
        expect(await fails(full, 'tmux_list_panes', { target: 'no-such-session' })).toMatch(
          /can't find|no-such-session/,
        );
      });
    });

    describe('the curated tools, end to end', () => {
      let pane: string;
      beforeAll(async () => {
        ({ paneId: pane } = await ok<{ paneId: string }>(full, 'create_session', {
          name: 'work',
          width: 120,
          height: 40,
          command: 'env PS1="$ " sh',
        }));
        expect((await ok<{ outcome: string }>(full, 'wait_for_text', { pane, pattern: '$' })).outcome).toBe(
          'matched',
        );
      });

      it('run a command: its exit status and its own output', async () => {
        const r = await ok(full, 'run_command', { pane, command: "printf 'one\\ntwo\\n'; sh -c 'exit 3'" });
        expect(r).toMatchObject({ outcome: 'completed', exitCode: 3, output: 'one\ntwo\n', timedOut: false });
      });

      it('split, list (one snapshot) and find panes', async () => {
        const split = await ok<{ paneId: string; windowId: string }>(full, 'split_pane', {
          pane,
          direction: 'right',
        });
        const { panes } = await ok<{ panes: { paneId: string; caller: boolean }[] }>(full, 'list_panes', {
          session: 'work',
        });
        expect(panes.map((p) => p.paneId)).toEqual(expect.arrayContaining([pane, split.paneId]));
        expect(panes.every((p) => p.caller === false)).toBe(true);
        const found = await ok<{ panes: { paneId: string }[]; total: number }>(full, 'find_panes', {
          where: { sessionName: 'work', paneId: split.paneId },
        });
        expect(found.panes.map((p) => p.paneId)).toEqual([split.paneId]);
        const tree = await ok<{ sessions: { sessionName: string; windows: { panes: unknown[] }[] }[] }>(
          full,
          'snapshot',
        );
        expect(tree.sessions.find((s) => s.sessionName === 'work')!.windows[0]!.panes).toHaveLength(2);
        await ok(full, 'kill_pane', { pane: split.paneId });
        const after = await ok<{ panes: { paneId: string }[] }>(full, 'list_panes', { session: 'work' });
        expect(after.panes.map((p) => p.paneId)).not.toContain(split.paneId);
      });

      it('type, wait for text, wait for quiet', async () => {
        await ok(full, 'send_keys', { pane, text: 'echo REA""DY', enter: true });
        const seen = await ok(full, 'wait_for_text', {
          pane,
          pattern: '^READY$',
          regex: true,
          flags: 'm',
          timeoutMs: 10_000,
        });
        expect(seen).toMatchObject({ outcome: 'matched', match: 'READY' });
        const quiet = await ok(full, 'wait_for_quiet', { pane, quietMs: 300, timeoutMs: 10_000 });
        expect(quiet).toMatchObject({ outcome: 'quiet', running: false });
      });

      it('read a pane by cursor: only the lines that came after', async () => {
        const first = await ok<{ cursor: string; lines: string[]; current: string }>(full, 'capture_pane', {
          pane,
          lines: 20,
        });
        expect(first.current).toBe('$');
        const nothing = await ok<{ lines: string[]; cursor: string }>(full, 'capture_pane', {
          pane,
          since: first.cursor,
        });
        expect(nothing.lines).toEqual([]);
        await ok(full, 'send_keys', { pane, text: 'printf "l1\\nl2\\n"', enter: true });
        await ok(full, 'wait_for_text', { pane, pattern: 'l2\n' });
        const fresh = await ok<{ lines: string[]; cursor: string }>(full, 'capture_pane', {
          pane,
          since: first.cursor,
        });
        expect(fresh.lines).toEqual(['$ printf "l1\\nl2\\n"', 'l1', 'l2']);
        expect(
          (await ok<{ lines: string[] }>(full, 'capture_pane', { pane, since: fresh.cursor })).lines,
        ).toEqual([]);
        expect(await fails(full, 'capture_pane', { pane, since: '%999999:1' })).toMatch(/belongs to pane/);
      });

      it('load a workspace, freeze it back, list its windows', async () => {
        const yaml = [
          'session_name: loaded',
          'windows:',
          '  - window_name: editor',
          '    panes: [echo hi, echo there]',
          '  - window_name: logs',
        ].join('\n');
        const { sessions } = await ok<{ sessions: { name: string; windows: { paneIds: string[] }[] }[] }>(
          full,
          'load_workspace',
          { workspace: yaml },
        );
        expect(sessions.map((s) => [s.name, s.windows.map((w) => w.paneIds.length)])).toEqual([
          ['loaded', [2, 1]],
        ]);
        const { windows } = await ok<{ windows: { windowName: string }[] }>(full, 'list_windows', {
          session: 'loaded',
        });
        expect(windows.map((w) => w.windowName)).toEqual(['editor', 'logs']);
        const frozen = await ok<{ text: string }>(full, 'freeze_session', { session: 'loaded' });
        expect(frozen.text).toMatch(/session_name: loaded/);
        expect(frozen.text).toMatch(/window_name: logs/);
        expect(await fails(full, 'load_workspace', { workspace: yaml })).toMatch(/running already/);
        expect(await fails(full, 'load_workspace', { workspace: 'windows: 3' })).toMatch(
          /session_name|windows/,
        );
      });

      it('preview a plan, then execute it', async () => {
        const plan = {
          steps: [
            {
              operation: {
                command: 'new-window',
                params: { target: 'work:', detached: true, windowName: 'planned' },
              },
            },
            {
              operation: {
                command: 'split-window',
                params: { target: { type: 'slot', slot: 0, object: 'pane' }, detached: true },
              },
            },
          ],
        };
        const preview = await ok<{ steps: { argv: string[]; tier: string }[]; allowed: boolean }>(
          full,
          'preview_plan',
          { plan },
        );
        expect(preview.steps.map((s) => s.argv[0])).toEqual(['new-window', 'split-window']);
        expect(preview).toMatchObject({ allowed: true, tier: 'mutating' });
        const run = await ok<{ ok: boolean }>(full, 'execute_plan', { plan });
        expect(run.ok).toBe(true);
        const { windows } = await ok<{ windows: { windowName: string; panes: number }[] }>(
          full,
          'list_windows',
          { session: 'work' },
        );
        expect(windows.find((w) => w.windowName === 'planned')?.panes).toBe(2);
        expect(
          await fails(full, 'execute_plan', { plan: { steps: [{ operation: { command: 'no-such' } }] } }),
        ).toMatch(/not a plan/);
      });

      it('options, environment and buffers', async () => {
        await ok(full, 'set_option', { scope: 'session', target: 'work', name: 'status', value: 'off' });
        expect(await ok(full, 'show_options', { scope: 'session', target: 'work', name: 'status' })).toEqual({
          options: { status: 'off' },
        });
        await ok(full, 'set_environment', { session: 'work', name: 'TMUXKIT_FOO', value: 'bar' });
        const env = await ok<{ variables: Record<string, string> }>(full, 'show_environment', {
          session: 'work',
        });
        expect(env.variables['TMUXKIT_FOO']).toBe('bar');
        await ok(full, 'set_buffer', { name: 'b1', data: 'hello buffer' });
        const { buffers } = await ok<{ buffers: { name: string; size: number }[] }>(full, 'list_buffers');
        expect(buffers).toContainEqual(expect.objectContaining({ name: 'b1', size: 12 }));
        expect(await ok(full, 'show_buffer', { name: 'b1' })).toMatchObject({
          text: 'hello buffer',
          truncated: false,
        });
        await ok(full, 'delete_buffer', { name: 'b1' });
        expect(await fails(full, 'show_buffer', { name: 'b1' })).toMatch(/b1/);
      });

      it('rename, select, resize, lay out', async () => {
        const { windowId } = await ok<{ windowId: string }>(full, 'create_window', {
          session: 'work',
          name: 'shape',
        });
        await ok(full, 'rename_window', { window: windowId, name: 'shaped' });
        await ok(full, 'select_window', { window: windowId });
        const { paneId } = await ok<{ paneId: string }>(full, 'split_pane', {
          pane: windowId,
          direction: 'below',
          size: '30%',
        });
        await ok(full, 'select_layout', { window: windowId, layout: 'even-horizontal' });
        await ok(full, 'select_pane', { pane: paneId, title: 'second' });
        await ok(full, 'resize_pane', { pane: paneId, zoom: true });
        const { panes } = await ok<{ panes: { paneId: string; title: string; windowName: string }[] }>(
          full,
          'list_panes',
          { window: windowId },
        );
        expect(panes.find((p) => p.paneId === paneId)).toMatchObject({
          title: 'second',
          windowName: 'shaped',
        });
        await ok(full, 'kill_window', { window: windowId });
      });

      it('resources: the session list and each pane', async () => {
        const { resources } = await full.listResources();
        const uris = resources.map((r) => r.uri);
        expect(uris).toContain('tmux://sessions');
        expect(uris).toContain(`tmux://pane/${pane.slice(1)}`);
        const sessions = await full.readResource({ uri: 'tmux://sessions' });
        expect(
          JSON.parse((sessions.contents[0] as { text: string }).text).sessions.map(
            (s: { sessionName: string }) => s.sessionName,
          ),
        ).toContain('work');
        const text = await full.readResource({ uri: `tmux://pane/${pane.slice(1)}` });
        expect((text.contents[0] as { text: string }).text).toMatch(/l2/);
      });

      it('prompts for running and diagnosing', async () => {
        const { prompts } = await full.listPrompts();
        expect(prompts.map((p) => p.name).sort()).toEqual(['diagnose_pane', 'run_and_wait']);
        const p = await full.getPrompt({ name: 'run_and_wait', arguments: { command: 'make test', pane } });
        expect(JSON.stringify(p.messages)).toMatch(/run_command/);
      });

      it('progress while a command runs, and cancellation that leaves the pane usable', async () => {
        const progress: number[] = [];
        const stop = new AbortController();
        setTimeout(() => stop.abort(), 2500);
        await expect(
          full.callTool(
            { name: 'run_command', arguments: { pane, command: 'sleep 30' } },
            { signal: stop.signal, onprogress: (p) => void progress.push(p.progress) },
          ),
        ).rejects.toThrow();
        expect(progress.length).toBeGreaterThanOrEqual(1);
        const started = Date.now();
        expect(
          await ok(full, 'run_command', { pane, command: 'echo back', timeoutMs: 10_000 }),
        ).toMatchObject({ output: 'back\n', exitCode: 0 });
        expect(Date.now() - started).toBeLessThan(9_000);
      });
    });

    describe('payload escalation', () => {
      let mutating: Client;
      let readonly: Client;
      beforeAll(async () => {
        mutating = await connect('mutating', true);
        readonly = await connect('readonly', true);
      });

      it('a shell command or environment makes a creation destructive', async () => {
        expect(await fails(mutating, 'create_window', { session: 'main', command: 'sleep 1' })).toMatch(
          /refused: new-window is destructive \(shellCommand runs a program\).*--safety mutating/,
        );
        expect(await fails(mutating, 'split_pane', { pane: 'main', environment: { A: '1' } })).toMatch(
          /destructive/,
        );
        expect(
          await fails(mutating, 'tmux_new_window', { target: 'main:', detached: true, shellCommand: 'top' }),
        ).toMatch(/destructive/);
        await ok(mutating, 'tmux_new_window', { target: 'main:', detached: true, windowName: 'plain' });
      });

      it('a format that runs a command, a hook, or an option that runs programs is destructive', async () => {
        expect(
          await fails(mutating, 'set_option', {
            scope: 'session',
            target: 'main',
            name: 'status-left',
            value: '#(id)',
          }),
        ).toMatch(/#\(/);
        expect(
          await fails(mutating, 'set_option', { scope: 'session', name: 'default-command', value: 'bash' }),
        ).toMatch(/can make tmux run programs/);
        expect(
          await fails(mutating, 'set_option', {
            scope: 'session',
            name: 'after-new-window',
            value: 'kill-server',
          }),
        ).toMatch(/can make tmux run programs/);
        expect(
          await fails(mutating, 'tmux_rename_window', { target: 'main:0', newName: '#(reboot)' }),
        ).toMatch(/destructive/);
      });

      it('plans and workspaces are as dangerous as their worst step', async () => {
        const plan = {
          steps: [
            {
              operation: {
                command: 'new-window',
                params: { target: 'main:', detached: true, shellCommand: 'top' },
              },
            },
          ],
        };
        expect(await ok(mutating, 'preview_plan', { plan })).toMatchObject({
          tier: 'destructive',
          allowed: false,
        });
        expect(await fails(mutating, 'execute_plan', { plan })).toMatch(/refused: this plan is destructive/);
        expect(
          await fails(mutating, 'load_workspace', {
            workspace: 'session_name: s\nbefore_script: ./setup\nwindows: [{}]',
          }),
        ).toMatch(/before_script/);
        expect(
          await fails(full, 'load_workspace', { workspace: 'session_name: s\nplugins: [x]\nwindows: [{}]' }),
        ).toMatch(/plugins/);
      });

      it('above the tier, tools are neither listed nor callable', async () => {
        await expect(mutating.callTool({ name: 'kill_pane', arguments: { pane: '%0' } })).rejects.toThrow(
          /not found/,
        );
        await expect(mutating.callTool({ name: 'tmux_run_shell', arguments: {} })).rejects.toThrow(
          /not found/,
        );
        await expect(readonly.callTool({ name: 'send_keys', arguments: { pane: '%0' } })).rejects.toThrow(
          /not found/,
        );
      });

      it('read-only: capture-pane prints, but may not fill a buffer', async () => {
        await ok(readonly, 'tmux_capture_pane', { print: true, target: 'main' });
        expect(await fails(readonly, 'tmux_capture_pane', { target: 'main' })).toMatch(
          /capture-pane is mutating/,
        );
        await ok(readonly, 'capture_pane', { pane: 'main' });
      });
    });

    describe('errors an agent can act on', () => {
      it('NUL bytes, unknown panes, huge captures, bad criteria', async () => {
        expect(await fails(full, 'run_command', { pane: 'main', command: 'echo \0' })).toMatch(/NUL/);
        expect(await fails(full, 'capture_pane', { pane: '%99999' })).toMatch(/%99999/);
        expect(await fails(full, 'capture_pane', { pane: 'main', lines: 1_000_000 })).toMatch(/lines/);
        expect(await fails(full, 'find_panes', { where: { noSuchField: 1 } })).toMatch(/noSuchField/);
        expect(await fails(full, 'wait_for_text', { pane: 'main', pattern: '(', regex: true })).toMatch(
          /regular expression/,
        );
      });

      it('a server that is not running', async () => {
        const gone = new SubprocessEngine({
          ...servers.connection(tmux.bin, 'mcp-none'),
          env: { ...process.env, ...TEST_ENV },
        });
        const client = await connect('destructive', false, gone);
        expect(await ok(client, 'list_sessions')).toEqual({ sessions: [] });
        expect(await ok(client, 'server_info')).toMatchObject({ running: false, safety: 'destructive' });
        expect(await fails(client, 'run_command', { pane: '%0', command: 'true' })).toMatch(
          /create_session starts one/,
        );
        await gone.close();
      });
    });
  });
}
