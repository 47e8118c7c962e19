/**
 * Render tables: the argv each operation renders per tmux version, or "unsupported" where the version
 * gates it (VersionError). Two parts:
 * - hand-written rows stating literal argv for the behaviours that matter (flag order, `--`, `;` escaping,
 *   capture flags, value history, positionals per release);
 * - a sweep over every command, every flag and every positional in every manifest release, whose expected
 *   argv is computed from the raw manifest YAML by an oracle written independently of the runtime.
 */
import { describe, expect, it } from 'vitest';
import { loadManifest, releaseOrderOf } from '../../codegen/manifest/load-manifest.js';
import type { CommandSpec, FlagSpec, PositionalSpec } from '../../codegen/manifest/manifest-schema.js';
import {
  BreakPane,
  CapturePane,
  catalog,
  DisplayMessage,
  ListPanes,
  ListSessions,
  NewSession,
  NewWindow,
  operationClasses,
  RefreshClient,
  RunShell,
  SendKeys,
  SetOption,
  SplitWindow,
  Target,
  VersionError,
  type Operation,
} from '../../src/index.js';

type Expected = readonly string[] | 'unsupported';
const MATRIX = ['3.1c', '3.3a', '3.5a', '3.7c'] as const;
const IDS = '#{pane_id}\t#{window_id}\t#{session_id}';

function rendered(op: Operation, version: string): Expected {
  try {
    return op.render({ version });
  } catch (e) {
    if (e instanceof VersionError) return 'unsupported';
    throw e;
  }
}

interface Row {
  readonly name: string;
  readonly op: () => Operation;
  /** Expected argv per matrix version; one value applies to every version. */
  readonly argv: Expected | Readonly<Record<(typeof MATRIX)[number], Expected>>;
}

