/**
 * tmuxp's workspace format read into a `Workspace`: every key checked (an unknown key, a wrong type, a bad
 * layout name is a `WorkspaceError` at `file:line:column` naming the key, and nothing is built), the short
 * forms spelled out, values expanded and inherited down the tree. Pure: documents and an environment in.
 *
 * Expansion, as tmuxp does it and where it differs:
 * - `$VAR`, `${VAR}` (an unset variable is left as written) and a leading `~` in names, directories,
 *   environment and option values and `before_script`; not in commands, which the pane's shell expands
 *   itself (tmuxp substitutes them with its own environment, which breaks `'$literal'`);
 * - a relative `start_directory` is taken against the enclosing one (pane → window → session) and the
 *   session's against the file's directory, whether or not it starts with `.`;
 * - `before_script` relative to the file's directory;
 * - `shell_command_before` of the session, the window and the pane run before each pane's commands;
 *   `suppress_history` (default true) and `start_directory` are inherited; `window_shell` is each pane's
 *   default `shell`; window and pane `environment` are merged (the pane's wins).
 */
import { TmuxkitError, formatDiagnostic, type Diagnostic } from '../runtime/errors.js';
import type { DocumentList, DocumentMap, DocumentValue, SourcePosition } from './workspace-document.js';
import {
  NAMED_LAYOUTS,
  type OnExists,
  type Workspace,
  type WorkspaceCommand,
  type WorkspacePane,
  type WorkspaceSession,
  type WorkspaceWindow,
} from './workspace-model.js';

/** A workspace file that cannot be loaded: every problem, each at `file:line:column`. */
export class WorkspaceError extends TmuxkitError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const shown = diagnostics.slice(0, 20).map(formatDiagnostic);
    super(
      diagnostics.length === 1
        ? shown[0]!
        : `${diagnostics.length} problems:\n${shown.join('\n')}${diagnostics.length > 20 ? '\n...' : ''}`,
    );
    this.diagnostics = diagnostics;
  }
}

