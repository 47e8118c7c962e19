import { describe, expect, it } from 'vitest';
import { parseSafetyTier, tierAllows, type SafetyTier } from '../../src/mcp/safety-tiers.js';

describe('safety tiers', () => {
  it.each([
    ['readonly', 'readonly', true],
    ['readonly', 'mutating', false],
    ['readonly', 'destructive', false],
    ['mutating', 'readonly', true],
    ['mutating', 'mutating', true],
    ['mutating', 'destructive', false],
    ['destructive', 'readonly', true],
    ['destructive', 'mutating', true],
    ['destructive', 'destructive', true],
  ] as const)('a server at %s allows %s: %s', (limit, tier, allowed) => {
    expect(tierAllows(limit, tier)).toBe(allowed);
  });

  it.each([undefined, null, '', 'admin', 'READONLY', 3])(
    'fails closed on a tier it does not know (%s)',
    (tier) => {
      expect(tierAllows('destructive', tier)).toBe(false);
      expect(tierAllows(tier as SafetyTier, 'readonly')).toBe(false);
    },
  );

  it('reads a tier, and names the choices when the text is not one', () => {
    expect(parseSafetyTier('readonly', '--safety')).toBe('readonly');
    expect(() => parseSafetyTier('all', '--safety')).toThrow(
      '--safety: "all" is not a safety tier (readonly, mutating, destructive)',
    );
  });
});
