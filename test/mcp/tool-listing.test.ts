/** What each tier lists, as data: the README's counts and the tools' own promises (schemas, tiers). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CURATED_TOOLS, listedOperationTools, SAFETY_TIERS, tierAllows } from '../../src/mcp/index.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');

describe('the tool listing', () => {
  it('has unique snake_case names, none that a per-command tool could take', () => {
    const names = CURATED_TOOLS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(names.some((n) => n.startsWith('tmux_'))).toBe(false);
  });

  it('gives every curated tool a known tier (fail closed otherwise)', () => {
    for (const t of CURATED_TOOLS) expect(SAFETY_TIERS).toContain(t.tier);
  });

  it('matches the counts the README gives per tier', () => {
    const counts = SAFETY_TIERS.map((tier) => {
      const curated = CURATED_TOOLS.filter((t) => tierAllows(tier, t.tier)).length;
      return [tier, curated, curated + listedOperationTools(tier).length] as const;
    });
    const [readonly, mutating, destructive] = counts as [
      (typeof counts)[0],
      (typeof counts)[0],
      (typeof counts)[0],
    ];
    expect(readme).toContain(`**Curated tools** (${CURATED_TOOLS.length})`);
    expect(readme).toContain(
      `at \`readonly\` ${readonly[1]} curated (${readonly[2]} with \`--operations\`), at \`mutating\` ${mutating[1]} (${mutating[2]}), at \`destructive\` ${destructive[1]} (${destructive[2]})`,
    );
  });
});
