/**
 * Working in a pane: read it (tail-limited, or only what is new since a cursor), type into it, run a
 * command and get its exit status and its own output, and wait for text or for quiet. Waits never poll:
 * they follow the pane's output as tmux sends it. None of these acts on the caller's own pane except to
 * read it.
 */
import * as z from 'zod';
import { CapturePane, DisplayMessage, type Engine, type ExecuteOptions } from '../../index.js';
import { decodeCursor, positionFromLine, POSITION_FORMAT, sliceCapture } from '../capture-cursor.js';
import { RefusedError, type TmuxMcpContext } from '../mcp-context.js';
import { millis, paneArg, paneIdOf, text, tool, type CuratedTool, type ToolCall } from './tool-definition.js';

/** The most bytes of pane text one result carries; more is cut from the start (the newest is kept). */
export const MAX_RESULT_BYTES = 256 * 1024;

/** Keeps the end of `s` within `max` UTF-8 bytes. */
export function keepTail(s: string, max = MAX_RESULT_BYTES): { text: string; truncated: boolean } {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= max) return { text: s, truncated: false };
  return {
    text: bytes
      .subarray(bytes.length - max)
      .toString('utf8')
      .replace(/^\uFFFD+/, ''),
    truncated: true,
  };
}

/** Refuses to run a command in the pane the MCP server runs in (`pane.run` does not go through `ctx.exec`'s guard). */
async function notCaller(ctx: TmuxMcpContext, paneId: string, what: string, call: ExecuteOptions) {
  const caller = await ctx.callerPlace(call);
  if (caller?.paneId === paneId)
    throw new RefusedError(`refused: ${what} into ${paneId}, the pane this MCP server runs in`);
}

/** Calls `progress` every second with the seconds elapsed, until `work` settles. */
async function ticking<T>(call: ToolCall, total: number | undefined, work: Promise<T>): Promise<T> {
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    void call.progress(seconds, total, `${seconds}s`).catch(() => undefined);
  }, 1000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

/** The pane's position and its whole text, in one tmux command list so no output lands in between. */
async function positionAndLines(engine: Engine, paneId: string, call: ExecuteOptions) {
  const ops = [
    new DisplayMessage({ print: true, target: paneId, message: POSITION_FORMAT }),
    new CapturePane({ print: true, target: paneId, startLine: '-', endLine: '-' }),
  ] as const;
  const results = engine.executeList
    ? (await engine.executeList(ops, call)).results
    : [await engine.execute(ops[0], call), await engine.execute(ops[1], call)];
  for (const r of results) r.raiseForStatus();
  const [position, capture] = results;
  const all = capture!.stdout.endsWith('\n') ? capture!.stdout.slice(0, -1) : capture!.stdout;
  return { at: positionFromLine(position!.stdout), all: all === '' ? [] : all.split('\n') };
}

const seconds = (ms: number) => Math.ceil(ms / 1000);

