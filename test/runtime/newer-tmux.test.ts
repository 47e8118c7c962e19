/**
 * A tmux newer than the manifest: which versions count as newer, that they render exactly as the newest
 * known release, and the three policies (warn once, error, allow), without tmux (MemoryEngine and render).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  catalog,
  MemoryEngine,
  NewerTmuxError,
  NewerTmuxWarning,
  NewSession,
  operationClasses,
  TmuxVersion,
  tmuxReleases,
  VersionError,
  type Operation,
} from '../../src/index.js';
import { isNewerThanManifest } from '../../src/runtime/newer-tmux.js';

const newest = tmuxReleases.at(-1)!;

describe('which releases are newer than the manifest', () => {
  it.each([
    ['3.1c', false],
    ['3.7c', false],
    [newest, false],
    ['next-3.8', false], // the work towards 3.8 sorts before it
    ['3.8a', true],
    ['3.9', true],
    ['next-3.9', true],
    ['4.0', true],
    ['master', true],
  ] as const)('%s: %s', (version, newer) => {
    expect(isNewerThanManifest(TmuxVersion.parse(version))).toBe(newer);
  });

  it('the newest known release is the last of versions.yaml', () => {
    expect(newest).toBe('3.8');
    expect(tmuxReleases).toHaveLength(22);
  });
});

/** The required parameters and the main target of a command, plus `extra`. */
function sample(name: string, extra: Record<string, unknown> = {}): Operation {
  const c = catalog.find((d) => d.command === name)!;
  const params: Record<string, unknown> = {};
  for (const p of c.positionals)
    if (!p.optional) params[p.param] = p.variadic ? ['x'] : p.type === 'int' ? 1 : 'x';
  const t = c.flags.find((f) => f.flag === 't' && f.target && f.until === null);
  if (t) params[t.param] = t.target === 'client' ? '/dev/pts/1' : '%1';
  return new (operationClasses.get(name)!)({ ...params, ...extra } as never);
}

describe('rendering for a newer release is rendering for the newest known one', () => {
  it.each(['3.9', 'next-3.9', 'master'])('every command, and every boolean flag of today, %s', (version) => {
    let flags = 0;
    for (const c of catalog) {
      expect(sample(c.command).render({ version }), c.command).toEqual(
        sample(c.command).render({ version: newest }),
      );
      for (const f of c.flags.filter((g) => g.until === null && g.valueType === null)) {
        const op = sample(c.command, { [f.param]: true });
        expect(op.render({ version }), `${c.command} -${f.flag}`).toEqual(op.render({ version: newest }));
        flags++;
      }
    }
    expect(flags).toBeGreaterThan(300);
  });

  it('a flag removed before the newest release stays refused', () => {
    expect(() => sample('display-panes', { noBlock: true }).render({ version: '3.9' })).toThrow(VersionError);
  });
});

describe('the newerTmux policy (MemoryEngine, given version)', () => {
  afterEach(() => vi.restoreAllMocks());

  it("'warn' (the default) warns once per engine through onWarning, naming the release and the way out", async () => {
    const warnings: NewerTmuxWarning[] = [];
    const tmux = new MemoryEngine({ version: '3.9', onWarning: (w) => warnings.push(w) });
    const created = await tmux.execute(new NewSession({ detached: true, sessionName: 'a' }));
    await tmux.execute(new NewSession({ detached: true, sessionName: 'b' }));
    expect(created.ok).toBe(true);
    expect(created.argv).toEqual(
      new NewSession({ detached: true, sessionName: 'a' }).render({ version: newest }),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(NewerTmuxWarning);
    expect(warnings[0]).toMatchObject({ release: '3.9', newestKnown: newest, code: 'TMUXKIT_NEWER_TMUX' });
    expect(warnings[0]!.message).toMatch(
      /tmux 3\.9 is newer than 3\.8.*rendered as for 3\.8.*npm run codegen/,
    );
  });

  it("'warn' without onWarning emits a process warning once per release", () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    new MemoryEngine({ version: 'next-3.10' });
    new MemoryEngine({ version: 'next-3.10' });
    new MemoryEngine({ version: '3.8' });
    expect(emit).toHaveBeenCalledTimes(1);
    expect(emit.mock.calls[0]![0]).toBeInstanceOf(NewerTmuxWarning);
  });

  it("'error' fails closed with a NewerTmuxError (a VersionError)", () => {
    const attempt = () => new MemoryEngine({ version: 'master', newerTmux: 'error' });
    expect(attempt).toThrow(NewerTmuxError);
    expect(attempt).toThrow(VersionError);
    expect(attempt).toThrow(
      /tmux master is newer than 3\.8, the newest release tmuxkit's manifest describes/,
    );
  });

  it("'allow' renders for it without a word; known releases never warn", async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const warnings: unknown[] = [];
    const tmux = new MemoryEngine({ version: '4.0', newerTmux: 'allow', onWarning: (w) => warnings.push(w) });
    expect((await tmux.execute(new NewSession({ detached: true }))).ok).toBe(true);
    new MemoryEngine({ version: newest, onWarning: (w) => warnings.push(w) });
    new MemoryEngine({ version: '3.1c', newerTmux: 'error' });
    expect(warnings).toEqual([]);
    expect(emit).not.toHaveBeenCalled();
  });
});