export interface ReadContext {
  /** The file, for messages and relative paths (undefined for text given directly). */
  readonly file: string | undefined;
  /** The directory relative paths start from when there is no file. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

const SESSION_KEYS = [
  'session_name',
  'start_directory',
  'before_script',
  'shell_command_before',
  'suppress_history',
  'environment',
  'options',
  'global_options',
  'windows',
  'plugins',
  'on_exists',
] as const;
const WINDOW_KEYS = [
  'window_name',
  'window_index',
  'layout',
  'start_directory',
  'window_shell',
  'environment',
  'options',
  'options_after',
  'focus',
  'shell_command_before',
  'suppress_history',
  'panes',
] as const;
const PANE_KEYS = [
  'shell_command',
  'shell_command_before',
  'start_directory',
  'shell',
  'environment',
  'focus',
  'suppress_history',
  'enter',
  'sleep_before',
  'sleep_after',
] as const;
const COMMAND_KEYS = ['cmd', 'enter', 'sleep_before', 'sleep_after'] as const;
const ON_EXISTS: readonly OnExists[] = ['error', 'replace', 'reuse', 'append'];

/** A custom layout as `#{window_layout}` prints it: a checksum, then the cells; or tmux 3.8's JSON. */
const CUSTOM_LAYOUT = /^(?:[0-9a-f]{4},\d+x\d+,\d+,\d+|\{)/;

class Problems {
  readonly list: Diagnostic[] = [];
  constructor(private readonly file: string) {}
  add(at: SourcePosition, key: string, message: string): undefined {
    this.list.push({ file: this.file, line: at.line, column: at.column, key, message });
    return undefined;
  }
}

/** A mapping's entries by key, reporting unknown keys. */
function entriesOf(map: DocumentMap, known: readonly string[], path: string, problems: Problems) {
  const out = new Map<string, { value: DocumentValue; at: SourcePosition; keyAt: SourcePosition }>();
  for (const e of map.entries) {
    const key = path ? `${path}.${e.key}` : e.key;
    if (!known.includes(e.key)) {
      const near = known.find((k) => k.replace(/_/g, '') === e.key.replace(/[-_]/g, '').toLowerCase());
      problems.add(e.at, key, `unknown key${near ? ` (did you mean '${near}'?)` : ''}`);
      continue;
    }
    if (out.has(e.key)) problems.add(e.at, key, 'given twice');
    out.set(e.key, { value: e.value, at: e.valueAt, keyAt: e.at });
  }
  return out;
}

const isMap = (v: DocumentValue): v is DocumentMap => typeof v === 'object' && v !== null && v.kind === 'map';
const isList = (v: DocumentValue): v is DocumentList =>
  typeof v === 'object' && v !== null && v.kind === 'list';

/** `$VAR`, `${VAR}` and a leading `~`, as tmuxp (Python's expandvars and expanduser) do them. */
export function expandShellWords(text: string, env: ReadContext['env'], home: string): string {
  const withHome = text === '~' || text.startsWith('~/') ? home + text.slice(1) : text;
  return withHome.replace(
    /\$(\w+)|\$\{([^}]*)\}/g,
    (all, bare: string | undefined, braced: string | undefined) => {
      const value = env[bare ?? braced ?? ''];
      return value === undefined ? all : value;
    },
  );
}

function joinPath(base: string, relative: string): string {
  const parts = `${base}/${relative}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

/** The workspace in `documents`: one session per document, or a document that is a list of sessions. */
export function readWorkspace(
  documents: readonly { value: DocumentValue; at: SourcePosition }[],
  context: ReadContext,
): Workspace {
  const problems = new Problems(context.file ?? '<workspace>');
  const fileDir = context.file
    ? joinPath(context.file.startsWith('/') ? '/' : context.cwd, `${context.file}/..`)
    : context.cwd;
  const sessions: WorkspaceSession[] = [];
  const sessionMaps: { map: DocumentMap; path: string }[] = [];
  for (const doc of documents) {
    if (isMap(doc.value)) sessionMaps.push({ map: doc.value, path: '' });
    else if (isList(doc.value))
      doc.value.items.forEach((item, i) => {
        if (isMap(item.value)) sessionMaps.push({ map: item.value, path: `[${i}]` });
        else problems.add(item.at, `[${i}]`, 'a session must be a mapping');
      });
    else problems.add(doc.at, '', 'a workspace is a mapping (one session) or a list of sessions');
  }
  if (documents.length === 0) problems.add({ line: 1, column: 1 }, '', 'the workspace is empty');
  for (const { map, path } of sessionMaps) {
    const s = readSession(map, path, problems, context, fileDir);
    if (s) sessions.push(s);
  }
  const names = new Map<string, string>();
  sessions.forEach((s, i) => {
    if (names.has(s.name)) {
      problems.add(
        sessionMaps[i]!.map.at,
        sessionMaps[i]!.path,
        `session '${s.name}' is named twice in this file`,
      );
    }
    names.set(s.name, s.name);
  });
  if (problems.list.length > 0) throw new WorkspaceError(problems.list);
  return Object.freeze({ file: context.file, sessions: Object.freeze(sessions) });
}

interface Reader {
  readonly problems: Problems;
  readonly context: ReadContext;
}

function text(
  r: Reader,
  v: { value: DocumentValue; at: SourcePosition } | undefined,
  key: string,
): string | undefined {
  if (v === undefined || v.value === null) return undefined;
  if (typeof v.value === 'string') return v.value;
  if (typeof v.value === 'number') return String(v.value);
  return r.problems.add(v.at, key, 'must be text');
}

function flag(
  r: Reader,
  v: { value: DocumentValue; at: SourcePosition } | undefined,
  key: string,
): boolean | undefined {
  if (v === undefined || v.value === null) return undefined;
  if (typeof v.value === 'boolean') return v.value;
  // YAML 1.1's words (PyYAML reads them as booleans) and tmuxp's own freeze, which writes focus: "true".
  if (typeof v.value === 'string') {
    const word = v.value.toLowerCase();
    if (['true', 'yes', 'on'].includes(word)) return true;
    if (['false', 'no', 'off'].includes(word)) return false;
  }
  return r.problems.add(v.at, key, 'must be true or false');
}

function seconds(
  r: Reader,
  v: { value: DocumentValue; at: SourcePosition } | undefined,
  key: string,
): number | undefined {
  if (v === undefined || v.value === null) return undefined;
  if (typeof v.value === 'number' && v.value >= 0 && Number.isFinite(v.value)) return v.value;
  return r.problems.add(v.at, key, 'must be a number of seconds, 0 or more');
}

/** An option or environment value as tmux takes it (booleans as on/off, as libtmux does). */
function scalarValue(v: DocumentValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return undefined;
}

function mapping(
  r: Reader,
  v: { value: DocumentValue; at: SourcePosition } | undefined,
  key: string,
  expand: boolean,
  fileDir?: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (v === undefined || v.value === null) return out;
  if (!isMap(v.value)) return r.problems.add(v.at, key, 'must be a mapping of names to values') ?? out;
  for (const e of v.value.entries) {
    const value = scalarValue(e.value);
    if (value === undefined) {
      r.problems.add(e.valueAt, `${key}.${e.key}`, 'must be text, a number or true/false');
      continue;
    }
    let expanded = expand ? expandShellWords(value, r.context.env, r.context.home) : value;
    // tmuxp joins a value starting with "." to the file's directory (session level).
    if (expand && fileDir && expanded.startsWith('.')) expanded = joinPath(fileDir, expanded);
    out[e.key] = expanded;
  }
  return out;
}

/** Commands: a string, a list of strings and `{ cmd, enter, sleep_before, sleep_after }` items. */
function commands(
  r: Reader,
  v: { value: DocumentValue; at: SourcePosition } | undefined,
  key: string,
): { cmd: string; enter?: boolean; sleepBefore?: number; sleepAfter?: number }[] {
  if (v === undefined || v.value === null) return [];
  const items = isList(v.value) ? v.value.items : [{ value: v.value, at: v.at }];
  // tmuxp: [null], ['blank'], ['pane'] (one item) are an empty pane.
  if (
    items.length === 1 &&
    (items[0]!.value === null || items[0]!.value === 'blank' || items[0]!.value === 'pane')
  )
    return [];
  const out: { cmd: string; enter?: boolean; sleepBefore?: number; sleepAfter?: number }[] = [];
  items.forEach((item, i) => {
    const path = isList(v.value) ? `${key}[${i}]` : key;
    if (typeof item.value === 'string' || typeof item.value === 'number')
      out.push({ cmd: String(item.value) });
    else if (isMap(item.value)) {
      const e = entriesOf(item.value, COMMAND_KEYS, path, r.problems);
      const cmd = text(r, e.get('cmd'), `${path}.cmd`);
      if (cmd === undefined && !e.has('cmd')) r.problems.add(item.at, path, "a command item needs 'cmd'");
      const enter = flag(r, e.get('enter'), `${path}.enter`);
      const sleepBefore = seconds(r, e.get('sleep_before'), `${path}.sleep_before`);
      const sleepAfter = seconds(r, e.get('sleep_after'), `${path}.sleep_after`);
      if (cmd !== undefined)
        out.push({
          cmd,
          ...(enter !== undefined ? { enter } : {}),
          ...(sleepBefore !== undefined ? { sleepBefore } : {}),
          ...(sleepAfter !== undefined ? { sleepAfter } : {}),
        });
    } else r.problems.add(item.at, path, 'a command is text or a mapping with cmd');
  });
  return out;
}

function directory(r: Reader, value: string | undefined, base: string): string | undefined {
  if (value === undefined) return undefined;
  const expanded = expandShellWords(value, r.context.env, r.context.home);
  return expanded.startsWith('/') ? joinPath('/', expanded) : joinPath(base, expanded);
}

function readSession(
  map: DocumentMap,
  path: string,
  problems: Problems,
  context: ReadContext,
  fileDir: string,
): WorkspaceSession | undefined {
  const r: Reader = { problems, context };
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const e = entriesOf(map, SESSION_KEYS, path, problems);
  const rawName = text(r, e.get('session_name'), at('session_name'));
  if (!e.has('session_name')) problems.add(map.at, at('session_name'), 'is required');
  const name = rawName === undefined ? undefined : expandShellWords(rawName, context.env, context.home);
  if (name !== undefined && (name === '' || /[:.]/.test(name)))
    problems.add(
      e.get('session_name')!.at,
      at('session_name'),
      "must be non-empty, without ':' or '.' (tmux's target separators)",
    );
  const startDirectory = directory(r, text(r, e.get('start_directory'), at('start_directory')), fileDir);
  const script = text(r, e.get('before_script'), at('before_script'));
  let beforeScript: string[] | undefined;
  if (script !== undefined) {
    const words = expandShellWords(script, context.env, context.home).trim().split(/\s+/);
    if (words[0]!.startsWith('.')) words[0] = joinPath(fileDir, words[0]!);
    beforeScript = words;
  }
  const onExistsText = text(r, e.get('on_exists'), at('on_exists'));
  if (onExistsText !== undefined && !ON_EXISTS.includes(onExistsText as OnExists))
    problems.add(e.get('on_exists')!.at, at('on_exists'), `must be one of ${ON_EXISTS.join(', ')}`);
  const plugins: string[] = [];
  const pluginsValue = e.get('plugins');
  if (pluginsValue && pluginsValue.value !== null) {
    if (!isList(pluginsValue.value))
      problems.add(pluginsValue.at, at('plugins'), 'must be a list of module names');
    else
      pluginsValue.value.items.forEach((item, i) => {
        if (typeof item.value === 'string') plugins.push(item.value);
        else problems.add(item.at, `${at('plugins')}[${i}]`, 'must be a module name');
      });
  }
  const inherited = {
    before: commands(r, e.get('shell_command_before'), at('shell_command_before')),
    suppressHistory: flag(r, e.get('suppress_history'), at('suppress_history')),
    startDirectory: startDirectory ?? fileDir,
  };
  const windows: WorkspaceWindow[] = [];
  const windowsValue = e.get('windows');
  if (!windowsValue) problems.add(map.at, at('windows'), 'is required (a list of windows)');
  else if (!isList(windowsValue.value) || windowsValue.value.items.length === 0)
    problems.add(windowsValue.at, at('windows'), 'must be a list of at least one window');
  else
    windowsValue.value.items.forEach((item, i) => {
      const w = readWindow(r, item, `${at('windows')}[${i}]`, inherited, startDirectory !== undefined);
      if (w) windows.push(w);
    });
  if (name === undefined) return undefined;
  return Object.freeze({
    name,
    startDirectory,
    beforeScript: beforeScript && Object.freeze(beforeScript),
    environment: Object.freeze(mapping(r, e.get('environment'), at('environment'), true, fileDir)),
    options: Object.freeze(mapping(r, e.get('options'), at('options'), true, fileDir)),
    globalOptions: Object.freeze(mapping(r, e.get('global_options'), at('global_options'), true, fileDir)),
    plugins: Object.freeze(plugins),
    onExists: onExistsText as OnExists | undefined,
    windows: Object.freeze(windows),
  });
}

interface Inherited {
  readonly before: ReturnType<typeof commands>;
  readonly suppressHistory: boolean | undefined;
  readonly startDirectory: string;
}

function readWindow(
  r: Reader,
  item: { value: DocumentValue; at: SourcePosition },
  path: string,
  session: Inherited,
  sessionHasDirectory: boolean,
): WorkspaceWindow | undefined {
  if (!isMap(item.value)) return r.problems.add(item.at, path, 'a window must be a mapping');
  const e = entriesOf(item.value, WINDOW_KEYS, path, r.problems);
  const rawName = text(r, e.get('window_name'), `${path}.window_name`);
  const indexValue = e.get('window_index');
  let index: number | undefined;
  if (indexValue && indexValue.value !== null && indexValue.value !== '') {
    const n = typeof indexValue.value === 'string' ? Number(indexValue.value) : indexValue.value;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 0) index = n;
    else r.problems.add(indexValue.at, `${path}.window_index`, 'must be a whole number, 0 or more');
  }
  const layout = text(r, e.get('layout'), `${path}.layout`);
  if (
    layout !== undefined &&
    !(NAMED_LAYOUTS as readonly string[]).includes(layout) &&
    !CUSTOM_LAYOUT.test(layout)
  )
    r.problems.add(
      e.get('layout')!.at,
      `${path}.layout`,
      `unknown layout '${layout}' (${NAMED_LAYOUTS.join(', ')}, or a custom layout string)`,
    );
  const ownDirectory = directory(
    r,
    text(r, e.get('start_directory'), `${path}.start_directory`),
    session.startDirectory,
  );
  const startDirectory = ownDirectory ?? (sessionHasDirectory ? session.startDirectory : undefined);
  const windowShell = text(r, e.get('window_shell'), `${path}.window_shell`);
  const environment = mapping(r, e.get('environment'), `${path}.environment`, true);
  const inherited: Inherited & {
    shell: string | undefined;
    environment: Record<string, string>;
    hasDirectory: boolean;
  } = {
    before: [
      ...session.before,
      ...commands(r, e.get('shell_command_before'), `${path}.shell_command_before`),
    ],
    suppressHistory:
      flag(r, e.get('suppress_history'), `${path}.suppress_history`) ?? session.suppressHistory,
    startDirectory: startDirectory ?? session.startDirectory,
    hasDirectory: startDirectory !== undefined,
    shell: windowShell,
    environment,
  };
  const panesValue = e.get('panes');
  const panes: WorkspacePane[] = [];
  if (!panesValue || panesValue.value === null)
    panes.push(readPane(r, { value: null, at: item.at }, `${path}.panes[0]`, inherited)!);
  else if (!isList(panesValue.value))
    r.problems.add(panesValue.at, `${path}.panes`, 'must be a list of panes');
  else
    panesValue.value.items.forEach((p, i) => {
      const pane = readPane(r, p, `${path}.panes[${i}]`, inherited);
      if (pane) panes.push(pane);
    });
  if (panes.length === 0 && isList(panesValue?.value ?? null))
    panes.push(readPane(r, { value: null, at: item.at }, `${path}.panes[0]`, inherited)!);
  return Object.freeze({
    name: rawName === undefined ? undefined : expandShellWords(rawName, r.context.env, r.context.home),
    index,
    layout,
    startDirectory,
    environment: Object.freeze(environment),
    options: Object.freeze(mapping(r, e.get('options'), `${path}.options`, true)),
    optionsAfter: Object.freeze(mapping(r, e.get('options_after'), `${path}.options_after`, true)),
    focus: flag(r, e.get('focus'), `${path}.focus`) ?? false,
    panes: Object.freeze(panes),
  });
}

function readPane(
  r: Reader,
  item: { value: DocumentValue; at: SourcePosition },
  path: string,
  window: Inherited & {
    shell: string | undefined;
    environment: Record<string, string>;
    hasDirectory: boolean;
  },
): WorkspacePane | undefined {
  const v = item.value;
  // Short forms: a string (one command), a list (commands), null / 'blank' / 'pane' (an empty pane).
  let own: ReturnType<typeof commands>;
  let e: ReturnType<typeof entriesOf> | undefined;
  if (v === null || v === 'blank' || v === 'pane') own = [];
  else if (typeof v === 'string' || typeof v === 'number' || isList(v)) own = commands(r, item, path);
  else if (isMap(v)) {
    e = entriesOf(v, PANE_KEYS, path, r.problems);
    own = commands(r, e.get('shell_command'), `${path}.shell_command`);
  } else return r.problems.add(item.at, path, 'a pane is text, a list of commands, null or a mapping');
  const get = (key: string) => e?.get(key);
  const suppressHistory =
    flag(r, get('suppress_history'), `${path}.suppress_history`) ?? window.suppressHistory ?? true;
  const enter = flag(r, get('enter'), `${path}.enter`) ?? true;
  const sleepBefore = seconds(r, get('sleep_before'), `${path}.sleep_before`) ?? 0;
  const sleepAfter = seconds(r, get('sleep_after'), `${path}.sleep_after`) ?? 0;
  const before = [
    ...window.before,
    ...commands(r, get('shell_command_before'), `${path}.shell_command_before`),
  ];
  const list: WorkspaceCommand[] = [...before, ...own].map((c) =>
    Object.freeze({
      cmd: c.cmd,
      enter: c.enter ?? enter,
      sleepBefore: c.sleepBefore ?? sleepBefore,
      sleepAfter: c.sleepAfter ?? sleepAfter,
      suppressHistory,
    }),
  );
  const ownDirectory = directory(
    r,
    text(r, get('start_directory'), `${path}.start_directory`),
    window.startDirectory,
  );
  return Object.freeze({
    startDirectory: ownDirectory ?? (window.hasDirectory ? window.startDirectory : undefined),
    shell: text(r, get('shell'), `${path}.shell`) ?? window.shell,
    environment: Object.freeze({
      ...window.environment,
      ...mapping(r, get('environment'), `${path}.environment`, true),
    }),
    focus: flag(r, get('focus'), `${path}.focus`) ?? false,
    commands: Object.freeze(list),
  });
}
