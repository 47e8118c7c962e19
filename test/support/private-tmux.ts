/**
 * A tmux server of our own on a private socket (-L with a unique name, -f /dev/null), killed by `kill()`.
 * It never touches the user's default server and never kills anything it did not start.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { execa } from 'execa';

export interface TmuxRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of every tmux client the tests run, and so of the servers they start: outside any tmux
 * (`TMUX` empty), and `/bin/sh` as the shell new panes run. A server takes its default shell from
 * `$SHELL`; a login bash reads the user's start-up files, which on this machine run pyenv's rehash, and
 * dozens of panes waiting on its lock slowed every live test down several times.
 */
export const TEST_ENV = { TMUX: '', SHELL: '/bin/sh' } as const;

/** Panes whose shell prints no prompt: silent until sent keys, for tests that read every pane's output. */
export const SILENT_PANES = { PS1: '' } as const;

export class PrivateTmux {
  readonly socketName: string;
  /** The socket file, as the server reports it; tmux leaves it behind on kill-server, so `kill()` removes it. */
  private socketPath: string | undefined;

  private constructor(
    readonly bin: string,
    label: string,
  ) {
    this.socketName = `tmuxkit-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
  }

  /** Starts a server with one detached session named `main`. */
  static async start(bin: string, label = 'probe'): Promise<PrivateTmux> {
    const t = new PrivateTmux(bin, label.replace(/[^A-Za-z0-9.-]/g, '_'));
    const r = await t.run(['new-session', '-d', '-s', 'main', '-x', '80', '-y', '24']);
    if (r.exitCode !== 0) throw new Error(`cannot start tmux (${bin}): ${r.stderr}`);
    const path = await t.run(['display-message', '-p', '#{socket_path}']);
    t.socketPath = path.stdout.trim() || undefined;
    return t;
  }

  /** Runs one tmux client command against this server: argv only, never a shell. */
  async run(args: readonly string[]): Promise<TmuxRun> {
    const r = await execa(this.bin, ['-L', this.socketName, '-f', '/dev/null', ...args], {
      reject: false,
      stdin: 'ignore',
      env: TEST_ENV,
      timeout: 60_000,
    });
    return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  async kill(): Promise<void> {
    await this.run(['kill-server']);
    if (this.socketPath?.includes(this.socketName)) rmSync(this.socketPath, { force: true });
  }
}

/** Where tmux puts the socket for `-L name` (tmux(1): $TMUX_TMPDIR or /tmp, then tmux-UID). */
export function privateSocketPath(socketName: string): string {
  if (!socketName.startsWith('tmuxkit-test-')) throw new Error(`not a test socket: ${socketName}`);
  return `${process.env['TMUX_TMPDIR'] || '/tmp'}/tmux-${process.getuid?.() ?? 0}/${socketName}`;
}

/**
 * Connection options for SDK engines on private servers (unique `-L tmuxkit-test-…`, `-f /dev/null`), and
 * one teardown that kills every server handed out and removes its socket file.
 */
export function privateServers(extraEnv: Readonly<Record<string, string>> = {}): {
  connection(
    bin: string,
    label: string,
  ): { tmux: string; socketName: string; configFile: string; env: NodeJS.ProcessEnv };
  killAll(): Promise<void>;
} {
  const handedOut: { bin: string; socketName: string }[] = [];
  return {
    connection(bin, label) {
      const socketName = `tmuxkit-test-${label.replace(/[^A-Za-z0-9.-]/g, '_')}-${process.pid}-${randomBytes(4).toString('hex')}`;
      handedOut.push({ bin, socketName });
      return {
        tmux: bin,
        socketName,
        configFile: '/dev/null',
        env: { ...process.env, ...TEST_ENV, ...extraEnv },
      };
    },
    async killAll() {
      for (const { bin, socketName } of handedOut.splice(0)) {
        await execa(bin, ['-L', socketName, 'kill-server'], {
          reject: false,
          stdin: 'ignore',
          env: TEST_ENV,
        });
        rmSync(privateSocketPath(socketName), { force: true });
      }
    },
  };
}

/**
 * A paste buffer's exact bytes, read by a separate tmux process (`save-buffer -`) on a private server; a
 * failure to read is an error naming tmux's message.
 */
export async function bufferBytes(
  connection: { tmux: string; socketName: string },
  name: string,
): Promise<Buffer> {
  const r = await execa(connection.tmux, ['-L', connection.socketName, 'save-buffer', '-b', name, '-'], {
    encoding: 'buffer',
    stdin: 'ignore',
    reject: false,
    env: TEST_ENV,
  });
  if (r.exitCode !== 0) throw new Error(`save-buffer -b ${name} failed: ${Buffer.from(r.stderr).toString()}`);
  return Buffer.from(r.stdout);
}
