/**
 * Differential test: random sequences of the operations MemoryEngine models run on real tmux and on
 * MemoryEngine (behaving as the same version). After every step both must agree on the result (status,
 * output, tmux's message) and on the whole structure: sessions, windows and panes with their ids, names,
 * indexes, order and active/last flags. Every installed matrix version.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DeleteBuffer,
  DisplayMessage,
  HasSession,
  KillPane,
  KillSession,
  KillWindow,
  ListBuffers,
  ListPanes,
  ListSessions,
  MemoryEngine,
  NewSession,
  NewWindow,
  RenameSession,
  RenameWindow,
  SelectPane,
  SelectWindow,
  SendKeys,
  SetBuffer,
  SetOption,
  ShowBuffer,
  ShowOptions,
  SplitWindow,
  SubprocessEngine,
  type CommandResult,
  type Engine,
  type Operation,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const NAMES = ['a', 'b', 'c'];

/** A step refers to objects by position in the current listing, resolved when it runs. */
type Step =
  | { readonly op: 'newSession'; readonly name: string | null; readonly window: string }
  | { readonly op: 'newWindow'; readonly session: number; readonly name: string; readonly detached: boolean }
  | { readonly op: 'split'; readonly pane: number; readonly before: boolean; readonly detached: boolean }
  | { readonly op: 'killSession' | 'hasSession'; readonly session: number }
  | { readonly op: 'killWindow' | 'selectWindow'; readonly window: number }
  | { readonly op: 'killPane' | 'selectPane' | 'display' | 'sendKeys'; readonly pane: number }
  | { readonly op: 'renameSession'; readonly session: number; readonly name: string }
  | { readonly op: 'renameWindow'; readonly window: number; readonly name: string }
  | { readonly op: 'setOption'; readonly session: number; readonly value: string }
  | { readonly op: 'showOption'; readonly session: number }
  | { readonly op: 'setBuffer'; readonly name: string | null; readonly data: string }
  | { readonly op: 'showBuffer' | 'deleteBuffer'; readonly name: string | null }
  | { readonly op: 'missingTarget'; readonly which: number };

const index = fc.nat(20);
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('newSession' as const),
      name: fc.option(fc.constantFrom(...NAMES)),
      window: fc.constantFrom('w', 'x'),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('newWindow' as const),
      session: index,
      name: fc.constantFrom('w', 'y', 'z'),
      detached: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('split' as const),
      pane: index,
      before: fc.boolean(),
      detached: fc.boolean(),
    }),
  },
  fc.record({ op: fc.constantFrom('killSession' as const, 'hasSession' as const), session: index }),
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('killWindow' as const, 'selectWindow' as const),
      window: index,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'killPane' as const,
        'selectPane' as const,
        'display' as const,
        'sendKeys' as const,
      ),
      pane: index,
    }),
  },
  fc.record({
    op: fc.constant('renameSession' as const),
    session: index,
    name: fc.constantFrom(...NAMES, 'd'),
  }),
  fc.record({ op: fc.constant('renameWindow' as const), window: index, name: fc.constantFrom('r', 's') }),
  fc.record({
    op: fc.constant('setOption' as const),
    session: index,
    value: fc.constantFrom('x', 'a b', 'q"uote', '~t', ''),
  }),
  fc.record({ op: fc.constant('showOption' as const), session: index }),
  fc.record({
    op: fc.constant('setBuffer' as const),
    name: fc.option(fc.constantFrom('p', 'q')),
    data: fc.constantFrom('one', 'two words'),
  }),
  fc.record({
    op: fc.constantFrom('showBuffer' as const, 'deleteBuffer' as const),
    name: fc.option(fc.constantFrom('p', 'q')),
  }),
  fc.record({ op: fc.constant('missingTarget' as const), which: fc.nat(2) }),
);

interface Structure {
  readonly sessions: readonly string[];
  readonly panes: readonly string[];
}

/** Everything both must agree on, read with list commands (ids included: both count the same way). */
async function structure(
  engine: Engine,
): Promise<Structure & { paneIds: string[]; windowIds: string[]; sessionIds: string[] }> {
  const sessions = await engine.execute(new ListSessions());
  if (!sessions.ok) return { sessions: [], panes: [], paneIds: [], windowIds: [], sessionIds: [] };
  const panes = (await engine.execute(new ListPanes({ all: true }))).raiseForStatus().rows;
  return {
    sessions: sessions.rows.map((s) => `${s.sessionId} ${s.sessionName} windows=${s.sessionWindows}`),
    panes: panes.map(
      (p) =>
        `${p.sessionName}:${p.windowIndex}${p.windowActive ? '*' : ''} ${p.windowId} ${p.windowName} ` +
        `.${p.paneIndex} ${p.paneId}${p.paneActive ? ' active' : ''}${p.paneLast ? ' last' : ''}`,
    ),
    paneIds: panes.map((p) => p.paneId),
    windowIds: [...new Set(panes.map((p) => p.windowId))],
    sessionIds: sessions.rows.map((s) => s.sessionId),
  };
}

