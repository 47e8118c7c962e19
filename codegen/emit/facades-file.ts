/**
 * `facades.generated.ts`: `Server`, `Session`, `Window`, `Pane` and `Client` in three modes whose type
 * says the mode (async: `Pane`; lazy: `LazyPane`, recording into a `Plan`; sync: `SyncPane`, over
 * `SyncSubprocessEngine`). One method per manifest `facade` entry: the operation's parameters minus the
 * target the handle fills and the flags the entry presets; a creation returns the handle of what it
 * created. Navigation (`session.windows()`, `pane.window()`, ...) is emitted here too, so that every
 * handle type is exact; what it does lives in the runtime (`src/runtime/facades/`).
 */
import type { Manifest } from '../manifest/manifest-schema.js';
import { commandDescriptor } from './catalog-data.js';
import { sampleValue, tsLiteral } from './operations-file.js';
import type { CommandDescriptor, FacadeEntry } from '../../src/runtime/command-descriptor.js';

type ClassName = FacadeEntry['class'];
const CLASSES: readonly ClassName[] = ['Server', 'Session', 'Window', 'Pane', 'Client'];

interface Mode {
  readonly name: 'async' | 'sync' | 'lazy';
  readonly prefix: '' | 'Sync' | 'Lazy';
  /** The example's name for a handle of `cls`. */
  readonly variable: (cls: ClassName) => string;
}

const MODES: readonly Mode[] = [
  { name: 'async', prefix: '', variable: (c) => c.toLowerCase() },
  { name: 'lazy', prefix: 'Lazy', variable: (c) => `lazy${c}` },
  { name: 'sync', prefix: 'Sync', variable: (c) => `sync${c}` },
];

/** What the handle in a method's doc is called: "this pane". */
const THIS: Readonly<Record<ClassName, string>> = {
  Server: 'this server',
  Session: 'this session',
  Window: 'this window',
  Pane: 'this pane',
  Client: 'this client',
};

const CREATED_CLASS = { pane: 'Pane', window: 'Window', session: 'Session' } as const;

interface Method {
  readonly entry: FacadeEntry;
  readonly command: CommandDescriptor;
}

/** The facade entries of each class, in command order. */
function methodsOf(descriptors: readonly CommandDescriptor[]): ReadonlyMap<ClassName, Method[]> {
  const byClass = new Map<ClassName, Method[]>(CLASSES.map((c) => [c, []]));
  for (const command of descriptors) {
    for (const entry of command.facade) byClass.get(entry.class)!.push({ entry, command });
  }
  return byClass;
}

/** Parameters the handle or the entry fills, which the method does not take. */
function filled(m: Method): string[] {
  return [...(m.entry.self ? [m.entry.self] : []), ...m.entry.preset];
}

function paramsType(m: Method): { type: string; optional: boolean } {
  const omit = filled(m);
  const base = `${m.command.className}Params`;
  const type = omit.length ? `Omit<${base}, ${omit.map((k) => `'${k}'`).join(' | ')}>` : base;
  const optional = !m.command.positionals.some((p) => !p.optional);
  return { type, optional };
}

/** The operation's parameters as the method passes them: the caller's, then presets and the handle. */
function opParams(m: Method, self: string): string {
  const parts = ['...params', ...m.entry.preset.map((p) => `${p}: true`)];
  if (m.entry.self) parts.push(`${m.entry.self}: ${self}`);
  return `{ ${parts.join(', ')} }`;
}

/** An example call's arguments: the required positionals with sample values. */
function exampleArgs(m: Method): string {
  const params: Record<string, unknown> = {};
  for (const p of m.command.positionals) {
    if (!p.optional && p.until === null)
      params[p.param] = p.variadic ? [sampleValue(p.type)] : sampleValue(p.type);
  }
  if (m.command.command === 'has-session') params['target'] = 'dev';
  return Object.keys(params).length ? tsLiteral(params) : '';
}

