/**
 * The hand-written JSDoc examples run as written (those that need no live tmux server: the in-memory
 * engine, plans, snapshots, queries, targets, versions, the catalog). Only the import path changes; every
 * line `expression; // value` becomes a check that the expression equals the value, so an example that
 * drifts from the code fails here. Examples that talk to a real server (or to hosts over ssh, `Fleet`) run
 * in their engines' live tests.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = join(root, '.cache/jsdoc-examples/');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const LIVE = /\b(SubprocessEngine|SyncSubprocessEngine|ControlModeEngine|SocketEngine|Fleet)\b/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every ```ts block inside a JSDoc comment, without the ` * ` prefixes. */
function examples(file: string): { name: string; code: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { name: string; code: string }[] = [];
  for (const match of text.matchAll(/^\s*\* ```ts\n([\s\S]*?)^\s*\* ```/gm)) {
    const code = match[1]!.replace(/^\s*\* ?/gm, '');
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ name: `${relative(root, file)}:${line}`, code });
  }
  return found;
}

/** `expr; // value` → a check; a value that does not parse as JavaScript is an error in the example. */
function withChecks(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = /^(\s*)(.+?);\s*\/\/ (.+)$/.exec(line);
      if (!m) return line;
      const [, indent, expression, comment] = m;
      // The value, or the value before a colon that starts an explanation (`// true: newer`).
      const value = [comment!, comment!.split(': ')[0]!].find((v) => {
        try {
          new Function(`return (${v});`);
          return true;
        } catch {
          return false;
        }
      });
      if (value === undefined) throw new Error(`the example's expected value is not JavaScript: ${comment}`);
      if (/^\s*(const|let|await|import)\b/.test(expression!) && !/^\s*await\b.*\)\s*$/.test(expression!)) {
        return line; // a statement with a comment, not a claim about a value
      }
      return `${indent}__check(${JSON.stringify(expression)}, ${expression}, ${value});`;
    })
    .join('\n');
}

const all = sourceFiles(join(root, 'src'))
  .flatMap(examples)
  .filter((e) => !LIVE.test(e.code));

describe('JSDoc examples', () => {
  it('include the plan, snapshot and query examples', () => {
    const names = all.map((e) => e.name).join('\n');
    for (const file of ['plan.ts', 'plan-reference.ts', 'server-snapshot.ts', 'query.ts', 'criteria.ts']) {
      expect(names).toContain(file);
    }
  });

  it.each(all.map((e) => [e.name, e] as const))('%s runs as written', async (_name, example) => {
    const checks: { expression: string; actual: unknown; expected: unknown }[] = [];
    (globalThis as Record<string, unknown>)['__check'] = (
      expression: string,
      actual: unknown,
      expected: unknown,
    ) => checks.push({ expression, actual, expected });
    const source = withChecks(example.code).replaceAll(
      "from 'tmuxkit'",
      `from ${JSON.stringify(join(root, 'src/index.js'))}`,
    );
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, `${example.name.replace(/[^A-Za-z0-9]/g, '_')}.ts`);
    writeFileSync(file, `${source}\nexport {};\n`);
    await import(file);
    const claims = example.code
      .split('\n')
      .filter((l) => /;\s*\/\/ /.test(l) && !/^\s*(const|let|import)\b/.test(l));
    expect(checks.length, 'every claimed value was checked').toBe(claims.length);
    for (const c of checks) expect(c.actual, c.expression).toEqual(c.expected);
  });
});