const rows: Row[] = [
  {
    name: 'split-window captures ids and keeps manifest flag order',
    op: () => new SplitWindow({ target: '%1', horizontal: true, detached: true }),
    argv: ['split-window', '-d', '-F', IDS, '-h', '-P', '-t', '%1'],
  },
  {
    name: 'split-window -Z exists from 3.2',
    op: () => new SplitWindow({ zoom: true }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['split-window', '-F', IDS, '-P', '-Z'],
      '3.5a': ['split-window', '-F', IDS, '-P', '-Z'],
      '3.7c': ['split-window', '-F', IDS, '-P', '-Z'],
    },
  },
  {
    name: 'split-window: the caller format is printed after the ids',
    op: () => new SplitWindow({ format: '#{pane_tty}' }),
    argv: ['split-window', '-F', `${IDS}\t#{pane_tty}`, '-P'],
  },
  {
    name: 'split-window: positionals after --, a trailing ; escaped',
    op: () => new SplitWindow({ shellCommand: 'vim', arguments: ['-c', 'set x;'] }),
    argv: ['split-window', '-F', IDS, '-P', '--', 'vim', '-c', 'set x\\;'],
  },
  {
    name: 'split-window: environment as NAME=value, once per variable',
    op: () => new SplitWindow({ environment: { A: '1', B: 'two words' } }),
    argv: ['split-window', '-e', 'A=1', '-e', 'B=two words', '-F', IDS, '-P'],
  },
  {
    name: 'new-session with names and size',
    op: () =>
      new NewSession({ detached: true, sessionName: 'dev', windowName: 'editor', width: '80', height: '24' }),
    argv: ['new-session', '-d', '-F', IDS, '-n', 'editor', '-P', '-s', 'dev', '-x', '80', '-y', '24'],
  },
  {
    name: 'new-window -S (select if exists) from 3.3',
    op: () => new NewWindow({ selectExisting: true, windowName: 'logs' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
      '3.5a': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
      '3.7c': ['new-window', '-F', IDS, '-n', 'logs', '-P', '-S'],
    },
  },
  {
    name: 'break-pane captures ids',
    op: () => new BreakPane({ source: '%2', detached: true }),
    argv: ['break-pane', '-d', '-P', '-F', IDS, '-s', '%2'],
  },
  {
    name: 'list-sessions asks for the fields the version has',
    op: () => new ListSessions(),
    argv: {
      '3.1c': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_name}',
      ],
      '3.3a': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
      '3.5a': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
      '3.7c': [
        'list-sessions',
        '-F',
        '#{session_id}\t#{session_windows}\t#{session_attached}\t#{session_created}\t#{session_activity}\t' +
          '#{session_last_attached}\t#{session_grouped}\t#{session_group}\t#{session_marked}\t#{session_path}\t#{session_name}',
      ],
    },
  },
  {
    name: 'list-panes -f filter from 3.2',
    op: () => new ListPanes({ all: true, filter: '#{pane_active}' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': expect.arrayContaining(['list-panes', '-a', '-f', '#{pane_active}']) as unknown as Expected,
      '3.5a': expect.arrayContaining(['-f', '#{pane_active}']) as unknown as Expected,
      '3.7c': expect.arrayContaining(['-f', '#{pane_active}']) as unknown as Expected,
    },
  },
  {
    name: 'display-message: format positional, trailing ; escaped',
    op: () => new DisplayMessage({ print: true, target: '%0', message: '#{pane_id};' }),
    argv: ['display-message', '-p', '-t', '%0', '--', '#{pane_id}\\;'],
  },
  {
    name: 'display-message -c takes no value in 3.2 only (3.2 and 3.2a)',
    op: () => new DisplayMessage({ targetClient: '/dev/pts/1', print: true }),
    argv: ['display-message', '-c', '/dev/pts/1', '-p'],
  },
  {
    name: 'refresh-client -l: attached optional value 3.3 up to 3.7',
    op: () => new RefreshClient({ requestClipboard: '%1' }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['refresh-client', '-l%1'],
      '3.5a': ['refresh-client', '-l%1'],
      '3.7c': 'unsupported',
    },
  },
  {
    name: 'refresh-client -l bare in every release',
    op: () => new RefreshClient({ requestClipboard: true }),
    argv: ['refresh-client', '-l'],
  },
  {
    name: 'run-shell with no command: optional from 3.2',
    op: () => new RunShell({ delay: 1 }),
    argv: {
      '3.1c': 'unsupported',
      '3.3a': ['run-shell', '-d', '1'],
      '3.5a': ['run-shell', '-d', '1'],
      '3.7c': ['run-shell', '-d', '1'],
    },
  },
  {
    name: 'send-keys: keys after --, a key that is just ;',
    op: () => new SendKeys({ target: 'dev:1.0', keys: ['echo hi', ';', 'Enter'] }),
    argv: ['send-keys', '-t', 'dev:1.0', '--', 'echo hi', '\\;', 'Enter'],
  },
  {
    name: 'set-option: a value starting with a dash stays a value after --',
    op: () => new SetOption({ global: true, option: '@x', value: '-v' }),
    argv: ['set-option', '-g', '--', '@x', '-v'],
  },
  {
    name: 'capture-pane with negative start and a Target value',
    op: () => new CapturePane({ print: true, startLine: '-100', target: Target.pane(3) }),
    argv: ['capture-pane', '-p', '-S', '-100', '-t', '%3'],
  },
];

