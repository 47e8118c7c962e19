/** The self-kill guard as a table: what each kind of kill hits, from where the caller is. */
import { describe, expect, it } from 'vitest';
import { killOf, selfKillRefusal, type KillRequest } from '../../src/mcp/self-kill-guard.js';

const caller = { paneId: '%1', windowId: '@1', sessionId: '$1' };
const sibling = { paneId: '%2', windowId: '@1', sessionId: '$1' };
const otherWindow = { paneId: '%3', windowId: '@2', sessionId: '$1' };
const otherSession = { paneId: '%4', windowId: '@3', sessionId: '$2' };

describe('the self-kill guard', () => {
  it.each<[string, KillRequest, boolean]>([
    ['its own pane', { kind: 'pane', target: caller }, true],
    ['a sibling pane', { kind: 'pane', target: sibling }, false],
    ['the other panes of a sibling (kill-pane -a)', { kind: 'pane', target: sibling, others: true }, true],
    ['the other panes of its own pane', { kind: 'pane', target: caller, others: true }, false],
    ['the other panes in another window', { kind: 'pane', target: otherWindow, others: true }, false],
    ['its own window', { kind: 'window', target: sibling }, true],
    ['another window', { kind: 'window', target: otherWindow }, false],
    [
      'the other windows of another window (kill-window -a)',
      { kind: 'window', target: otherWindow, others: true },
      true,
    ],
    ['the other windows of its own', { kind: 'window', target: caller, others: true }, false],
    ['its own session', { kind: 'session', target: otherWindow }, true],
    ['another session', { kind: 'session', target: otherSession }, false],
    [
      'every session but another (kill-session -a)',
      { kind: 'session', target: otherSession, others: true },
      true,
    ],
    ['every session but its own', { kind: 'session', target: caller, others: true }, false],
    ['the server', { kind: 'server' }, true],
    ['panes a filter picks', { kind: 'wide', why: 'kill-pane with a filter (-f)' }, true],
  ])('%s: refused %s', (_what, request, refused) => {
    const refusal = selfKillRefusal(caller, request);
    if (refused) expect(refusal).toMatch(/^refused: .*runs in pane %1/);
    else expect(refusal).toBeUndefined();
  });

  it('refuses nothing when the server does not run inside this tmux', () => {
    expect(selfKillRefusal(undefined, { kind: 'server' })).toBeUndefined();
  });

  it.each([
    ['kill-pane', { target: '%2' }, { kind: 'pane', targetParam: 'target', others: false }],
    ['kill-pane', { target: '%2', allOthers: true }, { kind: 'pane', targetParam: 'target', others: true }],
    ['kill-window', { target: '@2' }, { kind: 'window', targetParam: 'target', others: false }],
    [
      'kill-session',
      { target: 'x', allOthers: true },
      { kind: 'session', targetParam: 'target', others: true },
    ],
    ['kill-session', { target: 'x', clearAlerts: true }, undefined],
    [
      'kill-session',
      { target: 'x', group: true },
      { kind: 'wide', why: 'kill-session of a whole group (-g)' },
    ],
    ['kill-pane', { filter: '#{pane_dead}' }, { kind: 'wide', why: 'kill-pane with a filter (-f)' }],
    ['respawn-pane', { target: '%2' }, undefined],
    ['respawn-pane', { target: '%2', kill: true }, { kind: 'pane', targetParam: 'target', others: false }],
    [
      'respawn-window',
      { target: '@2', kill: true },
      { kind: 'window', targetParam: 'target', others: false },
    ],
    ['unlink-window', { target: '@2', kill: true }, { kind: 'window', targetParam: 'target', others: false }],
    ['unlink-window', { target: '@2' }, undefined],
    ['kill-server', {}, { kind: 'server' }],
    ['list-panes', {}, undefined],
  ])('%s %j kills %j', (command, params, kill) => {
    expect(killOf(command, params)).toEqual(kill);
  });
});
