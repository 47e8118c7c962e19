/**
 * tmuxkit: a typed SDK for tmux. This file is the whole public API; everything else is internal.
 *
 * - Operations: one class per tmux command (`NewSession`, `SplitWindow`, `ListPanes`, ...), inert values
 *   that render argv for a tmux version; `catalog` describes every command as data.
 * - Engines run operations: `SubprocessEngine`, `SyncSubprocessEngine`, `MemoryEngine`.
 * - Results: one class per result kind, with `raiseForStatus()`; errors under `TmuxkitError`.
 *
 * @packageDocumentation
 * @module tmuxkit
 */
export { TmuxVersion } from './runtime/tmux-version.js';
export {
  TmuxkitError,
  TargetError,
  ParameterError,
  VersionError,
  CommandError,
  ServerNotRunningError,
  EngineError,
  TmuxNotFoundError,
  SshError,
  type SshFailure,
  ManifestError,
  type Diagnostic,
} from './runtime/errors.js';
export {
  Target,
  parseTarget,
  formatTarget,
  toTarget,
  type TargetInput,
  type TargetKind,
  type TargetToken,
  type SlotObject,
} from './runtime/targets.js';
export type {
  CommandDescriptor,
  FlagDescriptor,
  PositionalDescriptor,
  ReleaseRange,
  CommandScope,
  CommandSafety,
  CreatedObject,
  ResultKind,
  RowKind,
  ValueType,
} from './runtime/command-descriptor.js';
export {
  Operation,
  type RenderOptions,
  type CompiledOperation,
  type OperationJSON,
} from './runtime/operation.js';
export { CommandResult, type RawOutput, type CommandResultJSON } from './runtime/results/command-result.js';
export {
  AckResult,
  CreatedResult,
  TextResult,
  LinesResult,
  RowsResult,
  ExistsResult,
  OptionsResult,
  EnvironmentResult,
  type CreatedIds,
  type EnvironmentData,
} from './runtime/results/typed-results.js';
export type { RowField, FormatValueType } from './runtime/results/row-fields.js';
export type { Engine, ExecuteOptions, ConnectionOptions, ResultOf } from './runtime/engines/engine.js';
import type { ConnectionOptions, Engine } from './runtime/engines/engine.js';
export { SubprocessEngine } from './runtime/engines/subprocess-engine.js';
export { SyncSubprocessEngine, type SyncExecuteOptions } from './runtime/engines/sync-subprocess-engine.js';
export { RecordingEngine, type RecordingOptions } from './runtime/engines/recording-engine.js';
export { ReplayEngine, type ReplayOptions } from './runtime/engines/replay-engine.js';
export type { SshOptions } from './runtime/remote/ssh-options.js';
export { closeSshConnections } from './runtime/remote/ssh-connection.js';
export {
  parseHost,
  type FleetOptions,
  type FleetOutcome,
  type FleetEngineKind,
} from './runtime/remote/fleet.js';
export {
  TapeError,
  readTape,
  normalizeTape,
  eventToTape,
  eventFromTape,
  type TapeEntry,
} from './runtime/engines/tape.js';
export { catalog, catalogByName, tmuxReleases } from './generated/catalog.generated.js';
export { mcpToolDescriptors } from './generated/mcp-tools.generated.js';
export type { JsonSchema, McpToolAnnotations, McpToolDescriptor } from './mcp/mcp-tool-descriptor.js';
export {
  NewerTmuxWarning,
  NewerTmuxError,
  type NewerTmuxPolicy,
  type NewerTmuxOptions,
} from './runtime/newer-tmux.js';
export * from './generated/operations.generated.js';
export * from './generated/rows.generated.js';
export {
  operationClasses,
  operationFromJSON,
  resultFromJSON,
  type AnyOperation,
} from './generated/registry.generated.js';

import { MemoryEngineBase, type MemoryEngineOptions } from './runtime/engines/memory-engine.js';
import { catalog as allCommands } from './generated/catalog.generated.js';
export type { MemoryEngineOptions };