function methodDoc(m: Method, mode: Mode): string {
  const { command: c, entry } = m;
  const cls = entry.class;
  const presets = entry.preset.map((p) => `\`${p}\``).join(', ');
  const fills = [
    entry.self ? `\`${entry.self}\` is ${THIS[cls]}` : '',
    presets ? `${presets} ${entry.preset.length > 1 ? 'are' : 'is'} always set` : '',
  ].filter(Boolean);
  const created = c.creates && c.creates !== 'buffer' ? CREATED_CLASS[c.creates] : undefined;
  const lines = [
    `${c.summary.replace(/\.$/, '')}: tmux \`${c.command}\` (since ${c.since}${c.until ? `, removed in ${c.until}` : ''}).`,
    '',
    `Parameters: those of {@link ${c.className}}${fills.length ? `, but ${fills.join('; ')}` : ''}.` +
      (c.needsClient ? ' Needs an attached client.' : ''),
  ];
  const variable = mode.variable(cls);
  const args = exampleArgs(m);
  let example: string;
  if (mode.name === 'lazy') {
    lines.push(
      created
        ? `Records the step into the plan and returns a \`Lazy${created}\` for what it will create.`
        : 'Records the step into the plan and returns this handle, so calls chain.',
    );
    example = created
      ? `const created = ${variable}.${entry.method}(${args}); // a Lazy${created}`
      : `${variable}.${entry.method}(${args}); // recorded; returns ${variable}`;
  } else {
    const call = `${mode.name === 'async' ? 'await ' : ''}${variable}.${entry.method}(${args})`;
    lines.push(
      created
        ? `Returns the new ${created.toLowerCase()}'s handle.`
        : `Returns the typed result (\`${c.className}Result\`).`,
      `A tmux failure throws its \`CommandError\`${cls === 'Server' ? '' : ` (\`HandleGoneError\` when ${THIS[cls]} no longer exists)`}; version gates are the operation's own.`,
    );
    example = created
      ? `const created = ${call}; // a ${mode.prefix}${created}`
      : `const result = ${call}; // ${c.className}Result`;
  }
  return [...lines, '', '@example', '```ts', example, '```'].join('\n');
}

function commandMethod(m: Method, mode: Mode): string {
  const { command: c, entry } = m;
  const { type, optional } = paramsType(m);
  const param = `params: ${type}${optional ? ' = {}' : ''}`;
  const doc = jsdoc(methodDoc(m, mode));
  const created = c.creates && c.creates !== 'buffer' ? c.creates : undefined;
  if (mode.name === 'lazy') {
    const op = `new ${c.className}(${opParams(m, 'this.target')})`;
    if (created) {
      const cls = `Lazy${CREATED_CLASS[created]}`;
      return `${doc}\n${entry.method}(${param}): ${cls} {\n  return new ${cls}(${entry.class === 'Server' ? 'this' : 'this.server'}, this.$addCreate(${op}).${created});\n}`;
    }
    return `${doc}\n${entry.method}(${param}): this {\n  this.$add(${op});\n  return this;\n}`;
  }
  const async = mode.name === 'async';
  const optionsType = async ? 'ExecuteOptions' : 'SyncExecuteOptions';
  const op = `new ${c.className}(${opParams(m, 'this.id')})`;
  const server = entry.class === 'Server' ? 'this' : 'this.server';
  if (created) {
    const cls = `${mode.prefix}${CREATED_CLASS[created]}`;
    const body = async
      ? `return new ${cls}(${server}, await this.$create(${op}, '${created}', options));`
      : `return new ${cls}(${server}, this.$create(${op}, '${created}', options));`;
    return `${doc}\n${async ? 'async ' : ''}${entry.method}(${param}, options?: ${optionsType}): ${async ? `Promise<${cls}>` : cls} {\n  ${body}\n}`;
  }
  const result = `${c.className}Result`;
  return `${doc}\n${entry.method}(${param}, options?: ${optionsType}): ${async ? `Promise<${result}>` : result} {\n  return this.$exec(${op}, options);\n}`;
}

