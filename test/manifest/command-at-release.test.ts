/** What the manifest says tmux accepts in a given release: one row per (command, release) fact. */
import { describe, expect, it } from 'vitest';
import { commandAtRelease } from '../../codegen/manifest/command-at-release.js';
import { loadManifest, releaseOrderOf } from '../../codegen/manifest/load-manifest.js';

const manifest = loadManifest();
const order = releaseOrderOf(manifest);
const at = (command: string, release: string) => {
  const spec = manifest.commands.find((c) => c.command === command);
  if (!spec) throw new Error(`no ${command}`);
  return commandAtRelease(spec, release, order);
};
const flagAt = (command: string, release: string, flag: string) =>
  at(command, release)?.flags.find((f) => f.flag === flag);

describe('positional limits per release', () => {
  it.each([
    ['run-shell', '3.1c', 1, 1],
    ['run-shell', '3.2', 0, 1],
    ['run-shell', '3.4', 0, 2],
    ['run-shell', '3.6b', 0, 1],
    ['run-shell', '3.7', 0, -1],
    ['bind-key', '3.1c', 2, -1],
    ['bind-key', '3.2', 1, -1],
    ['source-file', '2.9a', 1, 1],
    ['source-file', '3.0', 1, -1],
    ['list-keys', '3.0a', 0, 0],
    ['list-keys', '3.1', 0, 1],
    ['rename-window', '3.7c', 1, 1],
    ['if-shell', '3.7c', 2, 3],
    ['kill-server', '3.7c', 0, 0],
  ])('%s in %s takes %i to %i positionals', (command, release, min, max) => {
    expect(at(command, release)).toMatchObject({ minPositionals: min, maxPositionals: max });
  });
});

describe('flags per release', () => {
  it.each([
    // command, release, flag, takesValue (undefined: absent), hidden
    ['split-window', '2.9a', 'e', undefined, undefined],
    ['split-window', '3.0', 'e', true, false],
    ['split-window', '3.0a', 'p', true, false],
    ['split-window', '3.1', 'p', true, true],
    ['split-window', '3.7', 'p', true, false],
    ['display-message', '3.1c', 'c', true, false],
    ['display-message', '3.2', 'c', false, false],
    ['display-message', '3.3', 'c', true, false],
    ['command-prompt', '3.2a', 'T', false, false],
    ['command-prompt', '3.3', 'T', true, false],
    ['command-prompt', '3.2', 'W', false, false],
    ['command-prompt', '3.3', 'W', undefined, undefined],
    ['refresh-client', '3.2a', 'l', false, false],
    ['refresh-client', '3.3', 'l', 'optional', false],
    ['refresh-client', '3.7', 'l', false, false],
    ['bind-key', '3.0a', 'c', false, false],
    ['bind-key', '3.1', 'c', undefined, undefined],
    ['link-window', '3.1c', 'a', false, true],
    ['link-window', '3.2', 'a', false, false],
    ['select-pane', '2.9a', 'P', true, false],
    ['select-pane', '3.0', 'P', true, true],
  ] as const)('%s in %s: -%s takes a value: %s, hidden: %s', (command, release, flag, takesValue, hidden) => {
    const f = flagAt(command, release, flag);
    if (takesValue === undefined) expect(f).toBeUndefined();
    else expect(f).toMatchObject({ takesValue, hidden });
  });
});

describe('commands per release', () => {
  it.each([
    ['new-pane', '3.6b', false],
    ['new-pane', '3.7', true],
    ['display-menu', '2.9a', false],
    ['display-menu', '3.0', true],
    ['server-access', '3.2a', false],
    ['server-access', '3.3', true],
    ['kill-pane', '2.9a', true],
  ] as const)('%s exists in %s: %s', (command, release, exists) => {
    expect(at(command, release) !== undefined).toBe(exists);
  });

  it('counts commands per release as tmux does (84, 85, 87, 90, 91)', () => {
    const count = (r: string) => manifest.commands.filter((c) => order.within(c, r)).length;
    expect(['2.9a', '3.0', '3.1c', '3.2', '3.3', '3.6b', '3.7c'].map(count)).toEqual([84, 85, 85, 87, 90, 90, 91]);
  });
});
