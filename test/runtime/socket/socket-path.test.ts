/** Where tmux looks for its socket, as a table (tmux.c); checked against real tmux in the engine's live test. */
import { describe, expect, it } from 'vitest';
import { resolveSocketPath } from '../../../src/runtime/socket/socket-path.js';
import { TmuxVersion } from '../../../src/runtime/tmux-version.js';

const existing = new Map([
  ['/tmp/', '/tmp'],
  ['/var/run/tmux-here', '/var/run/tmux-here'],
  ['/link/to/dir', '/real/dir'],
]);
const realDirectory = (p: string) => existing.get(p);

describe('resolveSocketPath', () => {
  it.each([
    [
      '-S wins over everything',
      { socketPath: '/x/sock', socketName: 'n', env: { TMUX: '/t/s,1,0' } },
      '/x/sock',
    ],
    ['-L name in /tmp/tmux-UID', { socketName: 'work', env: {} }, '/tmp/tmux-1000/work'],
    ['-L wins over $TMUX', { socketName: 'work', env: { TMUX: '/t/s,1,0' } }, '/tmp/tmux-1000/work'],
    ['$TMUX inside a pane: before the first comma', { env: { TMUX: '/t/s,123,0' } }, '/t/s'],
    ['$TMUX empty is ignored', { env: { TMUX: '' } }, '/tmp/tmux-1000/default'],
    ['$TMUX starting with a comma is ignored', { env: { TMUX: ',1,0' } }, '/tmp/tmux-1000/default'],
    ['the default', { env: {} }, '/tmp/tmux-1000/default'],
    [
      '$TMUX_TMPDIR that exists',
      { socketName: 'w', env: { TMUX_TMPDIR: '/var/run/tmux-here' } },
      '/var/run/tmux-here/tmux-1000/w',
    ],
    [
      '$TMUX_TMPDIR through realpath',
      { socketName: 'w', env: { TMUX_TMPDIR: '/link/to/dir' } },
      '/real/dir/tmux-1000/w',
    ],
    [
      '$TMUX_TMPDIR that does not exist (3.2+)',
      { socketName: 'w', env: { TMUX_TMPDIR: '/nope' } },
      '/tmp/tmux-1000/w',
    ],
    [
      '$TMUX_TMPDIR that does not exist (3.1)',
      { socketName: 'w', env: { TMUX_TMPDIR: '/nope' }, version: TmuxVersion.parse('3.1c') },
      '/nope/tmux-1000/w',
    ],
  ])('%s', (_, input, expected) => {
    expect(resolveSocketPath({ uid: 1000, realDirectory, ...input })).toBe(expected);
  });
});
