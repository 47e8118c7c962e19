/** The shipped manifest loads, and its headline facts hold. */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadManifest } from '../../codegen/manifest/load-manifest.js';

const manifest = loadManifest();
const REFERENCE = new URL('../../../shared/reference/commands.tsv', import.meta.url);

describe('the shipped manifest', () => {
  it('has every tmux 3.8 command, flag, format variable, control-mode line and release', () => {
    expect(manifest.commands).toHaveLength(92);
    expect(manifest.commands.reduce((n, c) => n + c.flags.length, 0)).toBe(598);
    expect(manifest.formats).toHaveLength(288);
    expect(manifest.notifications).toHaveLength(28);
    expect(manifest.releases.map((r) => r.version)).toEqual([
      '2.9a', '3.0', '3.0a', '3.1', '3.1a', '3.1b', '3.1c', '3.2', '3.2a', '3.3', '3.3a',
      '3.4', '3.5', '3.5a', '3.6', '3.6a', '3.6b', '3.7', '3.7a', '3.7b', '3.7c',
      '3.8',
    ]);
  });

  it('gives every command a summary, a result and at least one facade method unless deprecated', () => {
    const deprecated = new Set(['set-window-option', 'show-window-options']);
    for (const c of manifest.commands) {
      expect(c.summary.length, c.command).toBeGreaterThan(10);
      expect(c.facade.length > 0 || deprecated.has(c.command), c.command).toBe(true);
    }
  });

  it('marks the commands that destroy state as destructive', () => {
    const destructive = manifest.commands.filter((c) => c.safety === 'destructive').map((c) => c.command);
    expect(destructive).toEqual(
      expect.arrayContaining(['kill-server', 'kill-session', 'kill-window', 'kill-pane', 'delete-buffer']),
    );
    expect(manifest.commands.filter((c) => c.command.startsWith('list-')).every((c) => c.safety === 'readonly')).toBe(true);
  });

  it('declares what each creating command creates, with created ids for panes, windows and sessions', () => {
    const creating = manifest.commands.filter((c) => c.creates !== null);
    expect(Object.fromEntries(creating.map((c) => [c.command, c.creates]))).toEqual({
      'break-pane': 'window',
      'load-buffer': 'buffer',
      'new-pane': 'pane',
      'new-session': 'session',
      'new-window': 'window',
      'set-buffer': 'buffer',
      'split-window': 'pane',
    });
    const withIds = manifest.commands.filter((c) => c.result.kind === 'created').map((c) => c.command);
    expect(withIds).toEqual(creating.filter((c) => c.creates !== 'buffer').map((c) => c.command));
  });

  it('marks capture-pane readonly only with -p', () => {
    const capture = manifest.commands.find((c) => c.command === 'capture-pane');
    expect(capture).toMatchObject({ safety: 'mutating', readonlyWith: 'p' });
  });

  // The reference table describes tmux 3.7c; 3.8's commands were checked against the 3.8 binary.
  it.runIf(existsSync(REFERENCE))('names the same 3.7c commands and aliases as the reference table', () => {
    const rows = readFileSync(REFERENCE, 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    const reference = Object.fromEntries(rows.map(([name, alias]) => [name, alias || null]));
    const in37c = manifest.commands.filter((c) => c.since !== '3.8');
    expect(Object.fromEntries(in37c.map((c) => [c.command, c.alias]))).toEqual(reference);
    expect(manifest.commands.filter((c) => c.since === '3.8').map((c) => c.command)).toEqual(['switch-mode']);
  });
});
