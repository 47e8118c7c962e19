/**
 * The shape of every manifest file. Types are inferred from the schemas, so the validator and the types
 * the generator consumes cannot drift apart. Cross-field rules (known releases, duplicates, version gates)
 * are in semantic-checks.ts.
 */
import {
  boolean,
  list,
  matching,
  nullable,
  oneOf,
  optional,
  record,
  required,
  string,
  union,
  type Schema,
} from './yaml-schema.js';

/** A release name as tmux spells it; whether it is a known release is a semantic check. */
const release = matching(/^\d+\.\d+[a-z]?$/, "a tmux release such as '3.3a' (quote it)");
const camelCase = matching(/^[a-z][a-zA-Z0-9]*$/, 'a camelCase name');
const summary = matching(/^\S[^\n]*$/, 'a one-line summary');

export const SCOPES = ['server', 'session', 'window', 'pane', 'client'] as const;
export const SAFETY = ['readonly', 'mutating', 'destructive'] as const;
export const CREATES = ['pane', 'window', 'session', 'buffer'] as const;
export const RESULT_KINDS = [
  'ack',
  'created',
  'text',
  'lines',
  'rows',
  'exists',
  'options',
  'environment',
] as const;
export const ROW_KINDS = ['sessions', 'windows', 'panes', 'clients', 'buffers', 'commands'] as const;
export const TARGET_KINDS = ['session', 'window', 'pane', 'client'] as const;
export const FACADE_CLASSES = ['Server', 'Session', 'Window', 'Pane', 'Client'] as const;
/** Value types of flag values and positionals; each maps to a TypeScript type and a validator later. */
export const VALUE_TYPES = [
  'string',
  'name',
  'int',
  'number',
  'size',
  'path',
  'format',
  'target',
  'environment',
  'key',
  'keyTable',
  'command',
  'shellCommand',
  'style',
  'buffer',
  'option',
  'hook',
  'variable',
  'layout',
  'clientFlags',
  'sortOrder',
  'promptType',
] as const;

const range = record({ since: optional(release), until: optional(release) });

const valueChange = record({
  since: required(release),
  until: optional(release),
  takesValue: required(union(boolean, oneOf(['optional'] as const), "true, false or 'optional'")),
});

const flag = record({
  flag: required(matching(/^[A-Za-z0-9]$/, 'a single flag letter or digit')),
  param: required(camelCase),
  value: optional(oneOf(VALUE_TYPES)),
  target: optional(oneOf(TARGET_KINDS)),
  mayNotExist: optional(boolean),
  repeatable: optional(boolean),
  since: optional(release),
  until: optional(release),
  valueHistory: optional(list(valueChange)),
  hidden: optional(union(boolean, list(range), 'true or a list of { since, until } ranges')),
  summary: required(summary),
});

const positional = record({
  param: required(camelCase),
  type: required(oneOf(VALUE_TYPES)),
  optional: optional(boolean),
  variadic: optional(boolean),
  since: optional(release),
  until: optional(release),
  requiredUntil: optional(release),
  variadicSince: optional(release),
  hidden: optional(union(boolean, list(range), 'true or a list of { since, until } ranges')),
  summary: required(summary),
});

export const commandFile = record({
  command: required(matching(/^[a-z]+(-[a-z]+)*$/, 'a tmux command name')),
  alias: required(nullable(matching(/^[a-z]+$/, 'a tmux command alias'))),
  summary: required(summary),
  since: required(release),
  until: optional(release),
  scope: required(oneOf(SCOPES)),
  safety: required(oneOf(SAFETY)),
  /** The command is readonly when given this flag (capture-pane -p prints instead of filling a buffer). */
  readonlyWith: optional(matching(/^[A-Za-z0-9]$/, 'a flag letter')),
  creates: required(nullable(oneOf(CREATES))),
  chainable: required(boolean),
  needsClient: required(boolean),
  startsServer: required(boolean),
  result: required(record({ kind: required(oneOf(RESULT_KINDS)), rows: optional(oneOf(ROW_KINDS)) })),
  facade: required(
    list(
      record({
        class: required(oneOf(FACADE_CLASSES)),
        method: required(camelCase),
        /** The target parameter the handle fills; default: the first target flag of the handle's kind. */
        self: optional(camelCase),
        /** Boolean parameters the method always sets (`list-panes -a` for `Server.listPanes`). */
        preset: optional(list(camelCase)),
        /** The facade runtime implements the method by hand (it does more than run the command). */
        handWritten: optional(boolean),
      }),
    ),
  ),
  flags: required(list(flag)),
  exclusive: optional(list(list(matching(/^[A-Za-z0-9]$/, 'a flag letter')))),
  positionals: required(list(positional)),
});

