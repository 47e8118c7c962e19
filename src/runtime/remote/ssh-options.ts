/**
 * How an engine reaches tmux on another host: OpenSSH's own client, run with argv (never a local shell),
 * in batch mode (a missing key is an error, never a password prompt) and with a connect timeout, so that
 * nothing waits on a host that does not answer. ssh reads the rest of its configuration as usual
 * (`~/.ssh/config`, host aliases, agents), so a host that `ssh HOST` reaches is reached here too.
 */
import { ParameterError, SshError, type SshFailure } from '../errors.js';

export interface SshOptions {
  /** The host: a name, an address or an alias from the ssh configuration. */
  readonly host: string;
  /** `-l`: the remote user (default: ssh's choice, from its configuration or the local user). */
  readonly user?: string;
  /** `-p`: the port (default: ssh's choice, 22 unless configured). */
  readonly port?: number;
  /** `-i`: a private key file. */
  readonly identityFile?: string;
  /**
   * Extra OpenSSH settings, each `Key=value` (`['StrictHostKeyChecking=accept-new']`), passed as `-o`
   * before tmuxkit's own defaults, so they win (ssh keeps the first value it reads for each key).
   */
  readonly options?: readonly string[];
  /**
   * The command that runs ssh, as argv (default `['ssh']`): another binary, or fixed arguments such as
   * `['ssh', '-F', 'fleet.conf']`. Never run through a shell.
   */
  readonly command?: readonly string[];
  /** Seconds ssh may take to connect (`ConnectTimeout`, default 10). */
  readonly connectTimeout?: number;
  /**
   * Share one authenticated connection per host between every command, engine and fleet of this process
   * (OpenSSH's `ControlMaster`, in a private directory): a command then costs a round trip, not a
   * handshake. Default true.
   */
  readonly share?: boolean;
  /**
   * The most commands run at once over the shared connection (default 8). sshd refuses sessions past its
   * `MaxSessions` (10 by default) on one connection; the rest wait their turn here instead of failing.
   */
  readonly maxSessions?: number;
}

/** The name a host goes by in messages and fleet results: `user@host:port` with what was given. */
export function sshLabel(ssh: SshOptions): string {
  return `${ssh.user !== undefined ? `${ssh.user}@` : ''}${ssh.host}${ssh.port !== undefined ? `:${ssh.port}` : ''}`;
}

const OPTION = /^[A-Za-z][A-Za-z0-9]*[= ]/;
// Names, addresses and IPv6 literals only: ssh puts the host and user into `%h`/`%u`, which some
// configurations hand to a shell (ProxyCommand, Match exec), so nothing a shell reads may get through.
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?)$/;
const USER = /^[A-Za-z0-9_][A-Za-z0-9._-]*\$?$/;
/** Settings that belong to the shared connection tmuxkit runs. */
const SHARING = /^Control(Path|Master|Persist)[= ]/i;

/** Refuses what ssh would read as something else: a host or user that looks like an option, a bad port. */
export function checkSshOptions(ssh: SshOptions): SshOptions {
  const bad = (parameter: string, message: string) => new ParameterError('ssh', parameter, message);
  if (typeof ssh.host !== 'string' || !HOST.test(ssh.host))
    throw bad('host', `expected a host name or address, got ${JSON.stringify(ssh.host)}`);
  if (ssh.user !== undefined && (typeof ssh.user !== 'string' || !USER.test(ssh.user)))
    throw bad('user', `expected a user name, got ${JSON.stringify(ssh.user)}`);
  if (ssh.port !== undefined && !(Number.isInteger(ssh.port) && ssh.port > 0 && ssh.port < 65536))
    throw bad('port', `expected a port from 1 to 65535, got ${JSON.stringify(ssh.port)}`);
  if (ssh.identityFile !== undefined && (ssh.identityFile === '' || ssh.identityFile.includes('\0')))
    throw bad('identityFile', 'expected a file path');
  for (const option of ssh.options ?? [])
    if (typeof option !== 'string' || !OPTION.test(option) || option.includes('\0'))
      throw bad('options', `expected Key=value, got ${JSON.stringify(option)}`);
    else if ((ssh.share ?? true) && SHARING.test(option))
      throw bad(
        'options',
        `${option.split(/[= ]/)[0]} belongs to tmuxkit's shared connection (or pass share: false)`,
      );
  if (ssh.command !== undefined && (ssh.command.length === 0 || ssh.command.some((a) => a.includes('\0'))))
    throw bad('command', 'expected the ssh command as a non-empty argv');
  if (ssh.connectTimeout !== undefined && !(ssh.connectTimeout > 0))
    throw bad('connectTimeout', 'expected a positive number of seconds');
  if (ssh.maxSessions !== undefined && !(Number.isInteger(ssh.maxSessions) && ssh.maxSessions > 0))
    throw bad('maxSessions', 'expected a positive whole number');
  return ssh;
}

