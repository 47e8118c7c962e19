/**
 * `executeList`: several operations as one tmux command list, each command's output and failure
 * attributed exactly, on every installed tmux and every live engine. A failure is injected at every
 * position of a list; commands print output that looks like the markers; creating commands capture their
 * ids inside the list; the commands after a failure are proven not to have run (their side effect is
 * absent), not merely reported so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  DisplayMessage,
  KillSession,
  ListWindows,
  NewSession,
  NewWindow,
  ParameterError,
  RunShell,
  SelectWindow,
  SetOption,
  ShowOptions,
  type CommandResult,
  type Engine,
  type Operation,
} from '../../../src/index.js';
import { liveEngines, LIVE_KINDS, type EngineKind } from '../../support/live-engines.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const engines = liveEngines();
afterAll(() => engines.closeAll());

const engineFor = (kind: EngineKind, tmux: { bin: string; version: string }, label: string) =>
  engines.open(kind, tmux, label);

/** A command that prints `text`, one that fails, one that leaves a trace we can look for afterwards. */
const print = (text: string) => new DisplayMessage({ print: true, target: 'main', message: text });
const fail = () => new SelectWindow({ target: 'main:99' });
const mark = (n: number) => new SetOption({ global: true, option: `@ran${n}`, value: 'yes' });

async function ranMarks(engine: Engine): Promise<string[]> {
  const shown = await engine.execute(new ShowOptions({ global: true }));
  return Object.keys(shown.options)
    .filter((k) => k.startsWith('@ran'))
    .sort();
}

const summary = (results: readonly CommandResult[]) =>
  results.map((r) => ({
    command: r.command,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: r.stderr.trim(),
  }));

describe.each(versions.map((v) => [v.version, v] as const))('tmux %s', (version, tmux) => {
  describe.each(LIVE_KINDS)('%s', (kind) => {
    it('attributes a failure at every position and runs nothing after it', async () => {
      const engine = await engineFor(kind, tmux, `list-${kind}-${version}`);
      const size = 4;
      for (let failAt = 0; failAt <= size; failAt++) {
        await engine.execute(new SetOption({ global: true, unset: true, option: '@ran0' }));
        for (let n = 1; n < size; n++) {
          await engine.execute(new SetOption({ global: true, unset: true, option: `@ran${n}` }));
        }
        // Command i prints `out i` and leaves @ran<i>, except the one at failAt (failAt = size: none fails).
        const ops: Operation[] = [];
        for (let i = 0; i < size; i++) ops.push(i === failAt ? fail() : print(`out ${i}`), mark(i));
        const { results } = await engine.executeList!(ops);
        const ranUntil = failAt === size ? ops.length : 2 * failAt + 1;
        expect(results.length, `fail at ${failAt}`).toBe(ranUntil);
        const expected = ops.slice(0, ranUntil).map((op, i) => {
          const failed = failAt < size && i === 2 * failAt;
          return {
            command: op.command,
            exitCode: failed ? 1 : 0,
            stdout: !failed && op.command === 'display-message' ? `out ${i / 2}\n` : '',
            stderr: failed ? "can't find window: 99" : '',
          };
        });
        expect(summary(results), `fail at ${failAt}`).toEqual(expected);
        const marks = Array.from({ length: Math.min(failAt, size) }, (_, i) => `@ran${i}`);
        expect(await ranMarks(engine), `fail at ${failAt}`).toEqual(marks);
      }
    });

    it('is not fooled by output that looks like a marker, or by empty and multi-line output', async () => {
      const engine = await engineFor(kind, tmux, `list-look-${kind}-${version}`);
      const lookalikes = [
        'tmuxkit-list-000000000000000000000000-0',
        'tmuxkit-list-',
        '',
        'two\nlines',
        'before\ntmuxkit-list-0123456789abcdef01234567-0\nafter',
        ' tmuxkit-list-x-1 ',
      ];
      const { results } = await engine.executeList!(lookalikes.map((text) => print(text)));
      // Each command's output in the list is exactly what it prints when sent alone.
      const alone = await Promise.all(lookalikes.map((text) => engine.execute(print(text))));
      expect(results.map((r) => [r.exitCode, r.stdout])).toEqual(alone.map((r) => [0, r.stdout]));
      expect(results[3]!.stdout).toBe('two\nlines\n');
    });

    it('captures the ids a creating command makes inside the list', async () => {
      const engine = await engineFor(kind, tmux, `list-ids-${kind}-${version}`);
      const { results } = await engine.executeList!([
        new NewSession({ detached: true, sessionName: 'made' }),
        new NewWindow({ detached: true, target: 'made:', windowName: 'second' }),
        new ListWindows({ target: 'made' }),
      ]);
      const [session, window, list] = results as [
        CommandResult & { sessionId?: string; windowId?: string; paneId?: string },
        CommandResult & { sessionId?: string; windowId?: string },
        CommandResult & { rows: readonly { windowId: string; sessionId: string }[] },
      ];
      expect(session.sessionId).toMatch(/^\$\d+$/);
      expect(session.paneId).toMatch(/^%\d+$/);
      expect(window.sessionId).toBe(session.sessionId);
      expect(list.rows.map((r) => r.windowId)).toEqual([session.windowId, window.windowId]);
    });

    it('lets only the last command be destructive, and refuses commands that cannot share a dispatch', async () => {
      const engine = await engineFor(kind, tmux, `list-refuse-${kind}-${version}`);
      await expect(
        engine.executeList!([new KillSession({ target: 'main' }), print('after')]),
      ).rejects.toBeInstanceOf(ParameterError);
      await expect(
        engine.executeList!([print('a'), new RunShell({ shellCommand: 'true' })]),
      ).rejects.toBeInstanceOf(ParameterError);
      const { results } = await engine.executeList!([
        new NewSession({ detached: true, sessionName: 'doomed' }),
        new KillSession({ target: '=doomed' }),
      ]);
      expect(results.map((r) => r.exitCode)).toEqual([0, 0]);
    });
  });
});
