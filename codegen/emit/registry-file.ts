/** `registry.generated.ts`: command name (and alias) to operation class, and JSON decoding through it. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Manifest } from '../manifest/manifest-schema.js';
import { className } from '../naming.js';

export function registryStatements(manifest: Manifest): StatementStructures[] {
  const classes = manifest.commands.map((c) => className(c.command));
  const entries = manifest.commands.flatMap((c) => {
    const name = className(c.command);
    return [
      `[${JSON.stringify(c.command)}, ${name}]`,
      ...(c.alias ? [`[${JSON.stringify(c.alias)}, ${name}]`] : []),
    ];
  });
  return [
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/operation-json.js',
      namedImports: ['decodeOperationJSON', 'decodeResultJSON', 'type OperationClass'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/results/command-result.js',
      namedImports: ['CommandResult'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './catalog.generated.js',
      namedImports: ['catalogByName'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './rows.generated.js',
      namedImports: ['ROW_FIELDS'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: './operations.generated.js',
      namedImports: classes,
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'AnyOperation',
      isExported: true,
      docs: ['Any generated operation.'],
      type: classes.join(' | '),
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['Operation classes by tmux command name and alias.'],
      declarations: [
        {
          name: 'operationClasses',
          type: 'ReadonlyMap<string, OperationClass>',
          initializer: `new Map<string, OperationClass>([${entries.join(', ')}])`,
        },
      ],
    },
    {
      kind: StructureKind.Function,
      name: 'operationFromJSON',
      isExported: true,
      docs: [
        'Rebuilds an operation from `op.toJSON()` (an object or a JSON string). An unknown command or parameter\n' +
          "throws a `ParameterError`.\n\n@example\n```ts\nimport { SelectPane, operationFromJSON } from 'tmuxkit';\n" +
          "const op = operationFromJSON(JSON.stringify(new SelectPane({ target: '%1' })));\n" +
          'op instanceof SelectPane; // true\n```',
      ],
      parameters: [{ name: 'json', type: 'unknown' }],
      returnType: 'AnyOperation',
      statements: ['return decodeOperationJSON(json, operationClasses) as AnyOperation;'],
    },
    {
      kind: StructureKind.Function,
      name: 'resultFromJSON',
      isExported: true,
      docs: ["Rebuilds a result from `result.toJSON()`, as the result class of its command's kind."],
      parameters: [{ name: 'json', type: 'unknown' }],
      returnType: 'CommandResult',
      statements: ['return decodeResultJSON(json, catalogByName, ROW_FIELDS);'],
    },
  ];
}
