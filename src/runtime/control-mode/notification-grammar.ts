/**
 * The shape of `manifest/notifications.yaml` as the runtime reads it: one entry per control-mode line type
 * with its argument grammar. The generated `NOTIFICATION_GRAMMAR` is a list of these; the parser reads
 * any line from it, so a new notification needs only a manifest entry and `npm run codegen`.
 */

export type NotificationArgumentType =
  | 'integer'
  | 'word'
  | 'text'
  | 'paneId'
  | 'windowId'
  | 'sessionId'
  | 'windowIndex'
  | 'layout'
  | 'escapedData';

export interface NotificationArgument {
  /** The event field it fills (camelCase); absent for the lone `:` marker. */
  readonly name?: string;
  readonly type?: NotificationArgumentType;
  /** Takes the rest of the line, spaces included. */
  readonly rest?: boolean;
  /** May be missing at the end of the line. */
  readonly optional?: boolean;
  /** May be a lone `-` (read as `null`). */
  readonly orDash?: boolean;
  /** The lone `:` that ends a run of reserved fields: skip to it. */
  readonly colon?: boolean;
}

export interface NotificationGrammar {
  /** The line's first word, `%window-add`. */
  readonly line: string;
  /** The event's `type`: the word without `%`, `window-add`. */
  readonly type: string;
  readonly kind: 'blockStart' | 'blockEnd' | 'notification' | 'exit';
  /** The first release that prints it. */
  readonly since: string;
  /** Printed inside a command's output block (`%pause`, `%continue`, `%message`). */
  readonly insideBlock: boolean;
  readonly arguments: readonly NotificationArgument[];
}
