/**
 * A fleet of eight private sshd "hosts" (each with its own tmux socket directory, so the same `-L` name
 * is a different server on each, as on separate machines): a workspace loaded on all of them, per-host
 * outcomes with one unreachable host among them, bounded concurrency, each engine kind, and the
 * `tmuxkit load -H` / `tmuxkit ls -H` commands as a user runs them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSshConnections,
  Fleet,
  ListPanes,
  ListSessions,
  loadWorkspace,
  parseHost,
  parseWorkspace,
  ParameterError,
  SshError,
  SubprocessEngine,
  type FleetEngineKind,
} from '../../../src/index.js';
import { PrivateSshd } from '../../support/private-sshd.js';
import { runTmuxkit } from '../../support/cli-process.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const newest = installedTmuxVersions().at(-1);
const HOSTS = 8;
let sshd: PrivateSshd;
let dir: string;
const socketNames: string[] = [];

/** A socket name of this test's own, killed on every host in teardown. */
function socketName(label: string): string {
  const name = `tmuxkit-test-fleet-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  socketNames.push(name);
  return name;
}

beforeAll(async () => {
  sshd = await PrivateSshd.start(HOSTS);
  dir = mkdtempSync(join(tmpdir(), 'tmuxkit-fleet-'));
}, 120_000);
afterAll(async () => {
  if (newest)
    for (const host of sshd.hosts)
      for (const name of socketNames)
        await new SubprocessEngine({ ssh: host.ssh, tmux: newest.bin, socketName: name }).run([
          'kill-server',
        ]);
  await closeSshConnections();
  await sshd.stop();
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

const WORKSPACE = `session_name: fleet
windows:
  - window_name: editor
    layout: even-horizontal
    panes:
      - echo left
      - echo right
  - window_name: logs
    panes:
      - shell_command: [echo logs]
`;

describe('parseHost', () => {
  it.each([
    ['build1', { host: 'build1' }],
    ['ops@build2', { host: 'build2', user: 'ops' }],
    ['build3:2222', { host: 'build3', port: 2222 }],
    ['ops@10.0.0.4:22', { host: '10.0.0.4', user: 'ops', port: 22 }],
    ['[::1]:2200', { host: '::1', port: 2200 }],
  ])('%s', (text, expected) => {
    expect(parseHost(text)).toEqual(expected);
  });

  it.each(['', 'a b', '-oProxyCommand=x', 'host:port', 'user@', 'h:0'])('refuses %j', (text) => {
    expect(() => parseHost(text)).toThrow(ParameterError);
  });
});

describe.skipIf(!newest)('Fleet over eight sshd hosts', () => {
  it('loads a workspace on every host, each its own server, in one call', async () => {
    const name = socketName('load');
    const fleet = new Fleet(
      sshd.hosts.map((h) => h.ssh),
      { tmux: newest!.bin, socketName: name, configFile: '/dev/null' },
    );
    try {
      const workspace = await parseWorkspace(WORKSPACE);
      const loaded = await fleet.each((engine) => loadWorkspace(engine, workspace));
      expect(loaded.map((o) => o.ok)).toEqual(Array(HOSTS).fill(true));
      expect(loaded.map((o) => o.host)).toEqual(fleet.labels);
      const panes = await fleet.execute(
        new ListPanes({ all: true, format: '#{socket_path} #{window_name}' }),
      );
      const paths = new Set<string>();
      for (const [i, outcome] of panes.entries()) {
        if (!outcome.ok) throw outcome.error;
        const lines = outcome.value.raiseForStatus().stdout.trim().split('\n');
        expect(lines.map((l) => l.split(' ')[1])).toEqual(['editor', 'editor', 'logs']);
        const path = lines[0]!.split(' ')[0]!;
        expect(path).toContain(`${sshd.hosts[i]!.tmuxTmpdir}/`);
        paths.add(path);
      }
      expect(paths.size).toBe(HOSTS); // eight servers, one per host
    } finally {
      await fleet.close();
    }
  });

  it('one unreachable host fails alone, with its typed error, and the others succeed', async () => {
    const name = socketName('partial');
    const dead = { ...sshd.hosts[0]!.ssh, port: 1, connectTimeout: 2 };
    const fleet = new Fleet([...sshd.hosts.slice(0, 3).map((h) => h.ssh), dead], {
      tmux: newest!.bin,
      socketName: name,
    });
    try {
      const outcomes = await fleet.run(['new-session', '-d', '-s', 'x']);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
      const failed = outcomes[3]!;
      expect(failed.host).toBe(`${dead.user}@127.0.0.1:1`);
      if (failed.ok) throw new Error('expected a failure');
      expect(failed.error).toBeInstanceOf(SshError);
      expect((failed.error as SshError).reason).toBe('unreachable');
    } finally {
      await fleet.close();
    }
  });

  it('works on at most `concurrency` hosts at once', async () => {
    const fleet = new Fleet(
      sshd.hosts.map((h) => h.ssh),
      { tmux: newest!.bin, socketName: socketName('bound'), concurrency: 3 },
    );
    let now = 0;
    let most = 0;
    const outcomes = await fleet.each(async (engine) => {
      most = Math.max(most, ++now);
      try {
        return (await engine.run(['-V'])).stdout;
      } finally {
        now--;
      }
    });
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(most).toBe(3);
    await fleet.close();
  });

  it.each<FleetEngineKind>(['subprocess', 'control mode', 'socket'])(
    'drives every host through the %s engine',
    async (engine) => {
      const fleet = new Fleet(
        sshd.hosts.map((h) => h.ssh),
        {
          tmux: newest!.bin,
          socketName: socketName(engine.replace(' ', '-')),
          configFile: '/dev/null',
          engine,
        },
      );
      try {
        if (engine !== 'control mode') await fleet.run(['new-session', '-d', '-s', 'tmuxkit']);
        const listed = await fleet.execute(new ListSessions());
        for (const o of listed) {
          if (!o.ok) throw o.error;
          expect(o.value.rows.map((s) => s.sessionName)).toEqual(['tmuxkit']);
        }
      } finally {
        await fleet.close();
      }
    },
  );

  it('refuses a fleet it cannot run: no hosts, a host twice, a bad concurrency', () => {
    expect(() => new Fleet([])).toThrow(ParameterError);
    expect(() => new Fleet(['a', 'a'])).toThrow(/given twice/);
    expect(() => new Fleet(['a'], { concurrency: 0 })).toThrow(ParameterError);
  });
});

function tmuxkit(args: string[]) {
  return runTmuxkit(args, { cwd: dir, env: { TMUXKIT_TMUX: newest!.bin }, timeout: 120_000 });
}

describe.skipIf(!newest)('tmuxkit load -H and ls -H', () => {
  it('loads a workspace file on eight hosts and lists their sessions', async () => {
    writeFileSync(join(dir, 'fleet.yaml'), WORKSPACE);
    const name = socketName('cli');
    const hosts = sshd.hosts.map((h) => h.alias).join(',');
    const common = ['-H', hosts, '--ssh-config', sshd.configFile, '-L', name, '-f', '/dev/null'];
    const loaded = await tmuxkit(['load', ...common, '-d', 'fleet.yaml']);
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    const lines = loaded.stdout.trim().split('\n');
    expect(lines).toHaveLength(HOSTS);
    for (const [i, line] of lines.entries())
      expect(line).toMatch(new RegExp(`^tmuxkit-host${i + 1}\\tfleet \\$\\d+ created$`));

    const listed = await tmuxkit(['ls', ...common, '--json']);
    expect(listed.code).toBe(0);
    const json = JSON.parse(listed.stdout) as {
      host: string;
      ok: boolean;
      result: { name: string; windows: number }[];
    }[];
    expect(json.map((h) => [h.host, h.ok, h.result.map((s) => `${s.name}:${s.windows}`)])).toEqual(
      sshd.hosts.map((h) => [h.alias, true, ['fleet:2']]),
    );
  });

  it('reports the host that failed and exits 1, listing the others', async () => {
    const name = socketName('cli-fail');
    const listed = await tmuxkit([
      'ls',
      '-H',
      `${sshd.hosts[0]!.alias},nosuchhost.invalid`,
      '--ssh-config',
      sshd.configFile,
      '-L',
      name,
    ]);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toBe(''); // no server on host1 yet: no sessions
    expect(listed.stderr).toMatch(
      /^nosuchhost\.invalid: ssh to nosuchhost\.invalid failed \(unreachable\): .*Could not resolve hostname/m,
    );
    expect(listed.stderr).toMatch(/failed on 1 of 2 hosts: nosuchhost\.invalid/);
  });

  it('refuses a bad -H before connecting', async () => {
    const r = await tmuxkit(['ls', '-H', 'a b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected \[user@\]host\[:port\]/);
  });
});
