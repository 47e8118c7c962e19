/**
 * `operations.generated.ts`: one operation class per tmux command with its typed parameter interface and
 * result type. JSDoc carries the summary, every flag's letter and releases, and an example; a test runs
 * every example against the SDK (test/codegen/generated-examples.test.ts).
 */
import { StructureKind, type StatementStructures, type PropertySignatureStructure } from 'ts-morph';
import type { Manifest } from '../manifest/manifest-schema.js';
import { pathName, RESULT_CLASSES, rowFieldsConstant } from '../naming.js';
import { commandExample } from '../docs/reference-pages.js';
import { commandDescriptor } from './catalog-data.js';
import type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ValueType,
} from '../../src/runtime/command-descriptor.js';

function valueTsType(type: ValueType): string {
  switch (type) {
    case 'int':
    case 'number':
      return 'number';
    case 'size':
      return 'number | `${number}%`';
    case 'target':
      return 'TargetInput';
    default:
      return 'string';
  }
}

function flagTsType(f: FlagDescriptor): string {
  if (f.valueType === null)
    return f.valueHistory.some((c) => c.takesValue !== false) ? 'boolean | string' : 'boolean';
  if (f.valueType === 'environment') return 'Readonly<Record<string, string>> | readonly string[] | string';
  const one = valueTsType(f.valueType);
  const value = f.repeatable ? `${one} | readonly (${one})[]` : one;
  // Bare (`true`) in the releases where the flag takes no value or an optional one.
  return f.valueHistory.some((c) => c.takesValue !== true) ? `boolean | ${value}` : value;
}

function positionalTsType(p: PositionalDescriptor): string {
  const one = valueTsType(p.type);
  if (p.variadic) return `readonly (${one})[]`;
  return p.variadicSince !== null ? `${one} | readonly (${one})[]` : one;
}

function releaseNote(item: { since: string; until: string | null }, command: CommandDescriptor): string {
  const parts: string[] = [];
  if (item.since !== command.since) parts.push(`since tmux ${item.since}`);
  if (item.until !== null) parts.push(`removed in tmux ${item.until}`);
  return parts.length ? ` (${parts.join('; ')})` : '';
}

function flagDoc(f: FlagDescriptor, c: CommandDescriptor): string {
  const lines = [`\`-${f.flag}\`${releaseNote(f, c)}: ${f.summary}`];
  if (f.repeatable) lines.push('Repeatable: give several values to pass the flag once for each.');
  for (const h of f.valueHistory) {
    const value = f.valueType === null ? 'a string' : 'a value';
    const how =
      h.takesValue === 'optional'
        ? `takes an optional value (\`true\`, or ${value})`
        : h.takesValue
          ? 'takes a value'
          : 'takes no value (`true`)';
    const when = h.until === null ? `From tmux ${h.since}` : `In tmux ${h.since} up to ${h.until}`;
    lines.push(`${when} it ${how}.`);
  }
  if (f.hidden === true) lines.push('Accepted by tmux but not documented.');
  else if (Array.isArray(f.hidden) && f.hidden.length > 0) {
    const ranges = f.hidden.map((r) =>
      r.until === null ? `${r.since}+` : `${r.since} to before ${r.until}`,
    );
    lines.push(`Accepted but not documented in tmux ${ranges.join(', ')}.`);
  }
  return lines.join('\n');
}

function positionalDoc(p: PositionalDescriptor, c: CommandDescriptor): string {
  const notes = [
    p.requiredUntil !== null ? `required before tmux ${p.requiredUntil}` : '',
    p.variadicSince !== null ? `several values since tmux ${p.variadicSince}` : '',
  ].filter(Boolean);
  return `Positional${releaseNote(p, c)}${notes.length ? ` (${notes.join('; ')})` : ''}: ${p.summary}`;
}

const SAMPLE_TARGETS = { pane: '%0', window: '@0', session: 'dev', client: '/dev/pts/0' } as const;

export function sampleValue(type: ValueType): unknown {
  switch (type) {
    case 'int':
    case 'number':
      return 1;
    case 'key':
      return 'C-a';
    case 'option':
      return 'status';
    case 'hook':
      return 'pane-exited';
    case 'path':
      return '/tmp/file';
    case 'command':
      return 'display-message hello';
    case 'shellCommand':
      return 'echo hello';
    case 'layout':
      return 'tiled';
    case 'buffer':
      return 'buffer0';
    case 'variable':
      return 'NAME';
    default:
      return 'text';
  }
}

/** Example parameters: the main target and the required positionals. */
function sampleParams(c: CommandDescriptor): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const target = c.flags.find((f) => f.flag === 't' && f.target !== null && f.until === null);
  if (target?.target) params[target.param] = SAMPLE_TARGETS[target.target];
  for (const p of c.positionals) {
    if (p.optional || p.until !== null) continue;
    params[p.param] = p.variadic ? [sampleValue(p.type)] : sampleValue(p.type);
  }
  return params;
}

