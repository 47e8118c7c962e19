/**
 * ControlModeEngine against real tmux, on every installed matrix version: connecting (to an empty server,
 * to a named session, with client flags), typed events, pane output, subscriptions and flow control,
 * exact quoting of every byte, 10,000 pipelined requests among unsolicited blocks, abort and timeout, and
 * the client dying mid-batch. Servers run on private sockets and are killed in teardown.
 */
import { execa } from 'execa';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  ControlModeEngine,
  DisplayMessage,
  EngineError,
  HasSession,
  ListClients,
  KillPane,
  ListWindows,
  NewWindow,
  ParameterError,
  SendKeys,
  SetBuffer,
  SplitWindow,
  VersionError,
  type ControlModeEvent,
  type ControlModeOptions,
} from '../../../src/index.js';
import { bufferBytes, privateServers, SILENT_PANES, TEST_ENV } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
// Silent panes: these tests read every pane's output, which a shell's prompt would mix into.
const servers = privateServers(SILENT_PANES);
const engines: ControlModeEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()));
});
afterAll(() => servers.killAll());

const atLeast = (version: string, since: string) =>
  version.localeCompare(since, 'en', { numeric: true }) >= 0;

function engine(options: ControlModeOptions): ControlModeEngine {
  const e = new ControlModeEngine(options);
  engines.push(e);
  return e;
}

/** A fresh private server with a session `main` whose pane runs `cat`, and an engine attached to it. */
async function attached(bin: string, label: string, extra: Partial<ControlModeOptions> = {}) {
  const connection = servers.connection(bin, label);
  const tmux = engine({ ...connection, session: 'main', createSession: true, ...extra });
  await tmux.connect();
  return { tmux, connection };
}

/** The next event matching `match`, or a clear failure after `ms`. */
async function nextEvent<T extends ControlModeEvent>(
  stream: AsyncIterator<ControlModeEvent>,
  match: (e: ControlModeEvent) => e is T,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    const r = await Promise.race([
      stream.next(),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), Math.max(0, left))),
    ]);
    if (r === 'timeout' || r.done) throw new Error(`no matching event within ${ms} ms`);
    if (match(r.value)) return r.value;
  }
}

const ofType =
  <K extends ControlModeEvent['type']>(type: K) =>
  (e: ControlModeEvent): e is Extract<ControlModeEvent, { type: K }> =>
    e.type === type;

