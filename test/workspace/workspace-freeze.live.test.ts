/**
 * Freezing and confirming, on every installed tmux: a loaded session frozen to tmuxp's format loads back
 * into another server as the same structure (windows, names, indexes, layouts, directories, the program
 * running in a pane), and a load is confirmed against its file, differences named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  confirmSession,
  freezeSession,
  frozenText,
  loadWorkspace,
  parseWorkspace,
  snapshot,
  SubprocessEngine,
  type Engine,
} from '../../src/index.js';
import { PrivateTmux, TEST_ENV } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const FILE = `
session_name: roundtrip
windows:
  - window_name: code
    start_directory: /tmp
    layout: main-vertical
    panes: [null, cat, {start_directory: /}]
  - window_name: logs
    window_index: 5
    start_directory: /
    focus: true
    panes: [null, null]
`;

/** The structure to compare, ids aside: windows with their layouts, panes with their directories. */
async function shape(engine: Engine) {
  const session = (await snapshot(engine)).sessions.where({ sessionName: 'roundtrip' }).one();
  return session.windows
    .orderBy('windowIndex')
    .map((w) => [
      `${w.windowIndex} ${w.windowName} ${w.windowLayout} active=${w.windowActive}`,
      ...w.panes
        .orderBy('paneIndex')
        .map((p) => `  ${p.paneIndex} ${p.paneCurrentPath} active=${p.paneActive}`),
    ]);
}

for (const tmux of installedTmuxVersions()) {
  describe(`freeze and confirm, tmux ${tmux.version}`, () => {
    let first: PrivateTmux;
    let second: PrivateTmux;
    const engineOf = (s: PrivateTmux) =>
      new SubprocessEngine({
        tmux: tmux.bin,
        socketName: s.socketName,
        env: { ...process.env, ...TEST_ENV },
      });
    beforeAll(async () => {
      [first, second] = await Promise.all([
        PrivateTmux.start(tmux.bin, 'freeze-a'),
        PrivateTmux.start(tmux.bin, 'freeze-b'),
      ]);
    });
    afterAll(async () => {
      await Promise.all([first.kill(), second.kill()]);
    });

    /** Waits until the second pane of `code` runs its command (`cat`), which the freeze must see. */
    async function catRuns(engine: Engine) {
      const pane = (await snapshot(engine)).panes
        .where({ sessionName: 'roundtrip', windowName: 'code', paneIndex: 1 })
        .one();
      await expect
        .poll(
          async () => (await snapshot(engine)).panes.where({ paneId: pane.paneId }).one().paneCurrentCommand,
        )
        .toBe('cat');
    }

    it('freezes a session that loads back into the same structure', async () => {
      const a = engineOf(first);
      const size = { width: 160, height: 48 };
      await loadWorkspace(a, await parseWorkspace(FILE), { size });
      await catRuns(a);

      const frozen = await freezeSession(a, 'roundtrip');
      expect(frozen.windows.map((w) => [w.window_name, w.window_index, w.panes.length])).toEqual([
        ['code', 0, 3],
        ['logs', 5, 2],
      ]);
      expect(frozen.windows[0]!.panes[1]).toMatchObject({ shell_command: ['cat'] });
      const text = await frozenText(frozen);
      expect(text).toMatch(/^session_name: roundtrip\n/);

      const b = engineOf(second);
      await loadWorkspace(b, await parseWorkspace(text), { size });
      await catRuns(b);
      expect(await shape(b)).toEqual(await shape(a));
      // JSON freezes load the same way.
      expect(
        (await parseWorkspace(await frozenText(frozen, { json: true }))).sessions[0]!.windows,
      ).toHaveLength(2);
    });

    it('confirms a load against its file, and names what differs', async () => {
      const engine = engineOf(first);
      const file = await parseWorkspace(FILE.replace('roundtrip', 'confirmed'));
      const [loaded] = await loadWorkspace(engine, file);
      expect(await confirmSession(engine, file.sessions[0]!, loaded!)).toEqual([]);
      await first.run(['kill-pane', '-t', loaded!.windows[0]!.paneIds[2]!]);
      await first.run(['rename-window', '-t', loaded!.windows[1]!.windowId, 'renamed']);
      expect(await confirmSession(engine, file.sessions[0]!, loaded!)).toEqual([
        'window 0 (code) has 2 panes, the file 3',
        'window 1 (logs) is named "renamed"',
      ]);
    });
  });
}
