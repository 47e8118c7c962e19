/**
 * How plans and plan results read operations and results back from JSON. The runtime imports nothing
 * generated, so the package's entry point hands it the generated registry's decoders when it loads.
 */
import { TmuxkitError } from './errors.js';
import type { Operation } from './operation.js';
import type { CommandResult } from './results/command-result.js';

export interface JSONCodecs {
  readonly operationFromJSON: (json: unknown) => Operation;
  readonly resultFromJSON: (json: unknown) => CommandResult;
}

let codecs: JSONCodecs | undefined;

/** Called by `src/index.ts` with the generated registry's decoders. */
export function registerJSONCodecs(given: JSONCodecs): void {
  codecs = given;
}

/** The registered decoders; throws when the registry never loaded (the runtime imported on its own). */
export function jsonCodecs(): JSONCodecs {
  if (!codecs) throw new TmuxkitError("reading JSON needs the operation registry: import from 'tmuxkit'");
  return codecs;
}
