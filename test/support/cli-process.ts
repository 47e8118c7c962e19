/**
 * The `tmuxkit` command run as a user runs it: a process from the source tree (through tsx's loader,
 * named by path so any working directory finds it), with no standard input unless given.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { TEST_ENV } from './private-tmux.js';

const bin = fileURLToPath(new URL('../../src/cli/bin.ts', import.meta.url));
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tmuxkit args` in `cwd` with the test environment plus `env`; never rejects. */
export function runTmuxkit(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string; timeout?: number },
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', tsxLoader, bin, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, ...TEST_ENV, ...options.env },
        timeout: options.timeout ?? 60_000,
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(options.input ?? '');
  });
}
