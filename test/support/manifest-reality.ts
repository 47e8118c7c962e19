/**
 * Checks the manifest against a real tmux binary, with tmux's own parser as ground truth:
 * `source-file -n FILE...` parses without running anything and reports each file's first error.
 * One probe per file, all files in one `source-file -n <glob>` call, so a whole version takes one call.
 *
 * Probes per command existing in release V (the manifest's claim, see commandAtRelease):
 *  - every letter a-z A-Z 0-9, bare (`cmd -X pos...`) and with a value (`cmd -X v pos...`). A manifest
 *    flag must be accepted in its own form; any other letter must be rejected in both forms (so a real
 *    value flag cannot hide behind "too few arguments", which matters on 3.1c where every error is a usage);
 *  - value-taking: `cmd -X -<unused letter>` must parse exactly when -X takes a value (a value flag
 *    swallows the next word, a boolean leaves `-<unused>` to be rejected as an unknown flag);
 *  - positionals: min-1 rejected, min accepted, max accepted, max+1 rejected (min+5 accepted when unlimited).
 * From 3.3 on, tmux names the reason (`unknown flag -X`, `too few arguments`, ...) and the reason must match.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandAtRelease, type CommandAtRelease } from '../../codegen/manifest/command-at-release.js';
import type { Manifest } from '../../codegen/manifest/manifest-schema.js';
import { releaseOrderOf } from '../../codegen/manifest/load-manifest.js';
import type { PrivateTmux } from './private-tmux.js';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

type Reason = 'unknownFlag' | 'tooFew' | 'tooMany' | 'any';

export interface Probe {
  readonly command: string;
  /** What the probe is about: a flag (`-x`) or `positionals`. */
  readonly subject: string;
  /** What the manifest says about the subject, in words. */
  readonly claim: string;
  readonly line: string;
  readonly accept: boolean;
  /** Why tmux must reject it (checked where tmux says why). */
  readonly reason: Reason;
  /** What a wrong verdict means, in words. */
  readonly meaning: string;
}

export interface Discrepancy {
  readonly command: string;
  /** A flag (`-x`), `positionals`, `command`, or a format variable (`#{name}`). */
  readonly subject: string;
  /** What the manifest says. */
  readonly manifest: string;
  /** What tmux said or did. */
  readonly tmux: string;
  /** The whole finding in one line. */
  readonly message: string;
}

const dummies = (n: number) => Array.from({ length: n }, () => 'x');

function line(command: string, ...words: string[]): string {
  return [command, ...words].join(' ');
}

