/** `npm run validate`: counts on success; every problem as file:line:column and exit status 1 on failure. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MANIFEST_DIR } from '../../codegen/manifest/load-manifest.js';

const cli = fileURLToPath(new URL('../../codegen/validate-cli.ts', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-validate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const validate = (dir?: string) =>
  execa('npx', ['tsx', cli, ...(dir ? [dir] : [])], { reject: false, stdin: 'ignore' });

describe('npm run validate', () => {
  it('prints the counts of a valid manifest', async () => {
    const r = await validate();
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^manifest ok: 92 commands, 598 flags, 288 format variables, 28 control-mode line types/m,
    );
  });

  it('exits 1 and prints each problem as file:line:column', async () => {
    const dir = join(scratch, 'broken');
    cpSync(DEFAULT_MANIFEST_DIR, dir, { recursive: true });
    const file = join(dir, 'commands', 'kill-window.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('scope: window', 'scope: windows'));
    const r = await validate(dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(
      /kill-window\.yaml:\d+:8: scope: 'windows' is not one of: server, session, window, pane, client/,
    );
  });
});
