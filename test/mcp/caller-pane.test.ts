/** Finding the pane the MCP server runs in: its environment, else its ancestors', same user only. */
import { describe, expect, it } from 'vitest';
import {
  ancestorPids,
  environFromBytes,
  findCallerTmux,
  statusFacts,
  type ProcReader,
} from '../../src/mcp/caller-pane.js';

/** A fake /proc: pid → parent, uid and environment. */
function proc(
  table: Record<number, { ppid: number; uid: number; env?: Record<string, string> }>,
): ProcReader {
  return (pid, file) => {
    const p = table[pid];
    if (!p) return undefined;
    if (file === 'status')
      return Buffer.from(`Name:\tx\nPPid:\t${p.ppid}\nUid:\t${p.uid}\t${p.uid}\t${p.uid}\t${p.uid}\n`);
    return Buffer.from(
      Object.entries(p.env ?? {})
        .map(([k, v]) => `${k}=${v}\0`)
        .join(''),
    );
  };
}

const TMUX = { TMUX: '/tmp/tmux-0/work,100,0', TMUX_PANE: '%7' };

describe('the caller pane', () => {
  it('reads /proc files', () => {
    expect(environFromBytes(Buffer.from('A=1\0B=x=y\0\0'))).toEqual({ A: '1', B: 'x=y' });
    expect(statusFacts('Name:\tsh\nPPid:\t42\nUid:\t1000\t1000\t1000\t1000\n')).toEqual({
      ppid: 42,
      uid: 1000,
    });
  });

  it('takes its own environment first', () => {
    expect(findCallerTmux({ env: TMUX, read: proc({}) })).toMatchObject({
      paneId: '%7',
      source: 'environment',
    });
  });

  it('walks up to an ancestor whose environment has $TMUX when its own was stripped', () => {
    const read = proc({
      50: { ppid: 40, uid: 1000 },
      40: { ppid: 30, uid: 1000, env: { PATH: '/bin' } },
      30: { ppid: 1, uid: 1000, env: TMUX },
    });
    expect(findCallerTmux({ env: {}, pid: 50, read, uid: 1000 })).toMatchObject({
      paneId: '%7',
      socketPath: '/tmp/tmux-0/work',
      source: 'ancestor',
      pid: 30,
    });
  });

  it('stops at a process of another user, and within its depth', () => {
    const read = proc({
      50: { ppid: 40, uid: 1000 },
      40: { ppid: 30, uid: 0, env: TMUX },
      30: { ppid: 1, uid: 1000, env: TMUX },
    });
    expect(findCallerTmux({ env: {}, pid: 50, read, uid: 1000 })).toBeUndefined();
    const deep = proc({
      50: { ppid: 40, uid: 1 },
      40: { ppid: 30, uid: 1 },
      30: { ppid: 20, uid: 1, env: TMUX },
      20: { ppid: 1, uid: 1 },
    });
    expect(findCallerTmux({ env: {}, pid: 50, read: deep, uid: 1, maxDepth: 1 })).toBeUndefined();
    expect(ancestorPids(50, { read: deep, uid: 1 })).toEqual([40, 30, 20]);
  });

  it("finds this process's real ancestors in /proc", () => {
    expect(ancestorPids(process.pid)).toContain(process.ppid);
  });
});
