/**
 * The tmux versions installed by scripts/install-tmux-matrix.sh into .cache/tmux/<slot>/bin/tmux.
 * Live tests run once per installed version.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface InstalledTmux {
  /** The matrix slot, e.g. '3.3a'. */
  readonly slot: string;
  /** The version the binary reports (`tmux -V`), e.g. '3.3a'. */
  readonly version: string;
  readonly bin: string;
}

export const MATRIX_SLOTS = ['3.1c', '3.3a', '3.5a', '3.7c', '3.8'] as const;
const CACHE = fileURLToPath(new URL('../../.cache/tmux/', import.meta.url));

export function installedTmuxVersions(): InstalledTmux[] {
  if (!existsSync(CACHE)) return [];
  const out: InstalledTmux[] = [];
  for (const slot of readdirSync(CACHE).sort()) {
    const bin = join(CACHE, slot, 'bin', 'tmux');
    if (!existsSync(bin)) continue;
    try {
      const reported = execFileSync(bin, ['-V'], { encoding: 'utf8' }).trim();
      out.push({ slot, version: reported.replace(/^tmux\s+/, ''), bin });
    } catch {
      // A slot whose binary does not run is reported by the install script; skip it here.
    }
  }
  return out;
}
