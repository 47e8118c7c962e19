/** `catalog.generated.ts`: every command as data, the public `catalog` and the lookup operations use. */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Manifest } from '../manifest/manifest-schema.js';
import { commandDescriptor } from './catalog-data.js';

/**
 * The commands as compact JSON, one command a line (a diff names the commands that changed), escaped so
 * that a raw template literal carries it unchanged.
 */
export function jsonForTemplate(commands: readonly unknown[]): string {
  const json = `[\n${commands.map((c) => JSON.stringify(c)).join(',\n')}\n]`;
  return json.replaceAll('`', '\\u0060').replaceAll('${', '$\\u007b');
}

export function catalogStatements(manifest: Manifest): (StatementStructures | string)[] {
  const descriptors = manifest.commands.map(commandDescriptor);
  return [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/command-descriptor.js',
      namedImports: ['CommandDescriptor'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/deep-freeze.js',
      namedImports: ['deepFreeze'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/newer-tmux.js',
      namedImports: ['registerManifestReleases'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/lazy-collections.js',
      namedImports: ['LazyMap', 'lazyFrozenArray'],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        {
          description:
            'The tmux releases the manifest describes, oldest first. A server newer than the last one is ' +
            "handled by the engines' `newerTmux` policy.\n\n" +
            "@example\n```ts\nimport { tmuxReleases } from 'tmuxkit';\n" +
            `tmuxReleases.at(-1); // '${manifest.releases.at(-1)!.version}'\n\`\`\``,
        },
      ],
      declarations: [
        {
          name: 'tmuxReleases',
          type: 'readonly string[]',
          initializer: `Object.freeze(${JSON.stringify(manifest.releases.map((r) => r.version))})`,
        },
      ],
    },
    // The runtime imports nothing generated: it learns the newest release from here.
    'registerManifestReleases(tmuxReleases);',
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Let,
      declarations: [{ name: 'loaded', type: 'readonly CommandDescriptor[] | undefined' }],
    },
    {
      kind: StructureKind.Function,
      name: 'commands',
      docs: [
        'The commands, read from their JSON the first time anything asks (importing the package does not\n' +
          'pay for 190 KB of JSON). JSON, which V8 reads several times faster than the same object literal.',
      ],
      returnType: 'readonly CommandDescriptor[]',
      statements: [
        `return (loaded ??= deepFreeze(JSON.parse(String.raw\`\n${jsonForTemplate(descriptors)}\n\`) as CommandDescriptor[]));`,
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        {
          description:
            `Every tmux command tmuxkit knows (${descriptors.length}), as data: flags, positionals, releases, ` +
            'safety, result kind. Docs, the MCP server and the CLI read it. A frozen array, read on first use.\n\n' +
            "@example\n```ts\nimport { catalog } from 'tmuxkit';\n" +
            "const split = catalog.find((c) => c.command === 'split-window')!;\n" +
            "split.flags.find((f) => f.flag === 'Z')?.since; // '3.2'\n```",
        },
      ],
      declarations: [
        {
          name: 'catalog',
          type: 'readonly CommandDescriptor[]',
          initializer: 'lazyFrozenArray(commands)',
        },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['Catalog entries by command name and by alias (read-only, filled on first use).'],
      declarations: [
        {
          name: 'catalogByName',
          type: 'ReadonlyMap<string, CommandDescriptor>',
          initializer:
            'new LazyMap(() => commands().flatMap((c): [string, CommandDescriptor][] => (c.alias === null ? [[c.command, c]] : [[c.command, c], [c.alias, c]])))',
        },
      ],
    },
    {
      kind: StructureKind.Function,
      name: 'descriptorOf',
      isExported: true,
      docs: ["One command's catalog entry by name or alias; for generated code (the name is always known)."],
      parameters: [{ name: 'name', type: 'string' }],
      returnType: 'CommandDescriptor',
      statements: [
        'const descriptor = catalogByName.get(name);',
        'if (!descriptor) throw new TypeError(`no catalog entry for ${name}`);',
        'return descriptor;',
      ],
    },
  ];
}
