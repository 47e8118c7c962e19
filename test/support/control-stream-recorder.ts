/**
 * Records what a real `tmux -C` client prints for a fixed script of commands that exercises most line
 * types: blocks of both flags (a hook adds unsolicited ones), failures, pane output with UTF-8 and control
 * bytes, window and session changes, buffers whose data looks like `%end` lines, subscriptions and flow
 * control (3.2+). The raw bytes are the input of the parser's chunking property.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { privateSocketPath } from './private-tmux.js';

/** The script, one control line each; `null` waits for tmux to catch up (output, subscriptions). */
export function recordingScript(version: string): (string | null)[] {
  const atLeast = (v: string) => version.localeCompare(v, 'en', { numeric: true }) >= 0;
  return [
    "set-hook -g after-rename-window 'display-message -p hooked'",
    "display-message -p 'plain #{session_name}'",
    'display-message -p',
    "has-session -t 'nosuch'",
    "split-window -d -t '%0' 'cat'",
    null,
    "send-keys -t '%1' -l 'héllo wörld ✓ 日本 '",
    "send-keys -t '%1' 'C-a' 'Enter'",
    null,
    "rename-window -t '@0' 'a window with spaces ü'",
    "new-window -d -n 'second'",
    "kill-window -t 'second'",
    // Recipe A: the LF between quoted parts is written as '\n'.
    "set-buffer -b 'fake' '%end 1 2 1'\\n'%error 3 4 1'\\n'line'",
    "show-buffer -b 'fake'",
    "if-shell 'true' 'display-message -p nested'",
    ...(atLeast('3.2')
      ? [
          "refresh-client -B 'sub:%0:#{pane_id} #{pane_width}'",
          null,
          null,
          "refresh-client -A '%1:pause'",
          "refresh-client -A '%1:continue'",
        ]
      : []),
    "new-session -d -s 'other'",
    "rename-session -t 'other' 'renamed'",
    "kill-session -t 'renamed'",
    null,
  ];
}

/** Runs the script against a fresh private server and returns every byte tmux -C printed. */
export async function recordControlStream(bin: string, version: string): Promise<Buffer> {
  const socketName = `tmuxkit-test-record-${process.pid}-${randomBytes(4).toString('hex')}`;
  const base = ['-L', socketName, '-f', '/dev/null'];
  const env = { ...process.env, TMUX: '', SHELL: '/bin/sh' };
  const child = spawn(
    bin,
    ['-u', ...base, '-C', 'new-session', '-A', '-s', 'main', '-x', '80', '-y', '24', 'sh'],
    {
      stdio: ['pipe', 'pipe', 'ignore'],
      env,
    },
  );
  const chunks: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => chunks.push(c));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    await sleep(300);
    for (const line of recordingScript(version)) {
      if (line === null) await sleep(1200);
      else child.stdin.write(`${line}\n`);
    }
    child.stdin.write('\n');
    child.stdin.end();
    await Promise.race([exited, sleep(5000)]);
  } finally {
    child.kill();
    await execa(bin, [...base, 'kill-server'], { reject: false, stdin: 'ignore', env });
    rmSync(privateSocketPath(socketName), { force: true });
  }
  return Buffer.concat(chunks);
}
