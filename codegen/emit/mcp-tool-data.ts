/**
 * A command's catalog entry as an MCP tool descriptor: its parameters as JSON Schema (types, the named
 * layouts as an enum, the releases of each flag, exclusive groups as `not both`), its result as an output
 * schema, and the four annotations from its safety. Pure: descriptors in, descriptors out.
 */
import type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ResultKind,
  ValueType,
} from '../../src/runtime/command-descriptor.js';
import type { JsonSchema, McpToolDescriptor } from '../../src/mcp/mcp-tool-descriptor.js';
import { runsPrograms } from '../../src/mcp/call-tier.js';

/** tmux's named layouts (select-layout), offered as an enum beside custom layout strings. */
const NAMED_LAYOUTS = ['even-horizontal', 'even-vertical', 'main-horizontal', 'main-vertical', 'tiled'];

const TARGET_HELP: Readonly<Record<string, string>> = {
  session: 'a session: $N or a name',
  window: 'a window: @N, or session:index',
  pane: 'a pane: %N, or session:window.pane',
  client: 'a client: its tty, e.g. /dev/pts/3',
};

/** One value of a manifest type, as JSON Schema. */
function valueSchema(type: ValueType, target: FlagDescriptor['target']): JsonSchema {
  switch (type) {
    case 'int':
      return { type: 'integer' };
    case 'number':
      return { type: 'number' };
    case 'size':
      return {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^\\d+%?$' },
        ],
      };
    case 'target':
      return { type: 'string', description: TARGET_HELP[target ?? 'pane']! };
    case 'environment':
      return { type: 'string', pattern: '^[^=]+=' };
    case 'layout':
      return { anyOf: [{ type: 'string', enum: NAMED_LAYOUTS }, { type: 'string' }] };
    default:
      return { type: 'string' };
  }
}

const joinDescriptions = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ');

function releasesNote(range: { since: string; until: string | null }, first: string): string | undefined {
  if (range.until !== null) return `(tmux ${range.since} up to, not including, ${range.until})`;
  return range.since !== first ? `(tmux ${range.since} or newer)` : undefined;
}

function flagSchema(flag: FlagDescriptor, first: string): JsonSchema {
  const one: JsonSchema =
    flag.valueType === null ? { type: 'boolean' } : valueSchema(flag.valueType, flag.target);
  const value: JsonSchema = flag.repeatable ? { type: 'array', items: one } : one;
  const hidden = flag.hidden === true;
  return {
    ...value,
    description: joinDescriptions(
      flag.summary,
      one.description ? `Names ${one.description}.` : undefined,
      `(-${flag.flag})`,
      releasesNote(flag, first),
      hidden ? '(accepted by tmux, undocumented)' : undefined,
    ),
    'x-tmux': { flag: flag.flag, since: flag.since, until: flag.until, ...(hidden ? { hidden } : {}) },
  };
}

function positionalSchema(p: PositionalDescriptor, first: string): JsonSchema {
  const one = valueSchema(p.type, null);
  const value: JsonSchema = p.variadic ? { type: 'array', items: one } : one;
  return {
    ...value,
    description: joinDescriptions(p.summary, releasesNote(p, first)),
    'x-tmux': { positional: true, since: p.since, until: p.until },
  };
}

/** The parameters, with every pair of an exclusive group refused together. */
export function inputSchema(c: CommandDescriptor, first: string): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const f of c.flags) properties[f.param] = flagSchema(f, first);
  for (const p of c.positionals) properties[p.param] = positionalSchema(p, first);
  const required = c.positionals.filter((p) => !p.optional && p.until === null).map((p) => p.param);
  const paramOf = (letter: string) => c.flags.find((f) => f.flag === letter)?.param;
  const pairs: JsonSchema[] = [];
  for (const group of c.exclusive) {
    const params = group.map(paramOf).filter((p): p is string => p !== undefined);
    for (let i = 0; i < params.length; i++)
      for (let j = i + 1; j < params.length; j++) pairs.push({ not: { required: [params[i]!, params[j]!] } });
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
    ...(pairs.length > 0 ? { allOf: pairs } : {}),
  };
}

const ROW: JsonSchema = { type: 'object', additionalProperties: true };
const DATA: Readonly<Record<ResultKind, JsonSchema | undefined>> = {
  ack: undefined,
  text: undefined,
  lines: undefined,
  created: {
    type: 'object',
    description: 'The ids of what was created: %N pane, @N window, $N session.',
    properties: {
      paneId: { type: 'string' },
      windowId: { type: 'string' },
      sessionId: { type: 'string' },
      printed: { type: 'string' },
    },
  },
  rows: { type: 'array', description: 'One typed row per object tmux listed.', items: ROW },
  exists: {
    type: 'object',
    properties: { exists: { type: 'boolean' }, answered: { type: 'boolean' } },
  },
  options: {
    type: 'object',
    description: 'Option name to value.',
    additionalProperties: { type: 'string' },
  },
  environment: {
    type: 'object',
    properties: {
      variables: { type: 'object', additionalProperties: { type: 'string' } },
      removed: { type: 'array', items: { type: 'string' } },
    },
  },
};

/** What the tool returns as structured content: the command's result, as `CommandResult.toJSON()` has it. */
export function outputSchema(result: ResultKind): JsonSchema {
  const data = DATA[result];
  return {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: [result, 'raw'] },
      command: { type: 'string' },
      argv: { type: 'array', items: { type: 'string' } },
      exitCode: { type: 'integer' },
      stdout: { type: 'string' },
      stderr: { type: 'string' },
      ...(data ? { data } : {}),
    },
    required: ['kind', 'command', 'argv', 'exitCode', 'stdout', 'stderr'],
  };
}

/** Commands that run programs or tmux commands from elsewhere: a shell command, a command list, a file. */

/** `split-window` → `tmux_split_window`: prefixed, so it never meets a curated tool's name. */
export const mcpToolName = (command: string) => `tmux_${command.replaceAll('-', '_')}`;

export function mcpToolDescriptor(c: CommandDescriptor, first: string): McpToolDescriptor {
  const title = `tmux ${c.command}`;
  const openWorld = runsPrograms(c);
  const exclusive = c.exclusive.map((g) => g.map((l) => `-${l}`).join('/')).join(', ');
  return {
    name: mcpToolName(c.command),
    title,
    description: joinDescriptions(
      `${c.summary.replace(/\.?$/, '.')}`,
      `Runs \`${c.command}\`${c.alias ? ` (${c.alias})` : ''}; ${c.safety}${c.readonlyWith ? ` (read-only with -${c.readonlyWith})` : ''}.`,
      openWorld ? 'Can run programs.' : undefined,
      c.needsClient ? 'Needs an attached client.' : undefined,
      exclusive ? `Not together: ${exclusive}.` : undefined,
      releasesNote(c, first),
    ),
    command: c.command,
    safety: c.safety,
    result: c.result,
    inputSchema: inputSchema(c, first),
    outputSchema: outputSchema(c.result),
    annotations: {
      title,
      readOnlyHint: c.safety === 'readonly',
      destructiveHint: c.safety === 'destructive',
      idempotentHint: c.safety === 'readonly',
      openWorldHint: openWorld,
    },
  };
}
