/**
 * Private OpenSSH servers for the remote tests: `/usr/sbin/sshd` (installed by
 * scripts/install-system-packages.sh) started in the foreground on 127.0.0.1 high ports, with host and
 * user keys generated here and a configuration of our own in a temporary directory. Nothing in
 * /etc/ssh is read or touched, no service is started, and `stop()` ends every sshd process it started
 * (each in its own process group, with the connections it forked).
 *
 * Each "host" is a separate sshd whose sessions see their own `TMUX_TMPDIR` (so the same `-L` name is a
 * different tmux server on each, as on separate machines), their own empty `HOME` (the real user's
 * start-up files would run for every command) and `/bin/sh` as `SHELL` (the shell new panes run).
 */
import { spawn, spawnSync, execFileSync, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { SshOptions } from '../../src/index.js';
import { installedTmuxVersions } from './tmux-matrix.js';

export const SSHD = '/usr/sbin/sshd';

export interface SshHost {
  /** The alias in `configFile` (`tmuxkit-host1`, ...). */
  readonly alias: string;
  readonly port: number;
  /** Everything an engine's `ssh` option needs to reach this host without any ssh configuration. */
  readonly ssh: SshOptions;
  /** The tmux socket directory the host's sessions use. */
  readonly tmuxTmpdir: string;
}

/** A port nothing on 127.0.0.1 listens on (a moment ago). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Whether this machine can run the private sshd (the install script puts it there). */
export function sshdAvailable(): boolean {
  return existsSync(SSHD) && existsSync('/usr/bin/ssh') && existsSync('/usr/bin/ssh-keygen');
}

export class PrivateSshd {
  readonly #children: ChildProcess[] = [];

  private constructor(
    readonly dir: string,
    readonly hosts: readonly SshHost[],
    /** An ssh_config naming every host (`ssh -F configFile tmuxkit-host1`). */
    readonly configFile: string,
    /** The user key's private half: what `identityFile` names. */
    readonly identityFile: string,
  ) {}

  /** Starts `count` sshd "hosts" (with `config`: more sshd_config lines); resolves once each listens. */
  static async start(count = 1, sshdConfig: readonly string[] = []): Promise<PrivateSshd> {
    if (!sshdAvailable()) throw new Error(`${SSHD} is missing: run scripts/install-system-packages.sh`);
    // sshd refuses to run without its privilege-separation directory (the package's service makes it).
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const dir = mkdtempSync(join(tmpdir(), 'tmuxkit-sshd-'));
    const keygen = (file: string) =>
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'tmuxkit-test', '-f', file]);
    keygen(join(dir, 'host_key'));
    keygen(join(dir, 'user_key'));
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')), { mode: 0o600 });
    const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const user = userInfo().username;
    const knownHosts = join(dir, 'known_hosts');
    const identityFile = join(dir, 'user_key');
    const clientOptions = [
      `UserKnownHostsFile=${knownHosts}`,
      'StrictHostKeyChecking=yes',
      'IdentitiesOnly=yes',
      'LogLevel=ERROR',
    ];
    const hosts: SshHost[] = [];
    const known: string[] = [];
    const config: string[] = [];
    for (let i = 1; i <= count; i++) {
      const port = await freePort();
      const home = join(dir, `home${i}`);
      const tmuxTmpdir = join(dir, `tmux${i}`);
      mkdirSync(home, { mode: 0o700 });
      mkdirSync(tmuxTmpdir, { mode: 0o700 });
      writeFileSync(
        join(dir, `sshd${i}.conf`),
        [
          `Port ${port}`,
          'ListenAddress 127.0.0.1',
          `HostKey ${join(dir, 'host_key')}`,
          `PidFile ${join(dir, `sshd${i}.pid`)}`,
          `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
          'StrictModes no',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication no',
          'UsePAM no',
          'PermitRootLogin prohibit-password',
          `AllowUsers ${user}`,
          'MaxSessions 64',
          'MaxStartups 200',
          'LogLevel INFO',
          `SetEnv HOME=${home} TMUX_TMPDIR=${tmuxTmpdir} SHELL=/bin/sh`,
          ...sshdConfig,
          '',
        ].join('\n'),
      );
      known.push(`[127.0.0.1]:${port} ${hostKey}`);
      const alias = `tmuxkit-host${i}`;
      config.push(
        `Host ${alias}`,
        '  HostName 127.0.0.1',
        `  Port ${port}`,
        `  User ${user}`,
        `  IdentityFile ${identityFile}`,
        ...clientOptions.map((o) => `  ${o.replace('=', ' ')}`),
        '',
      );
      hosts.push({
        alias,
        port,
        tmuxTmpdir,
        ssh: { host: '127.0.0.1', port, user, identityFile, options: clientOptions },
      });
    }
    writeFileSync(knownHosts, `${known.join('\n')}\n`);
    const configFile = join(dir, 'ssh_config');
    writeFileSync(configFile, config.join('\n'));
    const sshd = new PrivateSshd(dir, hosts, configFile, identityFile);
    try {
      await Promise.all(hosts.map((_, i) => sshd.#launch(i + 1)));
    } catch (e) {
      await sshd.stop();
      throw e;
    }
    return sshd;
  }

  /** One sshd in the foreground (`-D -e`), in its own process group; ready when it says it listens. */
  #launch(i: number): Promise<void> {
    const child = spawn(SSHD, ['-D', '-e', '-f', join(this.dir, `sshd${i}.conf`)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    this.#children.push(child);
    return new Promise((resolve, reject) => {
      let said = '';
      const timer = setTimeout(() => reject(new Error(`sshd ${i} did not start: ${said}`)), 20_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        said += chunk.toString('utf8');
        if (/Server listening on 127\.0\.0\.1/.test(said)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`sshd ${i} exited (${code}): ${said}`));
      });
    });
  }

  /**
   * Ends every sshd this started, and the connections they forked (their process groups); first every
   * tmux server still listening in a host's socket directory (a test that forgot one would leave it
   * running with its socket removed).
   */
  async stop(): Promise<void> {
    const tmux = installedTmuxVersions().at(-1)?.bin;
    for (const host of this.hosts) {
      const dir = join(host.tmuxTmpdir, `tmux-${userInfo().uid}`);
      if (!tmux || !existsSync(dir)) continue;
      for (const name of readdirSync(dir))
        spawnSync(tmux, ['-S', join(dir, name), 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
    }
    await Promise.all(
      this.#children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
              return resolve();
            child.once('exit', () => resolve());
            try {
              process.kill(-child.pid, 'SIGTERM');
            } catch {
              resolve();
            }
          }),
      ),
    );
    rmSync(this.dir, { recursive: true, force: true });
  }
}
