/** Which panes tmux's notifications show to be gone: the layouts name a window's panes, a closed window takes them. */
import { describe, expect, it } from 'vitest';
import { PaneLifetimes, panesInLayout } from '../../../src/runtime/control-mode/pane-lifetimes.js';

describe('panesInLayout', () => {
  it.each([
    ['one pane, old format', 'b25d,80x24,0,0,0', ['%0']],
    ['a split, old format', '8205,80x24,0,0{40x24,0,0,0,39x24,41,0,1}', ['%0', '%1']],
    [
      'nested splits, old format',
      'c0ff,80x24,0,0[80x12,0,0,3,80x11,0,13{40x11,0,13,7,39x11,41,13,12}]',
      ['%3', '%7', '%12'],
    ],
    [
      "tmux 3.8's JSON",
      '{"V":2,"L":{"t":"h","w":80,"h":24,"x":0,"y":0,"c":[{"t":"p","w":40,"h":24,"x":0,"y":0,"l":0,"i":0,"I":"%0"},{"t":"p","w":39,"h":24,"x":41,"y":0,"a":true,"i":1,"I":"%2"}]}}',
      ['%0', '%2'],
    ],
  ])('%s', (_name, layout, panes) => {
    expect(panesInLayout(layout)).toEqual(panes);
  });
});

describe('PaneLifetimes', () => {
  const layout = (windowId: string, l: string) => ({
    type: 'layout-change',
    windowId,
    layout: l,
    visibleLayout: l,
  });

  it('reports the panes a new layout no longer names, and all of a closed window', () => {
    const lifetimes = new PaneLifetimes();
    expect(lifetimes.observe(layout('@1', '8205,80x24,0,0{40x24,0,0,4,39x24,41,0,5}'))).toEqual([]);
    expect(lifetimes.observe(layout('@2', 'b25d,80x24,0,0,6'))).toEqual([]);
    expect(lifetimes.observe(layout('@1', 'b25d,80x24,0,0,5'))).toEqual(['%4']);
    expect(lifetimes.observe({ type: 'window-close', windowId: '@1' })).toEqual(['%5']);
    expect(lifetimes.observe({ type: 'unlinked-window-close', windowId: '@2' })).toEqual(['%6']);
    expect(lifetimes.windows).toBe(0);
  });

  it('says nothing about windows it never saw a layout of, or about other events', () => {
    const lifetimes = new PaneLifetimes();
    expect(lifetimes.observe({ type: 'window-close', windowId: '@9' })).toEqual([]);
    expect(lifetimes.observe({ type: 'output', paneId: '%1', data: new Uint8Array(), text: '' })).toEqual([]);
    expect(lifetimes.windows).toBe(0);
  });
});
