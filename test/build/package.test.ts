/**
 * The published package: `npm pack` (which builds dist/), install the tarball into a scratch project and
 * use it from there, in JavaScript and in type-checked TypeScript, exactly as a user would.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-pack-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('installs into a scratch project and imports from "tmuxkit" in JS and TS', async () => {
    await execa('npm', ['pack', '--pack-destination', scratch], { cwd: root });
    const tarball = readdirSync(scratch).find((f) => f.endsWith('.tgz'))!;
    expect(tarball).toMatch(/^tmuxkit-\d+\.\d+\.\d+\.tgz$/);
    // One non-ASCII character makes Node read the whole bundle as two-byte text: a slower import.
    const bundle = readFileSync(join(root, 'dist/index.js'));
    expect(
      bundle.findIndex((byte) => byte > 0x7f),
      'the first non-ASCII byte of dist/index.js',
    ).toBe(-1);

    const project = join(scratch, 'project');
    await execa('mkdir', ['-p', project]);
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'scratch', private: true, type: 'module' }),
    );
    // Dependencies come from the registry as for any user (the npm cache when it has them): `npm ci`
    // fetches tarballs by their locked address and leaves no registry metadata behind, so an offline
    // install passes only on a machine whose cache happens to be warm.
    await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(scratch, tarball)], {
      cwd: project,
    });

    writeFileSync(
      join(project, 'use.mjs'),
      [
        "import { SubprocessEngine, NewSession, catalog, MemoryEngine, ListSessions } from 'tmuxkit';",
        "const op = new NewSession({ detached: true, sessionName: 'scratch' });",
        'const memory = new MemoryEngine();',
        'await memory.execute(op);',
        'const rows = (await memory.execute(new ListSessions())).rows;',
        "console.log(JSON.stringify({ engine: typeof SubprocessEngine, commands: catalog.length, argv: op.render({ version: '3.3a' }), sessions: rows.map((r) => r.sessionName) }));",
      ].join('\n'),
    );
    const run = await execa('node', ['use.mjs'], { cwd: project });
    // The installed package's command runs from its bin link, and checks a file without loading tmux.
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version as string;
    expect((await execa('npx', ['--no-install', 'tmuxkit', '--version'], { cwd: project })).stdout).toBe(
      version,
    );
    writeFileSync(join(project, 'ws.yaml'), 'session_name: p\nwindows: [{panes: [ls]}]\n');
    const dry = await execa(
      'npx',
      ['--no-install', 'tmuxkit', 'load', '--dry-run', '-L', 'tmuxkit-test-none', 'ws.yaml'],
      {
        cwd: project,
      },
    );
    expect(dry.stdout).toMatch(/^tmux new-session -d /);
    // The MCP server is its own entry point: the SDK's bundle never imports the MCP SDK or zod.
    expect(bundle.toString('latin1')).not.toMatch(/@modelcontextprotocol|from\s*"zod"/);
    const mcp = await execa(
      'node',
      [
        '-e',
        "import('tmuxkit/mcp').then((m) => console.log(typeof m.createTmuxMcpServer, m.CURATED_TOOLS.length))",
      ],
      { cwd: project },
    );
    expect(mcp.stdout).toMatch(/^function \d+$/);
    const out = JSON.parse(run.stdout) as {
      engine: string;
      commands: number;
      argv: string[];
      sessions: string[];
    };
    expect(out.engine).toBe('function');
    expect(out.commands).toBe(92);
    expect(out.argv.slice(0, 2)).toEqual(['new-session', '-d']);
    expect(out.sessions).toEqual(['scratch']);

    writeFileSync(
      join(project, 'use.ts'),
      [
        "import { NewSession, SplitWindow, SubprocessEngine, type CreatedResult } from 'tmuxkit';",
        'const engine = new SubprocessEngine();',
        'export async function split(): Promise<CreatedResult> {',
        '  await engine.execute(new NewSession({ detached: true }));',
        '  return engine.execute(new SplitWindow({ horizontal: true }));',
        '}',
        '// @ts-expect-error: an unknown parameter is a type error',
        'new SplitWindow({ colour: 1 });',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    const tsc = await execa(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], {
      cwd: project,
      reject: false,
    });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.exitCode).toBe(0);
  });
});