function jsdoc(text: string): string {
  return `/**\n${text
    .split('\n')
    .map((l) => (l ? ` * ${l}` : ' *'))
    .join('\n')}\n */`;
}

/** Navigation and reads, the same in the async and sync modes (`await` and `Promise` aside). */
function navigation(cls: ClassName, mode: Mode): string[] {
  const p = mode.prefix;
  const async = mode.name === 'async';
  const A = async ? 'await ' : '';
  const R = (t: string) => (async ? `Promise<${t}>` : t);
  const K = async ? 'async ' : '';
  const O = async ? 'options?: ExecuteOptions' : 'options?: SyncExecuteOptions';
  const server = cls === 'Server' ? 'this' : 'this.server';
  const list = (name: string, of: ClassName, read: string, doc: string, scoped = true) =>
    `/** ${doc}, from one snapshot. */\n${K}${name}(${O}): ${R(`${p}${of}[]`)} {\n  return navigate.${read}(${A}this.$tree(options)${scoped ? ', this.id' : ''}).map((id) => new ${p}${of}(${server}, id));\n}`;
  const one = (name: string, of: ClassName, read: string, doc: string) =>
    `/** ${doc}, from one snapshot. */\n${K}${name}(${O}): ${R(`${p}${of}`)} {\n  return new ${p}${of}(${server}, navigate.${read}(${A}this.$tree(options), this.id));\n}`;
  const named = (name: string, of: ClassName, read: string, doc: string, scoped: boolean) =>
    `/** ${doc} (a string matches exactly, a RegExp as written), from one snapshot; undefined when none does. */\n${K}${name}(match: NameMatch, ${O}): ${R(`${p}${of} | undefined`)} {\n  const id = navigate.${read}(${A}this.$tree(options), ${scoped ? 'this.id, ' : ''}match);\n  return id === undefined ? undefined : new ${p}${of}(${server}, id);\n}`;
  const info = (row: string, op: string, key: string, what: string) =>
    `/** A fresh row of this ${what}'s variables (\`HandleGoneError\` when it no longer exists). */\n${K}info(${O}): ${R(row)} {\n  const row = (${A}this.$exec(new ${op}, options)).rows.find((r) => r.${key} === this.id);\n  if (!row) throw new HandleGoneError('${what}', this.id);\n  return row;\n}`;
  switch (cls) {
    case 'Server': {
      const factory = (of: ClassName, what: string, form: string) =>
        `/** The handle of the ${what} with tmux's id \`${form}\` (nothing is read: a gone ${what} shows when it is used). */\n${of.toLowerCase()}(id: string): ${p}${of} {\n  return new ${p}${of}(this, id);\n}`;
      const environment = async
        ? `/**\n * The server this process runs inside (\`$TMUX\`), through a \`SubprocessEngine\` with \`options\`;\n * \`NotInTmuxError\` outside tmux.\n */\nstatic fromEnvironment(options: Omit<ConnectionOptions, 'socketPath' | 'socketName'> = {}, env: Readonly<Record<string, string | undefined>> = process.env): Server {\n  return new Server(new SubprocessEngine({ ...options, socketPath: tmuxEnvironment(env).socketPath }));\n}`
        : `/** The server this process runs inside (\`$TMUX\`), through a \`SyncSubprocessEngine\`. */\nstatic fromEnvironment(options: Omit<ConnectionOptions, 'socketPath' | 'socketName'> = {}, env: Readonly<Record<string, string | undefined>> = process.env): SyncServer {\n  return new SyncServer(new SyncSubprocessEngine({ ...options, socketPath: tmuxEnvironment(env).socketPath }));\n}`;
      return [
        environment,
        `/** The whole server in one read (see \`snapshot()\`). */\n${K}snapshot(options?: ${async ? 'SnapshotOptions' : "Omit<SnapshotOptions, 'signal'>"}): ${R('Snapshot')} {\n  return this.$snapshot(options) as ${R('Snapshot')};\n}`,
        list('sessions', 'Session', 'sessions', 'Every session', false),
        list(
          'windows',
          'Window',
          'windows',
          'Every window (once, however many sessions it is linked into)',
          false,
        ),
        list('panes', 'Pane', 'panes', 'Every pane', false),
        `/** The attached clients (\`list-clients\`). */\n${K}clients(${O}): ${R(`${p}Client[]`)} {\n  return (${A}this.$exec(new ListClients({}), options)).rows.map((r) => new ${p}Client(this, r.clientName));\n}`,
        named('sessionNamed', 'Session', 'sessionNamed', 'The session with this name', false),
        factory('Session', 'session', '$N'),
        factory('Window', 'window', '@N'),
        factory('Pane', 'pane', '%N'),
        `/** The handle of the client with this name (\`#{client_name}\`, usually its tty). */\nclient(name: string): ${p}Client {\n  return new ${p}Client(this, name);\n}`,
      ];
    }
    case 'Session':
      return [
        list('windows', 'Window', 'windowsOfSession', "This session's windows, by index"),
        list('panes', 'Pane', 'panesOfSession', "Every pane of this session's windows"),
        named('windowNamed', 'Window', 'windowNamed', 'The window of this session with this name', true),
        info('SessionRow', 'ListSessions({})', 'sessionId', 'session'),
      ];
    case 'Window':
      return [
        list('panes', 'Pane', 'panesOfWindow', "This window's panes, by index"),
        one('session', 'Session', 'sessionOfWindow', 'The (first) session this window is linked into'),
        list('sessions', 'Session', 'sessionsOfWindow', 'Every session this window is linked into'),
        info('WindowRow', 'ListWindows({ all: true })', 'windowId', 'window'),
      ];
    case 'Pane':
      return [
        async
          ? `/** The pane this process runs in (\`$TMUX\`, \`$TMUX_PANE\`), on a \`SubprocessEngine\`; \`NotInTmuxError\` outside tmux. */\nstatic current(options: Omit<ConnectionOptions, 'socketPath' | 'socketName'> = {}, env: Readonly<Record<string, string | undefined>> = process.env): Pane {\n  return Server.fromEnvironment(options, env).pane(currentPaneId(env));\n}`
          : `/** The pane this process runs in (\`$TMUX\`, \`$TMUX_PANE\`), on a \`SyncSubprocessEngine\`. */\nstatic current(options: Omit<ConnectionOptions, 'socketPath' | 'socketName'> = {}, env: Readonly<Record<string, string | undefined>> = process.env): SyncPane {\n  return SyncServer.fromEnvironment(options, env).pane(currentPaneId(env));\n}`,
        one('window', 'Window', 'windowOfPane', "This pane's window"),
        one('session', 'Session', 'sessionOfPane', "The (first) session this pane's window is linked into"),
        info('PaneRow', 'ListPanes({ target: this.id })', 'paneId', 'pane'),
      ];
    case 'Client':
      return [
        info('ClientRow', 'ListClients({})', 'clientName', 'client'),
        `/** The session this client is attached to. */\n${K}session(${O}): ${R(`${p}Session`)} {\n  const name = (${A}this.info(options)).clientSession;\n  const id = navigate.sessionNamed(${A}this.$tree(options), name);\n  if (id === undefined) throw new HandleGoneError('session', name);\n  return new ${p}Session(this.server, id);\n}`,
      ];
  }
}

