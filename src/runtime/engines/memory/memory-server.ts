/**
 * An in-memory model of one tmux server: sessions, windows and panes with tmux's ids, names, indexes and
 * active flags; options; environment; paste buffers; keys sent to each pane. It follows tmux's rules for
 * what a command does to that state (id counters, first free window index, where a split pane goes, which
 * pane or window becomes active after a kill, the "current" session without a client), per release where
 * tmux changed them. Geometry, layouts and running programs are not modeled.
 *
 * Commands arrive as argv and leave as a `RawOutput` with tmux's own messages, so the model is exercised
 * through exactly what real tmux receives.
 */
import type { CommandDescriptor } from '../../command-descriptor.js';
import { EngineError } from '../../errors.js';
import type { RawOutput } from '../../results/command-result.js';
import type { TmuxVersion } from '../../tmux-version.js';
import { readArgv, type ParsedArgv } from './argv-reader.js';
import { escapeOptionValue } from './tmux-escape.js';

interface Pane {
  readonly id: number;
  title: string;
  readonly command: string;
  readonly keys: string[];
}

interface Window {
  readonly id: number;
  name: string;
  panes: Pane[];
  active: Pane;
  /** Previously active panes, most recent last (3.5+ keeps a stack; earlier releases only the top). */
  lastPanes: Pane[];
  readonly options: Map<string, string>;
}

interface Session {
  readonly id: number;
  name: string;
  /** Window index to window. */
  readonly windows: Map<number, Window>;
  current: number;
  /** Previously current window indexes, most recent last. */
  lastWindows: number[];
  readonly created: number;
  activity: number;
  readonly options: Map<string, string>;
  readonly environment: Map<string, string | null>;
}

interface Buffer {
  name: string;
  data: string;
  automatic: boolean;
  order: number;
  readonly created: number;
}

interface Context {
  session?: Session;
  window?: Window;
  windowIndex?: number;
  pane?: Pane;
  buffer?: Buffer;
}

/** What a format variable reads: the objects in reach and the server's release and socket. */
interface Reach {
  readonly s: Session | undefined;
  readonly w: Window | undefined;
  readonly p: Pane | undefined;
  readonly b: Buffer | undefined;
  readonly c: Context;
  readonly version: TmuxVersion;
  readonly socketPath: string;
}

const flag = (v: boolean) => (v ? '1' : '0');

/** The format variables MemoryEngine expands (built once, not per expansion). */
const VARIABLES: Readonly<Record<string, (x: Reach) => string | undefined>> = {
  version: (x) => String(x.version),
  socket_path: (x) => x.socketPath,
  session_id: (x) => x.s && `$${x.s.id}`,
  session_name: (x) => x.s?.name,
  session_windows: (x) => x.s && String(x.s.windows.size),
  session_attached: (x) => x.s && '0',
  session_created: (x) => x.s && String(x.s.created),
  session_activity: (x) => x.s && String(x.s.activity),
  session_last_attached: (x) => (x.s ? (x.version.atLeast('3.2') ? '' : '(null)') : undefined),
  session_grouped: (x) => x.s && '0',
  session_group: (x) => x.s && '',
  session_marked: (x) => x.s && '0',
  session_path: (x) => x.s && process.cwd(),
  window_id: (x) => x.w && `@${x.w.id}`,
  window_index: (x) => x.c.windowIndex?.toString(),
  window_name: (x) => x.w?.name,
  window_active: (x) => x.w && flag(x.c.windowIndex === x.s?.current),
  window_last_flag: (x) => x.w && flag(x.s?.lastWindows.at(-1) === x.c.windowIndex),
  window_zoomed_flag: (x) => x.w && '0',
  window_panes: (x) => x.w && String(x.w.panes.length),
  window_flags: (x) =>
    x.w && (x.c.windowIndex === x.s?.current ? '*' : x.s?.lastWindows.at(-1) === x.c.windowIndex ? '-' : ''),
  // Geometry is not modeled: every window is 80x24 and every pane fills it.
  window_width: (x) => x.w && '80',
  window_height: (x) => x.w && '24',
  window_activity: (x) => x.s && String(x.s.activity),
  window_layout: (x) => x.w && '',
  pane_width: (x) => x.p && '80',
  pane_height: (x) => x.p && '24',
  pane_left: (x) => x.p && '0',
  pane_top: (x) => x.p && '0',
  pane_pid: (x) => x.p && String(100000 + x.p.id),
  pane_tty: (x) => x.p && '',
  pane_id: (x) => x.p && `%${x.p.id}`,
  pane_index: (x) => x.p && x.w && String(x.w.panes.indexOf(x.p)),
  pane_active: (x) => x.p && x.w && flag(x.w.active === x.p),
  pane_last: (x) => (x.p && x.w && x.version.atLeast('3.2') ? flag(x.w.lastPanes.at(-1) === x.p) : ''),
  pane_dead: (x) => x.p && '0',
  pane_in_mode: (x) => x.p && '0',
  pane_title: (x) => x.p?.title,
  pane_current_command: (x) => x.p?.command,
  pane_start_command: (x) => x.p && '',
  pane_current_path: (x) => x.p && process.cwd(),
  buffer_name: (x) => x.b?.name,
  buffer_size: (x) => x.b && String(Buffer.byteLength(x.b.data)),
  buffer_created: (x) => x.b && String(x.b.created),
  buffer_sample: (x) => x.b?.data.slice(0, 50),
};

