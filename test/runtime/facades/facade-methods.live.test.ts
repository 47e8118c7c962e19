/**
 * Every generated facade method, as a specification: one case per `Class.method`, run live through the
 * async facade (`SubprocessEngine`) and the sync facade (`SyncSubprocessEngine`) on every installed tmux,
 * each checked against the server by a separate tmux client. A method that needs an attached terminal
 * (menus, prompts, popups, choose modes) is checked by the argv it sends. A method newer than the server's
 * tmux must fail with the operation's own `VersionError`. A case missing from this table fails the suite.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalog,
  ControlModeEngine,
  HandleGoneError,
  Pane,
  Server,
  SubprocessEngine,
  SyncPane,
  SyncServer,
  SyncSubprocessEngine,
  TmuxVersion,
  VersionError,
} from '../../../src/index.js';
import { PrivateTmux, TEST_ENV } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';
import { RenderingEngine } from '../../support/rendering-engine.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- one table serves both modes: `await` of a sync value is the value */
type Handle = any;

interface Ctx {
  readonly mode: 'async' | 'sync';
  readonly version: TmuxVersion;
  readonly server: Handle;
  /** A fresh session (with one window and pane) for this case. */
  session(name?: string): Promise<Handle>;
  /** tmux's answer to a separate client's command (stdout, trimmed). */
  tmux(...args: string[]): Promise<string>;
  readonly dir: string;
  /** A control client attached to `session`, for the Client handle. */
  client(session: Handle): Promise<Handle>;
}

interface Case {
  /** Release that introduced what the case uses; older servers must refuse with a VersionError. */
  readonly since?: string;
  /** Needs a terminal: checked by the argv sent (each string must appear in it) instead of live. */
  readonly renders?: (h: { pane: string; window: string; session: string; client: string }) => string[];
  readonly run?: (ctx: Ctx) => Promise<void>;
  /** For `renders`: the handle and call. */
  readonly call?: (h: {
    server: Handle;
    session: Handle;
    window: Handle;
    pane: Handle;
    client: Handle;
  }) => unknown;
}

const firstPane = async (session: Handle) => (await session.panes())[0];
const firstWindow = async (session: Handle) => (await session.windows())[0];

