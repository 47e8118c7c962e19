/**
 * What a tmux client on the remote host would say about itself, for `SocketEngine` over ssh: the socket
 * engine speaks tmux's protocol from this machine through a forwarded socket, but the server must see a
 * client of its own host (a working directory, a pid and an environment that exist there; never this
 * machine's `$TMUX`). One shell probe over the shared connection reads them once.
 */
import { EngineError } from '../errors.js';
import { spawnProcess } from '../engines/spawn-process.js';
import type { SshConnection } from './ssh-connection.js';
import { sshError } from './ssh-options.js';

export interface RemoteClient {
  readonly uid: number;
  /** A live process on the host standing for the client (the ssh session's). */
  readonly pid: number;
  /** Where a command over ssh starts (the remote user's home): the client's working directory. */
  readonly cwd: string;
  /** The login environment a remote command gets. */
  readonly env: Readonly<Record<string, string>>;
  /** realpath of `$TMUX_TMPDIR` when it is a directory there, and of `/tmp`: tmux's socket directory rule. */
  readonly realDirectories: Readonly<Record<string, string>>;
}

/** POSIX sh; one answer per line, then the environment. */
export const REMOTE_PROBE = [
  'id -u',
  'echo "$PPID"',
  'pwd',
  'if [ -n "$TMUX_TMPDIR" ] && [ -d "$TMUX_TMPDIR" ]; then (cd "$TMUX_TMPDIR" && pwd -P) || echo; else echo; fi',
  '(cd /tmp && pwd -P) || echo /tmp',
  'echo ---env---',
  'env',
].join('; ');

const ENTRY = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Reads the probe's output; undefined when it is not the probe's. */
export function parseRemoteProbe(text: string): RemoteClient | undefined {
  const [head, envText] = text.split('\n---env---\n');
  if (envText === undefined) return undefined;
  const [uid, pid, cwd, realTmpdir, realTmp] = head!.split('\n');
  if (!/^\d+$/.test(uid ?? '') || !/^\d+$/.test(pid ?? '') || !cwd?.startsWith('/')) return undefined;
  const env: Record<string, string> = {};
  for (const line of envText.split('\n')) {
    const m = ENTRY.exec(line);
    if (m) env[m[1]!] = m[2]!;
  }
  const realDirectories: Record<string, string> = {};
  if (realTmp) realDirectories['/tmp/'] = realTmp;
  if (realTmpdir && env['TMUX_TMPDIR']) realDirectories[env['TMUX_TMPDIR']] = realTmpdir;
  return { uid: Number(uid), pid: Number(pid), cwd, env, realDirectories };
}

/** Runs the probe on the host. */
export async function probeRemoteClient(connection: SshConnection): Promise<RemoteClient> {
  await connection.ready();
  const { file, args } = connection.invocation(['sh', '-c', REMOTE_PROBE]);
  const result = await connection.session(() =>
    spawnProcess(file, args, { env: connection.env, timeout: 30_000, maxOutput: 10_000_000 }),
  );
  if (result.exitCode === 255) throw sshError(connection.ssh, result.stderr);
  const client = result.exitCode === 0 ? parseRemoteProbe(result.stdout) : undefined;
  if (!client)
    throw new EngineError(
      `cannot read what a client on ${connection.label} would report (${result.timedOut ? 'timed out after 30 s' : `exit status ${result.exitCode ?? 'none'}`}): ${result.stderr.trim() || result.stdout.slice(0, 200)}`,
      { stderr: result.stderr },
    );
  return client;
}
