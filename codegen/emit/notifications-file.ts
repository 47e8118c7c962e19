/**
 * `notifications.generated.ts`: the grammar of every control-mode line (data the parser reads) and one
 * typed event interface per notification, from `manifest/notifications.yaml`.
 */
import { StructureKind, VariableDeclarationKind, type StatementStructures } from 'ts-morph';
import type { Manifest, NotificationArgument, NotificationSpec } from '../manifest/manifest-schema.js';
import { className } from '../naming.js';
import type {
  NotificationArgument as RuntimeArgument,
  NotificationGrammar,
} from '../../src/runtime/control-mode/notification-grammar.js';

const TS_TYPES: Readonly<Record<NonNullable<NotificationArgument['type']>, string>> = {
  integer: 'number',
  windowIndex: 'number',
  word: 'string',
  text: 'string',
  layout: 'string',
  paneId: 'string',
  windowId: 'string',
  sessionId: 'string',
  escapedData: 'Uint8Array',
};

const FIELD_DOCS: Readonly<Partial<Record<NonNullable<NotificationArgument['type']>, string>>> = {
  paneId: 'A pane id, `%N`.',
  windowId: 'A window id, `@N`.',
  sessionId: 'A session id, `$N`.',
  windowIndex: "The window's index in the session.",
  layout: 'A layout string, as `select-layout` takes it.',
};

/** `%window-add` → `WindowAddNotification`. */
export function notificationInterface(line: string): string {
  return `${className(line.slice(1))}Notification`;
}

function grammarEntry(n: NotificationSpec): NotificationGrammar {
  return {
    line: n.line,
    type: n.line.slice(1),
    kind: n.kind,
    since: n.since,
    insideBlock: n.insideBlock ?? false,
    arguments: n.arguments.map((a) => {
      const out: { -readonly [K in keyof RuntimeArgument]: RuntimeArgument[K] } = {};
      if (a.name !== undefined) out.name = a.name;
      if (a.type !== undefined) out.type = a.type;
      if (a.rest) out.rest = true;
      if (a.optional) out.optional = true;
      if (a.orDash) out.orDash = true;
      if (a.colon) out.colon = true;
      return out;
    }),
  };
}

function eventProperties(n: NotificationSpec) {
  const props = [
    { name: 'type', type: JSON.stringify(n.line.slice(1)), isReadonly: true, docs: [`\`${n.line}\``] },
  ];
  for (const a of n.arguments) {
    if (a.colon || !a.name || !a.type) continue;
    if (a.type === 'escapedData') {
      props.push(
        {
          name: 'data',
          type: 'Uint8Array',
          isReadonly: true,
          docs: ["The pane's output bytes, unescaped."],
        },
        {
          name: 'text',
          type: 'string',
          isReadonly: true,
          docs: [
            'The same output as UTF-8 text, decoded as one stream per pane: a character split across lines or chunks arrives whole (held back until its last byte comes).',
          ],
        },
      );
      continue;
    }
    const type = TS_TYPES[a.type] + (a.orDash ? ' | null' : '');
    const docs = [
      a.summary ?? FIELD_DOCS[a.type] ?? `The \`${a.name}\` field.`,
      ...(a.orDash ? ['`null` when tmux prints `-`.'] : []),
    ];
    props.push({ name: a.optional ? `${a.name}?` : a.name, type, isReadonly: true, docs: [docs.join(' ')] });
  }
  return props;
}

export function notificationsStatements(manifest: Manifest): StatementStructures[] {
  const events = manifest.notifications.filter((n) => n.kind === 'notification' || n.kind === 'exit');
  const statements: StatementStructures[] = [
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/control-mode/notification-grammar.js',
      namedImports: ['NotificationGrammar'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      isTypeOnly: true,
      moduleSpecifier: '../runtime/control-mode/engine-events.js',
      namedImports: ['EventsDroppedEvent', 'RawLineEvent', 'UnsolicitedBlockEvent'],
    },
    {
      kind: StructureKind.ImportDeclaration,
      moduleSpecifier: '../runtime/deep-freeze.js',
      namedImports: ['deepFreeze'],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: ['The grammar of every control-mode line tmux prints, in manifest order.'],
      declarations: [
        {
          name: 'NOTIFICATION_GRAMMAR',
          type: 'readonly NotificationGrammar[]',
          initializer: `deepFreeze(${JSON.stringify(manifest.notifications.map(grammarEntry))})`,
        },
      ],
    },
  ];
  for (const n of events) {
    const since = n.since === manifest.releases[0]!.version ? '' : ` Since tmux ${n.since}.`;
    const inside = n.insideBlock ? ' Can arrive inside the output block of the command that caused it.' : '';
    statements.push({
      kind: StructureKind.Interface,
      name: notificationInterface(n.line),
      isExported: true,
      docs: [`\`${n.line}\`: ${n.summary}${since}${inside}`],
      properties: eventProperties(n),
    });
  }
  statements.push(
    {
      kind: StructureKind.TypeAlias,
      name: 'ControlModeNotification',
      isExported: true,
      docs: ['Every notification a control-mode client receives, typed from the manifest.'],
      type: events.map((n) => notificationInterface(n.line)).join(' | '),
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'ControlModeEvent',
      isExported: true,
      docs: [
        "What `ControlModeEngine.events()` yields: the notifications, raw lines no grammar reads, blocks tmux printed for commands this client did not send, and a marker where a slow consumer's events were dropped.",
      ],
      type: 'ControlModeNotification | RawLineEvent | UnsolicitedBlockEvent | EventsDroppedEvent',
    },
    {
      kind: StructureKind.TypeAlias,
      name: 'ControlModeEventType',
      isExported: true,
      docs: ["The `type` of every event, e.g. `'output'`, `'window-add'`."],
      type: "ControlModeEvent['type']",
    },
  );
  return statements;
}