/** Lazy handles for objects that exist, and a find-or-create for sessions. */
function lazyNavigation(cls: ClassName): string[] {
  const child = (of: 'Window' | 'Pane', doc: string) =>
    `/** ${doc} */\n${of.toLowerCase()}(): Lazy${of} {\n  return new Lazy${of}(this.server, this.$child('${of.toLowerCase()}'));\n}`;
  const childAt = (of: 'Window' | 'Pane', doc: string) =>
    `/** ${doc} */\n${of.toLowerCase()}At(index: number): Lazy${of} {\n  return new Lazy${of}(this.server, this.$childAt('${of.toLowerCase()}', index));\n}`;
  if (cls === 'Session')
    return [
      child('Window', 'The window this session was created with (its current window, for one that exists).'),
      child(
        'Pane',
        "The pane this session was created with (its current window's active pane, for one that exists).",
      ),
      childAt('Window', 'Window `index` of this session.'),
    ];
  if (cls === 'Window')
    return [
      child('Pane', 'The pane this window was created with (its active pane, for one that exists).'),
      childAt('Pane', 'Pane `index` of this window.'),
    ];
  if (cls !== 'Server') return [];
  const factory = (of: ClassName, form: string) =>
    `/** A lazy handle for the existing ${of.toLowerCase()} \`${form}\` (or any target string). */\n${of.toLowerCase()}(target: TargetInput): Lazy${of} {\n  return new Lazy${of}(this, target);\n}`;
  return [
    factory('Session', '$N'),
    factory('Window', '@N'),
    factory('Pane', '%N'),
    factory('Client', 'name'),
    `/**\n * The session named \`name\`: found when the plan runs, or created with \`params\` (\`plan.findOrCreate\`).\n */\nfindOrCreateSession(name: string, params: Omit<NewSessionParams, 'sessionName'> = {}): LazySession {\n  return new LazySession(this, this.plan.findOrCreate({ session: name }, new NewSession({ detached: true, ...params, sessionName: name })).session);\n}`,
  ];
}