/** The probes for one command as the manifest describes it in one release. Pure. */
export function probesFor(cmd: CommandAtRelease): Probe[] {
  const c = cmd.command;
  const min = dummies(cmd.minPositionals);
  const known = new Map(cmd.flags.map((f) => [f.flag, f]));
  const unused = LETTERS.find((l) => !known.has(l));
  const probes: Probe[] = [];
  const positionals = {
    subject: 'positionals',
    claim: `${cmd.minPositionals} to ${cmd.maxPositionals < 0 ? 'any number of' : cmd.maxPositionals} positionals`,
  };
  for (const letter of LETTERS) {
    const f = known.get(letter);
    const subject = `-${letter}`;
    if (!f) {
      const meaning = `tmux accepts -${letter}, which the manifest does not list`;
      const claim = 'not a flag';
      probes.push({
        command: c,
        subject,
        claim,
        line: line(c, `-${letter}`, ...min),
        accept: false,
        reason: 'unknownFlag',
        meaning,
      });
      probes.push({
        command: c,
        subject,
        claim,
        line: line(c, `-${letter}`, 'v', ...min),
        accept: false,
        reason: 'unknownFlag',
        meaning,
      });
      continue;
    }
    const claim =
      f.takesValue === true
        ? 'a flag that takes a value'
        : f.takesValue === 'optional'
          ? 'a flag with an optional value'
          : 'a boolean flag';
    if (f.takesValue === true) {
      probes.push({
        command: c,
        subject,
        claim,
        line: line(c, `-${letter}`, 'v', ...min),
        accept: true,
        reason: 'any',
        meaning: `-${letter} (with a value) is rejected`,
      });
      if (unused) {
        // A value flag swallows the next word even if it looks like a flag; a boolean would not.
        // (A missing value at the end of the line is no test: tmux 3.3a accepts it.)
        probes.push({
          command: c,
          subject,
          claim,
          line: line(c, `-${letter}`, `-${unused}`, ...min),
          accept: true,
          reason: 'any',
          meaning: `-${letter} is a boolean, but the manifest says it takes a value`,
        });
      }
    } else {
      probes.push({
        command: c,
        subject,
        claim,
        line: line(c, `-${letter}`, ...min),
        accept: true,
        reason: 'any',
        meaning: `-${letter} is rejected`,
      });
      if (f.takesValue === false && unused) {
        probes.push({
          command: c,
          subject,
          claim,
          line: line(c, `-${letter}`, `-${unused}`, ...min),
          accept: false,
          reason: 'unknownFlag',
          meaning: `-${letter} takes a value, but the manifest says it is a boolean`,
        });
      }
    }
  }
  const { minPositionals: lo, maxPositionals: hi } = cmd;
  if (lo > 0) {
    probes.push({
      command: c,
      ...positionals,
      line: line(c, ...dummies(lo - 1)),
      accept: false,
      reason: 'tooFew',
      meaning: `tmux accepts ${lo - 1} positionals (manifest minimum ${lo})`,
    });
  }
  probes.push({
    command: c,
    ...positionals,
    line: line(c, ...min),
    accept: true,
    reason: 'any',
    meaning: `tmux rejects ${lo} positionals (manifest minimum)`,
  });
  if (hi >= 0) {
    if (hi !== lo)
      probes.push({
        command: c,
        ...positionals,
        line: line(c, ...dummies(hi)),
        accept: true,
        reason: 'any',
        meaning: `tmux rejects ${hi} positionals (manifest maximum)`,
      });
    probes.push({
      command: c,
      ...positionals,
      line: line(c, ...dummies(hi + 1)),
      accept: false,
      reason: 'tooMany',
      meaning: `tmux accepts ${hi + 1} positionals (manifest maximum ${hi})`,
    });
  } else {
    probes.push({
      command: c,
      ...positionals,
      line: line(c, ...dummies(lo + 5)),
      accept: true,
      reason: 'any',
      meaning: `tmux rejects ${lo + 5} positionals (manifest: unlimited)`,
    });
  }
  return probes;
}

function classify(message: string): Reason | 'usage' | 'other' {
  if (/unknown flag -/.test(message)) return 'unknownFlag';
  if (/too few arguments/.test(message)) return 'tooFew';
  if (/too many arguments/.test(message)) return 'tooMany';
  if (/usage: /.test(message)) return 'usage';
  return 'other';
}

/** Compares probe outcomes (file index -> tmux's error, absent when accepted) with the expectations. Pure. */
export function judgeProbes(probes: readonly Probe[], errors: ReadonlyMap<number, string>): Discrepancy[] {
  const out: Discrepancy[] = [];
  const found = (p: Probe, tmux: string, suffix = '') =>
    out.push({
      command: p.command,
      subject: p.subject,
      manifest: p.claim,
      tmux,
      message: `${p.meaning}: ${tmux}${suffix}`,
    });
  probes.forEach((p, i) => {
    const error = errors.get(i);
    if (p.accept && error !== undefined) found(p, `'${p.line}' -> ${error}`);
    else if (!p.accept && error === undefined) found(p, `'${p.line}' parses`);
    else if (!p.accept && error !== undefined) {
      const got = classify(error);
      if (got !== 'usage' && p.reason !== 'any' && got !== p.reason) {
        found(p, `'${p.line}' -> ${error}`, ` (expected ${p.reason})`);
      }
    }
  });
  return out;
}

