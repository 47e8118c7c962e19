/**
 * The generated JSDoc examples run: each operation class's example constructs the operation exactly as
 * written and renders it for the release the example names.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR } from '../../codegen/generate.js';
import * as sdk from '../../src/index.js';

const source = readFileSync(join(GENERATED_DIR, 'operations.generated.ts'), 'utf8');
const examples = [
  ...source.matchAll(/^ \* const op = new (\w+)\((.*)\);\n \* op\.render\(\{ version: '([^']+)' \}\);/gm),
].map(([, className, params, version]) => ({ className: className!, params: params!, version: version! }));

describe('generated examples', () => {
  it('exist for every operation class', () => {
    expect(examples.map((e) => e.className).sort()).toEqual(sdk.catalog.map((c) => c.className).sort());
  });

  it.each(examples.map((e) => [e.className, e] as const))('%s example constructs and renders', (_name, e) => {
    const run = new Function(
      'sdk',
      `return new sdk.${e.className}(${e.params}).render({ version: '${e.version}' });`,
    );
    const argv = run(sdk) as string[];
    expect(argv[0]).toBe(sdk.catalog.find((c) => c.className === e.className)!.command);
  });
});