class TmuxFailure extends Error {}

/** What a pane runs, as tmux names windows after it: the first word's base name, else the shell. */
function commandName(command: string | undefined, shell: string): string {
  const first = command?.trim().split(/\s+/)[0];
  return first ? first.slice(first.lastIndexOf('/') + 1) : shell;
}

const fail = (message: string): never => {
  throw new TmuxFailure(message);
};

/** Flags each modeled command understands; anything else is refused by name, never ignored. */
const MODELED: Readonly<Record<string, string>> = {
  'new-session': 'dPFsnxyc',
  'new-window': 'dPFntc',
  'split-window': 'dPFhvbtlpc',
  'kill-session': 't',
  'kill-window': 't',
  'kill-pane': 't',
  'rename-session': 't',
  'rename-window': 't',
  'select-window': 't',
  'select-pane': 't',
  'has-session': 't',
  'list-sessions': 'F',
  'list-windows': 'Fat',
  'list-panes': 'Fast',
  'display-message': 'pt',
  'set-option': 'gstwpuq',
  'show-options': 'gstwpvq',
  'set-buffer': 'b',
  'show-buffer': 'b',
  'delete-buffer': 'b',
  'list-buffers': 'F',
  'send-keys': 'tl',
  'set-environment': 'gtur',
  'show-environment': 'gt',
  'kill-server': '',
  'start-server': '',
};

export class MemoryServer {
  running = false;
  #sessions = new Map<number, Session>();
  #buffers: Buffer[] = [];
  #globalOptions = new Map<string, string>();
  #serverOptions = new Map<string, string>();
  #globalEnvironment = new Map<string, string | null>();
  #nextSession = 0;
  #nextWindow = 0;
  #nextPane = 0;
  #nextBuffer = 0;
  #clock = 0;

  constructor(
    readonly version: TmuxVersion,
    readonly socketPath: string,
    private readonly lookup: (name: string) => CommandDescriptor | undefined,
    private readonly shell: string,
  ) {}

  /** Keys sent to a pane with send-keys, in order. */
  keysSentTo(paneId: string): readonly string[] {
    for (const s of this.#sessions.values()) {
      for (const w of s.windows.values())
        for (const p of w.panes) if (`%${p.id}` === paneId) return [...p.keys];
    }
    return [];
  }