/**
 * An in-memory tmux server for offline tests and examples; see `MemoryEngineBase` for what it models.
 *
 * @example
 * ```ts
 * import { MemoryEngine, NewSession, SplitWindow, ListPanes } from 'tmuxkit';
 * const tmux = new MemoryEngine({ version: '3.5a' });
 * const { paneId } = await tmux.execute(new NewSession({ detached: true, sessionName: 'dev' }));
 * await tmux.execute(new SplitWindow({ target: paneId!, horizontal: true }));
 * (await tmux.execute(new ListPanes({ target: 'dev' }))).rows.map((p) => p.paneId); // ['%0', '%1']
 * ```
 */
export class MemoryEngine extends MemoryEngineBase {
  constructor(options: MemoryEngineOptions = {}) {
    super({ commands: allCommands, ...options });
  }
}

import { ControlModeEngineBase, type ControlModeOptions } from './runtime/engines/control-mode-engine.js';
import { NOTIFICATION_GRAMMAR, type ControlModeEvent } from './generated/notifications.generated.js';
export {
  FormatSubscription,
  type ControlModeOptions,
  type ControlClientFlags,
  type SubscriptionTarget,
  type PaneFlow,
} from './runtime/engines/control-mode-engine.js';
export {
  ControlModeParser,
  type BlockHeader,
  type OutputBlock,
  type ParsedMessage,
  type ParsedEvent,
} from './runtime/control-mode/control-mode-parser.js';
export type {
  NotificationGrammar,
  NotificationArgument,
  NotificationArgumentType,
} from './runtime/control-mode/notification-grammar.js';
export { EventStream, type EventStreamOptions } from './runtime/control-mode/event-hub.js';
export type {
  RawLineEvent,
  UnsolicitedBlockEvent,
  EventsDroppedEvent,
} from './runtime/control-mode/engine-events.js';
export * from './generated/notifications.generated.js';

/**
 * One persistent `tmux -C` client: pipelined requests (tens of microseconds each) and typed live events.
 * See `ControlModeEngineBase` for how it connects and what differs from `SubprocessEngine`.
 *
 * @example
 * ```ts
 * import { ControlModeEngine, NewWindow, ListWindows } from 'tmuxkit';
 * const tmux = new ControlModeEngine({ socketName: 'work', configFile: '/dev/null', session: 'work', createSession: true });
 * await tmux.connect(); // optional: the first request connects; events from here on are about our requests
 * const added = tmux.events({ filter: (e) => e.type === 'window-add' });
 * const { windowId } = (await tmux.execute(new NewWindow({ detached: true }))).raiseForStatus();
 * (await added.next()).value; // { type: 'window-add', windowId }
 * const [windows] = await tmux.executeAll([new ListWindows({})]); // pipelined: one write for all
 * windows.rows.length; // 2
 * await tmux.close();
 * ```
 */
export class ControlModeEngine extends ControlModeEngineBase<ControlModeEvent> {
  constructor(options: ControlModeOptions = {}) {
    super({ grammar: NOTIFICATION_GRAMMAR, commands: allCommands, ...options });
  }
}

import { SocketEngineBase } from './runtime/engines/socket-engine.js';
export type { SocketExecuteOptions } from './runtime/engines/socket-engine.js';
export { resolveSocketPath, type SocketPathInput } from './runtime/socket/socket-path.js';

/**
 * tmuxkit as a tmux client: each command goes over the server's unix socket in tmux's own binary protocol,
 * with no process per command. See `SocketEngineBase` for the protocol details and what it refuses.
 *
 * @example
 * ```ts
 * import { SocketEngine, NewSession, ListSessions } from 'tmuxkit';
 * const tmux = new SocketEngine({ socketName: 'work', configFile: '/dev/null' });
 * await tmux.execute(new NewSession({ detached: true, sessionName: 'work' })); // starts the server through tmux, once
 * (await tmux.execute(new ListSessions())).rows.map((s) => s.sessionName); // ['work']
 * await tmux.loadBuffer(Uint8Array.of(0, 1, 2, 255), { bufferName: 'bin' }); // bytes argv cannot carry
 * ```
 */
export class SocketEngine extends SocketEngineBase {
  constructor(options: ConnectionOptions = {}) {
    super({ commands: allCommands, ...options });
  }
}