/** Runs probes through one `source-file -n` call; returns file index -> error message. */
export async function runProbes(tmux: PrivateTmux, probes: readonly Probe[]): Promise<Map<number, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-probes-'));
  try {
    const width = String(probes.length).length;
    probes.forEach((p, i) =>
      writeFileSync(join(dir, `${String(i).padStart(width, '0')}.conf`), `${p.line}\n`),
    );
    const r = await tmux.run(['source-file', '-n', join(dir, '*.conf')]);
    const errors = new Map<number, string>();
    for (const text of `${r.stdout}\n${r.stderr}`.split('\n')) {
      const m = /\/(\d+)\.conf:\d+: (.*)$/.exec(text);
      if (m) errors.set(Number(m[1]), m[2]!);
    }
    if (r.exitCode !== 0 && errors.size === 0) throw new Error(`source-file -n failed: ${r.stderr}`);
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RealityOptions {
  /** Only these commands (default: all). */
  readonly commands?: readonly string[];
}

/** The parser check: every command the manifest dates at or before `release`, probed on `tmux`. */
export async function checkParser(
  manifest: Manifest,
  release: string,
  tmux: PrivateTmux,
  options: RealityOptions = {},
): Promise<{ probes: number; discrepancies: Discrepancy[] }> {
  const order = releaseOrderOf(manifest);
  const probes = manifest.commands
    .filter((c) => !options.commands || options.commands.includes(c.command))
    .map((c) => commandAtRelease(c, release, order))
    .filter((c): c is CommandAtRelease => c !== undefined)
    .flatMap(probesFor);
  const errors = await runProbes(tmux, probes);
  return { probes: probes.length, discrepancies: judgeProbes(probes, errors) };
}

/** One `list-commands` line, parsed: the command and the flags its usage shows, with value-taking. */
export interface UsageLine {
  readonly command: string;
  readonly flags: ReadonlyMap<string, boolean>;
}

/** Parses `name (alias) usage` lines as tmux prints them. Pure. */
export function parseListCommands(text: string): UsageLine[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const command = l.split(' ')[0]!;
      const usage = l.slice(command.length).replace(/^ \([a-z]+\)/, '');
      const flags = new Map<string, boolean>();
      for (const m of usage.matchAll(/\[-([A-Za-z0-9]+)\]/g)) for (const f of m[1]!) flags.set(f, false);
      for (const m of usage.matchAll(/\[-([A-Za-z0-9]) [^\]\s]+/g)) flags.set(m[1]!, true);
      // Alternatives such as [-L|-S|-U] (wait-for) or [-p percentage|-l size] (3.1c join-pane)
      for (const m of usage.matchAll(/\[([^\]]*\|[^\]]*)\]/g)) {
        for (const alt of m[1]!.split('|')) {
          const a = /^\s*-([A-Za-z0-9])(\s+\S+)?\s*$/.exec(alt);
          if (a) flags.set(a[1]!, a[2] !== undefined);
        }
      }
      return { command, flags };
    });
}

/**
 * Usage lines that list a flag tmux's parser rejects. Known in tmux 3.3+ (tmux-facts.md §1.2):
 * server-access's usage says [-t target-pane] but its template has no t.
 */
export const USAGE_ONLY_FLAGS: readonly { command: string; flag: string }[] = [
  { command: 'server-access', flag: 't' },
];