  run(argv: readonly string[]): RawOutput {
    const parsed = readArgv(argv, this.lookup);
    if ('error' in parsed) return { argv, exitCode: 1, stdout: '', stderr: `${parsed.error}\n` };
    const name = parsed.command.command;
    const modeled = MODELED[name];
    if (modeled === undefined) throw new EngineError(`MemoryEngine does not model ${name}`, { argv });
    const extra = [...parsed.flags.keys()].filter((f) => !modeled.includes(f));
    if (extra.length > 0) {
      throw new EngineError(`MemoryEngine does not model ${name} ${extra.map((f) => `-${f}`).join(' ')}`, {
        argv,
      });
    }
    if (!this.running && name !== 'new-session' && name !== 'start-server') {
      return { argv, exitCode: 1, stdout: '', stderr: `no server running on ${this.socketPath}\n` };
    }
    try {
      const stdout = this.#dispatch(name, parsed);
      return { argv, exitCode: 0, stdout, stderr: '' };
    } catch (e) {
      if (!(e instanceof TmuxFailure)) throw e;
      return { argv, exitCode: 1, stdout: '', stderr: `${e.message}\n` };
    }
  }

  #dispatch(name: string, a: ParsedArgv): string {
    const flag = (l: string) => a.flags.has(l);
    const value = (l: string) => a.flags.get(l)?.[0];
    switch (name) {
      case 'start-server':
        this.#start();
        return '';
      case 'kill-server':
        this.#stop();
        return '';
      case 'new-session':
        return this.#newSession(a, flag, value);
      case 'new-window': {
        const s = this.#session(value('t')?.replace(/:.*$/, ''));
        const idx = /:(\d+)$/.exec(value('t') ?? '')?.[1];
        const index = idx !== undefined ? Number(idx) : this.#firstFreeIndex(s);
        if (s.windows.has(index)) fail(`create window failed: index ${index} in use`);
        const command = commandName(a.positionals[0], this.shell);
        const w = this.#newWindow(value('n') ?? command, command);
        s.windows.set(index, w);
        if (!flag('d')) this.#setCurrent(s, index);
        return this.#printed(flag('P'), value('F'), {
          session: s,
          window: w,
          windowIndex: index,
          pane: w.active,
        });
      }
      case 'split-window': {
        const { session, window, windowIndex, pane } = this.#pane(value('t'));
        const p = this.#newPane(commandName(a.positionals[0], this.shell));
        const at = window.panes.indexOf(pane) + (flag('b') ? 0 : 1);
        window.panes.splice(at, 0, p);
        if (!flag('d')) this.#setActivePane(window, p);
        return this.#printed(flag('P'), value('F'), { session, window, windowIndex, pane: p });
      }
      case 'kill-session':
        this.#killSession(this.#session(value('t')));
        return '';
      case 'kill-window': {
        const { session, windowIndex } = this.#window(value('t'));
        this.#killWindow(session, windowIndex);
        return '';
      }
      case 'kill-pane': {
        const { session, window, windowIndex, pane } = this.#pane(value('t'));
        this.#killPane(session, window, windowIndex, pane);
        return '';
      }
      case 'rename-session': {
        const s = this.#session(value('t'));
        const newName = a.positionals[0] ?? '';
        const clean = this.#sessionName(newName);
        if (clean !== s.name && this.#byName(clean)) fail(`duplicate session: ${clean}`);
        s.name = clean;
        return '';
      }
      case 'rename-window':
        this.#window(value('t')).window.name = a.positionals[0] ?? '';
        return '';
      case 'select-window': {
        const { session, windowIndex } = this.#window(value('t'));
        this.#setCurrent(session, windowIndex);
        return '';
      }
      case 'select-pane': {
        const { window, pane } = this.#pane(value('t'));
        this.#setActivePane(window, pane);
        return '';
      }
      case 'has-session':
        this.#session(value('t'));
        return '';
      case 'list-sessions':
        return this.#list(
          value('F'),
          name,
          this.#sortedSessions().map((session) => this.#sessionContext(session)),
        );
      case 'list-windows': {
        const sessions = flag('a') ? this.#sortedSessions() : [this.#session(value('t'))];
        return this.#list(
          value('F'),
          name,
          sessions.flatMap((s) => this.#windowContexts(s)),
        );
      }
      case 'list-panes': {
        let windows: Context[];
        if (flag('a')) windows = this.#sortedSessions().flatMap((s) => this.#windowContexts(s));
        else if (flag('s')) windows = this.#windowContexts(this.#session(value('t')));
        else windows = [this.#window(value('t'))];
        return this.#list(
          value('F'),
          name,
          windows.flatMap((c) => c.window!.panes.map((pane) => ({ ...c, pane }))),
        );
      }
      case 'display-message': {
        if (!flag('p'))
          throw new EngineError('MemoryEngine models display-message only with -p (there is no client)');
        const context = this.#pane(value('t'));
        return `${this.#expand(a.positionals[0] ?? '', context)}\n`;
      }
      case 'set-option':
        return this.#setOption(a, flag, value);
      case 'show-options':
        return this.#showOptions(a, flag, value);
      case 'set-buffer':
        return this.#setBuffer(value('b'), a.positionals[0]);
      case 'show-buffer':
        return this.#buffer(value('b')).data;
      case 'delete-buffer': {
        const name = value('b');
        const named = name === undefined ? undefined : this.#buffers.find((x) => x.name === name);
        // 3.1c falls back to the top buffer for an unknown name; the 3.3a and later binaries refuse it.
        if (name !== undefined && !named && this.version.atLeast('3.3')) fail(`unknown buffer: ${name}`);
        const b = named ?? this.#buffer(undefined, 'no buffer');
        this.#buffers = this.#buffers.filter((x) => x !== b);
        return '';
      }
      case 'list-buffers':
        return this.#list(
          value('F'),
          name,
          [...this.#buffers].sort((x, y) => y.order - x.order).map((buffer) => ({ buffer })),
        );
      case 'send-keys': {
        const { pane } = this.#pane(value('t'));
        pane.keys.push(...a.positionals);
        return '';
      }
      case 'set-environment': {
        const env = flag('g') ? this.#globalEnvironment : this.#session(value('t')).environment;
        const [variable = '', v] = a.positionals;
        if (flag('u')) env.delete(variable);
        else if (flag('r')) env.set(variable, null);
        else if (v === undefined) fail('no value specified');
        else env.set(variable, v);
        return '';
      }
      case 'show-environment': {
        const env = flag('g') ? this.#globalEnvironment : this.#session(value('t')).environment;
        return [...env.entries()]
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([k, v]) => (v === null ? `-${k}\n` : `${k}=${v}\n`))
          .join('');
      }
      default:
        throw new EngineError(`MemoryEngine does not model ${name}`);
    }
  }

  // --- server and sessions ---

  #start(): void {
    if (this.running) return;
    this.running = true;
    this.#nextSession = this.#nextWindow = this.#nextPane = this.#nextBuffer = 0;
    this.#buffers = [];
    this.#globalOptions.clear();
    this.#serverOptions.clear();
    this.#globalEnvironment.clear();
  }

  #stop(): void {
    this.running = false;
    this.#sessions.clear();
  }

  #sessionName(name: string): string {
    if (!this.version.atLeast('3.2')) {
      if (name === '' || /[:.]/.test(name)) fail(`bad session name: ${name}`);
      return name;
    }
    if (name === '' && !this.version.atLeast('3.7')) fail(`invalid session: ${name}`);
    return this.version.atLeast('3.7') ? name : name.replace(/[:.]/g, '_');
  }

  #newSession(a: ParsedArgv, flag: (l: string) => boolean, value: (l: string) => string | undefined): string {
    if (!flag('d')) {
      return fail('open terminal failed: not a terminal');
    }
    const requested = value('s');
    if (requested !== undefined) {
      const clean = this.#sessionName(requested);
      if (this.running && this.#byName(clean)) fail(`duplicate session: ${clean}`);
    }
    this.#start();
    let id = this.#nextSession++;
    if (requested === undefined) {
      // tmux names a session after its id, skipping (and using up) ids whose name is taken.
      while (this.#byName(String(id))) id = this.#nextSession++;
    }
    const name = requested === undefined ? String(id) : this.#sessionName(requested);
    const command = commandName(a.positionals[0], this.shell);
    const window = this.#newWindow(value('n') ?? command, command);
    const session: Session = {
      id,
      name,
      windows: new Map([[0, window]]),
      current: 0,
      lastWindows: [],
      created: ++this.#clock,
      activity: this.#clock,
      options: new Map(),
      environment: new Map(),
    };
    this.#sessions.set(session.id, session);
    return this.#printed(flag('P'), value('F'), { session, window, windowIndex: 0, pane: window.active });
  }

  #byName(name: string): Session | undefined {
    return [...this.#sessions.values()].find((s) => s.name === name);
  }

  #sortedSessions(): Session[] {
    return [...this.#sessions.values()].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  }

  /** tmux's choice without a client: the session with the latest activity, ties to the first by name. */
  #bestSession(): Session {
    let best: Session | undefined;
    for (const s of this.#sortedSessions()) if (!best || s.activity > best.activity) best = s;
    return best ?? fail('no current session');
  }

  #session(target: string | undefined): Session {
    if (target === undefined || target === '') return this.#bestSession();
    const id = /^\$(\d+)$/.exec(target);
    if (id) return this.#sessions.get(Number(id[1])) ?? fail(`can't find session: ${target}`);
    const pane = /^%(\d+)$/.exec(target);
    if (pane) return this.#pane(target).session;
    const win = /^@(\d+)$/.exec(target);
    if (win) return this.#window(target).session;
    if (target.startsWith('='))
      return this.#byName(target.slice(1)) ?? fail(`can't find session: ${target.slice(1)}`);
    const exact = this.#byName(target);
    if (exact) return exact;
    // Then a unique prefix, as tmux does.
    const prefixed = [...this.#sessions.values()].filter((s) => s.name.startsWith(target));
    if (prefixed.length === 1) return prefixed[0]!;
    return fail(`can't find session: ${target}`);
  }

  #killSession(s: Session): void {
    this.#sessions.delete(s.id);
    // exit-empty is on by default: the server exits with its last session.
    if (this.#sessions.size === 0) this.#stop();
  }

  // --- windows ---

  #newWindow(name: string, command: string): Window {
    const pane = this.#newPane(command);
    return { id: this.#nextWindow++, name, panes: [pane], active: pane, lastPanes: [], options: new Map() };
  }

  #firstFreeIndex(s: Session): number {
    const base = Number(s.options.get('base-index') ?? this.#globalOptions.get('base-index') ?? 0);
    let i = base;
    while (s.windows.has(i)) i++;
    return i;
  }

  #setCurrent(s: Session, index: number): void {
    if (s.current === index) return;
    s.lastWindows = s.lastWindows.filter((i) => i !== index);
    s.lastWindows.push(s.current);
    s.current = index;
  }

  #windowContexts(s: Session): Context[] {
    return (
      [...s.windows.entries()]
        .sort(([x], [y]) => x - y)
        // A window's formats include its active pane's, as tmux's list-windows does.
        .map(([windowIndex, window]) => ({ session: s, window, windowIndex, pane: window.active }))
    );
  }

  #sessionContext(session: Session): Context {
    const window = session.windows.get(session.current)!;
    return { session, window, windowIndex: session.current, pane: window.active };
  }

  #findWindow(id: number): Required<Pick<Context, 'session' | 'window' | 'windowIndex'>> | undefined {
    for (const session of this.#sortedSessions()) {
      for (const [windowIndex, window] of session.windows) {
        if (window.id === id) return { session, window, windowIndex };
      }
    }
    return undefined;
  }

  #window(target: string | undefined): Required<Pick<Context, 'session' | 'window' | 'windowIndex'>> {
    if (target === undefined || target === '') {
      const session = this.#bestSession();
      return { session, window: session.windows.get(session.current)!, windowIndex: session.current };
    }
    const id = /^@(\d+)$/.exec(target);
    if (id) return this.#findWindow(Number(id[1])) ?? fail(`can't find window: ${target}`);
    if (/^%\d+$/.test(target)) {
      const { session, window, windowIndex } = this.#pane(target);
      return { session, window, windowIndex };
    }
    const colon = target.indexOf(':');
    const session = colon < 0 ? undefined : this.#session(target.slice(0, colon));
    const part = colon < 0 ? target : target.slice(colon + 1);
    const s = session ?? this.#bestSession();
    if (part === '') return { session: s, window: s.windows.get(s.current)!, windowIndex: s.current };
    if (/^\d+$/.test(part) && s.windows.has(Number(part))) {
      return { session: s, window: s.windows.get(Number(part))!, windowIndex: Number(part) };
    }
    const named = [...s.windows.entries()].filter(([, w]) => w.name === part);
    if (named.length === 1) return { session: s, window: named[0]![1], windowIndex: named[0]![0] };
    if (colon < 0) {
      // A bare word that is no window of the current session may be a session.
      const other = [...this.#sessions.values()].find((x) => x.name === part);
      if (other)
        return { session: other, window: other.windows.get(other.current)!, windowIndex: other.current };
    }
    return fail(`can't find window: ${part}`);
  }

  #killWindow(s: Session, index: number): void {
    s.windows.delete(index);
    s.lastWindows = s.lastWindows.filter((i) => i !== index);
    if (s.windows.size === 0) return this.#killSession(s);
    if (s.current !== index) return;
    const last = s.lastWindows.pop();
    if (last !== undefined) {
      s.current = last;
      return;
    }
    const indexes = [...s.windows.keys()].sort((x, y) => x - y);
    s.current = [...indexes].reverse().find((i) => i < index) ?? indexes.at(-1)!;
  }

  // --- panes ---

  #newPane(command: string): Pane {
    return { id: this.#nextPane++, title: '', command, keys: [] };
  }

  #setActivePane(w: Window, p: Pane): void {
    if (w.active === p) return;
    w.lastPanes = w.lastPanes.filter((x) => x !== p);
    w.lastPanes.push(w.active);
    // Before 3.5 tmux remembers one last pane, not a stack.
    if (!this.version.atLeast('3.5')) w.lastPanes = w.lastPanes.slice(-1);
    w.active = p;
  }

  #pane(target: string | undefined): Required<Pick<Context, 'session' | 'window' | 'windowIndex' | 'pane'>> {
    const id = target === undefined ? undefined : /^%(\d+)$/.exec(target);
    if (id) {
      for (const session of this.#sortedSessions()) {
        for (const [windowIndex, window] of session.windows) {
          const pane = window.panes.find((p) => p.id === Number(id[1]));
          if (pane) return { session, window, windowIndex, pane };
        }
      }
      return fail(`can't find pane: ${target}`);
    }
    const dot = target?.lastIndexOf('.') ?? -1;
    if (target !== undefined && dot >= 0 && /^\d+$/.test(target.slice(dot + 1))) {
      const w = this.#window(target.slice(0, dot));
      const pane =
        w.window.panes[Number(target.slice(dot + 1))] ?? fail(`can't find pane: ${target.slice(dot + 1)}`);
      return { ...w, pane };
    }
    const w = this.#window(target);
    return { ...w, pane: w.window.active };
  }

  #killPane(s: Session, w: Window, index: number, p: Pane): void {
    const position = w.panes.indexOf(p);
    w.panes = w.panes.filter((x) => x !== p);
    if (w.panes.length === 0) return this.#killWindow(s, index);
    w.lastPanes = w.lastPanes.filter((x) => x !== p);
    if (w.active !== p) return;
    // The last active pane, else the previous pane in the list, else the next one.
    const last = w.lastPanes.pop();
    if (!this.version.atLeast('3.5')) w.lastPanes = [];
    w.active = last ?? w.panes[position - 1] ?? w.panes[0]!;
  }

  // --- options and buffers ---

  #optionTable(flag: (l: string) => boolean, value: (l: string) => string | undefined): Map<string, string> {
    if (flag('s')) return this.#serverOptions;
    if (flag('g')) return this.#globalOptions;
    if (flag('w')) return this.#window(value('t')).window.options;
    if (flag('p')) fail('MemoryEngine does not model pane options');
    return this.#session(value('t')).options;
  }

  #setOption(a: ParsedArgv, flag: (l: string) => boolean, value: (l: string) => string | undefined): string {
    const [option = '', v] = a.positionals;
    const table = this.#optionTable(flag, value);
    if (flag('u')) table.delete(option);
    else if (v === undefined) fail('empty value');
    else table.set(option, v);
    return '';
  }

  #showOptions(
    a: ParsedArgv,
    flag: (l: string) => boolean,
    value: (l: string) => string | undefined,
  ): string {
    const table = this.#optionTable(flag, value);
    const option = a.positionals[0];
    const names = option === undefined ? [...table.keys()].sort() : [option];
    let out = '';
    for (const name of names) {
      const v = table.get(name);
      if (v === undefined) {
        if (flag('q') || !this.version.atLeast('3.2')) continue;
        fail(`invalid option: ${name}`);
      }
      out += flag('v') ? `${v}\n` : `${name} ${escapeOptionValue(v!, this.version)}\n`;
    }
    return out;
  }

  #setBuffer(name: string | undefined, data: string | undefined): string {
    if (data === undefined) return fail('no data specified');
    if (data === '') return '';
    const existing = name === undefined ? undefined : this.#buffers.find((b) => b.name === name);
    const order = this.#nextBuffer++;
    if (existing) {
      Object.assign(existing, { data, automatic: false, order });
      return '';
    }
    let bufferName = name;
    if (bufferName === undefined) {
      let n = order;
      while (this.#buffers.some((b) => b.name === `buffer${n}`)) n++;
      bufferName = `buffer${n}`;
    }
    this.#buffers.push({
      name: bufferName,
      data,
      automatic: name === undefined,
      order,
      created: ++this.#clock,
    });
    return '';
  }

  #buffer(name: string | undefined, noneMessage = 'no buffers'): Buffer {
    if (name !== undefined) return this.#buffers.find((b) => b.name === name) ?? fail(`no buffer ${name}`);
    // The top buffer: the newest (from 3.5, the newest automatic one).
    const candidates = this.version.atLeast('3.5') ? this.#buffers.filter((b) => b.automatic) : this.#buffers;
    return [...candidates].sort((x, y) => y.order - x.order)[0] ?? fail(noneMessage);
  }

  // --- formats ---

  #list(format: string | undefined, command: string, contexts: readonly Context[]): string {
    if (format === undefined) throw new EngineError(`MemoryEngine models ${command} only with -F`);
    return contexts.map((c) => `${this.#expand(format, c)}\n`).join('');
  }

  #printed(print: boolean, format: string | undefined, c: Context): string {
    if (!print) return '';
    return `${this.#expand(format ?? '#{session_name}:#{window_index}.#{pane_index}', c)}\n`;
  }

  #expand(format: string, c: Context): string {
    return format.replace(/##|#\{([a-z_]+)\}/g, (whole, name: string | undefined) =>
      name === undefined ? '#' : this.#variable(name, c),
    );
  }

  #variable(name: string, c: Context): string {
    const reach: Reach = {
      s: c.session,
      w: c.window,
      p: c.pane,
      b: c.buffer,
      c,
      version: this.version,
      socketPath: this.socketPath,
    };
    return VARIABLES[name]?.(reach) ?? '';
  }
}
