/**
 * The MCP server's safety tiers, ordered `readonly` < `mutating` < `destructive`. A server runs at one tier
 * (`--safety`, `TMUXKIT_MCP_SAFETY`; default `mutating`): a tool or call above it is neither listed nor run.
 * Anything whose tier is unknown is refused (fail closed), so a tool added without a tier can never slip
 * through.
 */
export type SafetyTier = 'readonly' | 'mutating' | 'destructive';

export const SAFETY_TIERS: readonly SafetyTier[] = Object.freeze(['readonly', 'mutating', 'destructive']);

export const DEFAULT_SAFETY_TIER: SafetyTier = 'mutating';

const rank = (tier: unknown): number => SAFETY_TIERS.indexOf(tier as SafetyTier);

export const isSafetyTier = (value: unknown): value is SafetyTier => rank(value) >= 0;

/** Whether a server at `limit` may list and run something of `tier`; false when either is not a tier. */
export function tierAllows(limit: SafetyTier, tier: unknown): boolean {
  const [l, t] = [rank(limit), rank(tier)];
  return l >= 0 && t >= 0 && t <= l;
}

/** The higher of two tiers. */
export const higherTier = (a: SafetyTier, b: SafetyTier): SafetyTier => (rank(a) >= rank(b) ? a : b);

/** Reads a tier from a flag or an environment variable; anything else is an error naming the choices. */
export function parseSafetyTier(text: string, source: string): SafetyTier {
  if (isSafetyTier(text)) return text;
  throw new Error(`${source}: ${JSON.stringify(text)} is not a safety tier (${SAFETY_TIERS.join(', ')})`);
}
