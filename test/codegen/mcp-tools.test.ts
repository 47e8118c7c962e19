/**
 * The generated MCP tool descriptors (src/generated/mcp-tools.generated.ts) against the catalog they come
 * from: one tool per command, annotations from its safety, input schemas whose properties are exactly the
 * operation's parameters (a value of each schema's type builds the operation), exclusive groups refused
 * together, releases carried, and output schemas by result kind.
 */
import { describe, expect, it } from 'vitest';
import * as tmuxkit from '../../src/index.js';
import { catalog, mcpToolDescriptors, type JsonSchema } from '../../src/index.js';

const toolFor = (command: string) => mcpToolDescriptors.find((t) => t.command === command)!;

/** A value the schema accepts, for building the operation. */
function sample(schema: JsonSchema): unknown {
  if (schema.type === 'array') return [sample(schema.items!)];
  if (schema.anyOf) return sample(schema.anyOf[0]!);
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'boolean':
      return true;
    case 'integer':
      return 1;
    case 'number':
      return 1.5;
    default:
      return schema.pattern === '^[^=]+='
        ? 'NAME=value'
        : schema.description?.startsWith('a session')
          ? '$1'
          : '%1';
  }
}

describe('MCP tool descriptors', () => {
  it('has one tool per command, named tmux_<command> in snake_case', () => {
    expect(mcpToolDescriptors.map((t) => t.command)).toEqual(catalog.map((c) => c.command));
    for (const t of mcpToolDescriptors) expect(t.name).toBe(`tmux_${t.command.replaceAll('-', '_')}`);
    expect(new Set(mcpToolDescriptors.map((t) => t.name)).size).toBe(catalog.length);
  });

  it('sets all four annotations from the safety, and openWorld for commands that run programs', () => {
    for (const t of mcpToolDescriptors) {
      expect(t.annotations).toEqual({
        title: `tmux ${t.command}`,
        readOnlyHint: t.safety === 'readonly',
        destructiveHint: t.safety === 'destructive',
        idempotentHint: t.safety === 'readonly',
        openWorldHint: expect.any(Boolean),
      });
    }
    const openWorld = (c: string) => toolFor(c).annotations.openWorldHint;
    for (const c of [
      'run-shell',
      'if-shell',
      'split-window',
      'new-window',
      'respawn-pane',
      'pipe-pane',
      'source-file',
    ])
      expect(openWorld(c), c).toBe(true);
    for (const c of ['list-sessions', 'kill-server', 'select-pane', 'capture-pane'])
      expect(openWorld(c), c).toBe(false);
  });

  it.each(catalog.map((c) => [c.command, c] as const))(
    '%s: its input schema lists exactly the parameters, and values of their types build the operation',
    (_, command) => {
      const schema = toolFor(command.command).inputSchema;
      const params = [...command.flags.map((f) => f.param), ...command.positionals.map((p) => p.param)];
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual([...params].sort());
      expect(schema.additionalProperties).toBe(false);
      const required = command.positionals.filter((p) => !p.optional && p.until === null).map((p) => p.param);
      expect(schema.required ?? []).toEqual(required);
      const Operation = (tmuxkit as unknown as Record<string, new (p: object) => unknown>)[
        command.className
      ]!;
      const base = Object.fromEntries(required.map((p) => [p, sample(schema.properties![p]!)]));
      for (const [param, property] of Object.entries(schema.properties!)) {
        expect(() => new Operation({ ...base, [param]: sample(property) }), param).not.toThrow();
        expect(property['x-tmux']?.since, param).toMatch(/^\d/);
      }
    },
  );

  it('refuses the flags of an exclusive group together', () => {
    const withGroups = catalog.filter((c) => c.exclusive.length > 0);
    expect(withGroups.length).toBeGreaterThan(0);
    for (const c of withGroups) {
      const pairs = toolFor(c.command).inputSchema.allOf ?? [];
      const expected = c.exclusive.reduce((n, g) => n + (g.length * (g.length - 1)) / 2, 0);
      expect(pairs, c.command).toHaveLength(expected);
      for (const pair of pairs) expect(pair.not?.required).toHaveLength(2);
    }
  });

  it('says which releases a flag needs, and describes results by kind', () => {
    const split = toolFor('split-window');
    expect(split.inputSchema.properties!['zoom']).toMatchObject({
      type: 'boolean',
      description: expect.stringMatching(/\(-Z\) \(tmux 3\.2 or newer\)/),
      'x-tmux': { flag: 'Z', since: '3.2', until: null },
    });
    expect(split.outputSchema.properties!['data']).toMatchObject({
      properties: { paneId: { type: 'string' } },
    });
    expect(toolFor('list-sessions').outputSchema.properties!['data']).toMatchObject({ type: 'array' });
    expect(toolFor('kill-server').outputSchema.properties!['data']).toBeUndefined();
    expect(toolFor('select-layout').inputSchema.properties!['layoutName']).toMatchObject({
      anyOf: [{ enum: expect.arrayContaining(['tiled', 'main-vertical']) }, { type: 'string' }],
    });
  });
});
