/** Names the generator derives from the manifest, in one place so every emitter agrees. */

/** `split-window` → `SplitWindow`. */
export function className(command: string): string {
  return command
    .split('-')
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/** `pane_current_path` → `paneCurrentPath`. */
export function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `panes` → `PANE_ROW_FIELDS`. */
export function rowFieldsConstant(kind: string): string {
  return `${kind.replace(/s$/, '').toUpperCase()}_ROW_FIELDS`;
}

/** `display-message` → `displayMessagePath`: the command's generated straight-line path. */
export function pathName(command: string): string {
  return `${command.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}Path`;
}

/** The result class each result kind decodes into (operations' return types, the reference pages). */
export const RESULT_CLASSES = {
  ack: 'AckResult',
  created: 'CreatedResult',
  text: 'TextResult',
  lines: 'LinesResult',
  rows: 'RowsResult',
  exists: 'ExistsResult',
  options: 'OptionsResult',
  environment: 'EnvironmentResult',
} as const;
