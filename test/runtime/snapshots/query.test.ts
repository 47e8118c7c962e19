/**
 * Queries and JSON criteria as a specification: each operator, the combinators, clear errors before any
 * node is read; and properties over random nodes and criteria (`where` agrees with the predicate the
 * criteria describe, `and` is chaining, `or` is a union in order, `not` the complement).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCriteria, criteriaJSONSchema, Query, QueryError, type Criteria } from '../../../src/index.js';

interface Node {
  readonly paneId: string;
  readonly paneWidth: number;
  readonly paneActive: boolean;
  readonly paneCurrentCommand?: string;
}

const FIELDS = ['paneId', 'paneWidth', 'paneActive', 'paneCurrentCommand'];
const nodes: Node[] = [
  { paneId: '%0', paneWidth: 80, paneActive: true, paneCurrentCommand: 'bash' },
  { paneId: '%1', paneWidth: 120, paneActive: false, paneCurrentCommand: 'vim' },
  { paneId: '%2', paneWidth: 40, paneActive: false, paneCurrentCommand: 'NVIM' },
  { paneId: '%3', paneWidth: 120, paneActive: false },
];
const q = new Query(nodes, FIELDS);
const ids = (query: Query<Node>) => query.map((n) => n.paneId);

describe('criteria', () => {
  it.each<[string, Criteria, string[]]>([
    ['equality', { paneWidth: 120 }, ['%1', '%3']],
    ['several fields (all hold)', { paneWidth: 120, paneActive: false, paneId: '%1' }, ['%1']],
    ['eq / ne', { paneWidth: { ne: 120 } }, ['%0', '%2']],
    ['gt', { paneWidth: { gt: 80 } }, ['%1', '%3']],
    ['gte', { paneWidth: { gte: 80 } }, ['%0', '%1', '%3']],
    ['lt', { paneWidth: { lt: 80 } }, ['%2']],
    ['lte and gte together', { paneWidth: { gte: 40, lte: 80 } }, ['%0', '%2']],
    ['strings compare too', { paneId: { gt: '%1' } }, ['%2', '%3']],
    ['in', { paneCurrentCommand: { in: ['vim', 'bash'] } }, ['%0', '%1']],
    ['exists', { paneCurrentCommand: { exists: false } }, ['%3']],
    ['regex', { paneCurrentCommand: { regex: '^n?vim$' } }, ['%1']],
    ['regex with flags', { paneCurrentCommand: { regex: '^n?vim$', flags: 'i' } }, ['%1', '%2']],
    ['and', { and: [{ paneWidth: 120 }, { paneCurrentCommand: { exists: true } }] }, ['%1']],
    ['or', { or: [{ paneActive: true }, { paneWidth: 40 }] }, ['%0', '%2']],
    ['not', { not: { paneWidth: 120 } }, ['%0', '%2']],
    ['empty criteria match everything', {}, ['%0', '%1', '%2', '%3']],
  ])('%s', (_, criteria, expected) => {
    expect(ids(q.where(criteria))).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown field', { paneWdth: 1 }, /unknown field "paneWdth"/],
    ['an unknown operator', { paneWidth: { greater: 1 } }, /unknown operator "greater"/],
    ['a pattern that does not compile', { paneId: { regex: '(' } }, /does not compile/],
    ['bad regex flags', { paneId: { regex: 'x', flags: 'g' } }, /flags from "imsu"/],
    ['flags without a regex', { paneId: { flags: 'i' } }, /needs a regex/],
    ['in without a list', { paneId: { in: '%1' } }, /list of values/],
    ['and without a list', { and: { paneId: '%1' } }, /list of criteria/],
    ['a list as a value', { paneId: ['%1'] }, /a value or a condition/],
    ['not an object', 'paneId', /must be an object/],
    [
      'an unknown field deep inside',
      { or: [{ not: { nope: 1 } }] },
      /unknown field "nope" at criteria.or\[0\].not/,
    ],
  ])('refuses %s before reading any node', (_, criteria, message) => {
    expect(() => q.where(criteria as Criteria)).toThrow(QueryError);
    expect(() => q.where(criteria as Criteria)).toThrow(message);
  });

  it('has a JSON Schema naming every field', () => {
    const schema = criteriaJSONSchema(FIELDS) as {
      $defs: { criteria: { properties: Record<string, unknown> } };
    };
    expect(Object.keys(schema.$defs.criteria.properties).sort()).toEqual(
      ['and', 'not', 'or', ...FIELDS].sort(),
    );
  });
});

describe('queries', () => {
  it('order by fields, ascending or descending, absent values last, ties in order', () => {
    expect(ids(q.orderBy('paneWidth'))).toEqual(['%2', '%0', '%1', '%3']);
    expect(ids(q.orderBy({ field: 'paneWidth', descending: true }, 'paneId'))).toEqual([
      '%1',
      '%3',
      '%0',
      '%2',
    ]);
    expect(ids(q.orderBy('paneCurrentCommand'))).toEqual(['%2', '%0', '%1', '%3']);
    expect(() => q.orderBy('nope' as never)).toThrow(QueryError);
  });

  it('first, one, count, toArray, filter, iteration', () => {
    expect(q.where({ paneWidth: 120 }).first()?.paneId).toBe('%1');
    expect(q.where({ paneWidth: 999 }).first()).toBeUndefined();
    expect(q.where({ paneActive: true }).one().paneId).toBe('%0');
    expect(() => q.where({ paneWidth: 120 }).one()).toThrow(/exactly one match, found 2/);
    expect(() => q.where({ paneWidth: 1 }).one()).toThrow(/found 0/);
    expect(q.count()).toBe(4);
    expect(q.filter((n) => n.paneWidth > 100).count()).toBe(2);
    expect([...q].length).toBe(4);
    const copy = q.toArray();
    copy.pop();
    expect(q.count()).toBe(4);
  });
});

describe('properties', () => {
  const node = fc.record(
    {
      paneId: fc.nat({ max: 50 }).map((n) => `%${n}`),
      paneWidth: fc.integer({ min: 1, max: 300 }),
      paneActive: fc.boolean(),
      paneCurrentCommand: fc.constantFrom('bash', 'vim', 'nvim', 'Vim', 'top', ''),
    },
    { requiredKeys: ['paneId', 'paneWidth', 'paneActive'] },
  );
  /** Random criteria with the predicate they mean. */
  type Described = [Criteria, (n: Node) => boolean];
  const leaf: fc.Arbitrary<Described> = fc.oneof<fc.Arbitrary<Described>[]>(
    fc.integer({ min: 1, max: 300 }).map((w): Described => [{ paneWidth: w }, (n) => n.paneWidth === w]),
    fc
      .integer({ min: 1, max: 300 })
      .map((w): Described => [{ paneWidth: { gte: w } }, (n) => n.paneWidth >= w]),
    fc
      .integer({ min: 1, max: 300 })
      .map((w): Described => [{ paneWidth: { lt: w } }, (n) => n.paneWidth < w]),
    fc.boolean().map((b): Described => [{ paneActive: b }, (n) => n.paneActive === b]),
    fc
      .boolean()
      .map((b) => [
        { paneCurrentCommand: { exists: b } },
        (n: Node) => (n.paneCurrentCommand !== undefined) === b,
      ]),
    fc.constant<Described>([
      { paneCurrentCommand: { regex: 'vim$', flags: 'i' } },
      (n) => n.paneCurrentCommand !== undefined && /vim$/i.test(n.paneCurrentCommand),
    ]),
  );
  const criteria: fc.Arbitrary<[Criteria, (n: Node) => boolean]> = fc.letrec<{
    c: [Criteria, (n: Node) => boolean];
  }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc
        .array(tie('c'), { maxLength: 3 })
        .map(
          (cs) =>
            [{ and: cs.map((c) => c[0]) }, (n: Node) => cs.every((c) => c[1](n))] as [
              Criteria,
              (n: Node) => boolean,
            ],
        ),
      fc
        .array(tie('c'), { maxLength: 3 })
        .map(
          (cs) =>
            [{ or: cs.map((c) => c[0]) }, (n: Node) => cs.some((c) => c[1](n))] as [
              Criteria,
              (n: Node) => boolean,
            ],
        ),
      tie('c').map(([c, p]) => [{ not: c }, (n: Node) => !p(n)] as [Criteria, (n: Node) => boolean]),
    ),
  })).c;

  it('where(criteria) keeps exactly the nodes the criteria describe, in order', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 30 }), criteria, (ns, [c, p]) => {
        const query = new Query(ns as Node[], FIELDS);
        expect(query.where(c).toArray()).toEqual((ns as Node[]).filter(p));
      }),
      { numRuns: 400 },
    );
  });

  it('and is chaining, or is a union in order, not is the complement', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 30 }), criteria, criteria, (ns, [a], [b]) => {
        const query = new Query(ns as Node[], FIELDS);
        expect(query.where({ and: [a, b] }).toArray()).toEqual(query.where(a).where(b).toArray());
        const either = new Set([...query.where(a), ...query.where(b)]);
        expect(query.where({ or: [a, b] }).toArray()).toEqual(query.toArray().filter((n) => either.has(n)));
        expect(query.where({ not: a }).count() + query.where(a).count()).toBe(query.count());
      }),
      { numRuns: 300 },
    );
  });

  it('compiled criteria survive a JSON round trip', () => {
    fc.assert(
      fc.property(fc.array(node, { maxLength: 20 }), criteria, (ns, [c]) => {
        const test = compileCriteria(JSON.parse(JSON.stringify(c)) as Criteria, FIELDS);
        const direct = compileCriteria(c, FIELDS);
        for (const n of ns) expect(test(n)).toBe(direct(n));
      }),
      { numRuns: 200 },
    );
  });
});
