/**
 * Whether a pane's foreground command (`#{pane_current_command}`) is an interactive shell rather than a
 * program of its own: what `waitForQuiet` calls "running" and what a frozen workspace leaves out.
 */
const SHELLS = new Set([
  'sh',
  'bash',
  'dash',
  'zsh',
  'ksh',
  'mksh',
  'fish',
  'tcsh',
  'csh',
  'ash',
  'nu',
  'xonsh',
]);

/** `command` names a shell (a login shell's leading `-` aside). */
export function isShellName(command: string): boolean {
  return SHELLS.has(command.replace(/^-/, ''));
}
