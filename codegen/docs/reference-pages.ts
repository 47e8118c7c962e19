/**
 * The generated reference (`docs/reference/`): one page per tmux command, indexes by scope and safety, the
 * format variables, the control-mode notifications, and one page per release saying what it added and
 * removed, all from the manifest, so the docs cannot drift from the code. Pure: manifest in, Markdown out
 * (paths relative to docs/reference/).
 */
import type {
  CommandDescriptor,
  FlagDescriptor,
  ReleaseRange,
} from '../../src/runtime/command-descriptor.js';
import { commandDescriptor } from '../emit/catalog-data.js';
import { mcpToolName } from '../emit/mcp-tool-data.js';
import type { Manifest } from '../manifest/manifest-schema.js';
import { RESULT_CLASSES } from '../naming.js';

/** A table cell: pipes escaped, newlines folded. */
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
const releases = (r: ReleaseRange) => (r.until === null ? `${r.since} –` : `${r.since} – before ${r.until}`);
const commandLink = (c: string, from: 'commands' | 'root' | 'releases') =>
  `[\`${c}\`](${from === 'commands' ? '' : from === 'root' ? 'commands/' : '../commands/'}${c}.md)`;

function hiddenText(hidden: FlagDescriptor['hidden']): string {
  if (hidden === true) return 'undocumented';
  if (hidden === false) return '';
  return `undocumented in ${hidden.map(releases).join(', ')}`;
}

function flagRows(c: CommandDescriptor): string[][] {
  const groupOf = (letter: string) =>
    c.exclusive
      .filter((g) => g.includes(letter))
      .map((g) => g.map((l) => `-${l}`).join(' '))
      .join('; ');
  return c.flags.map((f) => [
    `-${f.flag}`,
    `\`${f.param}\``,
    f.valueType ?? 'boolean',
    f.since,
    f.until ?? '',
    hiddenText(f.hidden),
    groupOf(f.flag),
    f.summary,
  ]);
}

/** The example a test runs: the same code as the operation's JSDoc (test/codegen/generated-examples.test.ts). */
export function commandExample(c: CommandDescriptor, newest: string, params: string): string {
  return [
    '```ts',
    `import { ${c.className}, SubprocessEngine } from 'tmuxkit';`,
    `const op = new ${c.className}(${params});`,
    `op.render({ version: '${newest}' }); // the argv tmux ${newest} receives`,
    `const result = await new SubprocessEngine().execute(op); // ${c.className}Result`,
    '```',
  ].join('\n');
}

/** A link to a class's page in the API reference (TypeDoc writes it when the site is built). */
const api = (className: string, text = className) =>
  `[\`${text}\`](../../api/tmuxkit/classes/${className}.md)`;