/** A value as TypeScript source in the project's style: bare keys, single-quoted strings. */
export function tsLiteral(value: unknown): string {
  if (typeof value === 'string')
    return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${tsLiteral(v)}`)
      .join(', ')} }`;
  }
  return String(value);
}

/** The example's parameters as TypeScript source ('' for none). */
export function exampleParamsLiteral(c: CommandDescriptor): string {
  const params = sampleParams(c);
  return Object.keys(params).length === 0 ? '' : tsLiteral(params);
}

function exampleDoc(c: CommandDescriptor, newest: string): string {
  return ['@example', commandExample(c, newest, exampleParamsLiteral(c))].join('\n');
}

function classDoc(c: CommandDescriptor, newest: string): string {
  const facts = [
    `tmux \`${c.command}\`${c.alias ? ` (alias \`${c.alias}\`)` : ''}, since tmux ${c.since}${c.until ? `, removed in ${c.until}` : ''}.`,
    `Scope: ${c.scope}. Safety: ${c.safety}${c.readonlyWith ? ` (readonly with -${c.readonlyWith})` : ''}.` +
      (c.creates ? ` Creates: ${c.creates}.` : '') +
      (c.needsClient ? ' Needs an attached client.' : ''),
  ];
  if (c.result === 'created') facts.push('tmuxkit adds `-P -F` to capture the ids it creates.');
  if (c.result === 'rows') facts.push(`tmuxkit adds \`-F\` to read typed rows of ${c.rows}.`);
  return [`${c.summary}`, '', ...facts, '', exampleDoc(c, newest)].join('\n');
}

export function operationsStatements(manifest: Manifest): StatementStructures[] {
  const newest = manifest.releases.at(-1)!.version;
  const descriptors = manifest.commands.map(commandDescriptor);
  const rowKinds = [...new Set(descriptors.flatMap((d) => (d.rows ? [d.rows] : [])))].sort();
  const rowType = (kind: string) => manifest.rows.find((r) => r.kind === kind)!.type;
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/operation.js',
      namedImports: ['Operation'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/command-descriptor.js',
      namedImports: ['CommandDescriptor'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/targets.js',
      namedImports: ['TargetInput'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/results/typed-results.js',
      namedImports: [...new Set(Object.values(RESULT_CLASSES))].sort(),
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './catalog.generated.js',
      namedImports: ['descriptorOf'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './operation-paths.generated.js',
      namedImports: descriptors.map((c) => pathName(c.command)),
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './rows.generated.js',
      namedImports: rowKinds.flatMap((k) => [rowFieldsConstant(k), `type ${rowType(k)}`]),
    },
  ];
  for (const c of descriptors) {
    const properties: PropertySignatureStructure[] = [
      ...c.flags.map((f) => ({
        kind: StructureKind.PropertySignature as const,
        name: f.param,
        type: flagTsType(f),
        isReadonly: true,
        hasQuestionToken: true,
        docs: [flagDoc(f, c)],
      })),
      ...c.positionals.map((p) => ({
        kind: StructureKind.PropertySignature as const,
        name: p.param,
        type: positionalTsType(p),
        isReadonly: true,
        hasQuestionToken: p.optional,
        docs: [positionalDoc(p, c)],
      })),
    ];
    const resultType = c.result === 'rows' ? `RowsResult<${rowType(c.rows!)}>` : RESULT_CLASSES[c.result];
    const required = c.positionals.some((p) => !p.optional);
    statements.push(
      {
        kind: StructureKind.Interface,
        name: `${c.className}Params`,
        isExported: true,
        docs: [`Parameters of {@link ${c.className}} (\`${c.command}\`).`],
        properties,
      },
      {
        kind: StructureKind.TypeAlias,
        name: `${c.className}Result`,
        isExported: true,
        docs: [`What engines return for {@link ${c.className}}.`],
        type: resultType,
      },
      {
        kind: StructureKind.Class,
        name: c.className,
        isExported: true,
        extends: `Operation<${c.className}Params, ${c.className}Result>`,
        docs: [classDoc(c, newest)],
        getAccessors: [
          {
            name: 'descriptor',
            isStatic: true,
            returnType: 'CommandDescriptor',
            statements: [`return descriptorOf(${JSON.stringify(c.command)});`],
            docs: ['The catalog entry of this command.'],
          },
        ],
        ctors: [
          {
            parameters: [
              { name: 'params', type: `${c.className}Params`, ...(required ? {} : { initializer: '{}' }) },
            ],
            statements: [
              `super(${c.className}.descriptor, params, ${c.result === 'rows' ? rowFieldsConstant(c.rows!) : 'undefined'}, ${pathName(c.command)});`,
            ],
          },
        ],
      },
    );
  }
  return statements;
}
