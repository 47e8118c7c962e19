/**
 * The README's engine examples, run as written against a private server on the newest installed
 * tmux: only the import path, the tmux binary and the socket name are replaced. What it prints is checked.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { privateServers } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const newest = installedTmuxVersions().at(-1);
const servers = privateServers();
const scratch = fileURLToPath(new URL('../../.cache/readme-examples/', import.meta.url));
afterAll(async () => {
  await servers.killAll();
  rmSync(scratch, { recursive: true, force: true });
});

/** The first ```ts block after the heading that starts with `heading`. */
function exampleUnder(heading: string): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf(`## ${heading}`));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no example under ${heading}`);
  return match[1]!;
}

/** Writes the example with only the import path, the tmux binary and the socket name replaced; runs it. */
async function runExample(heading: string, label: string): Promise<unknown[][]> {
  const connection = servers.connection(newest!.bin, label);
  const source = exampleUnder(heading)
    .replace(
      "from 'tmuxkit'",
      `from ${JSON.stringify(fileURLToPath(new URL('../../src/index.js', import.meta.url)))}`,
    )
    .replace(
      "socketName: 'work',",
      `socketName: ${JSON.stringify(connection.socketName)}, tmux: ${JSON.stringify(newest!.bin)}, env: { ...process.env, TMUX: '', SHELL: '/bin/sh' },`,
    );
  expect(source).toContain(connection.socketName);
  mkdirSync(scratch, { recursive: true });
  const file = `${scratch}${label}.ts`;
  writeFileSync(file, `${source}\nexport {};\n`);
  const logs: unknown[][] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
  try {
    await import(file);
  } finally {
    spy.mockRestore();
  }
  return logs;
}

describe.skipIf(!newest)('README', () => {
  it('the facades example runs and prints what its comments say', async () => {
    const logs = await runExample('Use it', 'readme-facades');
    expect(logs).toEqual([[1, true], [true], [true]]);
  });

  it('the socket-engine example runs and prints what its comments say', async () => {
    const logs = await runExample('Socket engine', 'readme-socket');
    expect(logs).toEqual([[['work']], [true]]);
  });

  it('the workspaces example runs and prints what its comments say', async () => {
    const logs = await runExample('Workspaces and the', 'readme-workspaces');
    expect(logs).toEqual([['created', [2, 1]], [['editor', 'logs']]]);
  });

  it('the plans example runs and prints what its comments say', async () => {
    const logs = await runExample('Plans, snapshots and queries', 'readme-plans');
    expect(logs).toEqual([
      [['send-keys', '-t', '<step 2 pane>', '--', 'echo ready', 'Enter']],
      [true, 5],
      [[true, true, 'complete', 'complete']],
      [3],
      [2],
    ]);
  });

  it('the control-mode example runs and prints what its comments say', async () => {
    const logs = await runExample('Control mode', 'readme-control');
    expect(logs[0]).toEqual([{ type: 'window-add', windowId: '@1' }]);
    expect(logs[1]).toEqual([['work 1', 'work 2', 'work 3']]);
    expect(logs[2]?.[0]).toMatch(/^%\d+$/);
    expect(logs[2]?.[1]).toMatch(/^\d+$/);
  });
});
