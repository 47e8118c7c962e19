import { describe, expect, it } from 'vitest';
import { currentPaneId, NotInTmuxError, tmuxEnvironment } from '../../../src/index.js';

describe('tmuxEnvironment', () => {
  it.each([
    [{ TMUX: '/tmp/tmux-0/default,123,0', TMUX_PANE: '%4' }, '/tmp/tmux-0/default', 123, '%4'],
    [{ TMUX: '/tmp/odd,dir/sock,9,2' }, '/tmp/odd,dir/sock', 9, undefined],
    [{ TMUX: '/s,1,0', TMUX_PANE: 'junk' }, '/s', 1, undefined],
  ])('reads %j', (env, socketPath, serverPid, paneId) => {
    expect(tmuxEnvironment(env)).toEqual({ socketPath, serverPid, paneId });
  });

  it.each([{}, { TMUX: '' }, { TMUX: 'not-tmux' }])('refuses %j with NotInTmuxError', (env) => {
    expect(() => tmuxEnvironment(env)).toThrow(NotInTmuxError);
  });

  it('needs $TMUX_PANE for the current pane', () => {
    expect(currentPaneId({ TMUX: '/s,1,0', TMUX_PANE: '%7' })).toBe('%7');
    expect(() => currentPaneId({ TMUX: '/s,1,0' })).toThrow(/TMUX_PANE/);
  });
});