export const paneTools: readonly CuratedTool[] = [
  tool({
    name: 'capture_pane',
    title: 'Read a pane',
    description:
      "Read a pane's text: the last `lines` complete lines (history included) and the line the cursor is on (`current`, often a prompt). Pass the returned `cursor` as `since` next time to get only the lines that came after. Reading never changes the pane.",
    tier: 'readonly',
    idempotent: true,
    input: z.object({
      pane: paneArg,
      lines: z.number().int().min(1).max(5000).default(100).describe('At most this many lines (the newest)'),
      since: z.string().optional().describe('A cursor from an earlier capture_pane of this pane'),
    }),
    output: z.object({
      paneId: z.string(),
      lines: z.array(z.string()),
      current: z.string(),
      cursor: z.string(),
      missed: z.number().describe('New lines that left the history before this call'),
      omitted: z.number().describe('New lines not returned because of `lines` (the oldest)'),
      exact: z.boolean(),
      truncated: z.boolean().describe(`The text was cut to its last ${MAX_RESULT_BYTES} bytes`),
    }),
    async run(ctx, args, call) {
      const paneId = await paneIdOf(ctx, args.pane, call.signal);
      const since = args.since === undefined ? undefined : decodeCursor(args.since, paneId);
      const { at, all } = await positionAndLines(ctx.engine, paneId, { signal: call.signal });
      const slice = sliceCapture(paneId, all, at, {
        tail: args.lines,
        ...(since !== undefined ? { since } : {}),
      });
      const kept = keepTail(slice.lines.join('\n'));
      const lines = kept.truncated ? kept.text.split('\n') : [...slice.lines];
      return {
        paneId,
        ...slice,
        lines,
        omitted: slice.omitted + (slice.lines.length - lines.length),
        truncated: kept.truncated,
      };
    },
  }),
  tool({
    name: 'send_keys',
    title: 'Type into a pane',
    description:
      'Type into a pane: `text` literally (nothing in it is a key name), then named `keys` (Enter, C-c, Up, Escape, ...), then Enter when `enter` is true. To run a shell command and get its result, use run_command instead.',
    tier: 'mutating',
    openWorld: true,
    input: z.object({
      pane: paneArg,
      text: text('text').optional(),
      keys: z.array(text('key').min(1)).optional().describe('tmux key names, sent after the text'),
      enter: z.boolean().default(false),
    }),
    output: z.object({ paneId: z.string(), sent: z.number() }),
    async run(ctx, args, call) {
      const paneId = await paneIdOf(ctx, args.pane, call.signal);
      const keys = [...(args.keys ?? []), ...(args.enter ? ['Enter'] : [])];
      let sent = 0;
      if (args.text !== undefined && args.text !== '') {
        await ctx.exec(
          'send-keys',
          { target: paneId, literal: true, keys: [args.text] },
          { signal: call.signal },
        );
        sent++;
      }
      if (keys.length > 0) {
        await ctx.exec('send-keys', { target: paneId, keys }, { signal: call.signal });
        sent += keys.length;
      }
      return { paneId, sent };
    },
  }),
  tool({
    name: 'run_command',
    title: 'Run a shell command in a pane',
    description:
      "Run a shell command in a pane's shell (bash, zsh, dash, sh) and wait for it: returns its exit status and its own output only (no echo, no prompt), kept out of shell history. A command that outlives `timeoutMs` is interrupted with C-c (timedOut: true). Use `shell: '/bin/sh'` to run it in a child shell so `cd` and variables do not stick.",
    tier: 'mutating',
    openWorld: true,
    input: z.object({
      pane: paneArg,
      command: text('command').min(1),
      timeoutMs: millis(60_000),
      shell: text('shell').optional(),
      maxBytes: z
        .number()
        .int()
        .min(1)
        .max(16 * 1024 * 1024)
        .default(MAX_RESULT_BYTES),
    }),
    output: z.object({
      paneId: z.string(),
      outcome: z.enum(['completed', 'timed-out', 'pane-exited', 'aborted']),
      exitCode: z.number().optional(),
      output: z.string(),
      truncated: z.boolean(),
      timedOut: z.boolean(),
    }),
    async run(ctx, args, call) {
      const paneId = await paneIdOf(ctx, args.pane, call.signal);
      await notCaller(ctx, paneId, 'running a command', { signal: call.signal });
      const r = await ticking(
        call,
        seconds(args.timeoutMs),
        ctx.server.pane(paneId).run(args.command, {
          timeout: args.timeoutMs,
          signal: call.signal,
          maxBytes: args.maxBytes,
          ...(args.shell !== undefined ? { shell: args.shell } : {}),
        }),
      );
      return {
        paneId,
        outcome: r.outcome,
        ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
        output: r.output,
        truncated: r.truncated,
        timedOut: r.timedOut,
      };
    },
  }),
  tool({
    name: 'wait_for_text',
    title: 'Wait for text in a pane',
    description:
      'Wait until text appears in a pane (already on screen counts), without polling: a plain string, or a JavaScript regular expression with `regex: true`. Returns matched, timed-out, pane-exited or aborted, with the match.',
    tier: 'readonly',
    input: z.object({
      pane: paneArg,
      pattern: text('pattern').min(1),
      regex: z.boolean().default(false),
      flags: z
        .string()
        .regex(/^[imsu]*$/)
        .default(''),
      timeoutMs: millis(30_000),
    }),
    output: z.object({
      paneId: z.string(),
      outcome: z.enum(['matched', 'timed-out', 'pane-exited', 'aborted']),
      match: z.string().optional(),
      text: z.string().describe('The text looked at (its end, when long)'),
    }),
    async run(ctx, args, call) {
      const paneId = await paneIdOf(ctx, args.pane, call.signal);
      let pattern: string | RegExp = args.pattern;
      if (args.regex) {
        try {
          pattern = new RegExp(args.pattern, args.flags);
        } catch (e) {
          throw new RefusedError(`pattern is not a regular expression: ${(e as Error).message}`);
        }
      }
      const r = await ticking(
        call,
        seconds(args.timeoutMs),
        ctx.server.pane(paneId).waitForText(pattern, { timeout: args.timeoutMs, signal: call.signal }),
      );
      return {
        paneId,
        outcome: r.outcome,
        ...(r.match !== undefined ? { match: r.match } : {}),
        text: keepTail(r.text, 64 * 1024).text,
      };
    },
  }),
  tool({
    name: 'wait_for_quiet',
    title: 'Wait until a pane is quiet',
    description:
      'Wait until a pane prints nothing for `quietMs`, and return what it printed meanwhile. Quiet is not success: `running` says whether a program still runs in the pane (it may be waiting for input).',
    tier: 'readonly',
    input: z.object({
      pane: paneArg,
      quietMs: z.number().int().min(10).max(600_000).default(1000),
      timeoutMs: millis(30_000),
    }),
    output: z.object({
      paneId: z.string(),
      outcome: z.enum(['quiet', 'timed-out', 'pane-exited', 'aborted']),
      output: z.string(),
      truncated: z.boolean(),
      running: z.boolean().optional(),
      currentCommand: z.string().optional(),
    }),
    async run(ctx, args, call) {
      const paneId = await paneIdOf(ctx, args.pane, call.signal);
      const r = await ticking(
        call,
        seconds(args.timeoutMs),
        ctx.server.pane(paneId).waitForQuiet({
          quietMs: args.quietMs,
          timeout: args.timeoutMs,
          signal: call.signal,
          maxBytes: MAX_RESULT_BYTES,
        }),
      );
      return {
        paneId,
        outcome: r.outcome,
        output: r.output,
        truncated: r.truncated,
        ...(r.running !== undefined ? { running: r.running } : {}),
        ...(r.currentCommand !== undefined ? { currentCommand: r.currentCommand } : {}),
      };
    },
  }),
];
