/**
 * spawnProcess, the process runner under SubprocessEngine, driven with small Node programs: output kept
 * whole (a character split across writes), exit status and signals, the environment exactly as given,
 * and the three ways it stops a process (timeout, abort, too much output), each saying which.
 */
import { describe, expect, it } from 'vitest';
import { spawnProcess } from '../../../src/runtime/engines/spawn-process.js';

const node = (program: string, options: Partial<Parameters<typeof spawnProcess>[2]> = {}) =>
  spawnProcess(process.execPath, ['-e', program], { maxOutput: 1_000_000, ...options });

describe('spawnProcess', () => {
  it('keeps a UTF-8 character whole when the process writes it in two pieces', async () => {
    const r = await node(
      "const b = Buffer.from('✓'); process.stdout.write(b.subarray(0, 1)); setTimeout(() => process.stdout.write(b.subarray(1)), 50)",
    );
    expect(r).toMatchObject({ exitCode: 0, stdout: '✓', stderr: '', timedOut: false, isCanceled: false });
  });

  it('reports the exit status, stderr, and a signal that ended the process', async () => {
    expect(await node("process.stderr.write('no\\n'); process.exit(3)")).toMatchObject({
      exitCode: 3,
      stderr: 'no\n',
    });
    const killed = await node("process.kill(process.pid, 'SIGKILL')");
    expect(killed).toMatchObject({ exitCode: undefined, signal: 'SIGKILL' });
  });

  it('gives the program exactly the environment it is given, nothing inherited', async () => {
    const r = await node('process.stdout.write(JSON.stringify(Object.keys(process.env).sort()))', {
      env: { ONLY: '1' },
    });
    expect(JSON.parse(r.stdout)).toEqual(['ONLY']);
  });

  it('says when it stopped the process: a timeout, an abort, too much output', async () => {
    const timedOut = await node('setTimeout(() => {}, 10_000)', { timeout: 100 });
    expect(timedOut).toMatchObject({ timedOut: true, isCanceled: false, exitCode: undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await node('setTimeout(() => {}, 10_000)', { signal: controller.signal });
    expect(aborted).toMatchObject({ isCanceled: true, timedOut: false, exitCode: undefined });
    const flood = await node("for (;;) process.stdout.write('x'.repeat(65536))", { maxOutput: 200_000 });
    expect(flood).toMatchObject({ overflowed: true, exitCode: undefined });
    expect(flood.stdout.length).toBeLessThanOrEqual(200_000);
  });

  it('reports a program that cannot start by its error code', async () => {
    const r = await spawnProcess('/no/such/program', [], { maxOutput: 10 });
    expect(r).toMatchObject({ code: 'ENOENT', exitCode: undefined });
  });
});
