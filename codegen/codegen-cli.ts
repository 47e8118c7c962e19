/**
 * `npm run codegen`: regenerates src/generated/ and docs/reference/ from the manifest and reports what changed and how long it
 * took. A broken manifest stops it with every problem as file:line:column. `--check` writes nothing and
 * exits 1 when the committed files are stale.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GENERATED_DIR, REFERENCE_DIR, generate, generateDocs } from './generate.js';
import { ManifestError } from './manifest/diagnostics.js';
import { loadManifest } from './manifest/load-manifest.js';

const check = process.argv.includes('--check');
/** `--manifest <dir>`: generate from another manifest directory (used by tests with broken copies). */
const manifestDir = process.argv.includes('--manifest')
  ? process.argv[process.argv.indexOf('--manifest') + 1]
  : undefined;
const started = performance.now();
try {
  const manifest = loadManifest(manifestDir);
  const files = await generate(manifest);
  const changed: string[] = [];
  for (const [name, text] of files) {
    const path = join(GENERATED_DIR, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    changed.push(name);
    if (!check) writeFileSync(path, text);
  }
  const stale = readdirSync(GENERATED_DIR).filter((n) => n.endsWith('.generated.ts') && !files.has(n));
  for (const name of stale) {
    changed.push(`${name} (removed)`);
    if (!check) rmSync(join(GENERATED_DIR, name));
  }
  // The reference docs: written, checked and pruned the same way.
  const pages = await generateDocs(manifest);
  let pagesChanged = 0;
  for (const [name, text] of pages) {
    const path = join(REFERENCE_DIR, name);
    if (existsSync(path) && readFileSync(path, 'utf8') === text) continue;
    pagesChanged++;
    if (!check) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    }
  }
  const onDisk = existsSync(REFERENCE_DIR)
    ? (readdirSync(REFERENCE_DIR, { recursive: true }) as string[]).filter((n) => n.endsWith('.md'))
    : [];
  for (const name of onDisk.filter((n) => !pages.has(n))) {
    pagesChanged++;
    if (!check) rmSync(join(REFERENCE_DIR, name));
  }
  if (pagesChanged > 0) changed.push(`docs/reference (${pagesChanged} pages)`);
  const ms = Math.round(performance.now() - started);
  if (check && changed.length > 0) {
    console.error(`src/generated or docs/reference is stale (run npm run codegen): ${changed.join(', ')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `codegen: ${manifest.commands.length} commands, ${files.size} files, ` +
        `${changed.length === 0 ? 'no changes' : `${check ? 'stale' : 'wrote'} ${changed.join(', ')}`} (${ms} ms)`,
    );
  }
} catch (e) {
  if (!(e instanceof ManifestError)) throw e;
  console.error(e.message);
  process.exitCode = 1;
}
