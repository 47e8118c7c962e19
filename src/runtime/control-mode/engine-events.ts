/**
 * Events the control-mode engine adds to the generated notifications: a line no grammar reads, a block
 * tmux printed for something other than this client's requests, and a gap where a slow consumer lost
 * events. The generated `ControlModeEvent` union includes them.
 */
export type { RawLineEvent } from './control-mode-parser.js';

/**
 * An output block with flags 0: the output of a command this client did not send (a hook, `if-shell -b`,
 * the command `tmux -C` started with).
 */
export interface UnsolicitedBlockEvent {
  readonly type: 'block';
  readonly time: number;
  readonly number: number;
  /** `%end` (true) or `%error` (false). */
  readonly ok: boolean;
  /** The block's lines, UTF-8, each followed by LF. */
  readonly output: string;
}

/** `count` events were dropped here because this consumer fell more than its buffer behind. */
export interface EventsDroppedEvent {
  readonly type: 'dropped';
  readonly count: number;
}
