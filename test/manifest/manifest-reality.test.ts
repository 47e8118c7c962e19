/**
 * The manifest against real tmux, on every installed matrix version (private sockets, killed afterwards).
 * Then proof that the check can fail: mutated copies of the manifest must produce discrepancies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../codegen/manifest/load-manifest.js';
import type { CommandSpec, Manifest } from '../../codegen/manifest/manifest-schema.js';
import { checkFormats, checkListCommands, checkParser, todoList } from '../support/manifest-reality.js';
import { PrivateTmux } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const manifest = loadManifest();
const installed = installedTmuxVersions();

it('has at least one tmux version installed to check against (scripts/install-tmux-matrix.sh)', () => {
  expect(installed.length).toBeGreaterThan(0);
});

describe.each(installed)('manifest versus tmux $version', ({ bin, version, slot }) => {
  let tmux: PrivateTmux;
  beforeAll(async () => {
    tmux = await PrivateTmux.start(bin, slot);
  });
  afterAll(async () => {
    await tmux?.kill();
  });

  it('is a release the manifest knows', () => {
    expect(manifest.releases.map((r) => r.version)).toContain(version);
  });

  it("agrees with tmux's parser on every flag letter and positional count of every command", async () => {
    const { probes, discrepancies } = await checkParser(manifest, version, tmux);
    expect(discrepancies, todoList(version, discrepancies)).toEqual([]);
    expect(probes).toBeGreaterThan(8000);
  });

  it('lists the same commands as list-commands, with the flags its usage lines show', async () => {
    const found = await checkListCommands(manifest, version, tmux);
    expect(found, todoList(version, found)).toEqual([]);
  });

  it('knows every format variable display-message -a shows, with its release and type', async () => {
    const found = await checkFormats(manifest, version, tmux);
    expect(found, todoList(version, found)).toEqual([]);
  });
});

// Mutations: each must be caught. They run on the newest installed tmux, restricted to one command.
const newest = installed.at(-1);

/** A release after every real one, for dating things "too late". */
const FUTURE = { version: '9.9', date: '2099-01-01', letter: false } as const;

function mutate(command: string, change: (c: CommandSpec) => CommandSpec): Manifest {
  return {
    ...manifest,
    releases: [...manifest.releases, FUTURE],
    commands: manifest.commands.map((c) => (c.command === command ? change(c) : c)),
  };
}
type Flag = CommandSpec['flags'][number];
function mutateFlag(command: string, flag: string, change: (f: Flag) => object) {
  return mutate(command, (c) => ({ ...c, flags: c.flags.map((f) => (f.flag === flag ? (change(f) as Flag) : f)) }));
}