/** The list-commands cross-check: the command set, and usage flags versus the manifest. */
export async function checkListCommands(
  manifest: Manifest,
  release: string,
  tmux: PrivateTmux,
): Promise<Discrepancy[]> {
  const order = releaseOrderOf(manifest);
  const r = await tmux.run(['list-commands']);
  if (r.exitCode !== 0) throw new Error(`list-commands failed: ${r.stderr}`);
  const usage = new Map(parseListCommands(r.stdout).map((u) => [u.command, u]));
  const out: Discrepancy[] = [];
  const expected = new Map(
    manifest.commands
      .map((c) => [c.command, commandAtRelease(c, release, order)] as const)
      .filter((e): e is readonly [string, CommandAtRelease] => e[1] !== undefined),
  );
  const found = (command: string, subject: string, manifestSays: string, tmuxSays: string, message: string) =>
    out.push({ command, subject, manifest: manifestSays, tmux: tmuxSays, message });
  for (const name of usage.keys()) {
    if (!expected.has(name))
      found(
        name,
        'command',
        `no ${name} in ${release}`,
        `list-commands lists ${name}`,
        `tmux ${release} has ${name}; the manifest dates it later or lacks it`,
      );
  }
  for (const [name, spec] of expected) {
    const u = usage.get(name);
    if (!u) {
      found(
        name,
        'command',
        `${name} exists in ${release}`,
        `list-commands does not list ${name}`,
        `the manifest says ${name} exists in ${release}; tmux does not list it`,
      );
      continue;
    }
    const flags = new Map(spec.flags.map((f) => [f.flag, f]));
    for (const [letter, takesValue] of u.flags) {
      if (USAGE_ONLY_FLAGS.some((x) => x.command === name && x.flag === letter)) continue;
      const f = flags.get(letter);
      const shown = `the usage shows -${letter} ${takesValue ? 'with' : 'without'} a value`;
      if (!f)
        found(
          name,
          `-${letter}`,
          'not a flag',
          shown,
          `usage shows -${letter}; the manifest lacks it in ${release}`,
        );
      else if (f.takesValue !== 'optional' && f.takesValue !== takesValue) {
        found(
          name,
          `-${letter}`,
          f.takesValue ? 'a flag that takes a value' : 'a boolean flag',
          shown,
          `usage shows -${letter} ${takesValue ? 'with' : 'without'} a value; the manifest disagrees`,
        );
      }
    }
    for (const f of spec.flags) {
      const shown = u.flags.has(f.flag);
      if (!shown && !f.hidden)
        found(
          name,
          `-${f.flag}`,
          'documented',
          'the usage does not show it',
          `-${f.flag} is missing from the usage in ${release} but not marked hidden`,
        );
      if (shown && f.hidden)
        found(
          name,
          `-${f.flag}`,
          'hidden',
          'the usage shows it',
          `-${f.flag} is marked hidden in ${release} but the usage shows it`,
        );
    }
  }
  return out;
}

const VALUE_PATTERNS: Record<string, RegExp> = {
  integer: /^-?\d+$/,
  flag: /^[01]$/,
  time: /^\d+$/,
  paneId: /^%\d+$/,
  windowId: /^@\d+$/,
  sessionId: /^\$\d+$/,
};

/** The format check: every variable `display-message -a` shows exists in the manifest at this release, typed right. */
export async function checkFormats(
  manifest: Manifest,
  release: string,
  tmux: PrivateTmux,
): Promise<Discrepancy[]> {
  const order = releaseOrderOf(manifest);
  const r = await tmux.run(['display-message', '-a', '-t', 'main']);
  if (r.exitCode !== 0) throw new Error(`display-message -a failed: ${r.stderr}`);
  const vars = new Map(manifest.formats.map((v) => [v.name, v]));
  const out: Discrepancy[] = [];
  for (const text of r.stdout.split('\n')) {
    const eq = text.indexOf('=');
    if (eq <= 0) continue;
    const name = text.slice(0, eq);
    const value = text.slice(eq + 1);
    const v = vars.get(name);
    const d = (message: string) =>
      out.push({
        command: 'formats.yaml',
        subject: `#{${name}}`,
        manifest: v ? `${v.type}, since ${v.since}` : 'not a format variable',
        tmux: `display-message -a shows ${name}=${value}`,
        message: `#{${name}}: ${message}`,
      });
    if (!v) {
      d(`shown by tmux ${release}, missing from the manifest`);
      continue;
    }
    if (!order.within(v, release)) d(`shown by tmux ${release}, but the manifest says since ${v.since}`);
    if (v.missing?.some((m) => order.within(m, release)))
      d(`shown by tmux ${release}, but the manifest says it is missing there`);
    const absent = v.absentSpelling?.some((a) => order.within(a, release) && a.text === value) ?? false;
    const pattern = VALUE_PATTERNS[v.type];
    if (pattern && value !== '' && !absent && !pattern.test(value)) d(`value '${value}' is not a ${v.type}`);
  }
  return out;
}