/**
 * ssh's arguments up to and including the host (`-- host` last, so that nothing after it is read as an
 * option): the caller's settings first, then batch mode, the connect timeout and keep-alives, then the
 * shared connection's socket when there is one.
 */
export function sshArgs(ssh: SshOptions, controlPath?: string, extra: readonly string[] = []): string[] {
  const args = [...(ssh.command ?? ['ssh']).slice(1)];
  for (const option of ssh.options ?? []) args.push('-o', option);
  args.push(
    '-o',
    'BatchMode=yes',
    '-o',
    `ConnectTimeout=${Math.ceil(ssh.connectTimeout ?? 10)}`,
    // A host that vanishes is noticed within a minute instead of never (a control client waits on it).
    '-o',
    'ServerAliveInterval=15',
    '-o',
    'ServerAliveCountMax=3',
  );
  if (controlPath !== undefined) args.push('-o', `ControlPath=${controlPath}`);
  if (ssh.port !== undefined) args.push('-p', String(ssh.port));
  if (ssh.user !== undefined) args.push('-l', ssh.user);
  if (ssh.identityFile !== undefined) args.push('-i', ssh.identityFile);
  args.push(...extra, '--', ssh.host);
  return args;
}

export function sshBinary(ssh: SshOptions): string {
  return ssh.command?.[0] ?? 'ssh';
}

/** ssh's complaint without its chatter (host keys it just learned, debug lines). */
export function sshWords(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Warning: Permanently added/.test(l) && !/^debug\d:/.test(l))
    .join('; ');
}

/** Which kind of failure ssh's words describe. */
export function sshFailure(stderr: string): SshFailure {
  if (
    /Permission denied|Too many authentication failures|no mutual signature|Authentication failed/i.test(
      stderr,
    )
  )
    return 'authentication';
  if (
    /Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|host key .* not match/i.test(stderr)
  )
    return 'host-key';
  if (
    /Could not resolve hostname|Connection refused|Connection timed out|timed out during banner|No route to host|Network is unreachable|Name or service not known|Temporary failure in name resolution/i.test(
      stderr,
    )
  )
    return 'unreachable';
  if (
    /Connection (closed|reset)|Broken pipe|Timeout, server .* not responding|client_loop|kex_exchange_identification/i.test(
      stderr,
    )
  )
    return 'connection-lost';
  return 'failed';
}

/** The typed error for ssh's exit status 255, in ssh's words. */
export function sshError(ssh: SshOptions, stderr: string, argv?: readonly string[]): SshError {
  const words = sshWords(stderr) || 'ssh exited with status 255 and said nothing';
  return new SshError(sshLabel(ssh), sshFailure(stderr), words, {
    stderr,
    ...(argv !== undefined ? { argv } : {}),
  });
}

/** Whether a remote shell said it found no such program (exit status 127). */
export function saysNotFound(exitCode: number | undefined, stderr: string): boolean {
  return exitCode === 127 && /not found|No such file or directory/i.test(stderr);
}
