/**
 * Live engines by kind on private servers, for tests that run the same thing through each: one fresh
 * server per engine (control mode attaches to `session`, creating it; the others start the server with
 * that session), and one teardown that closes every engine and kills every server.
 */
import {
  ControlModeEngine,
  MemoryEngine,
  NewSession,
  SocketEngine,
  SubprocessEngine,
  type Engine,
} from '../../src/index.js';
import { privateServers } from './private-tmux.js';

export type EngineKind = 'memory' | 'subprocess' | 'control mode' | 'socket';
export const LIVE_KINDS: readonly EngineKind[] = ['subprocess', 'control mode', 'socket'];
export const ALL_KINDS: readonly EngineKind[] = ['memory', ...LIVE_KINDS];

export function liveEngines(): {
  /** A fresh server (or memory model) with session `session`, through an engine of `kind`. */
  open(
    kind: EngineKind,
    tmux: { bin: string; version: string },
    label: string,
    session?: string,
  ): Promise<Engine>;
  closeAll(): Promise<void>;
} {
  const servers = privateServers();
  const opened: Engine[] = [];
  return {
    async open(kind, tmux, label, session = 'main') {
      if (kind === 'memory') {
        const memory = new MemoryEngine({ version: tmux.version });
        await memory.execute(new NewSession({ detached: true, sessionName: session }));
        return memory;
      }
      const connection = servers.connection(tmux.bin, label);
      const engine =
        kind === 'control mode'
          ? new ControlModeEngine({ ...connection, session, createSession: true })
          : kind === 'socket'
            ? new SocketEngine(connection)
            : new SubprocessEngine(connection);
      opened.push(engine);
      if (kind !== 'control mode')
        await engine.execute(new NewSession({ detached: true, sessionName: session }));
      return engine;
    },
    async closeAll() {
      await Promise.all(opened.splice(0).map((e) => e.close()));
      await servers.killAll();
    },
  };
}
