/**
 * Manifest problems are reported with the runtime's `ManifestError`, so the generator and the SDK share one
 * error hierarchy. `src/runtime/errors.ts` imports nothing, which keeps this build-time import harmless.
 */
export { ManifestError, formatDiagnostic, type Diagnostic } from '../../src/runtime/errors.js';