function classDoc(cls: ClassName, mode: Mode): string {
  const what: Record<ClassName, string> = {
    Server: 'A tmux server',
    Session: 'A tmux session, by its id (`$N`)',
    Window: 'A tmux window, by its id (`@N`)',
    Pane: 'A tmux pane, by its id (`%N`)',
    Client: 'An attached tmux client, by its name',
  };
  const how = {
    async: 'Methods run at once and return promises of handles or typed results.',
    sync: 'Methods run at once, synchronously, through `SyncSubprocessEngine`.',
    lazy: 'Methods record steps into a `Plan` (nothing runs until `plan.execute(engine)`).',
  }[mode.name];
  const examples: Record<Mode['name'], string> = {
    async: [
      "import { Server, SubprocessEngine } from 'tmuxkit';",
      "const server = new Server(new SubprocessEngine({ socketName: 'work', configFile: '/dev/null' }));",
      "const session = await server.newSession({ detached: true, sessionName: 'dev' }); // a Session",
      'const [pane] = await session.panes();',
      'const right = await pane!.split({ horizontal: true }); // a Pane',
      "const { exitCode, output } = await right.run('echo hello');",
    ].join('\n'),
    lazy: [
      "import { LazyServer, Plan, SubprocessEngine } from 'tmuxkit';",
      'const server = new LazyServer(new Plan());',
      "const session = server.findOrCreateSession('dev');",
      "session.newWindow({ windowName: 'logs' }).newPane().sendKeys({ keys: ['tail -f log', 'Enter'] });",
      "await server.plan.execute(new SubprocessEngine({ socketName: 'work' }));",
    ].join('\n'),
    sync: [
      "import { SyncServer, SyncSubprocessEngine } from 'tmuxkit';",
      "const server = new SyncServer(new SyncSubprocessEngine({ socketName: 'work', configFile: '/dev/null' }));",
      "const session = server.newSession({ detached: true, sessionName: 'dev' }); // a SyncSession",
      'session.panes()[0]!.split({ horizontal: true }); // a SyncPane',
    ].join('\n'),
  };
  const lines = [`${what[cls]}: the ${mode.name} facade. ${how}`];
  if (cls === 'Server') {
    const entry = {
      async: '`new Server(engine)` with any engine',
      sync: '`new SyncServer(new SyncSubprocessEngine(...))`',
      lazy: '`new LazyServer(plan)`',
    }[mode.name];
    lines.push(
      '',
      `The entry point: ${entry}; other handles come from navigation and creation.`,
      '',
      '@example',
      '```ts',
      examples[mode.name],
      '```',
    );
  }
  return jsdoc(lines.join('\n'));
}