describe.skipIf(versions.length === 0).each(versions)('tmux $slot', ({ slot, bin }) => {
  it('does what its JSDoc example says', async () => {
    const tmux = engine({
      ...servers.connection(bin, `${slot}-example`),
      session: 'work',
      createSession: true,
    });
    await tmux.connect();
    const added = tmux.events({ filter: (e) => e.type === 'window-add' });
    const { windowId } = (await tmux.execute(new NewWindow({ detached: true }))).raiseForStatus();
    expect((await added.next()).value).toEqual({ type: 'window-add', windowId });
    const [windows] = await tmux.executeAll([new ListWindows({})]);
    expect(windows.rows.length).toBe(2);
    await tmux.close();
  });

  describe('connecting', () => {
    it("fails with tmux's message and a hint when there is nothing to attach to, then fails fast", async () => {
      const tmux = engine(servers.connection(bin, `${slot}-nothing`));
      const error = await tmux.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineError);
      expect(String((error as Error).message)).toMatch(/no sessions|no server running|error connecting/);
      expect(String((error as Error).message)).toContain('createSession');
      const started = Date.now();
      await expect(tmux.run(['display-message', '-p', 'x'])).rejects.toBeInstanceOf(EngineError);
      expect(Date.now() - started).toBeLessThan(100);
    });

    it('creates its session on an empty server, and kills it at close when it owns it', async () => {
      const connection = servers.connection(bin, `${slot}-own`);
      const tmux = engine({ ...connection, session: 'owned', createSession: true, ownSession: true });
      const shown = await tmux.execute(new DisplayMessage({ print: true, message: '#{session_name}' }));
      expect([shown.text, tmux.createdSession, tmux.connected]).toEqual(['owned', true, true]);
      expect(tmux.sessionId).toMatch(/^\$\d+$/);
      await tmux.close();
      await tmux.close(); // idempotent
      expect(tmux.connected).toBe(false);
      const probe = await execa(bin, ['-L', connection.socketName, 'has-session', '-t', '=owned'], {
        reject: false,
        stdin: 'ignore',
        env: TEST_ENV,
      });
      expect(probe.exitCode).toBe(1);
      await expect(tmux.run(['display-message', '-p', 'x'])).rejects.toBeInstanceOf(EngineError);
    });

    it('attaches to an existing session by name without creating one, and leaves it at close', async () => {
      const { connection } = await attached(bin, `${slot}-existing`);
      const second = engine({ ...connection, session: 'main', createSession: true, ownSession: true });
      await second.connect();
      expect(second.createdSession).toBe(false);
      await second.close();
      const other = engine({ ...connection });
      expect((await other.execute(new HasSession({ target: 'main' }))).exists).toBe(true);
    });

    it('applies client flags when it attaches, or refuses them before starting tmux', async () => {
      const connection = servers.connection(bin, `${slot}-flags`);
      const flags = { ignoreSize: true, readOnly: true } as const;
      const tmux = engine({ ...connection, session: 'main', createSession: true, clientFlags: flags });
      if (!atLeast(slot, '3.2')) {
        await expect(tmux.connect()).rejects.toBeInstanceOf(VersionError);
        return;
      }
      const clients = await tmux.execute(new ListClients({ format: '#{client_flags}' }));
      expect(clients.rows[0]?.printed).toMatch(/ignore-size/);
      expect(clients.rows[0]?.printed).toMatch(/read-only/);
    });

    it('reads layouts as other clients do: new-layouts by default on 3.8, the old format before', async () => {
      const { tmux } = await attached(bin, `${slot}-layouts`);
      const changed = tmux.events({ filter: ofType('layout-change') });
      await tmux.execute(new SplitWindow({ detached: true }));
      const event = await nextEvent(changed, ofType('layout-change'));
      const listed = (await tmux.execute(new ListWindows({}))).rows[0]!.windowLayout;
      const json = /^\{"V":2,/;
      const old = /^[0-9a-f]{4},\d+x\d+,/;
      expect(event.layout).toMatch(atLeast(slot, '3.8') ? json : old);
      expect(listed).toMatch(atLeast(slot, '3.8') ? json : old);
      if (atLeast(slot, '3.8')) {
        // SubprocessEngine reads the same JSON; newLayouts: false asks for the old format.
        const plain = await attached(bin, `${slot}-oldlayouts`, { clientFlags: { newLayouts: false } });
        expect((await plain.tmux.execute(new ListWindows({}))).rows[0]!.windowLayout).toMatch(old);
      } else {
        const refused = engine({
          ...servers.connection(bin, `${slot}-nl`),
          createSession: true,
          clientFlags: { newLayouts: true },
        });
        await expect(refused.connect()).rejects.toThrow(/new-layouts client flag/);
      }
    });

    it('refuses active-pane where tmux lacks it (before 3.2, and from 3.8, which removed it)', async () => {
      const tmux = engine({
        ...servers.connection(bin, `${slot}-ap`),
        createSession: true,
        clientFlags: { activePane: true },
      });
      if (atLeast(slot, '3.2') && !atLeast(slot, '3.8')) {
        await tmux.connect();
        const clients = await tmux.execute(new ListClients({ format: '#{client_flags}' }));
        expect(clients.rows[0]?.printed).toMatch(/active-pane/);
      } else {
        await expect(tmux.connect()).rejects.toThrow(VersionError);
      }
    });

    it('noOutput stops pane output to this client only', async () => {
      const { tmux, connection } = await attached(bin, `${slot}-nooutput`);
      const quiet = engine({ ...connection, session: 'main', clientFlags: { noOutput: true } });
      await quiet.connect();
      const loud = tmux.events({ filter: ofType('output') });
      const silent = quiet.events({ filter: ofType('output') });
      const pane = (
        await tmux.execute(new SplitWindow({ detached: true, shellCommand: 'cat' }))
      ).raiseForStatus();
      await tmux.execute(new SendKeys({ target: pane.paneId!, literal: true, keys: ['quiet-check'] }));
      await nextEvent(
        loud,
        (e): e is ControlModeEvent => e.type === 'output' && e.text.includes('quiet-check'),
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(silent.pending).toBe(0);
    });
  });

  describe('events', () => {
    it('delivers typed notifications to every consumer, and hook output as unsolicited blocks', async () => {
      const { tmux } = await attached(bin, `${slot}-events`);
      const a = tmux.events();
      const b = tmux.events({ filter: ofType('window-add') });
      const blocks = tmux.events({ filter: ofType('block') });
      await tmux.run(['set-hook', '-g', 'after-rename-window', 'display-message -p hooked']);
      const created = (
        await tmux.execute(new NewWindow({ detached: true, windowName: 'w2' }))
      ).raiseForStatus();
      expect(await nextEvent(a, ofType('window-add'))).toEqual({
        type: 'window-add',
        windowId: created.windowId,
      });
      expect(await nextEvent(b, ofType('window-add'))).toEqual({
        type: 'window-add',
        windowId: created.windowId,
      });
      (await tmux.run(['rename-window', '-t', created.windowId!, 'ü renamed'])).raiseForStatus();
      expect(await nextEvent(a, ofType('window-renamed'))).toEqual({
        type: 'window-renamed',
        windowId: created.windowId,
        name: 'ü renamed',
      });
      const hooked = await nextEvent(blocks, ofType('block'));
      expect([hooked.ok, hooked.output]).toEqual([true, 'hooked\n']);
    });

    it("streams one pane's output as bytes and as UTF-8 text", async () => {
      const { tmux } = await attached(bin, `${slot}-pane-output`);
      const pane = (
        await tmux.execute(new SplitWindow({ detached: true, shellCommand: 'cat' }))
      ).raiseForStatus();
      const output = tmux.paneOutput(pane.paneId!);
      const others = tmux.paneOutput('%0');
      await tmux.execute(new SendKeys({ target: pane.paneId!, literal: true, keys: ['héllo ✓ 日本 end'] }));
      let text = '';
      let bytes = Buffer.alloc(0);
      while (!text.includes('end')) {
        const e = await nextEvent(
          output,
          (x): x is ControlModeEvent => x.type === 'output' || x.type === 'extended-output',
        );
        if (e.type !== 'output' && e.type !== 'extended-output') continue;
        expect(e.paneId).toBe(pane.paneId);
        text += e.text;
        bytes = Buffer.concat([bytes, e.data]);
      }
      expect(text).toContain('héllo ✓ 日本 end');
      expect(bytes.toString('utf8')).toBe(text);
      expect(others.pending).toBe(0);
      expect(() => tmux.paneOutput('3')).toThrow(ParameterError);
    });

    it('takes %message out of display-message output as an event, and keeps display -p output as data (3.4+)', async () => {
      const { tmux } = await attached(bin, `${slot}-message`);
      const messages = tmux.events({ filter: ofType('message') });
      const shown = await tmux.execute(new DisplayMessage({ message: 'hello from #{session_name}' }));
      expect(shown.ok).toBe(true);
      if (atLeast(slot, '3.4')) {
        expect(shown.stdout).toBe('');
        expect(await nextEvent(messages, ofType('message'))).toEqual({
          type: 'message',
          text: 'hello from main',
        });
      }
      // Output that merely looks like a notification stays output (%% because the message goes through strftime).
      const printed = await tmux.execute(
        new DisplayMessage({ print: true, message: '%%message not an event' }),
      );
      expect(printed.stdout).toBe('%message not an event\n');
    });

    it('subscribes to a format and unsubscribes (3.2+)', async () => {
      const { tmux } = await attached(bin, `${slot}-subscribe`);
      if (!atLeast(slot, '3.2')) {
        await expect(tmux.subscribe('w', '%0', '#{pane_width}')).rejects.toBeInstanceOf(VersionError);
        return;
      }
      const sub = await tmux.subscribe('width', '%0', '#{pane_id} is #{pane_width} wide');
      const change = await nextEvent(sub.changes, ofType('subscription-changed'));
      expect(change).toMatchObject({ name: 'width', paneId: '%0', windowId: '@0', windowIndex: 0 });
      expect(change.value).toMatch(/^%0 is \d+ wide$/);
      const session = await tmux.subscribe('name', 'session', '#{session_name}');
      expect(await nextEvent(session.changes, ofType('subscription-changed'))).toMatchObject({
        name: 'name',
        windowId: null,
        paneId: null,
        value: 'main',
      });
      await sub.unsubscribe();
      await session.unsubscribe();
      expect((await sub.changes.next()).done).toBe(true);
      await expect(tmux.subscribe('a:b', '%0', 'x')).rejects.toBeInstanceOf(ParameterError);
    });

    it('pauses and continues a pane, and reports output age with pauseAfter (3.2+)', async () => {
      if (!atLeast(slot, '3.2')) {
        const { tmux } = await attached(bin, `${slot}-flow`);
        await expect(tmux.setPaneFlow('%0', 'pause')).rejects.toBeInstanceOf(VersionError);
        return;
      }
      const { tmux } = await attached(bin, `${slot}-flow`, { clientFlags: { pauseAfter: 30 } });
      const events = tmux.events();
      const pane = (
        await tmux.execute(new SplitWindow({ detached: true, shellCommand: 'cat' }))
      ).raiseForStatus();
      await tmux.execute(new SendKeys({ target: pane.paneId!, literal: true, keys: ['aged'] }));
      const out = await nextEvent(events, ofType('extended-output'));
      expect(out.paneId).toBe(pane.paneId);
      expect(out.ageMs).toBeGreaterThanOrEqual(0);
      await tmux.setPaneFlow(pane.paneId!, 'pause');
      expect(await nextEvent(events, ofType('pause'))).toEqual({ type: 'pause', paneId: pane.paneId });
      await tmux.setPaneFlow(pane.paneId!, 'continue');
      expect(await nextEvent(events, ofType('continue'))).toEqual({ type: 'continue', paneId: pane.paneId });
    });
  });

  describe('requests', () => {
    it('round-trips every byte 0x01-0xFF and the tricky strings exactly through set-buffer', async () => {
      const { tmux, connection } = await attached(bin, `${slot}-quoting`);
      const everyCodePoint = Array.from({ length: 255 }, (_, i) => String.fromCharCode(i + 1)).join('');
      const strings = [
        everyCodePoint,
        `'"\\;#{}~$%`,
        'NAME=value',
        '~/x $HOME ${HOME} #{pane_id} %0 a;b {x} }y \\; \'q\' "d"',
        '%if',
        'abc;',
        'abc\r',
        '-starts-with-a-dash',
        '',
      ];
      const results = await tmux.executeAll(
        strings.map((data, i) => new SetBuffer({ bufferName: `s${i}`, data })),
      );
      expect(results.map((r) => r.message)).toEqual(strings.map(() => ''));
      for (const [i, s] of strings.entries()) {
        if (s === '') continue; // tmux refuses to keep an empty buffer; checked below
        expect(await bufferBytes(connection, `s${i}`), JSON.stringify(s)).toEqual(Buffer.from(s, 'utf8'));
      }
      const everyByte = Uint8Array.from({ length: 255 }, (_, i) => i + 1);
      const extra = Buffer.from("x'\n\xff'y", 'latin1');
      const [binary] = await tmux.runBatch([
        ['set-buffer', '-b', 'bytes', '--', Buffer.concat([everyByte, extra])],
      ]);
      expect(binary!.ok).toBe(true);
      expect(await bufferBytes(connection, 'bytes')).toEqual(Buffer.concat([everyByte, extra]));
      await expect(tmux.run(['set-buffer', '--', 'a\0b'])).rejects.toBeInstanceOf(ParameterError);
      expect((await tmux.run(['display-message', '-p', 'still fine'])).stdout).toBe('still fine\n');
    });

    it('answers 10,000 pipelined requests each with its own result while a hook adds unsolicited blocks', async () => {
      const { tmux } = await attached(bin, `${slot}-pipeline`, { eventBufferSize: 30_000 });
      (
        await tmux.run(['set-hook', '-g', 'after-display-message', 'display-message -p hooked'])
      ).raiseForStatus();
      const blocks = tmux.events({ filter: ofType('block') });
      const n = 10_000;
      const half = n / 2;
      // Half in one write, half as separate concurrent calls.
      const batch = tmux.runBatch(
        Array.from({ length: half }, (_, i) => ['display-message', '-p', `token-${i}`]),
      );
      const singles = Array.from({ length: half }, (_, i) =>
        tmux.execute(new DisplayMessage({ print: true, message: `token-${half + i}` })),
      );
      const all = [...(await batch), ...(await Promise.all(singles))];
      expect(all).toHaveLength(n);
      const wrong = all.filter((r, i) => r.stdout !== `token-${i}\n`);
      expect(wrong).toEqual([]);
      // Every request fired the hook once: its blocks arrived as events, none taken as a reply.
      let hooked = 0;
      while (blocks.pending > 0) {
        const e = (await blocks.next()).value as ControlModeEvent;
        if (e.type === 'block' && e.output === 'hooked\n') hooked++;
      }
      expect(hooked).toBe(n);
    });

    it('rejects a timed-out or aborted call at once and keeps later answers in step', async () => {
      const { tmux, connection } = await attached(bin, `${slot}-timeout`);
      // wait-for blocks this client's queue until the channel is signalled.
      (await tmux.run(['wait-for', 'gate'])).raiseForStatus();
      const started = Date.now();
      await expect(tmux.run(['display-message', '-p', 'late'], { timeout: 200 })).rejects.toThrow(
        /timed out after 200 ms/,
      );
      expect(Date.now() - started).toBeLessThan(1000);
      const controller = new AbortController();
      const aborted = tmux.run(['display-message', '-p', 'aborted'], { signal: controller.signal });
      const waiting = tmux.run(['display-message', '-p', 'after']);
      controller.abort();
      await expect(aborted).rejects.toThrow(/aborted/);
      await execa(bin, ['-L', connection.socketName, 'wait-for', '-S', 'gate'], {
        stdin: 'ignore',
        env: TEST_ENV,
      });
      expect((await waiting).stdout).toBe('after\n');
      await expect(tmux.run(['display-message', '-p', 'x'], { signal: AbortSignal.abort() })).rejects.toThrow(
        /aborted/,
      );
    });

    it('answers a flood of 50,000 requests with at most 4,096 written and unanswered at a time', async () => {
      const { tmux } = await attached(bin, `${slot}-flood`);
      const n = 50_000;
      const calls = Array.from({ length: n }, (_, i) =>
        tmux.execute(new DisplayMessage({ print: true, message: `f${i}` })),
      );
      // The rest wait, unwritten, until answers make room (nothing piles up in the pipe's buffer).
      expect(tmux.requestsInFlight).toBeLessThanOrEqual(4096);
      expect(tmux.requestsQueued).toBe(n - tmux.requestsInFlight);
      let most = 0;
      const sample = setInterval(() => (most = Math.max(most, tmux.requestsInFlight)), 1);
      const answers = await Promise.all(calls);
      clearInterval(sample);
      expect(answers.every((a, i) => a.text === `f${i}`)).toBe(true);
      expect(most).toBeLessThanOrEqual(4096);
      expect([tmux.requestsInFlight, tmux.requestsQueued]).toEqual([0, 0]);
    });

    it("forgets a pane's UTF-8 decoder when tmux says the pane is gone", async () => {
      const { tmux } = await attached(bin, `${slot}-decoders`);
      const output = tmux.events({ filter: ofType('output') });
      // The session's own pane has its decoder first (its shell echoes), so only the new pane changes the count.
      const main = (await tmux.execute(new DisplayMessage({ print: true, message: '#{pane_id}' }))).text;
      await tmux.execute(new SendKeys({ target: main, literal: true, keys: ['x'] }));
      await nextEvent(output, (e): e is ControlModeEvent => e.type === 'output' && e.paneId === main);
      const { paneId } = (
        await tmux.execute(new SplitWindow({ detached: true, shellCommand: "printf 'é'; cat" }))
      ).raiseForStatus();
      await nextEvent(output, (e): e is ControlModeEvent => e.type === 'output' && e.paneId === paneId);
      const withPane = tmux.paneStreams;
      expect(withPane).toBe(2);
      const layout = tmux.events({ filter: ofType('layout-change') });
      await tmux.execute(new KillPane({ target: paneId! }));
      await nextEvent(layout, ofType('layout-change'));
      expect(tmux.paneStreams).toBe(withPane - 1);
    });

    it('gives commands that run other commands their whole output, as a tmux process would', async () => {
      const { tmux } = await attached(bin, `${slot}-nested`);
      const r = await tmux.run(['if-shell', 'true', 'display-message -p one ; display-message -p two']);
      expect([r.exitCode, r.stdout]).toEqual([0, 'one\ntwo\n']);
      const failed = await tmux.run(['if-shell', 'true', 'display-message -p one ; has-session -t nosuch']);
      expect([failed.exitCode, failed.stdout, failed.stderr]).toEqual([
        1,
        'one\n',
        "can't find session: nosuch\n",
      ]);
      expect((await tmux.run(['display-message', '-p', 'next'])).stdout).toBe('next\n');
    });

    it('rejects every pending call with an EngineError within a second when the server dies mid-batch', async () => {
      const { tmux, connection } = await attached(bin, `${slot}-dies`);
      const unhandled: unknown[] = [];
      const onUnhandled = (e: unknown) => unhandled.push(e);
      process.on('unhandledRejection', onUnhandled);
      try {
        const argvs = Array.from({ length: 2000 }, (_, i) =>
          i === 1000 ? ['kill-server'] : ['display-message', '-p', `n${i}`],
        );
        const calls = argvs.map((argv) => tmux.run(argv));
        const started = Date.now();
        const settled = await Promise.allSettled(calls);
        expect(Date.now() - started).toBeLessThan(5000);
        // Requests before kill-server get their own answers. After it tmux may still answer some (3.1c
        // drains its queue, printing nothing once the sessions are gone), never with another request's
        // token; every other one is rejected, none is left hanging.
        settled.forEach((s, i) => {
          if (i < 1000) expect(s.status === 'fulfilled' && s.value.stdout).toBe(`n${i}\n`);
          else if (i > 1000 && s.status === 'fulfilled') expect(['', `n${i}\n`]).toContain(s.value.stdout);
          else if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(EngineError);
        });
        for (let i = 0; i < 20 && tmux.connected; i++) await new Promise((r) => setTimeout(r, 50));
        expect(tmux.connected).toBe(false);
        const t = Date.now();
        await expect(tmux.run(['display-message', '-p', 'x'])).rejects.toBeInstanceOf(EngineError);
        expect(Date.now() - t).toBeLessThan(100);
        await tmux.close();
        await new Promise((r) => setTimeout(r, 50));
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
      // A server killed from outside: a blocked call learns it within a second.
      const again = engine({ ...connection, session: 'main', createSession: true });
      await again.connect();
      // run-shell waits for its command (wait-for would not do: tmux wakes waiters when it exits).
      const blocked = again.run(['run-shell', 'sleep 30']).catch((e: unknown) => e);
      await new Promise((r) => setTimeout(r, 100));
      const killedAt = Date.now();
      await execa(bin, ['-L', connection.socketName, 'kill-server'], { stdin: 'ignore', env: TEST_ENV });
      const error = await blocked;
      expect(Date.now() - killedAt).toBeLessThan(1000);
      expect(error).toBeInstanceOf(EngineError);
      expect((error as Error).message).toMatch(/control client exited/);
    });
  });
});