const pick = <T>(list: readonly T[], n: number, fallback: T): T =>
  list.length === 0 ? fallback : list[n % list.length]!;

function operationFor(
  s: Step,
  ids: { paneIds: string[]; windowIds: string[]; sessionIds: string[] },
): Operation {
  const pane = (n: number) => pick(ids.paneIds, n, '%99');
  const window = (n: number) => pick(ids.windowIds, n, '@99');
  const session = (n: number) => pick(ids.sessionIds, n, '$99');
  switch (s.op) {
    case 'newSession':
      // A large session, so repeated splits never run out of room (MemoryEngine does not model geometry).
      return new NewSession({
        detached: true,
        windowName: s.window,
        width: '1000',
        height: '1000',
        shellCommand: 'cat',
        ...(s.name ? { sessionName: s.name } : {}),
      });
    case 'newWindow':
      return new NewWindow({
        target: `${session(s.session)}:`,
        windowName: s.name,
        detached: s.detached,
        shellCommand: 'cat',
      });
    case 'split':
      return new SplitWindow({
        target: pane(s.pane),
        before: s.before,
        detached: s.detached,
        shellCommand: 'cat',
      });
    case 'killSession':
      return new KillSession({ target: session(s.session) });
    case 'hasSession':
      return new HasSession({ target: session(s.session) });
    case 'killWindow':
      return new KillWindow({ target: window(s.window) });
    case 'selectWindow':
      return new SelectWindow({ target: window(s.window) });
    case 'killPane':
      return new KillPane({ target: pane(s.pane) });
    case 'selectPane':
      return new SelectPane({ target: pane(s.pane) });
    case 'display':
      return new DisplayMessage({
        print: true,
        target: pane(s.pane),
        message: '#{session_name}:#{window_index}.#{pane_index} #{window_name}',
      });
    case 'sendKeys':
      return new SendKeys({ target: pane(s.pane), keys: ['hello', 'Enter'] });
    case 'renameSession':
      return new RenameSession({ target: session(s.session), newName: s.name });
    case 'renameWindow':
      return new RenameWindow({ target: window(s.window), newName: s.name });
    case 'setOption':
      return new SetOption({ target: session(s.session), option: '@k', value: s.value });
    case 'showOption':
      return new ShowOptions({ target: session(s.session), option: '@k' });
    case 'setBuffer':
      return new SetBuffer({ data: s.data, ...(s.name ? { bufferName: s.name } : {}) });
    case 'showBuffer':
      return new ShowBuffer(s.name ? { bufferName: s.name } : {});
    case 'deleteBuffer':
      return new DeleteBuffer(s.name ? { bufferName: s.name } : {});
    case 'missingTarget':
      return [
        new SelectPane({ target: '%999' }),
        new KillWindow({ target: '@999' }),
        new HasSession({ target: 'nosuch' }),
      ][s.which]!;
  }
}

/** What must be equal in two results; "no server" messages name different sockets in the same words. */
function comparable(r: CommandResult) {
  const stderr = r.stderr.replace(/^(no server running on|error connecting to) .*$/m, 'no server');
  const stdout = r.command === 'list-buffers' ? r.stdout.replace(/\t\d+\t/g, '\t<time>\t') : r.stdout;
  return { command: r.command, exitCode: r.exitCode, stdout, stderr };
}

const servers = privateServers();
afterAll(() => servers.killAll());

describe.skipIf(versions.length === 0).each(versions)('MemoryEngine against tmux $slot', ({ slot, bin }) => {
  it('agrees with real tmux on random operation sequences', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const real = new SubprocessEngine({
          ...servers.connection(bin, `diff-${slot}-${run++}`),
          version: slot,
        });
        const memory = new MemoryEngine({ version: slot });
        try {
          // The memory model's structure after each step is the next step's starting point.
          let before = await structure(memory);
          for (const [i, s] of steps.entries()) {
            const op = operationFor(s, before);
            const [r, m] = [await real.execute(op), await memory.execute(op)];
            expect(
              comparable(m),
              `step ${i}: ${JSON.stringify(s)} → ${op.render({ version: slot }).join(' ')}`,
            ).toEqual(comparable(r));
            const [rs, ms] = [await structure(real), await structure(memory)];
            expect(
              { sessions: ms.sessions, panes: ms.panes },
              `after step ${i}: ${JSON.stringify(s)}`,
            ).toEqual({
              sessions: rs.sessions,
              panes: rs.panes,
            });
            before = ms;
          }
        } finally {
          await servers.killAll();
        }
      }),
      { numRuns: 20, endOnFailure: true },
    );
  });

  it('refuses what it does not model, naming the command', async () => {
    const memory = new MemoryEngine({ version: slot });
    await memory.execute(new NewSession({ detached: true }));
    await expect(memory.run(['resize-pane', '-Z'])).rejects.toThrow(
      'MemoryEngine does not model resize-pane',
    );
    await expect(memory.execute(new SplitWindow({ fullSize: true }))).rejects.toThrow(
      'MemoryEngine does not model split-window -f',
    );
    const listed = await memory.execute(new ListBuffers());
    expect(listed.ok).toBe(true);
  });
});
