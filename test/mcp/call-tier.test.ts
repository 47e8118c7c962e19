/** The tier of a call comes from its payload: the table of what raises a call to destructive. */
import { describe, expect, it } from 'vitest';
import { catalog, catalogByName } from '../../src/index.js';
import { callTier, optionRunsPrograms, runsPrograms } from '../../src/mcp/call-tier.js';

const tierOf = (command: string, params: Record<string, unknown>) =>
  callTier(catalogByName.get(command)!, params);

describe('the tier of a call', () => {
  it.each([
    ['list-sessions', {}, 'readonly'],
    ['capture-pane', { target: '%1' }, 'mutating'],
    ['capture-pane', { target: '%1', print: true }, 'readonly'],
    ['new-window', { windowName: 'x' }, 'mutating'],
    ['new-window', { shellCommand: 'make' }, 'destructive'],
    ['new-window', { environment: ['A=1'] }, 'destructive'],
    ['split-window', { shellCommand: 'top' }, 'destructive'],
    ['respawn-pane', { target: '%1', shellCommand: 'sh' }, 'destructive'],
    ['new-session', { detached: true }, 'mutating'],
    ['new-session', { detached: true, shellCommand: 'vim' }, 'destructive'],
    ['run-shell', {}, 'destructive'],
    ['if-shell', { condition: 'true', then: 'kill-server' }, 'destructive'],
    ['pipe-pane', { target: '%1' }, 'mutating'],
    ['pipe-pane', { target: '%1', shellCommand: 'cat >> log' }, 'destructive'],
    ['source-file', { paths: ['/tmp/x'] }, 'destructive'],
    ['set-environment', { name: 'A', value: '1' }, 'destructive'],
    ['set-option', { option: 'status-left', value: 'hi' }, 'mutating'],
    ['set-option', { option: 'status-left', value: '#(id)' }, 'destructive'],
    ['set-option', { option: 'default-command', value: 'bash' }, 'destructive'],
    ['set-option', { option: 'after-new-window', value: 'display hi' }, 'destructive'],
    ['set-option', { option: 'pane-died[0]', value: 'respawn-pane' }, 'destructive'],
    ['set-option', { option: 'pane-border-style', value: 'fg=red' }, 'mutating'],
    ['set-option', { option: 'default-comm', value: 'sh' }, 'destructive'],
    ['set-option', { option: 'pane-di', value: 'run-shell x' }, 'destructive'],
    ['set-option', { option: 'copy-command', value: 'xclip' }, 'destructive'],
    ['set-option', { option: 'status-right', value: '#', append: true }, 'destructive'],
    ['set-option', { option: 'status-right', value: 'ok', append: true }, 'mutating'],
    ['set-option', { option: '@mine', value: 'x' }, 'mutating'],
    ['save-buffer', { path: '/tmp/x' }, 'destructive'],
    ['send-keys', { target: '%1', copyModeCommand: true, keys: ['copy-pipe', 'sh'] }, 'destructive'],
    ['send-keys', { target: '%1', copyModeCommand: true, keys: ['cursor-up'] }, 'mutating'],
    ['set-option', { option: 'default-command', unset: true }, 'mutating'],
    ['rename-window', { newName: '#(reboot)' }, 'destructive'],
    ['bind-key', { key: 'x', command: 'kill-server' }, 'destructive'],
    ['kill-pane', { target: '%1' }, 'destructive'],
    ['send-keys', { target: '%1', keys: ['ls', 'Enter'] }, 'mutating'],
  ] as const)('%s %j is %s', (command, params, tier) => {
    const r = tierOf(command, params);
    expect(r.tier).toBe(tier);
    if (tier === 'destructive' && catalogByName.get(command)!.safety !== 'destructive')
      expect(r.reason).toBeTruthy();
  });

  it('never lowers a command below its own safety with empty parameters', () => {
    for (const c of catalog) expect([c.safety, 'destructive']).toContain(callTier(c, {}).tier);
  });

  it("says which commands can run programs (the descriptors' openWorldHint)", () => {
    const names = catalog.filter(runsPrograms).map((c) => c.command);
    expect(names).toEqual(
      expect.arrayContaining([
        'run-shell',
        'if-shell',
        'new-window',
        'split-window',
        'source-file',
        'bind-key',
      ]),
    );
    expect(names).not.toContain('list-sessions');
  });
});

describe('options that run programs, by name or by any prefix tmux would accept', () => {
  it.each([
    ['default-command', true],
    ['default-c', true],
    ['pane-died', true],
    ['pane-died[3]', true],
    ['after-new-window', true],
    ['after', true],
    ['editor', true],
    ['status-left', false],
    ['pane-border-style', false],
    ['@default-command', false],
  ])('%s: %s', (option, runs) => {
    expect(optionRunsPrograms(option)).toBe(runs);
  });
});
