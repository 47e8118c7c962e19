/**
 * The manifest as the runtime's `CommandDescriptor` values: every optional manifest key becomes an
 * explicit value (null, false, []), so catalog consumers never meet `undefined`.
 */
import type { CommandSpec, FlagSpec, PositionalSpec } from '../manifest/manifest-schema.js';
import { className } from '../naming.js';
import type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ReleaseRange,
} from '../../src/runtime/command-descriptor.js';

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
    hidden:
      typeof f.hidden === 'object'
        ? f.hidden.map((r): ReleaseRange => ({ since: r.since ?? since, until: r.until ?? null }))
        : (f.hidden ?? false),
    valueHistory: (f.valueHistory ?? []).map((c) => ({
      since: c.since,
      until: c.until,
      takesValue: c.takesValue,
    })),
    summary: f.summary,
  };
}

function positionalDescriptor(p: PositionalSpec, commandSince: string): PositionalDescriptor {
  return {
    param: p.param,
    type: p.type,
    optional: p.optional ?? false,
    variadic: p.variadic ?? false,
    since: p.since ?? commandSince,
    until: p.until ?? null,
    requiredUntil: p.requiredUntil ?? null,
    variadicSince: p.variadicSince ?? null,
    hidden: p.hidden ?? false,
    summary: p.summary,
  };
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
    facade: c.facade.map((f) => ({ class: f.class, method: f.method })),
  };
}