const CASES: Record<string, Case> = {
  // Server
  'Server.access': {
    since: '3.3',
    run: async ({ server }) => expect((await server.access({ list: true })).ok).toBe(true),
  },
  'Server.bindKey': {
    run: async ({ server, tmux }) => {
      await server.bindKey({ key: 'F12', command: 'display-message', arguments: ['bound'] });
      expect(await tmux('list-keys', '-T', 'prefix')).toMatch(/F12 +display-message bound/);
    },
  },
  'Server.clearPromptHistory': {
    since: '3.3',
    run: async ({ server }) => expect((await server.clearPromptHistory()).ok).toBe(true),
  },
  'Server.deleteBuffer': {
    run: async ({ server, tmux }) => {
      await tmux('set-buffer', '-b', 'gone', 'x');
      await server.deleteBuffer({ bufferName: 'gone' });
      expect(await tmux('list-buffers', '-F', '#{buffer_name}')).not.toContain('gone');
    },
  },
  'Server.display': {
    run: async ({ server, session }) => {
      const s = await session('shown');
      expect((await server.display({ print: true, target: s.id, message: '#{session_name}' })).text).toBe(
        'shown',
      );
    },
  },
  'Server.hasSession': {
    run: async ({ server, session }) => {
      const s = await session();
      expect((await server.hasSession({ target: s.id })).exists).toBe(true);
      expect((await server.hasSession({ target: 'no-such-session' })).exists).toBe(false);
    },
  },
  'Server.ifShell': {
    run: async ({ server, tmux }) => {
      await server.ifShell({
        condition: 'true',
        command: 'set-buffer -b if-yes y',
        elseCommand: 'set-buffer -b if-no n',
      });
      expect(await tmux('list-buffers', '-F', '#{buffer_name}')).toContain('if-yes');
    },
  },
  'Server.kill': {}, // run last, below
  'Server.listBuffers': {
    run: async ({ server, tmux }) => {
      await tmux('set-buffer', '-b', 'listed', 'x');
      expect((await server.listBuffers()).rows.map((r: any) => r.bufferName)).toContain('listed');
    },
  },
  'Server.listClients': {
    run: async (ctx) => {
      const client = await ctx.client(await ctx.session());
      expect((await ctx.server.listClients()).rows.map((r: any) => r.clientName)).toContain(client.id);
    },
  },
  'Server.listCommands': {
    run: async ({ server }) =>
      expect((await server.listCommands()).rows.map((r: any) => r.commandListName)).toContain('split-window'),
  },
  'Server.listKeys': {
    run: async ({ server }) => expect((await server.listKeys()).lines.join('\n')).toContain('split-window'),
  },
  'Server.listPanes': {
    run: async ({ server, session, tmux }) => {
      await session();
      const all = (await tmux('list-panes', '-a', '-F', '#{pane_id}')).split('\n');
      expect((await server.listPanes()).rows.map((r: any) => r.paneId).sort()).toEqual(all.sort());
    },
  },
  'Server.listSessions': {
    run: async ({ server, session }) => {
      const s = await session();
      expect((await server.listSessions()).rows.map((r: any) => r.sessionId)).toContain(s.id);
    },
  },
  'Server.listWindows': {
    run: async ({ server, session, tmux }) => {
      await session();
      const all = (await tmux('list-windows', '-a', '-F', '#{window_id}')).split('\n');
      expect((await server.listWindows()).rows.map((r: any) => r.windowId).sort()).toEqual(all.sort());
    },
  },
  'Server.loadBuffer': {
    run: async ({ server, tmux, dir }) => {
      const path = join(dir, 'load.txt');
      writeFileSync(path, 'loaded');
      await server.loadBuffer({ path, bufferName: 'loaded' });
      expect(await tmux('show-buffer', '-b', 'loaded')).toBe('loaded');
    },
  },
  'Server.lock': { run: async ({ server }) => expect((await server.lock()).ok).toBe(true) },
  'Server.newSession': {
    run: async ({ server, tmux }) => {
      const s = await server.newSession({ detached: true, sessionName: 'created' });
      expect(s.kind).toBe('session');
      expect(await tmux('display-message', '-p', '-t', s.id, '#{session_name}')).toBe('created');
    },
  },
  'Server.runShell': {
    run: async ({ server, dir }) => {
      // Where run-shell's output goes differs by release (3.3a shows it in a pane): its effect is the check.
      const path = join(dir, 'ran.txt');
      expect((await server.runShell({ shellCommand: `echo ran > ${path}` })).ok).toBe(true);
      expect(readFileSync(path, 'utf8')).toBe('ran\n');
    },
  },
  'Server.saveBuffer': {
    run: async ({ server, tmux, dir }) => {
      const path = join(dir, 'saved.txt');
      await tmux('set-buffer', '-b', 'tosave', 'saved');
      await server.saveBuffer({ bufferName: 'tosave', path });
      expect(readFileSync(path, 'utf8')).toBe('saved');
    },
  },
  'Server.setBuffer': {
    run: async ({ server, tmux }) => {
      await server.setBuffer({ bufferName: 'set', data: 'value' });
      expect(await tmux('show-buffer', '-b', 'set')).toBe('value');
    },
  },
  'Server.setEnvironment': {
    run: async ({ server, tmux }) => {
      await server.setEnvironment({ name: 'TK_GLOBAL', value: 'yes' });
      expect(await tmux('show-environment', '-g', 'TK_GLOBAL')).toBe('TK_GLOBAL=yes');
    },
  },
  'Server.setHook': {
    run: async ({ server, tmux }) => {
      await server.setHook({ hook: 'after-rename-window', command: 'set-buffer -b hooked y' });
      expect(await tmux('show-hooks', '-g')).toContain('hooked');
    },
  },
  'Server.setOption': {
    run: async ({ server, tmux }) => {
      await server.setOption({ option: 'status-left', value: 'G' });
      expect(await tmux('show-options', '-g', '-v', 'status-left')).toBe('G');
    },
  },
  'Server.showBuffer': {
    run: async ({ server, tmux }) => {
      await tmux('set-buffer', '-b', 'shown', 'text');
      expect((await server.showBuffer({ bufferName: 'shown' })).text).toBe('text');
    },
  },
  'Server.showEnvironment': {
    run: async ({ server, tmux }) => {
      await tmux('set-environment', '-g', 'TK_SHOWN', 'v');
      expect((await server.showEnvironment({ name: 'TK_SHOWN' })).variables['TK_SHOWN']).toBe('v');
    },
  },
  'Server.showHooks': {
    run: async ({ server, tmux }) => {
      await tmux('set-hook', '-g', 'after-select-pane', 'set-buffer -b h y');
      expect(JSON.stringify((await server.showHooks()).options)).toContain('after-select-pane');
    },
  },
  'Server.showMessages': { run: async ({ server }) => expect((await server.showMessages()).ok).toBe(true) },
  'Server.showOptions': {
    run: async ({ server }) =>
      expect((await server.showOptions({ option: 'base-index' })).options['base-index']).toBe('0'),
  },
  'Server.showPromptHistory': {
    since: '3.3',
    run: async ({ server }) => expect((await server.showPromptHistory()).ok).toBe(true),
  },
  'Server.sourceFile': {
    run: async ({ server, tmux, dir }) => {
      const path = join(dir, 'sourced.conf');
      writeFileSync(path, 'set -g @sourced yes\n');
      await server.sourceFile({ paths: [path] });
      expect(await tmux('show-options', '-g', '-v', '@sourced')).toBe('yes');
    },
  },
  'Server.start': { run: async ({ server }) => expect((await server.start()).ok).toBe(true) },
  'Server.unbindKey': {
    run: async ({ server, tmux }) => {
      await tmux('bind-key', 'F11', 'display-message', 'x');
      await server.unbindKey({ key: 'F11' });
      expect(await tmux('list-keys', '-T', 'prefix')).not.toMatch(/\bF11\b/);
    },
  },
  'Server.waitFor': {}, // hand-written: the waits' own tests

  // Session
  'Session.attach': { renders: (h) => ['attach-session', '-t', h.session], call: (h) => h.session.attach() },
  'Session.display': {
    run: async ({ session }) => {
      const s = await session('displayed');
      expect((await s.display({ print: true, message: '#{session_name} #{session_id}' })).text).toBe(
        `displayed ${s.id}`,
      );
    },
  },
  'Session.kill': {
    run: async ({ session, tmux }) => {
      const s = await session('doomed');
      await s.kill();
      expect(await tmux('list-sessions', '-F', '#{session_id}')).not.toContain(s.id);
    },
  },
  'Session.lastWindow': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w = await s.newWindow({});
      await s.lastWindow();
      expect(await tmux('display-message', '-p', '-t', s.id, '#{window_id}')).not.toBe(w.id);
    },
  },
  'Session.listClients': {
    run: async (ctx) => {
      const s = await ctx.session();
      const client = await ctx.client(s);
      expect((await s.listClients()).rows.map((r: any) => r.clientName)).toEqual([client.id]);
    },
  },
  'Session.listPanes': {
    run: async ({ session }) => {
      const s = await session();
      await s.newWindow({});
      expect((await s.listPanes()).rows).toHaveLength(2);
    },
  },
  'Session.listWindows': {
    run: async ({ session }) => {
      const s = await session();
      await s.newWindow({ windowName: 'second' });
      expect((await s.listWindows()).rows.map((r: any) => r.windowName)).toContain('second');
    },
  },
  'Session.lock': { run: async ({ session }) => expect((await (await session()).lock()).ok).toBe(true) },
  'Session.newWindow': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w = await s.newWindow({ windowName: 'made', detached: true });
      expect(w.kind).toBe('window');
      expect(await tmux('display-message', '-p', '-t', w.id, '#{window_name} #{session_id}')).toBe(
        `made ${s.id}`,
      );
    },
  },
  'Session.nextWindow': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const first = await firstWindow(s);
      await s.newWindow({});
      await s.nextWindow();
      expect(await tmux('display-message', '-p', '-t', s.id, '#{window_id}')).toBe(first.id);
    },
  },
  'Session.previousWindow': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const first = await firstWindow(s);
      await s.newWindow({});
      await s.previousWindow();
      expect(await tmux('display-message', '-p', '-t', s.id, '#{window_id}')).toBe(first.id);
    },
  },
  'Session.rename': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await s.rename({ newName: 'renamed-session' });
      expect(await tmux('display-message', '-p', '-t', s.id, '#{session_name}')).toBe('renamed-session');
    },
  },
  'Session.setEnvironment': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await s.setEnvironment({ name: 'TK_SESSION', value: 'here' });
      expect(await tmux('show-environment', '-t', s.id, 'TK_SESSION')).toBe('TK_SESSION=here');
    },
  },
  'Session.setHook': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await s.setHook({ hook: 'after-new-window', command: 'set-buffer -b s-hook y' });
      expect(await tmux('show-hooks', '-t', s.id)).toContain('s-hook');
    },
  },
  'Session.setOption': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await s.setOption({ option: 'status-right', value: 'S' });
      expect(await tmux('show-options', '-t', s.id, '-v', 'status-right')).toBe('S');
    },
  },
  'Session.showEnvironment': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await tmux('set-environment', '-t', s.id, 'TK_S', 'v');
      expect((await s.showEnvironment({ name: 'TK_S' })).variables['TK_S']).toBe('v');
    },
  },
  'Session.showHooks': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await tmux('set-hook', '-t', s.id, 'after-kill-pane', 'set-buffer -b k y');
      expect(JSON.stringify((await s.showHooks()).options)).toContain('after-kill-pane');
    },
  },
  'Session.showOptions': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await tmux('set-option', '-t', s.id, '@mine', 'v');
      expect((await s.showOptions({ option: '@mine' })).options['@mine']).toBe('v');
    },
  },

  // Window
  'Window.display': {
    run: async ({ session }) => {
      const w = await (await session()).newWindow({ windowName: 'shown-window' });
      expect((await w.display({ print: true, message: '#{window_name} #{window_id}' })).text).toBe(
        `shown-window ${w.id}`,
      );
    },
  },
  'Window.kill': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w = await s.newWindow({});
      await w.kill();
      expect(await tmux('list-windows', '-a', '-F', '#{window_id}')).not.toContain(w.id);
    },
  },
  'Window.lastPane': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w = await firstWindow(s);
      const p0 = await firstPane(s);
      await p0.split({});
      await w.lastPane();
      expect(await tmux('display-message', '-p', '-t', w.id, '#{pane_id}')).toBe(p0.id);
    },
  },
  'Window.link': {
    run: async ({ session, tmux }) => {
      const a = await session();
      const b = await session();
      const w = await firstWindow(a);
      await w.link({ target: `${b.id}:5` });
      expect(await tmux('list-windows', '-t', b.id, '-F', '#{window_id}')).toContain(w.id);
    },
  },
  'Window.listPanes': {
    run: async ({ session }) => {
      const s = await session();
      await (await firstPane(s)).split({});
      expect((await (await firstWindow(s)).listPanes()).rows).toHaveLength(2);
    },
  },
  'Window.move': {
    run: async ({ session, tmux }) => {
      const a = await session();
      const b = await session();
      const w = await a.newWindow({});
      await w.move({ target: `${b.id}:7` });
      expect(await tmux('display-message', '-p', '-t', w.id, '#{session_id}:#{window_index}')).toBe(
        `${b.id}:7`,
      );
    },
  },
  'Window.newPane': {
    since: '3.7',
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      const p = await w.newPane({});
      expect(await tmux('display-message', '-p', '-t', p.id, '#{window_id}')).toBe(w.id);
    },
  },
  'Window.nextLayout': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await (await firstPane(s)).split({});
      const w = await firstWindow(s);
      const before = await tmux('display-message', '-p', '-t', w.id, '#{window_layout}');
      await w.nextLayout();
      expect(await tmux('display-message', '-p', '-t', w.id, '#{window_layout}')).not.toBe(before);
    },
  },
  'Window.previousLayout': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await (await firstPane(s)).split({});
      const w = await firstWindow(s);
      const before = await tmux('display-message', '-p', '-t', w.id, '#{window_layout}');
      await w.previousLayout();
      expect(await tmux('display-message', '-p', '-t', w.id, '#{window_layout}')).not.toBe(before);
    },
  },
  'Window.rename': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await w.rename({ newName: 'renamed-window' });
      expect(await tmux('display-message', '-p', '-t', w.id, '#{window_name}')).toBe('renamed-window');
    },
  },
  'Window.resize': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await w.resize({ width: 100, height: 30 });
      expect(await tmux('display-message', '-p', '-t', w.id, '#{window_width}x#{window_height}')).toBe(
        '100x30',
      );
    },
  },
  'Window.respawn': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      const before = await tmux('display-message', '-p', '-t', w.id, '#{pane_pid}');
      await w.respawn({ kill: true });
      expect(await tmux('display-message', '-p', '-t', w.id, '#{pane_pid}')).not.toBe(before);
    },
  },
  'Window.rotate': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const p0 = await firstPane(s);
      await p0.split({});
      await (await firstWindow(s)).rotate();
      expect(await tmux('display-message', '-p', '-t', p0.id, '#{pane_index}')).toBe('1');
    },
  },
  'Window.select': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w0 = await firstWindow(s);
      await s.newWindow({});
      await w0.select();
      expect(await tmux('display-message', '-p', '-t', s.id, '#{window_id}')).toBe(w0.id);
    },
  },
  'Window.selectLayout': {
    run: async ({ session, tmux }) => {
      const s = await session();
      await (await firstPane(s)).split({});
      const w = await firstWindow(s);
      await w.selectLayout({ layoutName: 'even-vertical' });
      const panes = await tmux('list-panes', '-t', w.id, '-F', '#{pane_left}');
      expect(new Set(panes.split('\n'))).toEqual(new Set(['0']));
    },
  },
  'Window.setHook': {
    since: '3.2',
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await w.setHook({ hook: 'after-split-window', command: 'set-buffer -b w-hook y' });
      // tmux lists window and pane hooks only when asked for one by name.
      expect(await tmux('show-hooks', '-w', '-t', w.id, 'after-split-window')).toContain('w-hook');
    },
  },
  'Window.setOption': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await w.setOption({ option: 'mode-keys', value: 'vi' });
      expect(await tmux('show-options', '-w', '-t', w.id, '-v', 'mode-keys')).toBe('vi');
    },
  },
  'Window.showHooks': {
    since: '3.2',
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await w.setHook({ hook: 'after-resize-pane', command: 'set-buffer -b r y' });
      expect(JSON.stringify((await w.showHooks({ hook: 'after-resize-pane' })).options)).toContain(
        'set-buffer',
      );
    },
  },
  'Window.showOptions': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      await tmux('set-option', '-w', '-t', w.id, '@wopt', 'v');
      expect((await w.showOptions({ option: '@wopt' })).options['@wopt']).toBe('v');
    },
  },
  'Window.split': {
    run: async ({ session, tmux }) => {
      const w = await firstWindow(await session());
      const p = await w.split({ horizontal: true });
      expect(p.kind).toBe('pane');
      expect(await tmux('display-message', '-p', '-t', p.id, '#{window_id}')).toBe(w.id);
    },
  },
  'Window.swap': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const w0 = await firstWindow(s);
      const w1 = await s.newWindow({});
      await w0.swap({ target: w1.id });
      expect(await tmux('display-message', '-p', '-t', w0.id, '#{window_index}')).toBe('1');
    },
  },
  'Window.unlink': {
    run: async ({ session, tmux }) => {
      const a = await session();
      const b = await session();
      const w = await firstWindow(a);
      await tmux('link-window', '-s', w.id, '-t', `${b.id}:4`);
      await w.unlink();
      expect(Number(await tmux('display-message', '-p', '-t', w.id, '#{window_linked_sessions}'))).toBe(1);
    },
  },

  // Pane
  'Pane.breakPane': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const p = await (await firstPane(s)).split({});
      const w = await p.breakPane({ detached: true });
      expect(w.kind).toBe('window');
      expect(await tmux('display-message', '-p', '-t', p.id, '#{window_id}')).toBe(w.id);
    },
  },
  'Pane.capture': {}, // hand-written: below
  'Pane.chooseBuffer': {
    renders: (h) => ['choose-buffer', '-t', h.pane],
    call: (h) => h.pane.chooseBuffer(),
  },
  'Pane.chooseClient': {
    renders: (h) => ['choose-client', '-t', h.pane],
    call: (h) => h.pane.chooseClient(),
  },
  'Pane.chooseTree': { renders: (h) => ['choose-tree', '-t', h.pane], call: (h) => h.pane.chooseTree() },
  'Pane.clearHistory': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await tmux('send-keys', '-t', p.id, 'seq 100', 'Enter');
      await p.clearHistory();
      expect(Number(await tmux('display-message', '-p', '-t', p.id, '#{history_size}'))).toBe(0);
    },
  },
  'Pane.clockMode': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.clockMode();
      expect(await tmux('display-message', '-p', '-t', p.id, '#{pane_in_mode}')).toBe('1');
    },
  },
  'Pane.copyMode': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.copyMode();
      expect(await tmux('display-message', '-p', '-t', p.id, '#{pane_mode}')).toBe('copy-mode');
    },
  },
  'Pane.customizeMode': {
    since: '3.2',
    renders: (h) => ['customize-mode', '-t', h.pane],
    call: (h) => h.pane.customizeMode(),
  },
  'Pane.display': {
    run: async ({ session }) => {
      const p = await firstPane(await session());
      expect((await p.display({ print: true, message: '#{pane_id}' })).text).toBe(p.id);
    },
  },
  'Pane.findWindow': {
    renders: (h) => ['find-window', '-t', h.pane, '--', 'text'],
    call: (h) => h.pane.findWindow({ matchString: 'text' }),
  },
  'Pane.join': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const into = await firstPane(s);
      const w = await s.newWindow({});
      const p = await firstPane({ panes: () => w.panes() });
      await p.join({ target: into.id });
      expect(await tmux('display-message', '-p', '-t', p.id, '#{window_id}')).toBe(
        await tmux('display-message', '-p', '-t', into.id, '#{window_id}'),
      );
    },
  },
  'Pane.kill': {
    run: async ({ session, tmux }) => {
      const p = await (await firstPane(await session())).split({});
      await p.kill();
      expect(await tmux('list-panes', '-a', '-F', '#{pane_id}')).not.toContain(p.id);
    },
  },
  'Pane.move': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const into = await firstPane(s);
      const w = await s.newWindow({});
      const p = await firstPane({ panes: () => w.panes() });
      await p.move({ target: into.id });
      expect(Number(await tmux('display-message', '-p', '-t', into.id, '#{window_panes}'))).toBe(2);
    },
  },
  'Pane.pasteBuffer': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await tmux('set-buffer', '-b', 'paste', 'echo pasted-text');
      await p.pasteBuffer({ bufferName: 'paste' });
      const screen = await tmux('capture-pane', '-p', '-t', p.id);
      expect(screen).toContain('pasted-text');
    },
  },
  'Pane.pipe': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.pipe({ shellCommand: 'cat >/dev/null' });
      expect(await tmux('display-message', '-p', '-t', p.id, '#{pane_pipe}')).toBe('1');
    },
  },
  'Pane.resize': {
    run: async ({ session, tmux }) => {
      const s = await session();
      const p = await firstPane(s);
      await p.split({ horizontal: true });
      await p.resize({ width: 30 });
      expect(await tmux('display-message', '-p', '-t', p.id, '#{pane_width}')).toBe('30');
    },
  },
  'Pane.respawn': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      const before = await tmux('display-message', '-p', '-t', p.id, '#{pane_pid}');
      await p.respawn({ kill: true });
      expect(await tmux('display-message', '-p', '-t', p.id, '#{pane_pid}')).not.toBe(before);
    },
  },
  'Pane.select': {
    run: async ({ session, tmux }) => {
      const p0 = await firstPane(await session());
      await p0.split({});
      await p0.select();
      expect(await tmux('display-message', '-p', '-t', p0.id, '#{pane_active}')).toBe('1');
    },
  },
  'Pane.sendKeys': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.sendKeys({ keys: ['typed-text'] });
      expect(await tmux('capture-pane', '-p', '-t', p.id)).toContain('typed-text');
    },
  },
  'Pane.sendPrefix': {
    run: async ({ session }) => expect((await (await firstPane(await session())).sendPrefix()).ok).toBe(true),
  },
  'Pane.setHook': {
    since: '3.2',
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.setHook({ hook: 'after-send-keys', command: 'set-buffer -b p-hook y' });
      expect(await tmux('show-hooks', '-p', '-t', p.id, 'after-send-keys')).toContain('p-hook');
    },
  },
  'Pane.setOption': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.setOption({ option: 'remain-on-exit', value: 'on' });
      expect(await tmux('show-options', '-p', '-t', p.id, '-v', 'remain-on-exit')).toBe('on');
    },
  },
  'Pane.showHooks': {
    since: '3.2',
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await p.setHook({ hook: 'after-copy-mode', command: 'set-buffer -b c y' });
      expect(JSON.stringify((await p.showHooks({ hook: 'after-copy-mode' })).options)).toContain(
        'set-buffer',
      );
    },
  },
  'Pane.showOptions': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      await tmux('set-option', '-p', '-t', p.id, '@popt', 'v');
      expect((await p.showOptions({ option: '@popt' })).options['@popt']).toBe('v');
    },
  },
  'Pane.split': {
    run: async ({ session, tmux }) => {
      const p = await firstPane(await session());
      const right = await p.split({ horizontal: true });
      expect(right.kind).toBe('pane');
      expect(await tmux('display-message', '-p', '-t', right.id, '#{pane_left}')).not.toBe('0');
    },
  },
  'Pane.swap': {
    run: async ({ session, tmux }) => {
      const p0 = await firstPane(await session());
      const p1 = await p0.split({});
      await p0.swap({ target: p1.id });
      expect(await tmux('display-message', '-p', '-t', p0.id, '#{pane_index}')).toBe('1');
    },
  },
  'Pane.switchMode': {
    since: '3.8',
    renders: (h) => ['switch-mode', '-t', h.pane],
    call: (h) => h.pane.switchMode(),
  },

  // Client
  'Client.commandPrompt': {
    renders: (h) => ['command-prompt', '-t', h.client],
    call: (h) => h.client.commandPrompt(),
  },
  'Client.confirmBefore': {
    renders: (h) => ['confirm-before', '-t', h.client, '--', 'kill-pane'],
    call: (h) => h.client.confirmBefore({ command: 'kill-pane' }),
  },
  'Client.detach': {
    run: async (ctx) => {
      const client = await ctx.client(await ctx.session());
      await client.detach();
      // Whole names: `client-320` is a prefix of another client's `client-32006`.
      await expect
        .poll(async () => (await ctx.tmux('list-clients', '-F', '#{client_name}')).split('\n'))
        .not.toContain(client.id);
    },
  },
  'Client.display': {
    run: async (ctx) => {
      const client = await ctx.client(await ctx.session());
      expect((await client.display({ print: true, message: '#{client_name}' })).text).toBe(client.id);
    },
  },
  'Client.displayMenu': {
    since: '3.0',
    renders: (h) => ['display-menu', '-c', h.client, '--', 'Item', 'i', 'display-message hi'],
    call: (h) => h.client.displayMenu({ items: ['Item', 'i', 'display-message hi'] }),
  },
  'Client.displayPanes': {
    renders: (h) => ['display-panes', '-t', h.client],
    call: (h) => h.client.displayPanes(),
  },
  'Client.displayPopup': {
    since: '3.2',
    renders: (h) => ['display-popup', '-c', h.client],
    call: (h) => h.client.displayPopup(),
  },
  'Client.lock': { renders: (h) => ['lock-client', '-t', h.client], call: (h) => h.client.lock() },
  'Client.refresh': { renders: (h) => ['refresh-client', '-t', h.client], call: (h) => h.client.refresh() },
  'Client.suspend': { renders: (h) => ['suspend-client', '-t', h.client], call: (h) => h.client.suspend() },
  'Client.switch': {
    renders: (h) => ['switch-client', '-c', h.client, '-t', h.pane],
    call: (h) => h.client.switch({ target: h.pane.id }),
  },
};

