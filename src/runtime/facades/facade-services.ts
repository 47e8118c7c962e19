/**
 * What facades need from the layers above the runtime, handed over once by the package entry (as the JSON
 * codecs are): typed snapshots (their field tables are generated) and a way to open a control-mode client
 * (its notification grammar is generated). Facades are only reachable through the package entry, which
 * registers these before anything else runs.
 */
import type { Engine } from '../engines/engine.js';
import type { Operation } from '../operation.js';
import type { CommandResult } from '../results/command-result.js';
import type { SyncSubprocessEngine } from '../engines/sync-subprocess-engine.js';
import type { ServerSnapshot, SnapshotOptions } from '../snapshots/server-snapshot.js';
import type { ControlModeFactory } from '../waits/pane-watch.js';

type AnySnapshot = ServerSnapshot<object, object, object, object>;

export interface FacadeServices {
  snapshot(engine: Engine, options?: SnapshotOptions): Promise<AnySnapshot>;
  snapshotSync(engine: SyncSubprocessEngine, options?: Omit<SnapshotOptions, 'signal'>): AnySnapshot;
  readonly openControl: ControlModeFactory;
  /** A new operation of `command` (the generated class): `operation('capture-pane', { print: true })`. */
  operation(command: string, params: object): Operation<object, CommandResult>;
}

let services: FacadeServices | undefined;

export function registerFacadeServices(given: FacadeServices): void {
  services = given;
}

export function facadeServices(): FacadeServices {
  if (!services)
    throw new Error('tmuxkit facades were loaded without the package entry (import from "tmuxkit")');
  return services;
}