/** What a maintainer most likely has to change for one subject, from what tmux did. Pure. */
function likelyFix(release: string, subject: string, found: readonly Discrepancy[]): string {
  const said = found.map((d) => d.tmux).join('\n');
  const manifest = found[0]!.manifest;
  if (subject === 'command') {
    return manifest.startsWith('no ')
      ? `add manifest/commands/${found[0]!.command}.yaml (since: '${release}', or earlier if an older tmux has it)`
      : `date the command (until: '${release}') or check its since`;
  }
  if (subject.startsWith('#{'))
    return `add or re-date the variable in manifest/formats.yaml (since: '${release}')`;
  if (subject === 'positionals')
    return `fix the positionals for ${release} (optional, requiredUntil, until, variadicSince)`;
  if (manifest === 'not a flag') {
    const value = /expects an argument|with a value/.test(said);
    // Bare and with a value both parse, yet the usage asks for one: tmux's optional value (`D::`).
    // (Only where no positional follows: with one, a word may have been taken as the value.)
    const bare = found.some((d) => d.tmux.endsWith(` ${subject}' parses`));
    const how = !value
      ? 'as a boolean'
      : bare && !/expects an argument/.test(said)
        ? 'with a value type and valueHistory takesValue: optional'
        : 'with a value type';
    return `add ${subject} ${how} (since: '${release}', or earlier if an older tmux has it)`;
  }
  if (manifest === 'documented' || manifest === 'hidden') return `fix its hidden ranges for ${release}`;
  if (/unknown flag/.test(said) && !/is a boolean|takes a value, but/.test(found[0]!.message)) {
    return `tmux ${release} no longer has ${subject}: date it (until: '${release}')`;
  }
  return `fix how ${subject} takes a value in ${release} (value, valueHistory)`;
}

/**
 * The reality check's findings as a to-do list a maintainer can work from: per command and subject,
 * what the manifest says, what tmux said (each probe), and the likely fix. Pure.
 */
export function todoList(release: string, discrepancies: readonly Discrepancy[]): string {
  if (discrepancies.length === 0) return `tmux ${release}: the manifest agrees with tmux.`;
  const byCommand = new Map<string, Map<string, Discrepancy[]>>();
  for (const d of discrepancies) {
    const subjects = byCommand.get(d.command) ?? new Map<string, Discrepancy[]>();
    byCommand.set(d.command, subjects);
    subjects.set(d.subject, [...(subjects.get(d.subject) ?? []), d]);
  }
  const items = [...byCommand.values()].reduce((n, s) => n + s.size, 0);
  const lines = [
    `tmux ${release}: ${discrepancies.length} disagreements with the manifest, ${items} things to fix in ${byCommand.size} places.`,
    '(Then: npm run codegen, and rerun this check on every installed tmux.)',
  ];
  for (const [command, subjects] of byCommand) {
    lines.push('', command);
    for (const [subject, found] of subjects) {
      lines.push(`  ${subject}`);
      lines.push(`    manifest: ${found[0]!.manifest}`);
      for (const tmux of new Set(found.map((d) => d.tmux))) lines.push(`    tmux:     ${tmux}`);
      lines.push(`    to do:    ${likelyFix(release, subject, found)}`);
    }
  }
  return lines.join('\n');
}