describe('the facade method table', () => {
  it('has a case for every facade method the manifest names, and no other', () => {
    const named = catalog.flatMap((c) => c.facade.map((f) => `${f.class}.${f.method}`)).sort();
    expect(Object.keys(CASES).sort()).toEqual(named);
  });

  it('has every generated method on its class in the async and sync modes', () => {
    const classes: Record<string, { prototype: object }> = { Server, SyncServer };
    for (const c of catalog) {
      for (const f of c.facade) {
        if (f.class !== 'Server') continue;
        for (const cls of Object.values(classes))
          expect(f.method in cls.prototype, `${f.class}.${f.method}`).toBe(true);
      }
    }
  });
});

for (const tmux of installedTmuxVersions()) {
  for (const mode of ['async', 'sync'] as const) {
    describe(`facade methods, ${mode}, tmux ${tmux.version}`, () => {
      let server: PrivateTmux;
      let handle: Handle;
      let dir: string;
      const controls: ControlModeEngine[] = [];
      const version = TmuxVersion.parse(tmux.version);
      let counter = 0;

      beforeAll(async () => {
        server = await PrivateTmux.start(tmux.bin, `facade-${mode}`);
        dir = mkdtempSync(join(tmpdir(), 'tmuxkit-facade-'));
        const connection = {
          tmux: tmux.bin,
          socketName: server.socketName,
          env: { ...process.env, ...TEST_ENV },
        };
        handle =
          mode === 'async'
            ? new Server(new SubprocessEngine(connection))
            : new SyncServer(new SyncSubprocessEngine(connection));
      });
      afterAll(async () => {
        await Promise.all(controls.map((c) => c.close()));
        await server.kill();
        rmSync(dir, { recursive: true, force: true });
      });

      const ctx = (): Ctx => ({
        mode,
        version,
        server: handle,
        dir,
        session: async (name) =>
          handle.newSession({ detached: true, sessionName: name ?? `case-${++counter}` }),
        tmux: async (...args) => {
          const r = await server.run(args);
          if (r.exitCode !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
          return r.stdout.trim();
        },
        client: async (session) => {
          const control = new ControlModeEngine({
            tmux: tmux.bin,
            socketName: server.socketName,
            env: { ...process.env, ...TEST_ENV },
            session: session.id,
          });
          controls.push(control);
          await control.connect();
          const names = (
            await server.run(['list-clients', '-t', session.id, '-F', '#{client_name}'])
          ).stdout.trim();
          return handle.client(names.split('\n')[0]!);
        },
      });

      const live = Object.entries(CASES).filter(([key, c]) => c.run && key !== 'Server.kill');
      it.each(live)('%s', async (_key, c) => {
        if (c.since && !version.atLeast(c.since)) {
          await expect(Promise.resolve().then(() => c.run!(ctx()))).rejects.toThrow(VersionError);
          return;
        }
        await c.run!(ctx());
      });

      const rendered = Object.entries(CASES).filter(([, c]) => c.renders);
      it.each(rendered)('%s (by the argv it sends)', async (_key, c) => {
        const engine = new RenderingEngine(version);
        const fake = mode === 'async' ? new Server(engine) : new SyncServer(engine as never);
        const h = {
          server: fake,
          session: fake.session('$1'),
          window: fake.window('@2'),
          pane: fake.pane('%3'),
          client: fake.client('/dev/pts/7'),
        };
        const ids = { session: '$1', window: '@2', pane: '%3', client: '/dev/pts/7' };
        if (c.since && !version.atLeast(c.since)) {
          await expect(Promise.resolve().then(() => c.call!(h))).rejects.toThrow(VersionError);
          return;
        }
        const refused = version.atLeast('3.8') && _key === 'Client.displayPanes';
        if (refused) {
          // tmux 3.8 dropped display-panes -t CLIENT: the operation says so before anything is sent.
          await expect(Promise.resolve().then(() => c.call!(h))).rejects.toThrow(VersionError);
          return;
        }
        await c.call!(h);
        const argv = engine.sent.at(-1)!;
        for (const word of c.renders!(ids)) expect(argv).toContain(word);
      });

      it('Pane.capture reads the screen and history as lines', async () => {
        const s = await ctx().session();
        const p = await firstPane(s);
        await server.run(['send-keys', '-t', p.id, 'printf "one\\ntwo\\n"', 'Enter']);
        await expect.poll(async () => (await p.capture()).join('\n')).toContain('two');
        const lines = await p.capture({ start: 0, end: 3 });
        expect(lines).toHaveLength(4);
        const all = await p.capture({ start: '-', end: '-', joinWrapped: true });
        expect(all.map((l: string) => l.trimEnd())).toEqual(expect.arrayContaining(['one', 'two']));
      });

      it('navigates by ids from one snapshot, and says which handle is gone', async () => {
        const s = await handle.newSession({ detached: true, sessionName: 'nav' });
        const w = await s.newWindow({ windowName: 'second', detached: true });
        const p = await (await w.panes())[0].split({});
        expect((await p.window()).id).toBe(w.id);
        expect((await p.session()).id).toBe(s.id);
        expect((await w.session()).id).toBe(s.id);
        expect((await s.windows()).map((x: Handle) => x.id)).toContain(w.id);
        expect((await s.windowNamed('second'))?.id).toBe(w.id);
        expect(await s.windowNamed('secon')).toBeUndefined();
        expect((await s.windowNamed(/^sec/))?.id).toBe(w.id);
        expect((await handle.sessionNamed('nav'))?.id).toBe(s.id);
        expect((await handle.sessions()).map((x: Handle) => x.id)).toContain(s.id);
        expect((await handle.panes()).map((x: Handle) => x.id)).toContain(p.id);
        expect((await p.info()).paneId).toBe(p.id);
        expect((await w.info()).windowName).toBe('second');
        expect((await s.info()).sessionName).toBe('nav');
        await p.kill();
        await expect(Promise.resolve().then(() => p.info())).rejects.toThrow(HandleGoneError);
        await expect(Promise.resolve().then(() => p.window())).rejects.toThrow(/pane %\d+ no longer exists/);
        const gone = await Promise.resolve()
          .then(() => p.sendKeys({ keys: ['x'] }))
          .catch((e: unknown) => e);
        expect(gone).toBeInstanceOf(HandleGoneError);
        expect(gone).toMatchObject({ kind: 'pane', id: p.id });
      });

      it('finds the server and the pane it runs in from $TMUX and $TMUX_PANE', async () => {
        const s = await ctx().session();
        const p = await firstPane(s);
        const socketPath = await ctx().tmux('display-message', '-p', '#{socket_path}');
        const pid = await ctx().tmux('display-message', '-p', '#{pid}');
        const env = { TMUX: `${socketPath},${pid},0`, TMUX_PANE: p.id };
        const Kind = mode === 'async' ? { Server, Pane } : { Server: SyncServer, Pane: SyncPane };
        const connection = { tmux: tmux.bin, env: { ...process.env, ...TEST_ENV } };
        const current = Kind.Pane.current(connection, env);
        expect(current.id).toBe(p.id);
        expect((await current.info()).paneId).toBe(p.id);
        const found = Kind.Server.fromEnvironment(connection, env);
        expect((await found.sessions()).map((x: Handle) => x.id)).toContain(s.id);
      });

      it('Server.kill', async () => {
        await handle.kill();
        const r = await server.run(['list-sessions']);
        expect(r.exitCode).not.toBe(0);
      });
    });
  }
}