export const versionsFile = record({
  releases: required(
    list(
      record({
        version: required(release),
        date: required(matching(/^\d{4}-\d{2}-\d{2}$/, 'a date (YYYY-MM-DD)')),
        letter: required(boolean),
      }),
    ),
  ),
});

export const FORMAT_TYPES = ['string', 'integer', 'flag', 'time', 'paneId', 'windowId', 'sessionId'] as const;
export const FORMAT_OBJECTS = [
  'server',
  'session',
  'window',
  'pane',
  'client',
  'buffer',
  'listing',
  'mode',
  'messages',
  'popup',
] as const;

export const formatsFile = record({
  variables: required(
    list(
      record({
        name: required(matching(/^[a-z][a-z0-9_]*$/, 'a format variable name')),
        type: required(oneOf(FORMAT_TYPES)),
        object: required(oneOf(FORMAT_OBJECTS)),
        since: required(release),
        missing: optional(list(range)),
        absentSpelling: optional(list(record({ until: required(release), text: required(string) }))),
      }),
    ),
  ),
});

export const ARGUMENT_TYPES = [
  'integer',
  'word',
  'text',
  'paneId',
  'windowId',
  'sessionId',
  'windowIndex',
  'layout',
  'escapedData',
] as const;

const notificationArgument = record({
  name: optional(camelCase),
  type: optional(oneOf(ARGUMENT_TYPES)),
  rest: optional(boolean),
  optional: optional(boolean),
  orDash: optional(boolean),
  colon: optional(boolean),
  summary: optional(summary),
});

export const notificationsFile = record({
  notifications: required(
    list(
      record({
        line: required(matching(/^%[a-z]+(-[a-z]+)*$/, 'a control-mode line type such as %output')),
        kind: required(oneOf(['blockStart', 'blockEnd', 'notification', 'exit'] as const)),
        since: required(release),
        insideBlock: optional(boolean),
        summary: required(summary),
        arguments: required(list(notificationArgument)),
      }),
    ),
  ),
});

export const rowsFile = record({
  rows: required(
    list(
      record({
        kind: required(oneOf(ROW_KINDS)),
        type: required(matching(/^[A-Z][A-Za-z]*Row$/, 'a row type name such as PaneRow')),
        variables: required(list(matching(/^[a-z][a-z0-9_]*$/, 'a format variable name'))),
        mayBeEmpty: optional(list(matching(/^[a-z][a-z0-9_]*$/, 'a format variable name'))),
      }),
    ),
  ),
});

type Parsed<S> = S extends Schema<infer T> ? Exclude<T, symbol> : never;

export type CommandFile = Parsed<typeof commandFile>;
export type FlagSpec = CommandFile['flags'][number];
export type PositionalSpec = CommandFile['positionals'][number];
export type ReleaseRange = Parsed<typeof range>;
export type ReleaseInfo = Parsed<typeof versionsFile>['releases'][number];
export type FormatVariable = Parsed<typeof formatsFile>['variables'][number];
export type NotificationSpec = Parsed<typeof notificationsFile>['notifications'][number];
export type RowSpec = Parsed<typeof rowsFile>['rows'][number];
export type NotificationArgument = NotificationSpec['arguments'][number];

/** A command file after validation, with the file it came from. */
export interface CommandSpec extends CommandFile {
  readonly file: string;
}

export interface Manifest {
  readonly releases: readonly ReleaseInfo[];
  readonly commands: readonly CommandSpec[];
  readonly formats: readonly FormatVariable[];
  readonly notifications: readonly NotificationSpec[];
  readonly rows: readonly RowSpec[];
}
