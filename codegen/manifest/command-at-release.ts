/**
 * What one command looks like in one tmux release according to the manifest: which flags tmux accepts
 * (and whether each takes a value, and whether its usage line shows it) and how many positionals.
 * This is the manifest's claim that the reality test compares with real tmux.
 */
import type { CommandSpec, PositionalSpec } from './manifest-schema.js';
import type { ReleaseOrder } from './releases.js';

export type TakesValue = boolean | 'optional';

export interface FlagAtRelease {
  readonly flag: string;
  readonly param: string;
  readonly takesValue: TakesValue;
  readonly hidden: boolean;
}

export interface CommandAtRelease {
  readonly command: string;
  readonly flags: readonly FlagAtRelease[];
  readonly minPositionals: number;
  /** -1 when unlimited. */
  readonly maxPositionals: number;
}

/** Whether a positional is required and whether it is variadic in `release` (it must exist there). */
export function positionalAtRelease(
  p: PositionalSpec,
  release: string,
  order: ReleaseOrder,
): { readonly required: boolean; readonly variadic: boolean } {
  return {
    required: !p.optional || (p.requiredUntil !== undefined && order.compare(release, p.requiredUntil) < 0),
    variadic: p.variadic === true || (p.variadicSince !== undefined && order.compare(release, p.variadicSince) >= 0),
  };
}

export function commandAtRelease(
  spec: CommandSpec,
  release: string,
  order: ReleaseOrder,
): CommandAtRelease | undefined {
  if (!order.within(spec, release)) return undefined;
  const flags = spec.flags
    .filter((f) => order.within(f, release))
    .map((f) => {
      const change = f.valueHistory?.find((c) => order.within(c, release));
      const hidden = Array.isArray(f.hidden)
        ? f.hidden.some((r) => order.within(r, release))
        : f.hidden === true;
      return {
        flag: f.flag,
        param: f.param,
        takesValue: change ? change.takesValue : f.value !== undefined,
        hidden,
      };
    });
  let min = 0;
  let max = 0;
  let unlimited = false;
  for (const p of spec.positionals) {
    if (!order.within(p, release)) continue;
    const { required, variadic } = positionalAtRelease(p, release, order);
    if (required) min++;
    if (variadic) unlimited = true;
    else max++;
  }
  return { command: spec.command, flags, minPositionals: min, maxPositionals: unlimited ? -1 : max };
}
