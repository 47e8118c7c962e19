/**
 * Node built-ins that engines need only once they run, loaded then: `child_process`, `net` and `crypto`
 * cost milliseconds to load, and `import('tmuxkit')` must stay cheap and free of side effects. Node
 * caches built-ins, so each costs its load once.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const childProcess = (): typeof import('node:child_process') => load('node:child_process');
export const net = (): typeof import('node:net') => load('node:net');
export const crypto = (): typeof import('node:crypto') => load('node:crypto');
// An ESM import of `node:fs` evaluates every lazy export (fs.promises, streams, readline): 30 modules.
export const fs = (): typeof import('node:fs') => load('node:fs');
export const os = (): typeof import('node:os') => load('node:os');
