/**
 * Rules that span fields or files: releases must be known and ordered, flags must not be gated before
 * their command exists, names must be unique, positionals must be well ordered in every release.
 * Each problem is reported at the position of the offending key.
 */
import type { Diagnostic } from './diagnostics.js';
import type {
  CommandSpec,
  FormatVariable,
  NotificationSpec,
  ReleaseInfo,
  ReleaseRange,
  RowSpec,
} from './manifest-schema.js';
import { positionalAtRelease } from './command-at-release.js';
import { ReleaseOrder } from './releases.js';
import { locate } from './yaml-schema.js';

type Report = (d: Diagnostic) => void;

function at(report: Report, file: string, obj: object, key: string, path: string, message: string) {
  const pos = locate(obj, key) ?? { line: 1, column: 1 };
  report({ file, line: pos.line, column: pos.column, key: path, message });
}

interface Bounds {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
}

/** Checks that every release named by `keys` is known and that since < until. Returns false if not. */
function checkReleases(
  report: Report,
  file: string,
  order: ReleaseOrder,
  obj: object,
  keys: readonly string[],
  path: string,
): boolean {
  let ok = true;
  for (const key of keys) {
    const v = (obj as Record<string, unknown>)[key];
    if (typeof v === 'string' && !order.has(v)) {
      at(report, file, obj, key, `${path}${key}`, `unknown release '${v}' (not in manifest/versions.yaml)`);
      ok = false;
    }
  }
  const { since, until } = obj as Bounds;
  if (ok && since !== undefined && until !== undefined && order.compare(since, until) >= 0) {
    at(report, file, obj, 'until', `${path}until`, `until '${until}' must be a later release than since '${since}'`);
    ok = false;
  }
  return ok;
}

/** Whether two flags' lifetimes (defaulting to their command's) share a release. */
function overlaps(order: ReleaseOrder, a: Bounds, b: Bounds, c: Bounds): boolean {
  const since = (x: Bounds) => x.since ?? c.since;
  const until = (x: Bounds) => x.until ?? c.until;
  const before = (u: string | undefined, s: string | undefined) =>
    u !== undefined && s !== undefined && order.compare(u, s) <= 0;
  return !before(until(a), since(b)) && !before(until(b), since(a));
}

/** A nested range must lie within its owner's lifetime. */
function checkInside(
  report: Report,
  file: string,
  order: ReleaseOrder,
  inner: Bounds & object,
  outer: Bounds,
  path: string,
  what: string,
) {
  if (inner.since !== undefined && outer.since !== undefined && order.compare(inner.since, outer.since) < 0) {
    at(report, file, inner, 'since', `${path}since`, `${what} at '${inner.since}', before it exists (since '${outer.since}')`);
  }
  if (inner.until !== undefined && outer.until !== undefined && order.compare(inner.until, outer.until) > 0) {
    at(report, file, inner, 'until', `${path}until`, `${what} until '${inner.until}', after it was removed ('${outer.until}')`);
  }
}

export function checkReleaseList(report: Report, file: string, releases: readonly ReleaseInfo[]) {
  const seen = new Set<string>();
  releases.forEach((r, i) => {
    if (seen.has(r.version)) at(report, file, r, 'version', `releases[${i}].version`, `duplicate release '${r.version}'`);
    seen.add(r.version);
    const prev = releases[i - 1];
    if (prev && prev.date > r.date) {
      at(report, file, r, 'date', `releases[${i}].date`, `releases must be listed oldest first ('${prev.version}' is dated later)`);
    }
  });
}