describe.runIf(newest !== undefined)('the reality check fails on a wrong manifest', () => {
  let tmux: PrivateTmux;
  const version = newest?.version ?? '';
  beforeAll(async () => {
    tmux = await PrivateTmux.start(newest!.bin, 'mutations');
  });
  afterAll(async () => {
    await tmux?.kill();
  });

  const parserCases: { name: string; manifest: () => Manifest; command: string; expect: RegExp }[] = [
    {
      name: 'a flag dated after the release that has it',
      manifest: () => mutateFlag('split-window', 'e', (f) => ({ ...f, since: FUTURE.version })),
      command: 'split-window',
      expect: /tmux accepts -e, which the manifest does not list/,
    },
    {
      name: 'a missing flag',
      manifest: () => mutate('kill-pane', (c) => ({ ...c, flags: c.flags.filter((f) => f.flag !== 'a') })),
      command: 'kill-pane',
      expect: /tmux accepts -a, which the manifest does not list/,
    },
    {
      name: 'a spurious flag',
      manifest: () =>
        mutate('kill-pane', (c) => ({ ...c, flags: [...c.flags, { flag: 'Q', param: 'bogus', summary: 'No.' } as Flag] })),
      command: 'kill-pane',
      expect: /-Q is rejected/,
    },
    {
      name: 'a boolean flag described as taking a value',
      manifest: () => mutateFlag('kill-pane', 'a', (f) => ({ ...f, value: 'string' })),
      command: 'kill-pane',
      expect: /-a is a boolean, but the manifest says it takes a value/,
    },
    {
      name: 'a value flag described as a boolean',
      manifest: () => mutateFlag('rename-window', 't', ({ value: _v, target: _t, ...f }) => f),
      command: 'rename-window',
      expect: /-t takes a value, but the manifest says it is a boolean/,
    },
    {
      name: 'a positional that tmux does not require',
      manifest: () =>
        mutate('list-commands', (c) => ({
          ...c,
          positionals: c.positionals.map((p) => ({ ...p, optional: false })),
        })),
      command: 'list-commands',
      expect: /tmux accepts 0 positionals \(manifest minimum 1\)/,
    },
    {
      name: 'a missing positional',
      manifest: () => mutate('rename-window', (c) => ({ ...c, positionals: [] })),
      command: 'rename-window',
      expect: /tmux rejects 0 positionals|tmux accepts 1 positionals \(manifest maximum 0\)/,
    },
  ];

  it.each(parserCases)('catches $name', async (c) => {
    const m = c.manifest();
    const { discrepancies } = await checkParser(m, version, tmux, { commands: [c.command] });
    expect(discrepancies.map((d) => d.message).join('\n')).toMatch(c.expect);
  });

  it('prints a to-do list naming the command, the flag, both sides and the fix', async () => {
    // The manifest as it would be if the newest tmux had just added kill-pane -a and split-window -e.
    const m = mutate('kill-pane', (c) => ({ ...c, flags: c.flags.filter((f) => f.flag !== 'a') }));
    const m2: Manifest = {
      ...m,
      commands: m.commands.map((c) =>
        c.command === 'split-window' ? { ...c, flags: c.flags.filter((f) => f.flag !== 'e') } : c,
      ),
    };
    const { discrepancies } = await checkParser(m2, version, tmux, { commands: ['kill-pane', 'split-window'] });
    const usage = await checkListCommands(m2, version, tmux);
    const text = todoList(version, [...discrepancies, ...usage]);
    expect(text).toMatch(new RegExp(`^tmux ${version.replace('.', '\\.')}: \\d+ disagreements`));
    expect(text).toContain(
      [
        'kill-pane',
        '  -a',
        '    manifest: not a flag',
        "    tmux:     'kill-pane -a' parses",
      ].join('\n'),
    );
    expect(text).toMatch(/ {2}-a\n(.*\n)*? {4}to do: {4}add -a as a boolean \(since: /);
    expect(text).toMatch(/split-window\n {2}-e\n(.*\n)*? {4}to do: {4}add -e with a value type \(since: /);
    expect(todoList(version, [])).toBe(`tmux ${version}: the manifest agrees with tmux.`);
  });

  it('catches a command dated after the release that has it', async () => {
    const m = mutate('kill-pane', (c) => ({ ...c, since: FUTURE.version }));
    const found = await checkListCommands(m, version, tmux);
    expect(found.map((d) => d.message).join('\n')).toMatch(/tmux .* has kill-pane; the manifest dates it later or lacks it/);
  });

  it('catches a format variable dated after the release that has it', async () => {
    const m: Manifest = {
      ...manifest,
      releases: [...manifest.releases, FUTURE],
      formats: manifest.formats.map((v) => (v.name === 'pane_id' ? { ...v, since: FUTURE.version } : v)),
    };
    const found = await checkFormats(m, version, tmux);
    expect(found.map((d) => d.message)).toContain('#{pane_id}: shown by tmux ' + version + ', but the manifest says since 9.9');
  });

  it('catches a hidden mark on a documented flag', async () => {
    const m = mutateFlag('kill-pane', 'a', (f) => ({ ...f, hidden: true }));
    const found = await checkListCommands(m, version, tmux);
    expect(found.map((d) => d.message)).toContain(`-a is marked hidden in ${version} but the usage shows it`);
  });
});