import { registerJSONCodecs } from './runtime/json-codecs.js';
import { operationFromJSON, resultFromJSON } from './generated/registry.generated.js';
registerJSONCodecs({ operationFromJSON, resultFromJSON });
export { Plan } from './runtime/plans/plan.js';
export { PlanResult } from './runtime/plans/plan-result.js';
export {
  PlanError,
  PlanAbortedError,
  type FindCriteria,
  type PlanStep,
  type PreviewStep,
  type PlanExecuteOptions,
  type Explanation,
  type PlanEvent,
  type PlanJSON,
} from './runtime/plans/plan.js';
export type { PlanReference } from './runtime/plans/plan-reference.js';
export {
  PlanStepError,
  type StepResult,
  type StepResultJSON,
  type PlanResultJSON,
  type BoundIds,
  type SkipReason,
} from './runtime/plans/plan-result.js';
export {
  planners,
  sequentialPlanner,
  pipelinedPlanner,
  groupedPlanner,
  type Planner,
  type PlannerName,
  type PlannerContext,
  type PlannedStep,
  type Dispatch,
} from './runtime/plans/planners.js';
export type { ListOutcome } from './runtime/engines/command-list.js';

import { takeSnapshot, ServerSnapshot, type SnapshotOptions } from './runtime/snapshots/server-snapshot.js';
import type { RowField } from './runtime/results/row-fields.js';
import {
  ROW_FIELDS,
  snapshotFieldTables,
  type SnapshotFieldTables,
  type ClientRow,
  type SnapshotPaneFields,
  type SnapshotSessionFields,
  type SnapshotWindowFields,
} from './generated/rows.generated.js';
export {
  ServerSnapshot,
  SnapshotError,
  type SnapshotOptions,
  type ServerSnapshotJSON,
  type SessionNode,
  type WindowNode,
  type PaneNode,
} from './runtime/snapshots/server-snapshot.js';
export { Query, type OrderKey } from './runtime/snapshots/query.js';
export {
  compileCriteria,
  criteriaJSONSchema,
  QueryError,
  type Criteria,
  type FieldCondition,
  type FieldValue,
} from './runtime/snapshots/criteria.js';
export type { SnapshotDiff, KindDiff, DiffOptions } from './runtime/snapshots/snapshot-diff.js';

/**
 * A snapshot typed from the formats manifest: session nodes carry every session variable, window nodes
 * every window variable and their session's id and name, pane nodes every pane variable and their
 * window's and session's ids, index and names (so `snap.panes.where({ sessionName: 'dev', windowName:
 * 'logs' })` reads as it says); clients as `ClientRow`s.
 */
export type Snapshot = ServerSnapshot<
  SnapshotSessionFields,
  Pick<SnapshotSessionFields, 'sessionId' | 'sessionName'> & SnapshotWindowFields,
  Pick<SnapshotSessionFields, 'sessionId' | 'sessionName'> &
    Pick<SnapshotWindowFields, 'windowId' | 'windowIndex' | 'windowName'> &
    SnapshotPaneFields,
  Omit<ClientRow, 'printed'>
>;

/** The variables named in `keys`, from `fields`. */
const only = (fields: readonly RowField[], keys: readonly string[]) =>
  fields.filter((f) => keys.includes(f.key));

let snapshotTablesMemo: SnapshotFieldTables | undefined;
/**
 * Nodes carry their own object's variables and the names and ids of what contains them (every variable
 * of every container on each pane would cost a snapshot of 1,000 panes twice the time, for copies).
 * Worked out on the first snapshot, not at import.
 */
function snapshotTables(): SnapshotFieldTables & { readonly clients: readonly RowField[] } {
  const all = snapshotFieldTables();
  const tables = (snapshotTablesMemo ??= {
    sessions: all.sessions,
    windows: [...only(all.sessions, ['sessionId', 'sessionName']), ...all.windows],
    panes: [
      ...only(all.sessions, ['sessionId', 'sessionName']),
      ...only(all.windows, ['windowId', 'windowIndex', 'windowName']),
      ...all.panes,
    ],
  });
  return { ...tables, clients: ROW_FIELDS['clients']! };
}

/**
 * Reads the whole server in one `list-panes -a` (plus `list-clients` with `clients: true`) into a frozen,
 * typed, queryable tree; see `ServerSnapshot`.
 *
 * @example
 * ```ts
 * import { MemoryEngine, NewSession, snapshot } from 'tmuxkit';
 * const tmux = new MemoryEngine({ version: '3.5a' });
 * await tmux.execute(new NewSession({ detached: true, sessionName: 'dev' }));
 * const snap = await snapshot(tmux);
 * snap.panes.where({ sessionName: 'dev' }).count(); // 1
 * ```
 */