export function checkCommands(report: Report, order: ReleaseOrder, commands: readonly CommandSpec[]) {
  const names = new Map<string, string>();
  const facadeMethods = new Map<string, string>();
  for (const c of commands) {
    const file = c.file;
    const expected = `${c.command}.yaml`;
    if (!file.endsWith(`/${expected}`) && file !== expected) {
      at(report, file, c, 'command', 'command', `command '${c.command}' must live in a file named ${expected}`);
    }
    for (const name of [c.command, c.alias]) {
      if (name === null) continue;
      const other = names.get(name);
      if (other) at(report, file, c, name === c.command ? 'command' : 'alias', name === c.command ? 'command' : 'alias', `'${name}' is already used by ${other}`);
      names.set(name, c.command);
    }
    const lifetimeOk = checkReleases(report, file, order, c, ['since', 'until'], '');
    if ((c.result.kind === 'rows') !== (c.result.rows !== undefined)) {
      at(report, file, c.result, 'kind', 'result', "result 'rows' needs a row kind (rows: ...), and only 'rows' takes one");
    }
    // Panes, windows and sessions have ids to capture; buffers are named by the caller.
    const createsWithId = c.creates !== null && c.creates !== 'buffer';
    if (createsWithId !== (c.result.kind === 'created')) {
      at(report, file, c, 'creates', 'creates', "a command that creates a pane, window or session must have result kind 'created', and only such a command");
    }
    c.facade.forEach((f, i) => {
      const key = `${f.class}.${f.method}`;
      const other = facadeMethods.get(key);
      if (other) at(report, file, f, 'method', `facade[${i}].method`, `facade method ${key} is already provided by ${other}`);
      facadeMethods.set(key, c.command);
      const flag = (param: string) => c.flags.find((fl) => fl.param === param);
      if (f.self !== undefined && flag(f.self)?.value !== 'target')
        at(report, file, f, 'self', `facade[${i}].self`, `'${f.self}' is not a target parameter of ${c.command}`);
      (f.preset ?? []).forEach((param, j) => {
        const found = flag(param);
        if (!found || found.value !== undefined)
          at(report, file, f, 'preset', `facade[${i}].preset[${j}]`, `'${param}' is not a boolean parameter of ${c.command}`);
      });
    });

    const letters = new Map<string, number>();
    const reused = new Set<string>();
    const params = new Map<string, string>();
    c.flags.forEach((f, i) => {
      const path = `flags[${i}].`;
      const earlier = letters.get(f.flag);
      // A letter may come back with another meaning (display-panes -t: a client before 3.8, a pane from
      // 3.8) only when the two lifetimes do not overlap.
      if (earlier !== undefined) {
        if (overlaps(order, c.flags[earlier]!, f, c)) {
          at(report, file, f, 'flag', `${path}flag`, `duplicate flag -${f.flag} (also flags[${earlier}])`);
        }
        reused.add(f.flag);
      }
      letters.set(f.flag, i);
      if (params.has(f.param)) at(report, file, f, 'param', `${path}param`, `duplicate parameter name '${f.param}' (also ${params.get(f.param)})`);
      params.set(f.param, `flag -${f.flag}`);
      if ((f.value === 'target') !== (f.target !== undefined)) {
        at(report, file, f, f.target ? 'target' : 'value', `${path}${f.target ? 'target' : 'value'}`, "a flag takes 'value: target' exactly when it names a target kind");
      }
      if (f.mayNotExist !== undefined && f.target === undefined) {
        at(report, file, f, 'mayNotExist', `${path}mayNotExist`, 'mayNotExist only applies to target flags');
      }
      if (f.repeatable && f.value === undefined) {
        at(report, file, f, 'repeatable', `${path}repeatable`, 'only a flag that takes a value can be repeatable');
      }
      if (!checkReleases(report, file, order, f, ['since', 'until'], path) || !lifetimeOk) return;
      checkInside(report, file, order, f, c, path, `flag -${f.flag} is gated`);
      f.valueHistory?.forEach((vh, j) => {
        const p = `${path}valueHistory[${j}].`;
        if (!checkReleases(report, file, order, vh, ['since', 'until'], p)) return;
        checkInside(report, file, order, vh, { since: f.since ?? c.since, until: f.until ?? c.until }, p, 'a value change');
        if (vh.takesValue === (f.value !== undefined)) {
          at(report, file, vh, 'takesValue', `${p}takesValue`, 'a value change must differ from the flag\'s own value-taking');
        }
      });
      if (Array.isArray(f.hidden)) {
        f.hidden.forEach((r: ReleaseRange, j: number) => {
          const p = `${path}hidden[${j}].`;
          if (checkReleases(report, file, order, r, ['since', 'until'], p)) {
            checkInside(report, file, order, r, { since: f.since ?? c.since, until: f.until ?? c.until }, p, 'hidden');
          }
        });
      }
    });

    // tmux gives an optional-value flag the next word unless it looks like a flag (a dash and a letter):
    // a bare optional flag followed by a digit flag (-1) would swallow it.
    const optional = c.flags.find((f) => f.valueHistory?.some((h) => h.takesValue === 'optional'));
    const digit = c.flags.find((f) => /^[0-9]$/.test(f.flag));
    if (optional && digit) {
      at(report, file, digit, 'flag', `flags[${c.flags.indexOf(digit)}].flag`, `-${digit.flag} could be read as the value of -${optional.flag}, which takes an optional value`);
    }

    if (c.readonlyWith !== undefined) {
      if (!letters.has(c.readonlyWith)) at(report, file, c, 'readonlyWith', 'readonlyWith', `-${c.readonlyWith} is not a flag of ${c.command}`);
      if (c.safety === 'readonly') at(report, file, c, 'readonlyWith', 'readonlyWith', 'readonlyWith only applies to a command that is not readonly anyway');
    }

    c.exclusive?.forEach((group, i) => {
      if (group.length < 2) at(report, file, group, '', `exclusive[${i}]`, 'an exclusive group needs at least two flags');
      const seen = new Set<string>();
      group.forEach((letter, j) => {
        if (!letters.has(letter)) at(report, file, group, String(j), `exclusive[${i}]`, `-${letter} is not a flag of ${c.command}`);
        if (reused.has(letter)) at(report, file, group, String(j), `exclusive[${i}]`, `-${letter} has two meanings over time; an exclusive group cannot name it`);
        if (seen.has(letter)) at(report, file, group, String(j), `exclusive[${i}]`, `-${letter} is listed twice`);
        seen.add(letter);
      });
    });

    let positionalsOk = lifetimeOk;
    c.positionals.forEach((p, i) => {
      const path = `positionals[${i}].`;
      if (params.has(p.param)) at(report, file, p, 'param', `${path}param`, `duplicate parameter name '${p.param}' (also ${params.get(p.param)})`);
      params.set(p.param, `positional ${i}`);
      if (!checkReleases(report, file, order, p, ['since', 'until', 'requiredUntil', 'variadicSince'], path)) {
        positionalsOk = false;
        return;
      }
      if (lifetimeOk) checkInside(report, file, order, p, c, path, 'positional is gated');
      if (p.requiredUntil !== undefined && !p.optional) {
        at(report, file, p, 'requiredUntil', `${path}requiredUntil`, 'requiredUntil only applies to an optional positional');
      }
      if (Array.isArray(p.hidden) && lifetimeOk) {
        p.hidden.forEach((r: ReleaseRange, j: number) => {
          const hp = `${path}hidden[${j}].`;
          if (checkReleases(report, file, order, r, ['since', 'until'], hp)) {
            checkInside(report, file, order, r, { since: p.since ?? c.since, until: p.until ?? c.until }, hp, 'hidden');
          }
        });
      }
      if (p.variadicSince !== undefined && p.variadic) {
        at(report, file, p, 'variadicSince', `${path}variadicSince`, 'variadicSince only applies to a positional that is not always variadic');
      }
    });
    if (positionalsOk) checkPositionalOrder(report, order, c);
  }
}