function commandPage(c: CommandDescriptor, newest: string, example: string): string {
  const facts = [
    ['Alias', c.alias ? `\`${c.alias}\`` : '—'],
    ['Scope', c.scope],
    ['Safety', `${c.safety}${c.readonlyWith ? ` (read-only with \`-${c.readonlyWith}\`)` : ''}`],
    ['Creates', c.creates ?? '—'],
    ['Releases', c.until ? `${c.since} up to (not including) ${c.until}` : `${c.since} and newer`],
    ['Operation', `${api(c.className)} (\`import { ${c.className} } from 'tmuxkit'\`)`],
    [
      'Facade methods',
      c.facade.length > 0 ? c.facade.map((f) => api(f.class, `${f.class}.${f.method}`)).join(', ') : '—',
    ],
    ['MCP tool', `\`${mcpToolName(c.command)}\` (\`tmuxkit mcp --operations\`)`],
    ['Result', `${c.result}${c.rows ? ` (rows of ${c.rows})` : ''}: ${api(RESULT_CLASSES[c.result])}`],
    ['Needs a client', c.needsClient ? 'yes' : 'no'],
  ];
  const positionals = c.positionals.map((p) => [
    `\`${p.param}\``,
    p.type,
    p.optional ? `optional${p.requiredUntil ? ` from ${p.requiredUntil}` : ''}` : 'required',
    p.variadic ? `yes${p.variadicSince ? ` from ${p.variadicSince}` : ''}` : 'no',
    p.since,
    p.until ?? '',
    p.summary,
  ]);
  return [
    `# ${c.command}`,
    '',
    c.summary,
    '',
    table(['', ''], facts),
    '',
    '## Flags',
    '',
    c.flags.length > 0
      ? table(
          ['Flag', 'Parameter', 'Value', 'First release', 'Removed in', 'Hidden', 'Not with', 'Summary'],
          flagRows(c),
        )
      : 'None.',
    '',
    '## Positionals',
    '',
    positionals.length > 0
      ? table(
          ['Parameter', 'Value', 'Required', 'Several', 'First release', 'Removed in', 'Summary'],
          positionals,
        )
      : 'None.',
    '',
    '## Example',
    '',
    example,
    '',
    `Newest release described: tmux ${newest}.`,
    '',
  ].join('\n');
}

function commandIndex(commands: readonly CommandDescriptor[]): string {
  const by = <K extends 'scope' | 'safety'>(key: K, order: readonly CommandDescriptor[K][]) =>
    order.map((value) =>
      [
        `### ${value}`,
        '',
        table(
          ['Command', 'Summary', 'Releases'],
          commands
            .filter((c) => c[key] === value)
            .map((c) => [commandLink(c.command, 'commands'), c.summary, releases(c)]),
        ),
        '',
      ].join('\n'),
    );
  return [
    '# Commands',
    '',
    `Every tmux command tmuxkit knows (${commands.length}), by scope and by safety.`,
    '',
    '## By scope',
    '',
    ...by('scope', ['server', 'session', 'window', 'pane', 'client']),
    '## By safety',
    '',
    ...by('safety', ['readonly', 'mutating', 'destructive']),
  ].join('\n');
}

function formatsPage(manifest: Manifest): string {
  return [
    '# Format variables',
    '',
    `The \`#{...}\` variables tmux ${manifest.releases.at(-1)!.version} knows (${manifest.formats.length}), with their value type, the object they describe and the first release that has them.`,
    '',
    table(
      ['Variable', 'Type', 'Object', 'First release'],
      manifest.formats.map((f) => [`\`${f.name}\``, f.type, f.object, f.since]),
    ),
    '',
  ].join('\n');
}

function notificationsPage(manifest: Manifest): string {
  return [
    '# Control-mode notifications',
    '',
    'The lines a control client (`tmux -C`) reads, and the event each becomes in `ControlModeEngine`.',
    '',
    table(
      ['Line', 'Kind', 'Arguments', 'First release'],
      manifest.notifications.map((n) => [
        `\`${n.line}\``,
        n.kind,
        n.arguments.map((a) => `${a.name ?? a.type ?? '…'}${a.optional ? '?' : ''}`).join(' '),
        n.since,
      ]),
    ),
    '',
  ].join('\n');
}

function releasePage(manifest: Manifest, commands: readonly CommandDescriptor[], version: string): string {
  const first = manifest.releases[0]!.version;
  const lines: string[] = [];
  const list = (title: string, items: string[]) => {
    if (items.length > 0) lines.push(`## ${title}`, '', ...items.map((i) => `- ${i}`), '');
  };
  list(
    'Commands added',
    commands.filter((c) => c.since === version).map((c) => commandLink(c.command, 'releases')),
  );
  list(
    'Commands removed',
    commands.filter((c) => c.until === version).map((c) => commandLink(c.command, 'releases')),
  );
  list(
    'Flags added',
    commands.flatMap((c) =>
      c.flags
        .filter((f) => f.since === version && c.since !== version)
        .map((f) => `${commandLink(c.command, 'releases')} \`-${f.flag}\`: ${f.summary}`),
    ),
  );
  list(
    'Flags removed',
    commands.flatMap((c) =>
      c.flags
        .filter((f) => f.until === version)
        .map((f) => `${commandLink(c.command, 'releases')} \`-${f.flag}\``),
    ),
  );
  list(
    'Flags that changed how they take a value',
    commands.flatMap((c) =>
      c.flags
        .filter((f) => f.valueHistory.some((h) => h.since === version || h.until === version))
        .map((f) => `${commandLink(c.command, 'releases')} \`-${f.flag}\``),
    ),
  );
  list(
    'Positionals added or changed',
    commands.flatMap((c) =>
      c.positionals
        .filter(
          (p) =>
            (p.since === version && c.since !== version) ||
            p.until === version ||
            p.requiredUntil === version ||
            p.variadicSince === version,
        )
        .map((p) => `${commandLink(c.command, 'releases')} \`${p.param}\``),
    ),
  );
  list(
    'Format variables added',
    manifest.formats.filter((f) => f.since === version).map((f) => `\`${f.name}\``),
  );
  list(
    'Notifications added',
    manifest.notifications.filter((n) => n.since === version).map((n) => `\`${n.line}\``),
  );
  const release = manifest.releases.find((r) => r.version === version)!;
  const intro =
    version === first
      ? "The oldest release tmuxkit's manifest describes: everything listed here was there already."
      : lines.length === 0
        ? 'No command, flag, format variable or notification changed in this release.'
        : 'What this release changed in the commands, flags, format variables and notifications.';
  return [
    `# tmux ${version}`,
    '',
    `Released ${release.date}. ${intro}`,
    '',
    ...(version === first ? [] : lines),
  ].join('\n');
}

function rootIndex(manifest: Manifest, commands: readonly CommandDescriptor[]): string {
  return [
    '# Reference',
    '',
    `Generated by \`npm run codegen\` from the manifest (tmux ${manifest.releases[0]!.version} to ${manifest.releases.at(-1)!.version}); never edited by hand.`,
    '',
    `- [Commands](commands/index.md): ${commands.length}, one page each, by scope and by safety`,
    `- [Format variables](formats.md): ${manifest.formats.length}`,
    `- [Control-mode notifications](notifications.md): ${manifest.notifications.length}`,
    `- Releases: ${[...manifest.releases]
      .reverse()
      .map((r) => `[${r.version}](releases/${r.version}.md)`)
      .join(', ')}`,
    '',
  ].join('\n');
}

/** Every page: path relative to docs/reference/ → Markdown. `examples` gives each command's parameters. */
export function referencePages(
  manifest: Manifest,
  exampleParams: (c: CommandDescriptor) => string,
): ReadonlyMap<string, string> {
  const newest = manifest.releases.at(-1)!.version;
  const commands = manifest.commands.map(commandDescriptor);
  const pages = new Map<string, string>();
  pages.set('index.md', rootIndex(manifest, commands));
  pages.set('commands/index.md', commandIndex(commands));
  for (const c of commands)
    pages.set(
      `commands/${c.command}.md`,
      commandPage(c, newest, commandExample(c, newest, exampleParams(c))),
    );
  pages.set('formats.md', formatsPage(manifest));
  pages.set('notifications.md', notificationsPage(manifest));
  for (const r of manifest.releases)
    pages.set(`releases/${r.version}.md`, releasePage(manifest, commands, r.version));
  return pages;
}
