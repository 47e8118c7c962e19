/**
 * `rows.generated.ts`: one interface per row type (PaneRow, SessionRow, ...) and its field table, from
 * `manifest/rows.yaml` and the variable types in `manifest/formats.yaml`.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { FormatVariable, Manifest } from '../manifest/manifest-schema.js';
import { camelCase, rowFieldsConstant } from '../naming.js';
import type { RowField } from '../../src/runtime/results/row-fields.js';

const TS_TYPES: Readonly<Record<FormatVariable['type'], string>> = {
  string: 'string',
  integer: 'number',
  flag: 'boolean',
  time: 'number',
  paneId: 'string',
  windowId: 'string',
  sessionId: 'string',
};

function rowField(v: FormatVariable, firstRelease: string, mayBeEmpty: boolean): RowField {
  return {
    key: camelCase(v.name),
    variable: v.name,
    type: v.type,
    since: v.since,
    missing: (v.missing ?? []).map((r) => ({ since: r.since ?? v.since, until: r.until ?? null })),
    absentSpelling: (v.absentSpelling ?? []).map((a) => ({ until: a.until, text: a.text })),
    // Times print empty until the event happens (never attached, ...): those stay optional.
    required:
      v.since === firstRelease &&
      v.missing === undefined &&
      v.absentSpelling === undefined &&
      v.type !== 'time' &&
      !mayBeEmpty,
  };
}

function describe(v: FormatVariable, field: RowField, firstRelease: string): string {
  const kind = v.type === 'time' ? ' (seconds since the epoch)' : '';
  const since = v.since === firstRelease ? '' : ` Since tmux ${v.since}.`;
  return `\`#{${v.name}}\`${kind}.${since}${field.required ? '' : ' Absent when tmux prints no value.'}`;
}

export function rowsStatements(manifest: Manifest): StatementStructures[] {
  const byName = new Map(manifest.formats.map((v) => [v.name, v]));
  const first = manifest.releases[0]!.version;
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/results/row-fields.js',
      namedImports: ['RowField'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/deep-freeze.js',
      namedImports: ['deepFreeze'],
    },
  ];
  for (const row of manifest.rows) {
    const vars = row.variables.map((n) => byName.get(n)!);
    const fields = vars.map((v) => rowField(v, first, row.mayBeEmpty?.includes(v.name) ?? false));
    statements.push(
      {
        kind: StructureKind.Interface,
        name: row.type,
        isExported: true,
        docs: [
          `One line of a list command's output that returns ${row.kind}, typed from the formats manifest.`,
        ],
        properties: [
          ...vars.map((v, i) => ({
            name: fields[i]!.key,
            type: TS_TYPES[v.type],
            isReadonly: true,
            hasQuestionToken: !fields[i]!.required,
            docs: [describe(v, fields[i]!, first)],
          })),
          {
            name: 'printed',
            type: 'string',
            isReadonly: true,
            hasQuestionToken: true,
            docs: ["What the caller's own `format` printed for this row, when one was given."],
          },
        ],
      },
      {
        kind: StructureKind.VariableStatement,
        isExported: true,
        declarationKind: VariableDeclarationKind.Const,
        docs: [`The fields a ${row.type} reads, in request order.`],
        declarations: [
          {
            name: rowFieldsConstant(row.kind),
            type: 'readonly RowField[]',
            initializer: `deepFreeze(${JSON.stringify(fields)})`,
          },
        ],
      },
    );
  }
  statements.push(...snapshotStatements(manifest));
  statements.push({
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: ['Field tables by row kind.'],
    declarations: [
      {
        name: 'ROW_FIELDS',
        type: 'Readonly<Record<string, readonly RowField[]>>',
        initializer: `Object.freeze({ ${manifest.rows.map((r) => `${r.kind}: ${rowFieldsConstant(r.kind)}`).join(', ')} })`,
      },
    ],
  });
  return statements;
}

/** The variables that shape a snapshot's tree: never empty, so read as required. */
const TREE_VARIABLES = new Set(['session_id', 'window_id', 'window_index', 'pane_id', 'pane_index']);

const SNAPSHOT_OBJECTS = [
  { object: 'session', type: 'SnapshotSessionFields' },
  { object: 'window', type: 'SnapshotWindowFields' },
  { object: 'pane', type: 'SnapshotPaneFields' },
] as const;

/**
 * Every format variable of sessions, windows and panes, for snapshots: one interface per object and
 * their field tables. All but the tree's ids and indexes are optional (many print nothing in most
 * states). The tables are JSON read on first use, so that importing the package does not pay for them.
 */
function snapshotStatements(manifest: Manifest): StatementStructures[] {
  const first = manifest.releases[0]!.version;
  const tables: Record<string, RowField[]> = {};
  const statements: StatementStructures[] = SNAPSHOT_OBJECTS.map(({ object, type }): StatementStructures => {
    const vars = manifest.formats
      .filter((v) => v.object === object)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const fields = vars.map((v) => ({ ...rowField(v, first, false), required: TREE_VARIABLES.has(v.name) }));
    tables[`${object}s`] = fields;
    return {
      kind: StructureKind.Interface,
      name: type,
      isExported: true,
      docs: [
        `Every ${object} format variable, as a snapshot's nodes carry them (typed from the formats manifest).`,
      ],
      properties: vars.map((v, i) => ({
        name: fields[i]!.key,
        type: TS_TYPES[v.type],
        isReadonly: true,
        hasQuestionToken: !fields[i]!.required,
        docs: [describe(v, fields[i]!, first)],
      })),
    };
  });
  statements.push(
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Let,
      declarations: [{ name: 'snapshotTables', type: 'SnapshotFieldTables | undefined' }],
    },
    {
      kind: StructureKind.Interface,
      name: 'SnapshotFieldTables',
      isExported: true,
      docs: ['The field tables of every session, window and pane variable, in name order.'],
      properties: ['sessions', 'windows', 'panes'].map((name) => ({
        name,
        type: 'readonly RowField[]',
        isReadonly: true,
      })),
    },
    {
      kind: StructureKind.Function,
      name: 'snapshotFieldTables',
      isExported: true,
      docs: [
        'Every session, window and pane variable as a field table. Read from JSON on first use, not at\n' +
          "import: only snapshots need them.\n\n@example\n```ts\nimport { snapshotFieldTables } from 'tmuxkit';\n" +
          "snapshotFieldTables().panes.some((f) => f.key === 'paneCurrentCommand'); // true\n```",
      ],
      returnType: 'SnapshotFieldTables',
      statements: [
        `return (snapshotTables ??= deepFreeze(JSON.parse(${JSON.stringify(JSON.stringify(tables))}) as SnapshotFieldTables));`,
      ],
    },
  );
  return statements;
}
