/**
 * The manifest as the runtime's `CommandDescriptor` values: every optional manifest key becomes an
 * explicit value (null, false, []), so catalog consumers never meet `undefined`.
 */
import type { CommandSpec, FlagSpec, PositionalSpec } from '../manifest/manifest-schema.js';
import { className } from '../naming.js';
import type {
  CommandDescriptor,
  FacadeEntry,
  FlagDescriptor,
  PositionalDescriptor,
  ReleaseRange,
} from '../../src/runtime/command-descriptor.js';

function hiddenRanges(hidden: FlagSpec['hidden'], since: string): boolean | readonly ReleaseRange[] {
  return typeof hidden === 'object'
    ? hidden.map((r): ReleaseRange => ({ since: r.since ?? since, until: r.until ?? null }))
    : (hidden ?? false);
}

function flagDescriptor(f: FlagSpec, commandSince: string): FlagDescriptor {
  const since = f.since ?? commandSince;
  return {
    flag: f.flag,
    param: f.param,
    takesValue: f.value !== undefined,
    valueType: f.value ?? null,
    target: f.target ?? null,
    mayNotExist: f.mayNotExist ?? false,
    repeatable: f.repeatable ?? false,
    since,
    until: f.until ?? null,
    hidden: hiddenRanges(f.hidden, since),
    valueHistory: (f.valueHistory ?? []).map((c) => ({
      since: c.since,
      until: c.until ?? null,
      takesValue: c.takesValue,
    })),
    summary: f.summary,
  };
}

function positionalDescriptor(p: PositionalSpec, commandSince: string): PositionalDescriptor {
  const since = p.since ?? commandSince;
  return {
    param: p.param,
    type: p.type,
    optional: p.optional ?? false,
    variadic: p.variadic ?? false,
    since,
    until: p.until ?? null,
    requiredUntil: p.requiredUntil ?? null,
    variadicSince: p.variadicSince ?? null,
    hidden: hiddenRanges(p.hidden, since),
    summary: p.summary,
  };
}

/** The target kinds a handle can stand for, best first (a window id also names its active pane). */
const HANDLE_KINDS: Readonly<Record<FacadeEntry['class'], readonly string[]>> = {
  Server: [],
  Client: ['client'],
  Pane: ['pane'],
  Window: ['window', 'pane'],
  Session: ['session', 'window', 'pane'],
};

/** The target parameter a handle of `cls` fills: the first target flag of the best kind it can stand for. */
export function selfParam(cls: FacadeEntry['class'], flags: readonly FlagSpec[]): string | null {
  for (const kind of HANDLE_KINDS[cls]) {
    const flag = flags.find((f) => f.value === 'target' && f.target === kind);
    if (flag) return flag.param;
  }
  return null;
}

export function commandDescriptor(c: CommandSpec): CommandDescriptor {
  return {
    command: c.command,
    alias: c.alias,
    className: className(c.command),
    summary: c.summary,
    since: c.since,
    until: c.until ?? null,
    scope: c.scope,
    safety: c.safety,
    readonlyWith: c.readonlyWith ?? null,
    creates: c.creates,
    chainable: c.chainable,
    needsClient: c.needsClient,
    startsServer: c.startsServer,
    result: c.result.kind,
    rows: c.result.rows ?? null,
    flags: c.flags.map((f) => flagDescriptor(f, c.since)),
    exclusive: c.exclusive ?? [],
    positionals: c.positionals.map((p) => positionalDescriptor(p, c.since)),
    facade: c.facade.map((f): FacadeEntry => ({
      class: f.class,
      method: f.method,
      self: f.self ?? selfParam(f.class, c.flags),
      preset: f.preset ?? [],
      handWritten: f.handWritten ?? false,
    })),
  };
}
