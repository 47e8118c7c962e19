/**
 * Every TypeScript example in docs/guides/ runs as written against a private server on the newest
 * installed tmux: only the import path and the connection (`socketName: 'guide'`) are replaced. A line
 * `console.log(...); // text` must print `text`, in order: the comments are the specification.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { privateServers } from '../support/private-tmux.js';
import { PrivateSshd } from '../support/private-sshd.js';
import { closeSshConnections, SubprocessEngine } from '../../src/index.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const newest = installedTmuxVersions().at(-1);
const servers = privateServers();
const guides = fileURLToPath(new URL('../../docs/guides/', import.meta.url));
const scratch = fileURLToPath(new URL('../../.cache/guide-examples/', import.meta.url));
const sdk = fileURLToPath(new URL('../../src/index.js', import.meta.url));
const mcp = fileURLToPath(new URL('../../src/mcp/index.js', import.meta.url));
/** The hosts of the remote guide's examples (`{ host: 'guide-host' }`, `'guide-host-2'`): private sshd. */
let sshd: PrivateSshd | undefined;
const socketNames: string[] = [];
afterAll(async () => {
  if (sshd) {
    for (const host of sshd.hosts)
      for (const socketName of socketNames)
        await new SubprocessEngine({ ssh: host.ssh, tmux: newest!.bin, socketName }).run(['kill-server']);
    await closeSshConnections();
    await sshd.stop();
  }
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
  beforeAll(async () => {
    if (examples.some(([, code]) => code.includes("host: 'guide-host'"))) sshd = await PrivateSshd.start(2);
  }, 60_000);

  it.each(examples)('%s runs and prints what its comments say', async (name, code) => {
    const connection = servers.connection(newest!.bin, `guide-${examples.findIndex(([n]) => n === name)}`);
    socketNames.push(connection.socketName);
    const host = (i: number) => JSON.stringify(sshd?.hosts[i]?.ssh ?? {});
    const source = code
      .replaceAll("{ host: 'guide-host' }", host(0))
      .replaceAll("{ host: 'guide-host-2' }", host(1))
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
