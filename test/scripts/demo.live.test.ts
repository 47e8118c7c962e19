/**
 * `npm run demo`, the README's first command: it loads examples/project.yaml into a private server,
 * prints the session's tree, tours every installed tmux, and leaves no server or socket behind.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { readWorkspaceFile } from '../../src/index.js';
import { installedTmuxVersions } from '../support/tmux-matrix.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sockets = () =>
  readdirSync(`/tmp/tmux-${process.getuid!()}`).filter((f) => f.startsWith('tmuxkit-demo-'));

it('every example workspace reads without a problem', async () => {
  const examples = readdirSync(`${root}/examples`).filter((f) => /\.(ya?ml|json)$/.test(f));
  expect(examples.length).toBeGreaterThan(0);
  for (const file of examples)
    await expect(readWorkspaceFile(`${root}/examples/${file}`)).resolves.toBeTruthy();
});

it('loads the example workspace, prints its tree, tours every tmux and cleans up', async () => {
  const before = sockets();
  const run = await execa('npx', ['tsx', 'scripts/demo.ts'], {
    cwd: root,
    reject: false,
    stdin: 'ignore',
    env: { TMUX: '' },
  });
  expect(run.exitCode, run.stderr).toBe(0);
  expect(run.stdout).toMatch(/loaded examples\/project\.yaml into a private server in \d+ ms/);
  expect(run.stdout).toMatch(/session project \(\$\d+\)\n\s+window 0: code \(3 panes\)/);
  expect(run.stdout).toMatch(/window 1: checks \(2 panes\)\n(.*\n){2}\s+window 2: scratch \(1 pane\)/);
  expect(run.stdout).toContain('| project tmuxkit');
  for (const t of installedTmuxVersions())
    expect(run.stdout).toContain(`SubprocessEngine (tmux ${t.version})`);
  expect(sockets()).toEqual(before);
}, 180_000);

it('removes its server when interrupted (Ctrl-C) in the middle of the tour', async () => {
  const before = sockets();
  const demo = execa('npx', ['tsx', 'scripts/demo.ts'], {
    cwd: root,
    reject: false,
    stdin: 'ignore',
    env: { TMUX: '' },
  });
  await new Promise<void>((resolve) => {
    demo.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('loaded examples/project.yaml')) resolve();
    });
  });
  // The tsx wrapper passes the signal on to the demo, as a terminal's Ctrl-C reaches the whole group.
  demo.kill('SIGINT');
  const done = await demo;
  expect(done.exitCode === 130 || done.signal === 'SIGINT', `exit ${done.exitCode} ${done.signal}`).toBe(
    true,
  );
  expect(sockets()).toEqual(before);
}, 120_000);