export function snapshot(engine: Engine, options: SnapshotOptions = {}): Promise<Snapshot> {
  return takeSnapshot(engine, snapshotTables(), options) as Promise<Snapshot>;
}

/** Rebuilds a snapshot from `snap.toJSON()` (or its text). */
export function snapshotFromJSON(json: unknown): Snapshot {
  return ServerSnapshot.fromJSON(json, snapshotTables()) as Snapshot;
}

/**
 * The same work on many hosts over ssh, at most `concurrency` at a time, one outcome per host (see
 * `FleetBase`): `new Fleet(['build1', 'ops@build2:2222'], { socketName: 'ci' })`.
 *
 * @example
 * ```ts
 * import { Fleet, ListSessions } from 'tmuxkit';
 * const fleet = new Fleet(['build1', 'build2'], { socketName: 'ci', concurrency: 4 });
 * const outcomes = await fleet.execute(new ListSessions());
 * outcomes.filter((o) => !o.ok).map((o) => o.host); // the hosts that failed, each with its error
 * await fleet.close();
 * ```
 */
export class Fleet extends FleetBase {
  constructor(hosts: readonly (string | SshOptions)[], options: FleetOptions = {}) {
    super(hosts, options, (kind, connection) =>
      kind === 'control mode'
        ? new ControlModeEngine({ ...connection, createSession: true, ownSession: true })
        : kind === 'socket'
          ? new SocketEngine(connection)
          : new SubprocessEngine(connection),
    );
  }
}
import { FleetBase, type FleetOptions } from './runtime/remote/fleet.js';
import { SubprocessEngine } from './runtime/engines/subprocess-engine.js';
import type { SshOptions } from './runtime/remote/ssh-options.js';

import { registerFacadeServices } from './runtime/facades/facade-services.js';
import { takeSnapshotSync } from './runtime/snapshots/server-snapshot.js';
registerFacadeServices({
  snapshot: (engine, options) => snapshot(engine, options),
  snapshotSync: (engine, options) => takeSnapshotSync(engine, snapshotTables(), options),
  openControl: (options) => new ControlModeEngine(options) as never,
  operation: (command, params) => operationFromJSON({ command, params }),
});
export * from './generated/facades.generated.js';
export { HandleGoneError, type HandleKind } from './runtime/facades/handle-errors.js';
export type { NameMatch } from './runtime/facades/navigation.js';
export type { CaptureOptions } from './runtime/facades/pane-capture.js';
export {
  NotInTmuxError,
  tmuxEnvironment,
  currentPaneId,
  type TmuxEnvironment,
} from './runtime/facades/tmux-environment.js';
export type { WaitBounds } from './runtime/waits/wait-outcome.js';
export type { TextPattern, TextWaitResult, WaitForTextOptions } from './runtime/waits/text-wait.js';
export type { QuietWaitResult, WaitForQuietOptions } from './runtime/waits/quiet-wait.js';
export type { RunOptions, RunResult } from './runtime/waits/pane-run.js';
export type { ChannelWaitResult } from './runtime/waits/channel-wait.js';

export {
  type Workspace,
  type WorkspaceSession,
  type WorkspaceWindow,
  type WorkspacePane,
  type WorkspaceCommand,
  type OnExists,
  NAMED_LAYOUTS,
} from './workspace/workspace-model.js';
export { WorkspaceError, expandShellWords } from './workspace/workspace-reader.js';
export { parseWorkspace, readWorkspaceFile, type ReadWorkspaceOptions } from './workspace/workspace-files.js';
export { sessionPlan, type SessionPlan, type SessionPlanOptions } from './workspace/workspace-plan.js';
export {
  loadWorkspace,
  sessionSize,
  WorkspaceLoadError,
  type LoadOptions,
  type LoadedSession,
} from './workspace/workspace-load.js';
export {
  freezeSession,
  frozenText,
  confirmSession,
  type FrozenSession,
  type FrozenPane,
} from './workspace/workspace-freeze.js';
export type { WorkspacePlugin } from './workspace/workspace-plugins.js';
export { importTmuxinator, type TmuxinatorImport } from './workspace/tmuxinator-import.js';
