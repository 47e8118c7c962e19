/**
 * Live: a server that reports a release newer than the manifest. A wrapper around the newest installed
 * tmux answers the version questions (`display-message -p #{version}`, `-V`) with a newer release and
 * passes everything else to the real binary, so detection is the engines' own. Control mode and the
 * socket engine are given the version (their detection goes through the server, which cannot lie).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ControlModeEngine,
  DisplayMessage,
  NewerTmuxError,
  NewerTmuxWarning,
  NewSession,
  SocketEngine,
  SubprocessEngine,
  SyncSubprocessEngine,
  tmuxReleases,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const real = installedTmuxVersions().at(-1);
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-newer-'));
const servers = privateServers();
afterAll(async () => {
  await servers.killAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** A tmux that claims to be `release` and logs every command it passes on. */
function claiming(release: string, bin: string): { tmux: string; passed: () => string[] } {
  const log = join(scratch, `${release}.log`);
  const tmux = join(scratch, `tmux-${release}`);
  writeFileSync(
    tmux,
    [
      '#!/bin/sh',
      'for a in "$@"; do',
      `  [ "$a" = '#{version}' ] && { echo '${release}'; exit 0; }`,
      `  [ "$a" = '-V' ] && { echo 'tmux ${release}'; exit 0; }`,
      'done',
      `echo "$*" >> '${log}'`,
      `exec '${bin}' "$@"`,
      '',
    ].join('\n'),
  );
  chmodSync(tmux, 0o755);
  return { tmux, passed: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const newest = tmuxReleases.at(-1)!;

describe.runIf(real !== undefined)('a server newer than the manifest (real tmux %s underneath)', () => {
  const bin = real!.bin;

  it.each(['3.9', 'next-3.9', 'master'])(
    'SubprocessEngine detects %s, warns once and renders as for the newest known release',
    async (release) => {
      const fake = claiming(release, bin);
      const warnings: NewerTmuxWarning[] = [];
      const tmux = new SubprocessEngine({
        ...servers.connection(bin, `newer-${release}`),
        tmux: fake.tmux,
        onWarning: (w) => warnings.push(w),
      });
      expect(String(await tmux.version())).toBe(release);
      const op = new NewSession({ detached: true, sessionName: 'n' });
      const created = await tmux.execute(op);
      const shown = await tmux.execute(new DisplayMessage({ print: true, message: '#{session_name}' }));
      expect(created.ok).toBe(true);
      expect(shown.text).toBe('n');
      expect(created.argv).toEqual(op.render({ version: newest }));
      expect(warnings.map((w) => [w.release, w.newestKnown])).toEqual([[release, newest]]);
    },
  );

  it("SubprocessEngine with newerTmux 'error' refuses every command and sends none to tmux", async () => {
    const fake = claiming('3.10', bin);
    const tmux = new SubprocessEngine({
      ...servers.connection(bin, 'newer-error'),
      tmux: fake.tmux,
      newerTmux: 'error',
    });
    await expect(tmux.execute(new NewSession({ detached: true }))).rejects.toThrow(NewerTmuxError);
    await expect(tmux.version()).rejects.toThrow(/tmux 3\.10 is newer than 3\.8/);
    expect(fake.passed()).toEqual([]);
  });

  it('SyncSubprocessEngine applies the same policy', () => {
    const fake = claiming('3.11', bin);
    const warnings: NewerTmuxWarning[] = [];
    const connection = servers.connection(bin, 'newer-sync');
    const sync = new SyncSubprocessEngine({
      ...connection,
      tmux: fake.tmux,
      onWarning: (w) => warnings.push(w),
    });
    expect(sync.executeSync(new NewSession({ detached: true })).ok).toBe(true);
    expect(warnings).toHaveLength(1);
    const strict = new SyncSubprocessEngine({ ...connection, tmux: fake.tmux, newerTmux: 'error' });
    expect(() => strict.executeSync(new NewSession({ detached: true }))).toThrow(NewerTmuxError);
  });

  it('ControlModeEngine and SocketEngine given a newer version warn and work, or refuse at once', async () => {
    const warnings: NewerTmuxWarning[] = [];
    const onWarning = (w: NewerTmuxWarning) => warnings.push(w);
    const connection = servers.connection(bin, 'newer-given');
    const control = new ControlModeEngine({
      ...connection,
      version: '3.9',
      createSession: true,
      session: 'c',
      onWarning,
    });
    try {
      expect(
        (await control.execute(new DisplayMessage({ print: true, message: '#{session_name}' }))).text,
      ).toBe('c');
    } finally {
      await control.close();
    }
    const socket = new SocketEngine({ ...connection, version: 'master', onWarning });
    expect((await socket.execute(new DisplayMessage({ print: true, message: 'x' }))).text).toBe('x');
    expect(warnings.map((w) => w.release)).toEqual(['3.9', 'master']);
    expect(() => new SocketEngine({ ...connection, version: '3.9', newerTmux: 'error' })).toThrow(
      NewerTmuxError,
    );
    expect(() => new ControlModeEngine({ ...connection, version: '3.9', newerTmux: 'error' })).toThrow(
      NewerTmuxError,
    );
  });
});
