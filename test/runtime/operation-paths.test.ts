/**
 * The generated straight-line paths (src/generated/operation-paths.generated.ts) against the generic
 * runtime they replace on the hot path: for random parameter objects of every command, valid and not,
 * both give the same checked parameters or the same error, and the same words or the same error in
 * every release of the manifest. (The render tables and the sweep check the words against the manifest.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as paths from '../../src/generated/operation-paths.generated.js';
import { catalog, tmuxReleases, TmuxVersion } from '../../src/index.js';
import { genericWords, type OperationPath } from '../../src/runtime/operation.js';
import { normalizeParameters } from '../../src/runtime/operation-parameters.js';
import { codecFor } from '../../src/runtime/results/result-codecs.js';
import { ROW_FIELDS } from '../../src/generated/rows.generated.js';
import { pathName } from '../../codegen/naming.js';

const VALUES = [
  true,
  false,
  undefined,
  null,
  0,
  3,
  -1,
  1.5,
  Number.NaN,
  '10%',
  '',
  'x',
  'ends;',
  'a\0b',
  '%1',
  '@2',
  '$3',
  '=exact',
  'dev:1.0',
  '{last}',
  '/dev/pts/1',
  'A=1',
  [],
  ['a', 'b;'],
  [1, 2],
  { A: '1', B: 'two words' },
  { 'BAD=': 'x' },
] as const;

/** The outcome of a call: its value, or the error's class and message. */
function outcome<T>(f: () => T): { value: T } | { error: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: `${(e as Error).constructor.name}: ${(e as Error).message}` };
  }
}

const releases = tmuxReleases.map((r) => TmuxVersion.parse(r));

describe.each(catalog.map((c) => [c.command, c] as const))('%s', (_name, descriptor) => {
  const path = (paths as unknown as Record<string, OperationPath>)[pathName(descriptor.command)]!;
  const names = [
    ...descriptor.flags.map((f) => f.param),
    ...descriptor.positionals.map((p) => p.param),
    'bogus',
  ];
  const codec = codecFor(descriptor, descriptor.rows ? ROW_FIELDS[descriptor.rows] : undefined);
  const params = fc.dictionary(fc.constantFrom(...names), fc.constantFrom(...VALUES), { maxKeys: 5 });

  it('checks and renders as the generic path does, for random parameters', () => {
    fc.assert(
      fc.property(params, (given) => {
        const fast = outcome(() => path.check(given));
        const generic = outcome(() => normalizeParameters(descriptor, given));
        expect(fast).toEqual(generic);
        if (!('value' in fast)) return;
        for (const version of releases) {
          const prepared = codec.prepare(fast.value, version);
          expect(outcome(() => path.render(prepared, version, { version }))).toEqual(
            outcome(() => genericWords(descriptor, prepared, version, { version })),
          );
        }
      }),
      { numRuns: 150 },
    );
  });
});
