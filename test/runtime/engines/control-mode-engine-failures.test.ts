/**
 * ControlModeEngine's failure paths against a fake `tmux -C` (test/fixtures/control-mode/
 * fake-tmux-control.mjs) that misbehaves on purpose: a client that exits or hangs while connecting, a
 * reply that is out of step with the requests. No real tmux server is involved.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ControlModeEngine, EngineError } from '../../../src/index.js';

const fake = fileURLToPath(new URL('../../fixtures/control-mode/fake-tmux-control.mjs', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-fake-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function engine(scenario: string, extra: { connectTimeout?: number } = {}) {
  const pidfile = join(scratch, `${scenario}.pid`);
  const tmux = new ControlModeEngine({
    tmux: fake,
    version: '3.7c',
    env: { ...process.env, FAKE_TMUX_SCENARIO: scenario, FAKE_TMUX_PIDFILE: pidfile },
    ...extra,
  });
  const alive = () => {
    try {
      process.kill(Number(readFileSync(pidfile, 'utf8')), 0);
      return true;
    } catch {
      return false;
    }
  };
  return { tmux, alive };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ControlModeEngine failure paths (fake tmux -C)', () => {
  it('answers requests in order from a well-behaved client', async () => {
    const { tmux } = engine('plain');
    const [a, b] = await tmux.runBatch([
      ['display-message', 'one'],
      ['display-message', 'two'],
    ]);
    expect([a!.stdout, b!.stdout]).toEqual(["ok display-message 'one'\n", "ok display-message 'two'\n"]);
    await tmux.close();
  });

  it('a client that exits while connecting: EngineError with its stderr, later calls fail fast', async () => {
    const { tmux } = engine('exit-during-connect');
    const error = await tmux.run(['display-message', 'x']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as Error).message).toContain('boom: cannot attach');
    await expect(tmux.run(['display-message', 'x'])).rejects.toBeInstanceOf(EngineError);
    await tmux.close();
  });

  it('a client that never attaches: connect times out and the process is stopped', async () => {
    const { tmux, alive } = engine('hang-connect', { connectTimeout: 300 });
    await expect(tmux.connect()).rejects.toThrow(/did not attach within 300 ms/);
    await settle(200);
    expect(alive()).toBe(false);
    await tmux.close();
  });

  it("a caller's own timeout stops only its wait, not the connection", async () => {
    const { tmux } = engine('plain');
    await expect(tmux.connect({ timeout: 0 })).rejects.toThrow(/timed out/);
    expect((await tmux.run(['display-message', 'after'])).stdout).toBe("ok display-message 'after'\n");
    await tmux.close();
  });

  it('a reply numbered before the last block: out of step, every pending call fails, the client stops', async () => {
    const { tmux, alive } = engine('forged-old-number');
    await tmux.connect();
    await expect(tmux.run(['display-message', 'x'])).rejects.toThrow(/out of step/);
    expect(tmux.connected).toBe(false);
    await settle(200);
    expect(alive()).toBe(false);
    await tmux.close();
  });

  it('a reply when nothing was asked: out of step, later calls fail fast', async () => {
    const { tmux } = engine('unsolicited-reply');
    await tmux.connect();
    await settle(400);
    expect(tmux.connected).toBe(false);
    await expect(tmux.run(['display-message', 'x'])).rejects.toThrow(/out of step/);
    await tmux.close();
  });

  it('close() while connecting leaves no process behind', async () => {
    const { tmux, alive } = engine('hang-connect', { connectTimeout: 5000 });
    const connecting = tmux.connect().catch((e: unknown) => e);
    await settle(200);
    await tmux.close();
    expect(await connecting).toBeInstanceOf(EngineError);
    await settle(200);
    expect(alive()).toBe(false);
  });
});
