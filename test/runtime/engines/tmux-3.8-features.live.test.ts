/**
 * Live, on every installed tmux from 3.8 on: what 3.8 changed does what the manifest says, through the
 * SDK (SubprocessEngine on a private server). The render tables prove the argv; these prove the meaning.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  CapturePane,
  DisplayMessage,
  KillWindow,
  ListPanes,
  ListWindows,
  NewSession,
  NewWindow,
  ResizePane,
  SetHook,
  SplitWindow,
  SubprocessEngine,
  TmuxVersion,
  WaitFor,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions().filter((t) => TmuxVersion.parse(t.version).atLeast('3.8'));
const servers = privateServers();
afterAll(() => servers.killAll());

describe.runIf(versions.length > 0).each(versions)('tmux $slot', ({ slot, bin }) => {
  async function server(label: string) {
    const tmux = new SubprocessEngine(servers.connection(bin, `${slot}-${label}`));
    const { paneId } = (
      await tmux.execute(new NewSession({ detached: true, sessionName: 'm', width: '80', height: '24' }))
    ).raiseForStatus();
    return { tmux, paneId: paneId! };
  }
  const heights = async (tmux: SubprocessEngine) =>
    Object.fromEntries(
      (await tmux.execute(new ListPanes({ target: 'm' }))).rows.map((p) => [p.paneId, p.paneHeight]),
    );

  it('resize-pane -D/-U take a count; without one the hidden adjustment positional still counts', async () => {
    const { tmux, paneId } = await server('resize');
    const other = (await tmux.execute(new SplitWindow({ target: paneId }))).raiseForStatus().paneId!;
    const start = (await heights(tmux))[paneId]!;
    (await tmux.execute(new ResizePane({ target: paneId, down: true, adjustment: 3 }))).raiseForStatus();
    expect((await heights(tmux))[paneId]).toBe(start + 3);
    (await tmux.execute(new ResizePane({ target: paneId, up: 2 }))).raiseForStatus();
    expect((await heights(tmux))[paneId]).toBe(start + 1);
    (await tmux.execute(new ResizePane({ target: paneId, down: true }))).raiseForStatus();
    const after = await heights(tmux);
    expect(after[paneId]).toBe(start + 2);
    expect(after[paneId]! + after[other]!).toBe(23); // one line of border between them
  });

  it('kill-window -a -f kills only the windows its filter selects', async () => {
    const { tmux } = await server('killf');
    for (const name of ['a', 'b', 'c'])
      await tmux.execute(new NewWindow({ detached: true, windowName: name }));
    const kill = new KillWindow({ target: 'm:0', allOthers: true, filter: '#{==:#{window_name},b}' });
    (await tmux.execute(kill)).raiseForStatus();
    const names = (await tmux.execute(new ListWindows({ target: 'm' }))).rows.map((w) => w.windowName);
    expect(names).toEqual([expect.any(String), 'a', 'c']);
  });

  it('new-window -E makes a pane with no running command', async () => {
    const { tmux } = await server('empty');
    const { paneId } = (
      await tmux.execute(new NewWindow({ detached: true, empty: true, windowName: 'e' }))
    ).raiseForStatus();
    const pid = await tmux.execute(
      new DisplayMessage({ print: true, target: paneId!, message: '[#{pane_pid}]' }),
    );
    expect(pid.text).toBe('[]');
    const normal = await tmux.execute(
      new DisplayMessage({ print: true, target: 'm:0', message: '#{pane_pid}' }),
    );
    expect(normal.text).toMatch(/^\d+$/);
  });

  it('wait-for -E waits for a user event that set-hook -E fires, and -v prints its payload', async () => {
    const { tmux } = await server('event');
    let settled = false;
    const waiting = tmux
      .execute(new WaitFor({ event: true, printPayload: true, channel: '@deploy' }))
      .finally(() => (settled = true));
    // The waiter registers in its own tmux process: fire until it has seen one event (bounded).
    for (let i = 0; i < 50 && !settled; i++) {
      (await tmux.execute(new SetHook({ fireEvent: true, hook: '@deploy' }))).raiseForStatus();
      await new Promise((r) => setTimeout(r, 100));
    }
    const waited = await waiting;
    expect(waited.ok).toBe(true);
    expect(waited.stdout).toMatch(/^event=@deploy$/m);
  });

  it('capture-pane -I starts each line with the time it entered the history', async () => {
    const { tmux, paneId } = await server('times');
    const captured = await tmux.execute(
      new CapturePane({ target: paneId, print: true, historyTimes: true, endLine: '2' }),
    );
    expect(captured.ok).toBe(true);
    expect(
      captured.stdout
        .split('\n')
        .filter(Boolean)
        .every((l) => /^\d+ /.test(l)),
    ).toBe(true);
  });
});
