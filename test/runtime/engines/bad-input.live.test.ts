/**
 * Bad input gives its typed error: a bad target, an unknown parameter from JSON, a flag newer than the
 * server's tmux and a NUL byte are refused before any tmux process starts (a counting wrapper around the
 * binary proves it); a missing binary and a dead server are typed too.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EngineError,
  ListSessions,
  NewSession,
  operationFromJSON,
  ParameterError,
  RunShell,
  ServerNotRunningError,
  SplitWindow,
  SubprocessEngine,
  SyncSubprocessEngine,
  TargetError,
  TmuxNotFoundError,
  TmuxVersion,
  VersionError,
  SelectPane,
} from '../../../src/index.js';
import { privateServers } from '../../support/private-tmux.js';
import { installedTmuxVersions } from '../../support/tmux-matrix.js';

const versions = installedTmuxVersions();
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-bad-input-'));
const servers = privateServers();
afterAll(async () => {
  await servers.killAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** A tmux that appends a line to `log` each time it is started, then runs the real one. */
function countingTmux(bin: string, label: string): { tmux: string; starts: () => number } {
  const log = join(scratch, `${label}.log`);
  const tmux = join(scratch, `${label}-tmux`);
  writeFileSync(tmux, `#!/bin/sh\necho started >> '${log}'\nexec '${bin}' "$@"\n`);
  chmodSync(tmux, 0o755);
  return { tmux, starts: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0) };
}

describe.skipIf(versions.length === 0).each(versions)('tmux $slot', ({ slot, bin }) => {
  const { tmux, starts } = countingTmux(bin, slot);
  const engine = new SubprocessEngine({ ...servers.connection(bin, `bad-${slot}`), tmux });

  it('refuses a bad target, an unknown JSON parameter, a too-new flag and NUL without starting tmux', async () => {
    const created = await engine.execute(
      new NewSession({ detached: true, sessionName: 's', shellCommand: 'sh' }),
    );
    expect(created.raiseForStatus().sessionId).toMatch(/^\$\d+$/);
    const before = starts();

    expect(() => new SelectPane({ target: '%x' })).toThrow(TargetError);
    expect(() => new SelectPane({ target: '{nonsense}' })).toThrow(TargetError);
    expect(() =>
      operationFromJSON({ command: 'select-pane', params: { target: '%1', colour: 'red' } }),
    ).toThrow(/select-pane colour: unknown parameter/);
    expect(() => operationFromJSON({ command: 'no-such-command', params: {} })).toThrow(ParameterError);
    expect(() => new SplitWindow({ shellCommand: 'echo a\0b' })).toThrow(/NUL byte/);

    // A flag the server's tmux may be too old for: 3.7's keepOpen (the matrix has 3.7c and 3.8 past it).
    const hasKeepOpen = TmuxVersion.parse(slot).atLeast('3.7');
    const tooNew = engine.execute(new SplitWindow({ keepOpen: true, target: created.paneId! }));
    if (hasKeepOpen) expect((await tooNew).ok).toBe(true);
    else await expect(tooNew).rejects.toThrow(VersionError);

    expect(starts() - before).toBe(hasKeepOpen ? 1 : 0);
  });

  it('reports a dead server as ServerNotRunningError through raiseForStatus', async () => {
    const dead = `tmuxkit-test-dead-${process.pid}-${randomBytes(3).toString('hex')}`;
    const e = new SubprocessEngine({ tmux: bin, socketName: dead, version: slot });
    const result = await e.execute(new ListSessions());
    expect(result.ok).toBe(false);
    expect(result.rows).toEqual([]);
    expect(() => result.raiseForStatus()).toThrow(ServerNotRunningError);
    expect(result.message).toMatch(/no server running on|error connecting to/);
  });

  it('turns a timeout and an abort into EngineError', async () => {
    await expect(engine.execute(new RunShell({ shellCommand: 'sleep 5' }), { timeout: 200 })).rejects.toThrow(
      /timed out after 200 ms/,
    );
    const controller = new AbortController();
    const pending = engine.execute(new RunShell({ shellCommand: 'sleep 5' }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow(EngineError);
    await expect(pending).rejects.toThrow(/aborted/);
  });
});

describe('a missing tmux binary', () => {
  it('is a TmuxNotFoundError with a hint, for both engines', async () => {
    const missing = join(scratch, 'no-such-tmux');
    await expect(new SubprocessEngine({ tmux: missing }).execute(new ListSessions())).rejects.toThrow(
      TmuxNotFoundError,
    );
    await expect(new SubprocessEngine({ tmux: missing }).version()).rejects.toThrow(/apt-get install tmux/);
    expect(() => new SyncSubprocessEngine({ tmux: missing }).executeSync(new ListSessions())).toThrow(
      TmuxNotFoundError,
    );
  });
});
