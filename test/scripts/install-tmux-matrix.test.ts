/** The matrix script: every installed slot runs the version it is named after, and reruns are cached. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installedTmuxVersions, MATRIX_SLOTS } from '../support/tmux-matrix.js';

const script = fileURLToPath(new URL('../../scripts/install-tmux-matrix.sh', import.meta.url));
const installed = installedTmuxVersions();

describe('scripts/install-tmux-matrix.sh', () => {
  it.each(installed)('slot $slot runs tmux $version', ({ slot, version }) => {
    expect(MATRIX_SLOTS).toContain(slot);
    expect(version).toBe(slot);
  });

  it('reports every slot, each as cached, when run again', () => {
    const out = execFileSync('bash', [script], { encoding: 'utf8' });
    for (const slot of MATRIX_SLOTS) {
      const line = out.split('\n').find((l) => l.startsWith(`tmux matrix: ${slot} -> `));
      expect(line, out).toBeDefined();
      if (installed.some((t) => t.slot === slot)) expect(line).toMatch(/\(cached, Debian /);
      else expect(line).toMatch(/NOT INSTALLED/);
    }
  });
});
