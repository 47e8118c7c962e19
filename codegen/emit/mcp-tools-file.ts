/**
 * `mcp-tools.generated.ts`: one MCP tool descriptor per tmux command (see `mcp-tool-data.ts`), as JSON read
 * on first use, for the MCP server's per-command tools (`tmuxkit mcp --operations`).
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Manifest } from '../manifest/manifest-schema.js';
import { commandDescriptor } from './catalog-data.js';
import { jsonForTemplate } from './catalog-file.js';
import { mcpToolDescriptor } from './mcp-tool-data.js';

export function mcpToolsStatements(manifest: Manifest): (StatementStructures | string)[] {
  const first = manifest.releases[0]!.version;
  const tools = manifest.commands.map((c) => mcpToolDescriptor(commandDescriptor(c), first));
  return [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../mcp/mcp-tool-descriptor.js',
      namedImports: ['McpToolDescriptor'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/deep-freeze.js',
      namedImports: ['deepFreeze'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/lazy-collections.js',
      namedImports: ['lazyFrozenArray'],
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Let,
      declarations: [{ name: 'loaded', type: 'readonly McpToolDescriptor[] | undefined' }],
    },
    {
      kind: StructureKind.Function,
      name: 'tools',
      docs: ['The descriptors, read from their JSON the first time anything asks.'],
      returnType: 'readonly McpToolDescriptor[]',
      statements: [
        `return (loaded ??= deepFreeze(JSON.parse(String.raw\`\n${jsonForTemplate(tools)}\n\`) as McpToolDescriptor[]));`,
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        {
          description:
            `One MCP tool per tmux command (${tools.length}): name, title, description, input and output JSON ` +
            "Schema, and the four annotations from the command's safety. A frozen array, read on first use.\n\n" +
            "@example\n```ts\nimport { mcpToolDescriptors } from 'tmuxkit';\n" +
            "const kill = mcpToolDescriptors.find((t) => t.name === 'tmux_kill_server')!;\n" +
            'kill.annotations.destructiveHint; // true\n```',
        },
      ],
      declarations: [
        {
          name: 'mcpToolDescriptors',
          type: 'readonly McpToolDescriptor[]',
          initializer: 'lazyFrozenArray(tools)',
        },
      ],
    },
  ];
}