describe('render table (hand-written)', () => {
  for (const row of rows) {
    for (const version of MATRIX) {
      const expected =
        Array.isArray(row.argv) || typeof row.argv === 'string'
          ? row.argv
          : (row.argv as Record<string, Expected>)[version]!;
      it(`${row.name} @ ${version}`, () => {
        expect(rendered(row.op(), version)).toEqual(expected);
      });
    }
  }

  it('display-message -c with a value is unsupported in 3.2 and 3.2a, where -c took none', () => {
    const op = new DisplayMessage({ targetClient: '/dev/pts/1' });
    expect(rendered(op, '3.2')).toBe('unsupported');
    expect(rendered(op, '3.2a')).toBe('unsupported');
    expect(rendered(op, '3.1c')).toEqual(['display-message', '-c', '/dev/pts/1']);
    expect(rendered(op, '3.3')).toEqual(['display-message', '-c', '/dev/pts/1']);
  });

  it('VersionError names the command, the flag, the release needed and the release found', () => {
    const error = (() => {
      try {
        new SplitWindow({ zoom: true }).render({ version: '3.1c' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(VersionError);
    expect(error).toMatchObject({
      command: 'split-window',
      flag: 'Z',
      needed: '3.2 or newer',
      found: '3.1c',
    });
    expect(String((error as Error).message)).toBe(
      'split-window -Z needs tmux 3.2 or newer, but the server runs tmux 3.1c',
    );
  });

  it('renders for development builds: next-3.8 and master have every 3.7c flag', () => {
    expect(new SplitWindow({ keepOpen: true }).render({ version: 'next-3.8' })).toContain('-k');
    expect(new SplitWindow({ keepOpen: true }).render({ version: 'master' })).toContain('-k');
  });
});

// ---------------------------------------------------------------------------------------------------
// The sweep: an independent oracle over the raw manifest.

const manifest = loadManifest();
const order = releaseOrderOf(manifest);
const releases = manifest.releases.map((r) => r.version);
const rowsByKind = new Map<string, readonly string[]>(manifest.rows.map((r) => [r.kind, r.variables]));
const formatByName = new Map(manifest.formats.map((v) => [v.name, v]));

function exists(
  item: { since?: string | undefined; until?: string | undefined },
  release: string,
  floor: string,
) {
  return (
    order.compare(release, item.since ?? floor) >= 0 &&
    (item.until === undefined || order.compare(release, item.until) < 0)
  );
}

function sampleFor(
  value: FlagSpec['value'] | PositionalSpec['type'],
  target: FlagSpec['target'],
): [unknown, string] {
  if (target) {
    const s = { pane: '%7', window: '@7', session: '$7', client: '/dev/pts/7' }[target];
    return [s, s];
  }
  switch (value) {
    case 'int':
    case 'number':
      return [2, '2'];
    case 'size':
      return ['10%', '10%'];
    case 'environment':
      return [{ V: '1' }, 'V=1'];
    default:
      return ['x;', 'x\\;'];
  }
}

function rowFormatAt(kind: string, release: string): string {
  return rowsByKind
    .get(kind)!
    .filter((name) => {
      const v = formatByName.get(name)!;
      return exists(v, release, v.since) && !(v.missing ?? []).some((m) => exists(m, release, v.since));
    })
    .map((name) => `#{${name}}`)
    .join('\t');
}

/** Expected argv by the manifest's own words, or 'unsupported'. */
function oracle(
  c: CommandSpec,
  release: string,
  given: ReadonlyMap<string, string[]>,
  positionals: readonly string[][],
): Expected {
  if (!exists(c, release, c.since)) return 'unsupported';
  const argv = [c.command];
  for (const f of c.flags) {
    let values = given.get(f.param);
    if (c.result.kind === 'created' && (f.flag === 'P' || f.flag === 'F')) {
      values = f.flag === 'P' ? [] : [values ? `${IDS}\t${values[0]}` : IDS];
    }
    if (c.result.kind === 'rows' && f.flag === 'F') {
      const own = rowFormatAt(c.result.rows!, release);
      values = [values ? `${own}\t${values[0]}` : own];
    }
    if (values === undefined) continue;
    if (!exists(f, release, c.since)) return 'unsupported';
    const history = f.valueHistory?.find((h) => exists(h, release, c.since));
    const takes = history ? history.takesValue : f.value !== undefined;
    if (values.length === 0 && takes === true) return 'unsupported';
    if (values.length === 0) argv.push(`-${f.flag}`);
    else if (takes === false) return 'unsupported';
    else if (takes === 'optional') argv.push(...values.map((v) => `-${f.flag}${v}`));
    else argv.push(...values.flatMap((v) => [`-${f.flag}`, v]));
  }
  const active = c.positionals.filter((p) => exists(p, release, c.since));
  for (let i = 0; i < c.positionals.length; i++) {
    const p = c.positionals[i]!;
    const has = positionals[i] !== undefined;
    if (has && !exists(p, release, c.since)) return 'unsupported';
    const required =
      !p.optional || (p.requiredUntil !== undefined && order.compare(release, p.requiredUntil) < 0);
    if (!has && required && active.includes(p)) return 'unsupported';
  }
  const values = positionals.flatMap((v) => v ?? []);
  if (values.length > 0) argv.push('--', ...values);
  return argv;
}

interface SweepCase {
  readonly label: string;
  readonly command: CommandSpec;
  readonly params: Record<string, unknown>;
  readonly flags: Map<string, string[]>;
  readonly positionals: string[][];
}

/** Base positionals: the ones required in some release, so every flag case is renderable where it exists. */
function baseCase(c: CommandSpec): Omit<SweepCase, 'label'> {
  const params: Record<string, unknown> = {};
  const positionals: string[][] = [];
  c.positionals.forEach((p, i) => {
    if (p.optional && p.requiredUntil === undefined) return;
    const [value, text] = sampleFor(p.type, undefined);
    params[p.param] = p.variadic ? [value] : value;
    positionals[i] = [text];
  });
  return { command: c, params, flags: new Map(), positionals };
}

const sweep: SweepCase[] = [];
for (const c of manifest.commands) {
  sweep.push({ label: `${c.command} (base)`, ...baseCase(c) });
  for (const f of c.flags) {
    const base = baseCase(c);
    const [value, text] = f.value === undefined ? [true, undefined] : sampleFor(f.value, f.target);
    base.params[f.param] = value;
    base.flags.set(f.param, text === undefined ? [] : [text]);
    const reused = c.flags.some((g) => g !== f && g.flag === f.flag);
    const label = `${c.command} -${f.flag}${reused ? ` (${f.param})` : ''}`;
    sweep.push({ label, ...base });
    // A value flag that is bare or optional-valued in some release also takes `true` (resize-pane -D).
    if (f.value !== undefined && f.valueHistory?.some((h) => h.takesValue !== true)) {
      const bare = baseCase(c);
      bare.params[f.param] = true;
      bare.flags.set(f.param, []);
      sweep.push({ label: `${label} bare`, ...bare });
    }
  }
  c.positionals.forEach((p, i) => {
    if (!p.optional || p.requiredUntil !== undefined) return;
    const base = baseCase(c);
    // Earlier positionals that coexist with this one must be given for it to be.
    const coexist = (q: PositionalSpec) =>
      releases.some((r) => exists(q, r, c.since) && exists(p, r, c.since));
    c.positionals.slice(0, i + 1).forEach((q, j) => {
      if (base.positionals[j] !== undefined || !coexist(q)) return;
      const [value, text] = sampleFor(q.type, undefined);
      base.params[q.param] = q.variadic ? [value] : value;
      base.positionals[j] = [text];
    });
    sweep.push({ label: `${c.command} ${p.param}`, ...base });
  });
}

describe('render sweep: every command, flag and positional in every release', () => {
  it('covers every command, every flag and every positional of the manifest', () => {
    const flags = new Set(sweep.flatMap((s) => [...s.flags.keys()].map((p) => `${s.command.command} ${p}`)));
    expect(flags.size).toBe(manifest.commands.reduce((n, c) => n + c.flags.length, 0));
    expect(new Set(sweep.map((s) => s.command.command)).size).toBe(manifest.commands.length);
    expect(operationClasses.size).toBe(
      manifest.commands.length + manifest.commands.filter((c) => c.alias).length,
    );
    expect(catalog.length).toBe(manifest.commands.length);
  });

  it.each(sweep.map((s) => [s.label, s] as const))('%s', (_label, s) => {
    const OperationClass = operationClasses.get(s.command.command)!;
    const op = new OperationClass(s.params as never);
    const mismatches: string[] = [];
    let supported = 0;
    for (const release of releases) {
      const expected = oracle(s.command, release, s.flags, s.positionals);
      const actual = rendered(op, release);
      if (expected !== 'unsupported') supported++;
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(
          `${release}: expected ${JSON.stringify(expected)}, rendered ${JSON.stringify(actual)}`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    // Every case must render somewhere, or it would test nothing but refusals.
    expect(supported).toBeGreaterThan(0);
  });
});