function classText(cls: ClassName, mode: Mode, methods: readonly Method[]): string {
  const name = `${mode.prefix}${cls}`;
  const server = `${mode.prefix}Server`;
  const core = {
    async: { Server: 'AsyncServerCore', Pane: `AsyncPaneCore<Server>`, other: `AsyncHandleCore<Server>` },
    sync: { Server: 'SyncServerCore', Pane: `SyncPaneCore<SyncServer>`, other: `SyncHandleCore<SyncServer>` },
    lazy: {
      Server: 'LazyServerCore',
      Pane: `LazyHandleCore<LazyServer>`,
      other: `LazyHandleCore<LazyServer>`,
    },
  }[mode.name];
  const base = cls === 'Server' ? core.Server : cls === 'Pane' ? core.Pane : core.other;
  const wanted = methods.filter(
    (m) => !m.entry.handWritten && (mode.name !== 'lazy' || m.command.safety !== 'readonly'),
  );
  const members: string[] = [];
  if (cls !== 'Server') {
    const kind = cls.toLowerCase();
    members.push(`readonly kind = '${kind}' as const;`);
    members.push(
      mode.name === 'lazy'
        ? `constructor(server: ${server}, target: TargetInput) {\n  super(server, target);\n}`
        : `constructor(server: ${server}, id: string) {\n  super(server, '${kind}', id);\n}`,
    );
  }
  members.push(...(mode.name === 'lazy' ? lazyNavigation(cls) : navigation(cls, mode)));
  members.push(...wanted.map((m) => commandMethod(m, mode)));
  return `${classDoc(cls, mode)}\nexport class ${name} extends ${base} {\n${members.join('\n\n')}\n}`;
}

export function facadesStatements(manifest: Manifest): string[] {
  const descriptors = manifest.commands.map(commandDescriptor);
  const byClass = methodsOf(descriptors);
  const used = new Set<string>(['ListClients', 'ListSessions', 'ListWindows', 'ListPanes', 'NewSession']);
  for (const methods of byClass.values()) {
    for (const m of methods) if (!m.entry.handWritten) used.add(m.command.className);
  }
  const ops = [...used].sort();
  const types = ops.flatMap((c) => [`${c}Params`, `${c}Result`]);
  return [
    `import { ${ops.join(', ')} } from './operations.generated.js';`,
    `import type { ${types.join(', ')} } from './operations.generated.js';`,
    "import type { ClientRow, PaneRow, SessionRow, WindowRow } from './rows.generated.js';",
    "import type { ConnectionOptions, ExecuteOptions } from '../runtime/engines/engine.js';",
    "import { SubprocessEngine } from '../runtime/engines/subprocess-engine.js';",
    "import { SyncSubprocessEngine, type SyncExecuteOptions } from '../runtime/engines/sync-subprocess-engine.js';",
    "import { AsyncHandleCore, AsyncPaneCore, AsyncServerCore } from '../runtime/facades/async-handles.js';",
    "import { SyncHandleCore, SyncPaneCore, SyncServerCore } from '../runtime/facades/sync-handles.js';",
    "import { LazyHandleCore, LazyServerCore } from '../runtime/facades/lazy-handles.js';",
    "import { HandleGoneError } from '../runtime/facades/handle-errors.js';",
    "import { navigate, type NameMatch } from '../runtime/facades/navigation.js';",
    "import { currentPaneId, tmuxEnvironment } from '../runtime/facades/tmux-environment.js';",
    "import type { SnapshotOptions } from '../runtime/snapshots/server-snapshot.js';",
    "import type { TargetInput } from '../runtime/targets.js';",
    "import type { Snapshot } from '../index.js';",
    ...MODES.flatMap((mode) => CLASSES.map((cls) => classText(cls, mode, byClass.get(cls)!))),
  ];
}
