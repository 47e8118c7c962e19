/**
 * Options, environment and paste buffers: read them, and write them. Writing an option that makes tmux run
 * something (a hook, `default-command`, a `#()` format) or any environment variable is destructive.
 */
import * as z from 'zod';
import type { EnvironmentResult, OptionsResult, RowsResult } from '../../index.js';
import { keepTail, MAX_RESULT_BYTES } from './pane-tools.js';
import {
  acknowledged,
  commandTool,
  defined,
  paneArg,
  sessionArg,
  text,
  tool,
  type CuratedTool,
} from './tool-definition.js';

const scopeArg = z
  .enum(['server', 'session', 'window', 'pane'])
  .describe(
    'server options; or session, window or pane options (of `target`, or the global ones without it)',
  );

/** The show-options/set-option parameters that pick a scope and a target (none: the global options). */
function scopeParams(scope: 'server' | 'session' | 'window' | 'pane', target: string | undefined) {
  if (scope === 'server') return { server: true };
  return {
    ...(scope === 'window' ? { window: true } : scope === 'pane' ? { pane: true } : {}),
    ...(target === undefined ? { global: true } : { target }),
  };
}

export const settingsTools: readonly CuratedTool[] = [
  tool({
    name: 'show_options',
    title: 'Show tmux options',
    description:
      'Read options: server options, or the session, window or pane options of a target (global ones without a target); one by `name`, or all.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({
      scope: scopeArg,
      target: text('target').min(1).optional(),
      name: text('name').min(1).optional(),
    }),
    output: z.object({ options: z.record(z.string(), z.string()) }),
    async run(ctx, { scope, target, name }, call) {
      const r = (await ctx.exec(
        'show-options',
        { ...scopeParams(scope, target), ...(name !== undefined ? { option: name } : {}) },
        { signal: call.signal },
      )) as OptionsResult;
      return { options: { ...r.options } };
    },
  }),
  commandTool({
    name: 'set_option',
    title: 'Set a tmux option',
    description:
      'Set (or unset) an option in a scope. Options that make tmux run something (hooks, default-command, default-shell, a #() format) need the destructive tier.',
    tier: 'mutating',
    idempotent: true,
    input: z.object({
      scope: scopeArg,
      target: text('target').min(1).optional(),
      name: text('name').min(1),
      value: text('value').optional().describe('The value; leave out with unset'),
      unset: z.boolean().default(false),
      append: z.boolean().default(false),
    }),
    command: 'set-option',
    params: (a) =>
      defined({
        ...scopeParams(a.scope, a.target),
        option: a.name,
        value: a.value,
        unset: a.unset || undefined,
        append: a.append || undefined,
      }),
  }),
  tool({
    name: 'show_environment',
    title: 'Show tmux environment',
    description:
      "Read the environment new panes get: the global one, or a session's; one variable by `name`, or all.",
    tier: 'readonly',
    idempotent: true,
    input: z.object({ session: sessionArg.optional(), name: text('name').min(1).optional() }),
    output: z.object({ variables: z.record(z.string(), z.string()), removed: z.array(z.string()) }),
    async run(ctx, { session, name }, call) {
      const r = (await ctx.exec(
        'show-environment',
        {
          ...(session === undefined ? { global: true } : { target: session }),
          ...(name !== undefined ? { name } : {}),
        },
        { signal: call.signal },
      )) as EnvironmentResult;
      return { variables: { ...r.variables }, removed: [...r.removed] };
    },
  }),
  commandTool({
    name: 'set_environment',
    title: 'Set tmux environment',
    description:
      "Set or remove a variable of the environment new panes get (global, or a session's). Destructive: it changes what later programs run with.",
    tier: 'destructive',
    idempotent: true,
    input: z.object({
      session: sessionArg.optional(),
      name: text('name').regex(/^[^=]+$/),
      value: text('value').optional(),
      remove: z.boolean().default(false),
    }),
    command: 'set-environment',
    params: (a) => ({
      ...(a.session === undefined ? { global: true } : { target: a.session }),
      name: a.name,
      ...(a.remove ? { unset: true } : { value: a.value ?? '' }),
    }),
  }),
  tool({
    name: 'list_buffers',
    title: 'List paste buffers',
    description: 'List the paste buffers: name, size and the start of each.',
    tier: 'readonly',
    idempotent: true,
    input: z.object({}),
    output: z.object({
      buffers: z.array(z.object({ name: z.string(), size: z.number(), sample: z.string() })),
    }),
    async run(ctx, _args, call) {
      const r = (await ctx.exec('list-buffers', {}, { signal: call.signal })) as RowsResult<
        Record<string, unknown>
      >;
      return {
        buffers: r.rows.map((row) => {
          const f = row;
          return {
            name: String(f['bufferName'] ?? ''),
            size: Number(f['bufferSize'] ?? 0),
            sample: String(f['bufferSample'] ?? ''),
          };
        }),
      };
    },
  }),
  tool({
    name: 'show_buffer',
    title: 'Read a paste buffer',
    description: `Read a paste buffer's text (its last ${MAX_RESULT_BYTES} bytes when longer).`,
    tier: 'readonly',
    idempotent: true,
    input: z.object({ name: text('name').min(1) }),
    output: z.object({ name: z.string(), text: z.string(), truncated: z.boolean() }),
    async run(ctx, { name }, call) {
      const r = await ctx.exec('show-buffer', { bufferName: name }, { signal: call.signal });
      const kept = keepTail(r.stdout);
      return { name, text: kept.text, truncated: kept.truncated };
    },
  }),
  commandTool({
    name: 'set_buffer',
    title: 'Write a paste buffer',
    description: 'Create or replace a paste buffer with text (named, or tmux picks a name).',
    tier: 'mutating',
    input: z.object({ name: text('name').min(1).optional(), data: text('data') }),
    command: 'set-buffer',
    params: ({ name, data }) => defined({ bufferName: name, data }),
  }),
  commandTool({
    name: 'delete_buffer',
    title: 'Delete a paste buffer',
    description: 'Delete a paste buffer by name (list_buffers shows them).',
    tier: 'mutating',
    input: z.object({ name: text('name').min(1) }),
    command: 'delete-buffer',
    params: ({ name }) => ({ bufferName: name }),
  }),
  tool({
    name: 'paste_buffer',
    title: 'Paste a buffer into a pane',
    description: 'Paste a buffer into a pane, as if typed (bracketed when the program asked for it).',
    tier: 'mutating',
    openWorld: true,
    input: z.object({ pane: paneArg, name: text('name').min(1).optional() }),
    output: acknowledged,
    async run(ctx, { pane, name }, call) {
      await ctx.exec('paste-buffer', defined({ target: pane, bracketed: true, bufferName: name }), {
        signal: call.signal,
      });
      return { ok: true as const };
    },
  }),
];