/**
 * In every release: required positionals come first, and only the last one may be variadic.
 * Each broken rule is reported once per positional, naming the first release where it breaks.
 */
function checkPositionalOrder(report: Report, order: ReleaseOrder, c: CommandSpec) {
  const reported = new Set<string>();
  const once = (p: object, idx: number, key: string, rule: string, message: string) => {
    if (reported.has(`${idx}:${rule}`)) return;
    reported.add(`${idx}:${rule}`);
    at(report, c.file, p, key, `positionals[${idx}]`, message);
  };
  for (const release of order.releases) {
    if (!order.within(c, release)) continue;
    const active = c.positionals.filter((p) => order.within(p, release));
    let sawOptional = false;
    active.forEach((p, i) => {
      const idx = c.positionals.indexOf(p);
      const { required: isRequired, variadic: isVariadic } = positionalAtRelease(p, release, order);
      if (isRequired && sawOptional) {
        once(p, idx, 'param', 'order', `from ${release}, required positional '${p.param}' follows an optional one`);
      }
      if (!isRequired) sawOptional = true;
      if (isVariadic && i !== active.length - 1) {
        once(p, idx, 'param', 'variadic', `from ${release}, variadic positional '${p.param}' is not the last one`);
      }
    });
  }
}

export function checkFormats(report: Report, file: string, order: ReleaseOrder, vars: readonly FormatVariable[]) {
  const seen = new Set<string>();
  vars.forEach((v, i) => {
    if (seen.has(v.name)) at(report, file, v, 'name', `variables[${i}].name`, `duplicate format variable '${v.name}'`);
    seen.add(v.name);
    checkReleases(report, file, order, v, ['since'], `variables[${i}].`);
    v.missing?.forEach((r, j) => checkReleases(report, file, order, r, ['since', 'until'], `variables[${i}].missing[${j}].`));
    v.absentSpelling?.forEach((r, j) => checkReleases(report, file, order, r, ['until'], `variables[${i}].absentSpelling[${j}].`));
  });
}

