/**
 * Which panes tmux has said are gone, from the notifications a control client gets: tmux sends no "pane
 * closed" line, but every window's layout names its panes (`%layout-change`, after a pane exits or is
 * killed, moved or broken out) and a closed window takes its panes with it (`%window-close`,
 * `%unlinked-window-close`). The engine drops per-pane state (UTF-8 decoders) for what this reports.
 * (tmux 3.8's old-format layouts leave floating panes out, so a client that turns `newLayouts` off may
 * drop a floating pane's decoder early: its next output starts a fresh one.) Pure: events in, pane ids out.
 */

/** The pane ids a layout names: 3.8's JSON (`"I":"%3"`) or the older `WxH,X,Y,ID` leaf cells. */
export function panesInLayout(layout: string): string[] {
  if (layout.startsWith('{')) return [...layout.matchAll(/"I":"(%\d+)"/g)].map((m) => m[1]!);
  // A leaf cell is `WxH,X,Y,ID`; a split cell is `WxH,X,Y` followed by `{` or `[`.
  return [...layout.matchAll(/\d+x\d+,\d+,\d+,(\d+)/g)].map((m) => `%${m[1]!}`);
}

export class PaneLifetimes {
  readonly #panes = new Map<string, ReadonlySet<string>>();

  /** The panes `event` shows to be gone (none for events that say nothing about panes). */
  observe(event: { readonly type: string; readonly [field: string]: unknown }): string[] {
    switch (event.type) {
      case 'layout-change': {
        const window = String(event['windowId']);
        const now = new Set(panesInLayout(String(event['layout'] ?? '')));
        const before = this.#panes.get(window);
        this.#panes.set(window, now);
        return before ? [...before].filter((p) => !now.has(p)) : [];
      }
      case 'window-close':
      case 'unlinked-window-close': {
        const window = String(event['windowId']);
        const gone = [...(this.#panes.get(window) ?? [])];
        this.#panes.delete(window);
        return gone;
      }
      default:
        return [];
    }
  }

  /** How many windows are tracked (for tests and diagnostics). */
  get windows(): number {
    return this.#panes.size;
  }
}
