/**
 * The three facade modes as one API: every lazy method records exactly the command its async twin sends,
 * and the same script written async, sync and lazy builds the same server (compared by snapshot, ids
 * aside) on every installed tmux.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  catalog,
  LazyClient,
  LazyPane,
  LazyServer,
  LazySession,
  LazyWindow,
  Plan,
  Server,
  SocketEngine,
  SubprocessEngine,
  SyncServer,
  SyncSubprocessEngine,
  TmuxVersion,
  snapshot,
  type CommandDescriptor,
  type Engine,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';
import { RenderingEngine } from '../../support/rendering-engine.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- methods are called by name from the catalog */

const IDS = { Server: '', Session: '$1', Window: '@2', Pane: '%3', Client: '/dev/pts/7' } as const;

/** Required parameters with sample values of the right type. */
function sampleParams(c: CommandDescriptor): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const p of c.positionals) {
    if (p.optional || p.until !== null) continue;
    const value = p.type === 'int' || p.type === 'number' ? 1 : p.type === 'path' ? '/tmp/x' : 'value';
    params[p.param] = p.variadic ? [value] : value;
  }
  return params;
}

const version = TmuxVersion.parse('3.8');
const recordable = catalog.flatMap((c) =>
  c.facade
    .filter((f) => !f.handWritten && c.safety !== 'readonly')
    .map((f) => [`${f.class}.${f.method}`, c, f.class, f.method] as const),
);

describe('lazy facades', () => {
  it.each(recordable)('%s records the command its async twin sends', async (_key, c, cls, method) => {
    const params = sampleParams(c);
    const engine = new RenderingEngine(version);
    const server = new Server(engine);
    const asyncHandle: any = cls === 'Server' ? server : (server as any)[cls.toLowerCase()](IDS[cls]);
    const refused = await Promise.resolve()
      .then(() => asyncHandle[method](params))
      .then(
        () => undefined,
        (e: unknown) => e,
      );

    const plan = new Plan();
    const lazy = new LazyServer(plan);
    const lazyHandle: any = cls === 'Server' ? lazy : (lazy as any)[cls.toLowerCase()](IDS[cls]);
    const returned = lazyHandle[method](params);
    if (refused) {
      // A release that lacks what the method uses: both refuse with the same VersionError.
      expect(() => plan.preview({ version })).toThrow((refused as Error).message);
      return;
    }
    expect(plan.preview({ version }).at(-1)!.argv).toEqual(engine.sent.at(-1));
    const made =
      c.creates === 'pane'
        ? LazyPane
        : c.creates === 'window'
          ? LazyWindow
          : c.creates === 'session'
            ? LazySession
            : undefined;
    if (made) expect(returned).toBeInstanceOf(made);
    else expect(returned).toBe(lazyHandle);
  });

  it('has no methods that only read (a plan is for building)', () => {
    const readers = catalog.filter((c) => c.safety === 'readonly').flatMap((c) => c.facade);
    const classes = {
      Server: LazyServer,
      Session: LazySession,
      Window: LazyWindow,
      Pane: LazyPane,
      Client: LazyClient,
    };
    for (const f of readers)
      expect(f.method in classes[f.class].prototype, `${f.class}.${f.method}`).toBe(false);
  });

  it('chains creations through plan references', () => {
    const lazy = new LazyServer(new Plan());
    lazy
      .findOrCreateSession('dev')
      .newWindow({ windowName: 'logs' })
      .newPane({ horizontal: true })
      .sendKeys({ keys: ['tail -f log', 'Enter'] });
    const argvs = lazy.plan.preview({ version }).map((s) => s.argv.join(' '));
    expect(argvs[1]).toMatch(/^new-window .*-t <step 0 session>/);
    expect(argvs[2]).toMatch(/^new-pane .*-t <step 1 window>/);
    expect(argvs[3]).toBe('send-keys -t <step 2 pane> -- tail -f log Enter');
  });
});

/** One script, three modes: a session with two windows, splits, a layout, a rename, an option. */
async function scriptAsync(server: Server): Promise<void> {
  const dev = await server.newSession({ detached: true, sessionName: 'dev', width: '120', height: '40' });
  const [editor] = await dev.windows();
  await editor!.rename({ newName: 'editor' });
  const [main] = await editor!.panes();
  const right = await main!.split({ horizontal: true });
  await right.split({});
  const logs = await dev.newWindow({ windowName: 'logs', detached: true });
  const [tail] = await logs.panes();
  await tail!.split({ horizontal: true, size: 30 });
  await logs.selectLayout({ layoutName: 'even-horizontal' });
  await dev.setOption({ option: '@role', value: 'work' });
}

function scriptSync(server: SyncServer): void {
  const dev = server.newSession({ detached: true, sessionName: 'dev', width: '120', height: '40' });
  const [editor] = dev.windows();
  editor!.rename({ newName: 'editor' });
  const [main] = editor!.panes();
  const right = main!.split({ horizontal: true });
  right.split({});
  const logs = dev.newWindow({ windowName: 'logs', detached: true });
  const [tail] = logs.panes();
  tail!.split({ horizontal: true, size: 30 });
  logs.selectLayout({ layoutName: 'even-horizontal' });
  dev.setOption({ option: '@role', value: 'work' });
}

function scriptLazy(server: LazyServer): void {
  const dev = server.newSession({ detached: true, sessionName: 'dev', width: '120', height: '40' });
  const editor = dev.window();
  editor.rename({ newName: 'editor' });
  const right = editor.pane().split({ horizontal: true });
  right.split({});
  const logs = dev.newWindow({ windowName: 'logs', detached: true });
  logs.pane().split({ horizontal: true, size: 30 });
  logs.selectLayout({ layoutName: 'even-horizontal' });
  dev.setOption({ option: '@role', value: 'work' });
}

const shape = async (engine: Engine) =>
  (await snapshot(engine)).panes
    .orderBy('windowIndex', 'paneIndex')
    .map((p) =>
      [
        p.sessionName,
        p.windowIndex,
        p.windowName,
        p.paneIndex,
        p.paneLeft,
        p.paneTop,
        p.paneWidth,
        p.paneHeight,
      ].join(' '),
    );

for (const tmux of installedTmuxVersions()) {
  describe(`the same script in three modes, tmux ${tmux.version}`, () => {
    const servers = privateServers();
    afterAll(() => servers.killAll());

    it('builds the same server (compared by snapshot, ids aside)', async () => {
      const asyncEngine = new SubprocessEngine(servers.connection(tmux.bin, 'modes-async'));
      await scriptAsync(new Server(asyncEngine));
      const sync = servers.connection(tmux.bin, 'modes-sync');
      scriptSync(new SyncServer(new SyncSubprocessEngine(sync)));
      const lazy = new LazyServer(new Plan());
      scriptLazy(lazy);
      const lazyEngine = new SubprocessEngine(servers.connection(tmux.bin, 'modes-lazy'));
      (await lazy.plan.execute(lazyEngine)).raiseForStatus();

      const expected = await shape(asyncEngine);
      expect(expected).toHaveLength(5);
      expect(expected.filter((p) => p.startsWith('dev 1 logs'))).toHaveLength(2);
      expect(await shape(new SubprocessEngine(sync))).toEqual(expected);
      expect(await shape(lazyEngine)).toEqual(expected);
      // The same plan through tmux's socket protocol, also starting its server (a decorated new-session).
      const socketEngine = new SocketEngine(servers.connection(tmux.bin, 'modes-socket'));
      (await lazy.plan.execute(socketEngine)).raiseForStatus();
      expect(await shape(socketEngine)).toEqual(expected);
      await socketEngine.close();
    });
  });
}
