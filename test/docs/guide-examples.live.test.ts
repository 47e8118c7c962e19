/**
 * Every TypeScript example in docs/guides/ runs as written against a private server on the newest
 * installed tmux: only the import path and the connection (`socketName: 'guide'`) are replaced. A line
 * `console.log(...); // text` must print `text`, in order: the comments are the specification.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { privateServers } from '../support/private-tmux.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const newest = installedTmuxVersions().at(-1);
const servers = privateServers();
const guides = fileURLToPath(new URL('../../docs/guides/', import.meta.url));
const scratch = fileURLToPath(new URL('../../.cache/guide-examples/', import.meta.url));
const sdk = fileURLToPath(new URL('../../src/index.js', import.meta.url));
const mcp = fileURLToPath(new URL('../../src/mcp/index.js', import.meta.url));
afterAll(async () => {
  await servers.killAll();
  rmSync(scratch, { recursive: true, force: true });
});

const examples = readdirSync(guides)
  .filter((f) => f.endsWith('.md'))
  .flatMap((file) =>
    [...readFileSync(`${guides}${file}`, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (m, i) => [`${file} #${i + 1}`, m[1]!] as const,
    ),
  );

it('finds the guides’ TypeScript examples', () => {
  expect(examples.length).toBeGreaterThan(0);
});

describe.skipIf(!newest)('guide examples', () => {
  it.each(examples)('%s runs and prints what its comments say', async (name, code) => {
    const connection = servers.connection(newest!.bin, `guide-${examples.findIndex(([n]) => n === name)}`);
    const source = code
      .replaceAll("from 'tmuxkit/mcp'", `from ${JSON.stringify(mcp)}`)
      .replaceAll("from 'tmuxkit'", `from ${JSON.stringify(sdk)}`)
      .replaceAll(
        "socketName: 'guide'",
        `socketName: ${JSON.stringify(connection.socketName)}, tmux: ${JSON.stringify(newest!.bin)}, env: { ...process.env, TMUX: '', SHELL: '/bin/sh' }`,
      );
    const expected = [...code.matchAll(/^\s*console\.log\(.*\);\s*\/\/ (.*)$/gm)].map((m) => m[1]);
    // Every console.log says what it prints, on its own line.
    expect(expected).toHaveLength(code.match(/console\.log\(/g)?.length ?? 0);
    mkdirSync(scratch, { recursive: true });
    const file = `${scratch}${name.replace(/\W+/g, '-')}.ts`;
    writeFileSync(file, `${source}\nexport {};\n`);
    const printed: string[] = [];
    const spy = vi
      .spyOn(console, 'log')
      .mockImplementation((...args: unknown[]) => void printed.push(format(...args)));
    try {
      await import(file);
    } finally {
      spy.mockRestore();
    }
    expect(printed).toEqual(expected);
  });
});
