/**
 * tmuxkit: a typed SDK for tmux. This file is the whole public API; everything else is internal.
 * The code generator and the operation runtime come next (see the README); today it exports the
 * version model the runtime is built on.
 */
export { TmuxVersion } from './runtime/tmux-version.js';
