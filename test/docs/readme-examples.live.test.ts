/**
 * The README's control-mode example, run as written against a private server on the newest installed
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

describe.skipIf(!newest)('README', () => {
  it('the control-mode example runs and prints what its comments say', async () => {
    const connection = servers.connection(newest!.bin, 'readme');
    const source = exampleUnder('Control mode')
      .replace(
        "from 'tmuxkit'",
        `from ${JSON.stringify(fileURLToPath(new URL('../../src/index.js', import.meta.url)))}`,
      )
      .replace(
        "socketName: 'work',",
        `socketName: ${JSON.stringify(connection.socketName)}, tmux: ${JSON.stringify(newest!.bin)}, env: { ...process.env, TMUX: '' },`,
      );
    expect(source).toContain(connection.socketName);
    mkdirSync(scratch, { recursive: true });
    const file = `${scratch}control-mode.ts`;
    writeFileSync(file, `${source}\nexport {};\n`);
    const logs: unknown[][] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args));
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
    expect(logs[0]).toEqual([{ type: 'window-add', windowId: '@1' }]);
    expect(logs[1]).toEqual([['work 1', 'work 2', 'work 3']]);
    expect(logs[2]?.[0]).toMatch(/^%\d+$/);
    expect(logs[2]?.[1]).toMatch(/^\d+$/);
  });
});
