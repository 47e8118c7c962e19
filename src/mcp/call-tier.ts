/**
 * The tier of one call, from what its arguments do and not only from the command's name. A call is
 * `destructive` when it makes tmux run a program or tmux commands from outside: a shell command
 * (`new-window 'make'`, `run-shell`, `if-shell`, `pipe-pane` with a command, `respawn-*`), a tmux command (`bind-key`,
 * `set-hook`, `confirm-before`), `source-file`, environment injection (`-e`, `set-environment`), or a format
 * that runs a command (`#(...)`). Otherwise it is the command's own safety, lowered to `readonly` by the
 * flag that makes it so (`capture-pane -p`). Pure: descriptors and parameters in, a tier out.
 */
import type { CommandDescriptor, ValueType } from '../runtime/command-descriptor.js';
import { higherTier, type SafetyTier } from './safety-tiers.js';

/** Value types whose values tmux runs: a shell command, or tmux commands. */
const RUNS: ReadonlySet<ValueType> = new Set(['shellCommand', 'command']);

/** Whether the command can run programs at all (the MCP descriptors' `openWorldHint`). */
export function runsPrograms(c: CommandDescriptor): boolean {
  const types = [...c.flags.map((f) => f.valueType), ...c.positionals.map((p) => p.type)];
  return c.command === 'source-file' || types.some((t) => t !== null && RUNS.has(t));
}

/** Whether a value (a string, or strings in an array) asks tmux to run a command through a format. */
export const runsFormatCommand = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes('#(')
    : Array.isArray(value) && value.some((v) => runsFormatCommand(v));

/**
 * Options whose value tmux runs: the shell and command of new panes, the lock command, the copy command,
 * the editor, command aliases, and hooks (which tmux 3.x keeps as array options). tmux accepts any
 * unambiguous prefix of an option's name, so a name that starts one of these counts as it.
 */
const PROGRAM_OPTIONS = [
  'default-command',
  'default-shell',
  'lock-command',
  'copy-command',
  'editor',
  'command-alias',
  'after-',
  ...['activity', 'bell', 'silence'].map((h) => `alert-${h}`),
  ...[
    'active',
    'attached',
    'detached',
    'focus-in',
    'focus-out',
    'resized',
    'session-changed',
    'light-theme',
    'dark-theme',
  ].map((h) => `client-${h}`),
  'command-error',
  ...['died', 'exited', 'focus-in', 'focus-out', 'mode-changed', 'set-clipboard', 'title-changed'].map(
    (h) => `pane-${h}`,
  ),
  ...['closed', 'created', 'renamed', 'window-changed'].map((h) => `session-${h}`),
  ...['layout-changed', 'linked', 'pane-changed', 'renamed', 'resized', 'unlinked'].map((h) => `window-${h}`),
];

/** Whether setting `option` (a name, a prefix of one, `name[index]`) can make tmux run something. */
export function optionRunsPrograms(option: string): boolean {
  const name = option.replace(/\[\d*\]$/, '');
  if (name === '' || name.startsWith('@')) return false;
  return PROGRAM_OPTIONS.some((o) => o.startsWith(name) || (o.endsWith('-') && name.startsWith(o)));
}

const present = (value: unknown) =>
  value !== undefined && value !== null && value !== false && !(Array.isArray(value) && value.length === 0);

/** Copy-mode commands that pipe the selection into a program (`copy-pipe`, `copy-pipe-and-cancel`, `pipe`). */
const runsPipe = (keys: unknown): boolean => Array.isArray(keys) && keys.some((k) => /pipe/.test(String(k)));

/** Why a call is more dangerous than its command's name says, or undefined when it is not. */
export function escalation(
  c: CommandDescriptor,
  params: Readonly<Record<string, unknown>>,
): string | undefined {
  if (c.command === 'source-file') return 'source-file runs the tmux commands in a file';
  if (c.command === 'set-environment') return 'set-environment injects environment variables';
  const typed = [
    ...c.flags.map((f) => ({ param: f.param, type: f.valueType })),
    ...c.positionals.map((p) => ({ param: p.param, type: p.type })),
  ];
  for (const { param, type } of typed) {
    const value = params[param];
    if (!present(value)) continue;
    if (type !== null && RUNS.has(type))
      return `${param} runs ${type === 'command' ? 'tmux commands' : 'a program'}`;
    if (type === 'environment') return `${param} injects environment variables`;
  }
  if (c.command === 'set-option' || c.command === 'set-window-option') {
    const option = String(params['option'] ?? '');
    if (optionRunsPrograms(option) && !params['unset']) return `option ${option} can make tmux run programs`;
    // Appending can build a #() out of pieces that each look harmless.
    if (params['append'] && /[#(]/.test(String(params['value'] ?? '')))
      return `appending to ${option} can build a #() format that runs a command`;
  }
  if (c.command === 'save-buffer' || c.command === 'load-buffer')
    return `${c.command} writes or reads any file`;
  if (c.command === 'send-keys' && params['copyModeCommand'] && runsPipe(params['keys']))
    return 'a copy-mode pipe command runs a program';
  // Commands whose whole purpose is to run something, whatever the arguments say.
  if (c.command === 'run-shell' || c.command === 'if-shell') return `${c.command} runs a program`;
  for (const [param, value] of Object.entries(params))
    if (runsFormatCommand(value)) return `${param} holds #(...), a format that runs a command`;
  return undefined;
}

/** The command's own tier for these parameters: its safety, or readonly with its read-only flag. */
export function commandTier(c: CommandDescriptor, params: Readonly<Record<string, unknown>>): SafetyTier {
  if (c.readonlyWith !== null) {
    const flag = c.flags.find((f) => f.flag === c.readonlyWith);
    if (flag && present(params[flag.param]) && c.safety === 'mutating') return 'readonly';
  }
  return c.safety;
}

/** The tier of running `c` with `params`, and why it was raised. */
export function callTier(
  c: CommandDescriptor,
  params: Readonly<Record<string, unknown>>,
): { readonly tier: SafetyTier; readonly reason?: string } {
  const base = commandTier(c, params);
  const why = escalation(c, params);
  return why ? { tier: higherTier(base, 'destructive'), reason: why } : { tier: base };
}