export function checkNotifications(
  report: Report,
  file: string,
  order: ReleaseOrder,
  notes: readonly NotificationSpec[],
) {
  const seen = new Set<string>();
  notes.forEach((n, i) => {
    const path = `notifications[${i}]`;
    if (seen.has(n.line)) at(report, file, n, 'line', `${path}.line`, `duplicate line type '${n.line}'`);
    seen.add(n.line);
    checkReleases(report, file, order, n, ['since'], `${path}.`);
    n.arguments.forEach((a, j) => {
      const p = `${path}.arguments[${j}]`;
      if (a.colon) {
        if (a.name !== undefined || a.type !== undefined) at(report, file, a, 'colon', p, 'a colon entry has no name or type');
        return;
      }
      if (a.name === undefined || a.type === undefined) at(report, file, a, '', p, 'an argument needs a name and a type');
      if (a.rest && j !== n.arguments.length - 1) at(report, file, a, 'rest', p, 'only the last argument can take the rest of the line');
    });
  });
}

/** Row types read known variables once each, and every row kind a command returns has a row type. */
export function checkRows(
  report: Report,
  file: string,
  rows: readonly RowSpec[],
  vars: readonly FormatVariable[],
  commands: readonly CommandSpec[],
) {
  const known = new Set(vars.map((v) => v.name));
  const kinds = new Set<string>();
  rows.forEach((r, i) => {
    if (kinds.has(r.kind)) at(report, file, r, 'kind', `rows[${i}].kind`, `duplicate row kind '${r.kind}'`);
    kinds.add(r.kind);
    const seen = new Set<string>();
    r.variables.forEach((v, j) => {
      const path = `rows[${i}].variables[${j}]`;
      if (!known.has(v)) at(report, file, r.variables, String(j), path, `unknown format variable '${v}' (not in formats.yaml)`);
      if (seen.has(v)) at(report, file, r.variables, String(j), path, `variable '${v}' is listed twice`);
      seen.add(v);
    });
    r.mayBeEmpty?.forEach((v, j) => {
      if (!seen.has(v)) at(report, file, r.mayBeEmpty!, String(j), `rows[${i}].mayBeEmpty[${j}]`, `'${v}' is not one of this row's variables`);
    });
  });
  for (const c of commands) {
    if (c.result.kind === 'rows' && (c.result.rows === undefined || !kinds.has(c.result.rows))) {
      at(report, c.file, c.result, 'rows', 'result.rows', `rows of '${c.result.rows ?? '(none)'}' need an entry in rows.yaml`);
    }
  }
}
