/**
 * The generated reference (docs/reference/): committed pages match a fresh generation (stale or stray
 * pages fail here), every command, format variable, notification and release has its page or row, the
 * split-window page's flags table has the catalog's rows, and internal links resolve.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateDocs, REFERENCE_DIR } from '../../codegen/generate.js';
import { loadManifest } from '../../codegen/manifest/load-manifest.js';
import * as tmuxkit from '../../src/index.js';
import { catalog } from '../../src/index.js';

const manifest = loadManifest();
const page = (name: string) => readFileSync(join(REFERENCE_DIR, name), 'utf8');

describe('the generated reference', () => {
  let pages: ReadonlyMap<string, string>;
  beforeAll(async () => {
    pages = await generateDocs(manifest);
  });

  it('is up to date with the manifest, with no stray pages (run npm run codegen if this fails)', () => {
    for (const [name, text] of pages) expect(page(name), `${name} is stale`).toBe(text);
    const onDisk = (readdirSync(REFERENCE_DIR, { recursive: true }) as string[]).filter((n) =>
      n.endsWith('.md'),
    );
    expect(onDisk.sort()).toEqual([...pages.keys()].sort());
  });

  it('has a page for every command and release, and a row for every format variable and notification', () => {
    for (const c of catalog) expect(pages.has(`commands/${c.command}.md`), c.command).toBe(true);
    for (const r of manifest.releases) expect(pages.has(`releases/${r.version}.md`), r.version).toBe(true);
    const formats = pages.get('formats.md')!;
    for (const f of manifest.formats) expect(formats, f.name).toContain(`| \`${f.name}\``);
    const notifications = pages.get('notifications.md')!;
    for (const n of manifest.notifications) expect(notifications, n.line).toContain(`\`${n.line}\``);
    const index = pages.get('commands/index.md')!;
    for (const c of catalog)
      expect(index.split(`[\`${c.command}\`](${c.command}.md)`), c.command).toHaveLength(3);
  });

  it('names operation and result classes the SDK exports', () => {
    for (const c of catalog) {
      const text = pages.get(`commands/${c.command}.md`)!;
      const result = /\| Result +\| [^`]*`(\w+)`/.exec(text)?.[1];
      expect(typeof (tmuxkit as Record<string, unknown>)[result!], `${c.command}: ${result}`).toBe(
        'function',
      );
      expect(text).toContain(`\`${c.className}\``);
      // ... and the one its results decode into.
      const decoded = tmuxkit.resultFromJSON({
        kind: c.result,
        command: c.command,
        argv: [c.command],
        exitCode: 0,
        stdout: '',
        stderr: '',
        ...(c.result === 'rows' ? { data: [] } : {}),
      });
      expect(decoded.constructor.name, c.command).toBe(result);
    }
  });

  it("shows split-window's flags with the catalog's rows", () => {
    const split = catalog.find((c) => c.command === 'split-window')!;
    const rows = pages
      .get('commands/split-window.md')!
      .split('## Flags')[1]!
      .split('\n')
      .filter((l) => /^\| -\w /.test(l))
      .map((l) => l.split('|').map((c) => c.trim()));
    expect(rows.map((r) => [r[1], r[2]!.replaceAll('`', ''), r[4]])).toEqual(
      split.flags.map((f) => [`-${f.flag}`, f.param, f.since]),
    );
  });

  it("lists 3.8's new command and flags on its release page", () => {
    const release = pages.get('releases/3.8.md')!;
    for (const c of catalog.filter((c) => c.since === '3.8')) expect(release).toContain(`\`${c.command}\``);
    const flags = catalog.flatMap((c) => c.flags.filter((f) => f.since === '3.8' && c.since !== '3.8'));
    expect(flags.length).toBeGreaterThan(0);
    expect(release.match(/^- .* `-\w`: /gm)).toHaveLength(flags.length);
  });

  it('has no internal link that points nowhere', () => {
    for (const [name, text] of pages) {
      for (const [, target] of text.matchAll(/\]\(([^)#]+\.md)\)/g)) {
        const resolved = normalize(join(dirname(name), target!));
        expect(pages.has(resolved) || existsSync(join(REFERENCE_DIR, resolved)), `${name} -> ${target}`).toBe(
          true,
        );
      }
    }
  });
});
