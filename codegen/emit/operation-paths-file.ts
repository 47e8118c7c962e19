/**
 * `operation-paths.generated.ts`: per command, straight-line validation and rendering specialised to its
 * flags (`OperationPath`), so a fresh operation costs about a microsecond instead of a walk over the
 * catalog entry. The generic runtime stays the reference: anything irregular (value history, optional
 * values, repeatable and environment values, positionals gated by release) calls it, and every error
 * comes from the same runtime functions, so messages are the generic path's word for word.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { Manifest } from '../manifest/manifest-schema.js';
import { pathName } from '../naming.js';
import { commandDescriptor } from './catalog-data.js';
import type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ValueType,
} from '../../src/runtime/command-descriptor.js';

const NUMERIC: ReadonlySet<ValueType> = new Set(['int', 'number', 'size']);
const NOT_A_STRING: ReadonlySet<ValueType> = new Set(['int', 'number', 'size', 'target', 'environment']);

/** `display-message` → `displayMessage` (the catalog entry's variable). */
function variableName(command: string): string {
  return command.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** `3.2` → `R3_2`, `2.9a` → `R2_9a`: the constant holding that release's rank. */
function rankName(release: string): string {
  return `R${release.replace('.', '_')}`;
}

const prop = (name: string) => `p.${name}`;

/** A flag the render writes in straight lines: no value history, one value, a plain type. */
function isPlainFlag(f: FlagDescriptor): boolean {
  return f.valueHistory.length === 0 && !f.repeatable && f.valueType !== 'environment';
}

/** Positionals the render writes in straight lines: no release gates of their own, strings (or one int). */
function hasPlainPositionals(c: CommandDescriptor): boolean {
  return c.positionals.every(
    (p) =>
      p.since === c.since &&
      p.until === c.until &&
      p.requiredUntil === null &&
      p.variadicSince === null &&
      (!NOT_A_STRING.has(p.type) || (p.type === 'int' && !p.variadic)),
  );
}

/**
 * The gate of a release range (`outer`: the range already checked, whose bounds need no test again), or
 * '' when there is nothing to test.
 */
function gate(
  item: { since: string; until: string | null },
  outer: { since: string | null; until: string | null },
  error: string,
  ranks: Set<string>,
): string {
  const tests: string[] = [];
  if (item.since !== outer.since) {
    ranks.add(item.since);
    tests.push(`v.rank < ${rankName(item.since)}`);
  }
  if (item.until !== null && item.until !== outer.until) {
    ranks.add(item.until);
    tests.push(`v.rank >= ${rankName(item.until)}`);
  }
  return tests.length ? `if (${tests.join(' || ')}) throw ${error};\n` : '';
}

/** The inline test that settles a value without the generic check, or undefined when it has none. */
function inlineCheck(type: ValueType | null, many: boolean): string | undefined {
  if (many) return undefined;
  if (type === null) return `typeof value === 'boolean'`;
  if (type === 'int') return 'Number.isSafeInteger(value)';
  if (NOT_A_STRING.has(type)) return undefined;
  return `typeof value === 'string' && !value.includes('\\0')`;
}

function checkFunction(c: CommandDescriptor, d: string): string {
  // Parameters grouped by the inline test that accepts them.
  const byTest = new Map<string, string[]>();
  const add = (test: string | undefined, name: string) => {
    if (test !== undefined) byTest.set(test, [...(byTest.get(test) ?? []), name]);
  };
  for (const f of c.flags) {
    const bareToo = f.valueType !== null && f.valueHistory.some((h) => h.takesValue !== true);
    const optionalValue = f.valueType === null && f.valueHistory.some((h) => h.takesValue !== false);
    if (!bareToo && !optionalValue) add(inlineCheck(f.valueType, f.repeatable), f.param);
  }
  for (const p of c.positionals) add(inlineCheck(p.type, p.variadic || p.variadicSince !== null), p.param);
  const cases = [...byTest]
    .map(
      ([test, names]) =>
        `${names.map((n) => `case '${n}':`).join('\n')}
          out[key] = ${test} ? value : checkParameter(${d}, key, value);
          break;`,
    )
    .join('\n');
  const exclusive = c.exclusive
    .map((group) => {
      const values = group.map((letter) => `out.${c.flags.find((f) => f.flag === letter)!.param}`);
      const together =
        values.length === 2
          ? values.map((v) => `isSet(${v})`).join(' && ')
          : `countSet(${values.join(', ')}) > 1`;
      return `if (${together}) throw exclusiveError(${d}, ${JSON.stringify(group)}, out)!;`;
    })
    .join('\n');
  const required = c.positionals
    .filter((p) => !p.optional)
    .map((p) => `if (out.${p.param} === undefined) throw requiredError(${d}, '${p.param}');`)
    .join('\n');
  return `check(given) {
    const params = parameterObject(${d}, given);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(params)) {
      const value = params[key];
      if (value === undefined) {
        checkParameter(${d}, key, value); // a known name left out, or an unknown one
        continue;
      }
      switch (key) {
        ${cases}
        default:
          out[key] = checkParameter(${d}, key, value);
      }
    }
    ${exclusive}
    ${required}
    return Object.freeze(out);
  }`;
}

function flagWords(
  f: FlagDescriptor,
  i: number,
  c: CommandDescriptor,
  d: string,
  ranks: Set<string>,
): string {
  const value = prop(f.param);
  const error = `flagVersionError(${d}, ${d}.flags[${i}]!, v)`;
  if (!isPlainFlag(f)) {
    return `if (${value} !== undefined && ${value} !== false) w.push(...renderFlag(${d}, ${d}.flags[${i}]!, ${value}, v, o));`;
  }
  if (f.valueType === null)
    return `if (${value} === true) {\n${gate(f, c, error, ranks)}w.push('-${f.flag}');\n}`;
  const text =
    f.valueType === 'target'
      ? `formatTarget(${value} as Target, o.resolveSlot)`
      : NUMERIC.has(f.valueType)
        ? `String(${value})`
        : `${value} as string`;
  return `if (${value} !== undefined) {\n${gate(f, c, error, ranks)}w.push('-${f.flag}', ${text});\n}`;
}

function positionalWords(c: CommandDescriptor, d: string): string {
  if (c.positionals.length === 0) return '';
  if (!hasPlainPositionals(c)) {
    return `const positionals = renderPositionals(${d}, p, v, o);
      if (positionals.length > 0) w.push('--', ...positionals);`;
  }
  const given = c.positionals.map((p) => `${prop(p.param)} !== undefined`).join(' || ');
  const each = c.positionals.map((p: PositionalDescriptor, i) => {
    const value = prop(p.param);
    const earlier = c.positionals
      .slice(0, i)
      .filter((q) => q.optional)
      .map(
        (q) =>
          `if (${prop(q.param)} === undefined) throw positionalOrderError(${d}, '${p.param}', '${q.param}');`,
      )
      .join('\n');
    // A variadic positional takes one value or an array of them.
    const push = p.variadic
      ? `if (Array.isArray(${value})) w.push(...(${value} as readonly string[]));\nelse w.push(${value} as string);`
      : `w.push(${p.type === 'int' ? `String(${value})` : `${value} as string`});`;
    return `if (${value} !== undefined) {\n${earlier}\n${push}\n}`;
  });
  // `--` only before at least one word (a variadic positional may be an empty array).
  return `if (${given}) {\nconst dash = w.push('--');\n${each.join('\n')}\nif (w.length === dash) w.pop();\n}`;
}

function renderFunction(c: CommandDescriptor, d: string, ranks: Set<string>): string {
  // Always tested, even from the oldest release: a version older than every release is refused too.
  const commandGate = gate(c, { since: null, until: null }, `commandVersionError(${d}, v)`, ranks);
  const flags = c.flags.map((f, i) => flagWords(f, i, c, d, ranks)).join('\n');
  return `render(p, v, o) {
    ${commandGate}const w = ['${c.command}'];
    ${flags}
    ${positionalWords(c, d)}
    return w;
  }`;
}

export function operationPathsStatements(manifest: Manifest): (StatementStructures | string)[] {
  const ranks = new Set<string>();
  const paths = manifest.commands.map(commandDescriptor).map((c) => {
    const d = variableName(c.command);
    // The catalog entry is looked up by each call (a map lookup): the catalog loads on first use.
    const entry = `const ${d} = descriptorOf('${c.command}');`;
    return [
      `/** \`${c.command}\`: ${c.summary} */
export const ${pathName(c.command)}: OperationPath = {
  ${checkFunction(c, d).replace(/^check\(given\) \{/, `check(given) {\n${entry}`)},
  ${renderFunction(c, d, ranks).replace(/^render\(p, v, o\) \{/, `render(p, v, o) {\n${entry}`)},
};`,
    ];
  });
  const order = manifest.releases.map((r) => r.version);
  const rankConstants = [...ranks]
    .sort((a, b) => order.indexOf(a) - order.indexOf(b))
    .map((r) => `const ${rankName(r)} = TmuxVersion.parse('${r}').rank;`);
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/operation-parameters.js',
      namedImports: [
        'checkParameter',
        'countSet',
        'exclusiveError',
        'isSet',
        'parameterObject',
        'requiredError',
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/operation.js',
      namedImports: [
        'commandVersionError',
        'flagVersionError',
        'positionalOrderError',
        'renderFlag',
        'renderPositionals',
        'type OperationPath',
      ],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/targets.js',
      namedImports: ['formatTarget', 'type Target'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/tmux-version.js',
      namedImports: ['TmuxVersion'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './catalog.generated.js',
      namedImports: ['descriptorOf'],
    },
    '// The rank of each release a gate below compares with (TmuxVersion.rank: one number in release order).',
    ...rankConstants,
    ...paths.flat(),
  ];
}
