/**
 * The `tmuxkit` command. Commands load the SDK only when they run, so `tmuxkit --help` costs the argument
 * parser and nothing else.
 *
 * Exit codes: 0 success; 1 tmux or a load failed; 2 the command line is wrong; 3 a workspace file is
 * missing or invalid. Errors are one line each on stderr (`file:line:column: key: message` for files).
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { findWorkspace, listWorkspaces } from './workspace-paths.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, badFile: 3 } as const;

/** A failure the command reports as one line per message, with its exit code. */
class CliFailure extends Error {
  constructor(
    readonly lines: readonly string[],
    readonly code: number,
  ) {
    super(lines.join('\n'));
  }
}

interface ConnectionFlags {
  socketName?: string;
  socketPath?: string;
  configFile?: string;
  engine?: 'subprocess' | 'control' | 'socket';
}

/** `-H` and its company: the hosts a command runs on over ssh, and how ssh reaches them. */
interface HostFlags {
  hosts?: string;
  sshConfig?: string;
  sshOption?: string[];
  concurrency?: string;
}

type Sdk = typeof import('../index.js');
type McpModule = typeof import('../mcp/index.js');
/** The MCP server, loaded only by `tmuxkit mcp` (it brings the MCP SDK). */
let mcpModule: () => Promise<McpModule> = () =>
  Promise.reject(new Error('tmuxkit: the command was started without its MCP server'));
/** The SDK, loaded when a command runs (the entry point says from where: dist's bundle, or src). */
let sdk: () => Promise<Sdk> = () =>
  Promise.reject(new Error('tmuxkit: the command was started without its SDK'));

function connection(flags: ConnectionFlags) {
  return {
    ...(flags.socketPath !== undefined ? { socketPath: flags.socketPath } : {}),
    ...(flags.socketName !== undefined ? { socketName: flags.socketName } : {}),
    ...(flags.configFile !== undefined ? { configFile: flags.configFile } : {}),
    ...(process.env['TMUXKIT_TMUX'] ? { tmux: process.env['TMUXKIT_TMUX'] } : {}),
  };
}

function engineFor(tmuxkit: Sdk, flags: ConnectionFlags) {
  const options = connection(flags);
  if (flags.engine === 'socket') return new tmuxkit.SocketEngine(options);
  if (flags.engine === 'control')
    return new tmuxkit.ControlModeEngine({
      ...options,
      createSession: true,
      session: 'tmuxkit',
      ownSession: true,
    });
  return new tmuxkit.SubprocessEngine(options);
}

function withHosts(command: Command): Command {
  return command
    .option('-H, --hosts <hosts>', 'run on these hosts over ssh: [user@]host[:port], comma-separated')
    .option('--ssh-config <file>', 'the ssh configuration file for -H (ssh -F)')
    .option(
      '--ssh-option <Key=value>',
      'an OpenSSH setting for -H (repeatable)',
      (value: string, all: string[] = []) => [...all, value],
    )
    .option('--concurrency <n>', 'hosts worked on at once with -H', '8');
}

/** The fleet `-H` names, with the connection flags describing each host's tmux. */
function fleetFor(tmuxkit: Sdk, flags: ConnectionFlags & HostFlags) {
  const hosts = (flags.hosts ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const concurrency = Number(flags.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new CliFailure(
      [`--concurrency: ${JSON.stringify(flags.concurrency)} is not a positive number`],
      EXIT.usage,
    );
  try {
    return new tmuxkit.Fleet(hosts, {
      ...connection(flags),
      concurrency,
      engine: flags.engine === 'control' ? 'control mode' : (flags.engine ?? 'subprocess'),
      ssh: {
        ...(flags.sshConfig !== undefined ? { command: ['ssh', '-F', flags.sshConfig] } : {}),
        ...(flags.sshOption?.length ? { options: flags.sshOption } : {}),
      },
    });
  } catch (e) {
    if (e instanceof tmuxkit.ParameterError) throw new CliFailure([e.message], EXIT.usage);
    throw e;
  }
}

/** Per-host lines (or JSON), and exit status 1 when any host failed. */
function reportHosts<T>(
  outcomes: readonly ({ host: string; ms: number } & (
    { ok: true; value: T } | { ok: false; error: Error }
  ))[],
  json: boolean | undefined,
  lines: (value: T) => string[],
): void {
  if (json)
    process.stdout.write(
      `${JSON.stringify(
        outcomes.map((o) =>
          o.ok
            ? { host: o.host, ok: true, result: o.value }
            : { host: o.host, ok: false, error: o.error.message },
        ),
        null,
        2,
      )}\n`,
    );
  else
    for (const o of outcomes) {
      if (o.ok) for (const line of lines(o.value)) process.stdout.write(`${o.host}\t${line}\n`);
      else process.stderr.write(`${o.host}: ${o.error.message}\n`);
    }
  const failed = outcomes.filter((o) => !o.ok).map((o) => o.host);
  if (failed.length > 0)
    throw new CliFailure(
      json ? [] : [`failed on ${failed.length} of ${outcomes.length} hosts: ${failed.join(', ')}`],
      EXIT.failed,
    );
}

/** `load -H`: every file on every host, detached; one host's failure does not stop the others. */
async function loadOnHosts(
  tmuxkit: Sdk,
  read: { workspace: import('../index.js').Workspace }[],
  flags: LoadFlags & HostFlags,
) {
  const fleet = fleetFor(tmuxkit, flags);
  const onExists = flags.onExists ?? (flags.append ? 'append' : flags.yes ? 'reuse' : undefined);
  const options = {
    ...(onExists ? { onExists } : {}),
    ...(flags.sleepsInOrder ? { sleeps: 'in-order' as const } : {}),
  };
  progress(`tmuxkit: loading on ${fleet.labels.length} hosts`);
  try {
    const outcomes = await fleet.each(async (engine) => {
      const loaded = [];
      for (const { workspace } of read) {
        const sessions = workspace.sessions.map((s) =>
          flags.sessionName !== undefined ? { ...s, name: flags.sessionName } : s,
        );
        loaded.push(...(await tmuxkit.loadWorkspace(engine, { ...workspace, sessions }, options)));
      }
      return loaded;
    });
    reportHosts(outcomes, flags.json, (loaded) => loaded.map((s) => `${s.name} ${s.sessionId} ${s.action}`));
  } finally {
    await fleet.close();
  }
}

/** `ls -H`: the sessions running on every host. */
async function listOnHosts(flags: ConnectionFlags & HostFlags & { json?: boolean }) {
  const tmuxkit = await sdk();
  const fleet = fleetFor(tmuxkit, flags);
  try {
    const outcomes = await fleet.each(async (engine) => {
      let rows;
      try {
        rows = (await engine.execute(new tmuxkit.ListSessions())).raiseForStatus().rows;
      } catch (e) {
        if (e instanceof tmuxkit.ServerNotRunningError) return []; // no server there: no sessions
        throw e;
      }
      return rows.map((s) => ({
        name: s.sessionName,
        id: s.sessionId,
        windows: s.sessionWindows,
        attached: s.sessionAttached,
      }));
    });
    reportHosts(outcomes, flags.json, (sessions) =>
      sessions.map((s) => `${s.name}\t${s.windows} windows${s.attached ? '\tattached' : ''}`),
    );
  } finally {
    await fleet.close();
  }
}

function withConnection(command: Command): Command {
  return command
    .option('-L, --socket-name <name>', 'tmux socket name (tmux -L)')
    .option('-S, --socket-path <path>', 'tmux socket path (tmux -S)')
    .option('-f, --config-file <file>', 'tmux configuration file for a new server (tmux -f)')
    .addOption(
      new Option('--engine <kind>', 'how to reach tmux')
        .choices(['subprocess', 'control', 'socket'])
        .default('subprocess'),
    );
}

async function readFile(tmuxkit: Sdk, nameOrPath: string) {
  const path = findWorkspace(nameOrPath, process.cwd());
  if (!path)
    throw new CliFailure(
      [`${nameOrPath}: no such workspace file (or name in ${'`tmuxkit ls`'})`],
      EXIT.badFile,
    );
  try {
    return { path, workspace: await tmuxkit.readWorkspaceFile(path) };
  } catch (e) {
    if (e instanceof tmuxkit.WorkspaceError)
      throw new CliFailure(e.diagnostics.map(tmuxkitDiagnostic), EXIT.badFile);
    throw e;
  }
}

function tmuxkitDiagnostic(d: {
  file: string;
  line: number;
  column: number;
  key: string;
  message: string;
}): string {
  return `${d.file}:${d.line}:${d.column}: ${d.key ? `${d.key}: ` : ''}${d.message}`;
}

const progress = (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`${text}\n`);
};

interface LoadFlags extends ConnectionFlags {
  detached?: boolean;
  append?: boolean;
  sessionName?: string;
  yes?: boolean;
  dryRun?: boolean;
  json?: boolean;
  onExists?: 'error' | 'replace' | 'reuse' | 'append';
  sleepsInOrder?: boolean;
}

async function load(files: string[], flags: LoadFlags & HostFlags): Promise<void> {
  const tmuxkit = await sdk();
  const read = await Promise.all(files.map((f) => readFile(tmuxkit, f)));
  if (flags.sessionName !== undefined && read.flatMap((r) => r.workspace.sessions).length !== 1)
    throw new CliFailure(['-s names one session; these files hold several'], EXIT.usage);
  if (flags.hosts !== undefined) {
    if (flags.dryRun) throw new CliFailure(['--dry-run cannot be used with -H'], EXIT.usage);
    return loadOnHosts(tmuxkit, read, flags);
  }
  const engine = engineFor(tmuxkit, flags);
  try {
    const loaded = [];
    for (const { workspace } of read) {
      const sessions = workspace.sessions.map((s) =>
        flags.sessionName !== undefined ? { ...s, name: flags.sessionName } : s,
      );
      const ws = { ...workspace, sessions };
      if (flags.dryRun) {
        const version = await engine
          .version()
          .catch(() => tmuxkit.TmuxVersion.parse(tmuxkit.tmuxReleases.at(-1)!));
        for (const s of sessions) {
          const { plan } = tmuxkit.sessionPlan(s, tmuxkit.sessionSize(s));
          const argvs = plan.preview({ version }).map((step) => step.argv);
          process.stdout.write(
            flags.json
              ? `${JSON.stringify({ session: s.name, argv: argvs })}\n`
              : argvs.map((a) => `tmux ${a.join(' ')}\n`).join(''),
          );
        }
        continue;
      }
      const onExists = flags.onExists ?? (flags.append ? 'append' : flags.yes ? 'reuse' : undefined);
      progress(`tmuxkit: loading ${sessions.map((s) => s.name).join(', ')}`);
      try {
        const options = {
          ...(onExists ? { onExists } : {}),
          ...(flags.sleepsInOrder ? { sleeps: 'in-order' as const } : {}),
        };
        const started = performance.now();
        const done = await tmuxkit.loadWorkspace(engine, ws, options);
        const ms = (performance.now() - started).toFixed(0);
        for (const s of done)
          progress(`tmuxkit: ${s.name} ${s.action} (${s.windows.length} windows) in ${ms} ms`);
        loaded.push(...done);
      } catch (e) {
        if (e instanceof tmuxkit.WorkspaceLoadError) throw new CliFailure([e.message], EXIT.failed);
        throw e;
      }
    }
    if (flags.dryRun) return;
    if (flags.json) process.stdout.write(`${JSON.stringify(loaded, null, 2)}\n`);
    else for (const s of loaded) process.stdout.write(`${s.name} ${s.sessionId} ${s.action}\n`);
    const last = loaded.at(-1);
    if (!flags.detached && last) await attach(flags, last.sessionId);
  } finally {
    await engine.close();
  }
}

/** Attaches this terminal to the session, or switches the client when already inside tmux. */
async function attach(flags: ConnectionFlags, sessionId: string): Promise<void> {
  if (!process.stdin.isTTY) {
    progress('tmuxkit: not attaching (no terminal); use -d to say so');
    return;
  }
  const args = [
    ...(flags.socketPath ? ['-S', flags.socketPath] : flags.socketName ? ['-L', flags.socketName] : []),
    ...(process.env['TMUX'] ? ['switch-client', '-t', sessionId] : ['attach-session', '-t', sessionId]),
  ];
  const { spawnSync } = await import('node:child_process');
  spawnSync(process.env['TMUXKIT_TMUX'] || 'tmux', args, { stdio: 'inherit' });
}

async function freeze(
  session: string,
  flags: ConnectionFlags & { output?: string; json?: boolean; yes?: boolean },
) {
  const tmuxkit = await sdk();
  const engine = engineFor(tmuxkit, flags);
  try {
    const frozen = await tmuxkit.freezeSession(engine, session).catch((e: unknown) => {
      throw new CliFailure([e instanceof Error ? e.message : String(e)], EXIT.failed);
    });
    const text = await tmuxkit.frozenText(frozen, {
      json: flags.json ?? flags.output?.endsWith('.json') ?? false,
    });
    if (flags.output === undefined) process.stdout.write(text);
    else {
      if (existsSync(flags.output) && !flags.yes)
        throw new CliFailure([`${flags.output} exists; -y to overwrite it`], EXIT.failed);
      writeFileSync(flags.output, text);
      progress(`tmuxkit: wrote ${flags.output}`);
    }
  } finally {
    await engine.close();
  }
}

async function convert(file: string, flags: { yes?: boolean; stdout?: boolean }) {
  const tmuxkit = await sdk();
  const { path } = await readFile(tmuxkit, file);
  const toJson = !path.endsWith('.json');
  const parsed = toJson
    ? (await import('yaml')).parse(readFileSync(path, 'utf8'))
    : JSON.parse(readFileSync(path, 'utf8'));
  const text = toJson ? `${JSON.stringify(parsed, null, 2)}\n` : (await import('yaml')).stringify(parsed);
  if (flags.stdout) {
    process.stdout.write(text);
    return;
  }
  const target = path.replace(/\.(ya?ml|json)$/, toJson ? '.json' : '.yaml');
  if (existsSync(target) && !flags.yes)
    throw new CliFailure([`${target} exists; -y to overwrite it`], EXIT.failed);
  writeFileSync(target, text);
  process.stdout.write(`${target}\n`);
}

export function program(version: string): Command {
  const cli = new Command('tmuxkit')
    .description('Drive tmux from code: load tmuxp workspaces fast, freeze sessions, and more.')
    .version(version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  withHosts(
    withConnection(
      cli
        .command('load')
        .description('load workspace files (tmuxp YAML or JSON, or names in the workspace directories)')
        .argument('<files...>', 'workspace files or names')
        .option('-d, --detached', 'do not attach after loading')
        .option('-a, --append', "add the file's windows to the running session of the same name")
        .option('-s, --session-name <name>', 'the session name (a file with one session)')
        .option('-y, --yes', 'a running session of the same name is reused (and attached)')
        .addOption(
          new Option('--on-exists <mode>', 'what to do with a running session').choices([
            'error',
            'replace',
            'reuse',
            'append',
          ]),
        )
        .option(
          '--sleeps-in-order',
          "tmuxp's order: type pane after pane, each sleep delaying the panes after it",
        )
        .option('--dry-run', "print the plan's tmux commands; change nothing")
        .option('--json', 'print the result as JSON'),
    ),
  ).action((files: string[], flags: LoadFlags & HostFlags) => load(files, flags));
  withConnection(
    cli
      .command('freeze')
      .description('write a running session as a workspace file (YAML; JSON with --json or a .json output)')
      .argument('<session>', 'session name or $id')
      .option('-o, --output <file>', 'write to this file instead of standard output')
      .option('-y, --yes', 'overwrite the output file')
      .option('--json', 'JSON instead of YAML'),
  ).action((session: string, flags) => freeze(session, flags));
  withHosts(
    withConnection(
      cli
        .command('ls')
        .description(
          'list workspace files ($TMUXP_CONFIGDIR or ~/.tmuxp, and ~/.config/tmuxkit); with -H, the sessions on those hosts',
        )
        .option('--json', 'print as JSON'),
    ),
  ).action((flags: ConnectionFlags & HostFlags & { json?: boolean }) => {
    if (flags.hosts !== undefined) return listOnHosts(flags);
    const found = listWorkspaces();
    process.stdout.write(
      flags.json
        ? `${JSON.stringify(found, null, 2)}\n`
        : found.map((f) => `${f.name}\t${f.path}\n`).join(''),
    );
  });
  cli
    .command('convert')
    .description('convert a workspace file between YAML and JSON (written beside it)')
    .argument('<file>', 'workspace file')
    .option('-y, --yes', 'overwrite the converted file')
    .option('--stdout', 'print instead of writing a file')
    .action((file: string, flags: { yes?: boolean; stdout?: boolean }) => convert(file, flags));
  withConnection(
    cli
      .command('shell')
      .description(
        'a Node REPL with tmuxkit and `server`, `session`, `window`, `pane` bound (the current ones inside tmux)',
      ),
  ).action((flags: ConnectionFlags) => shell(flags));
  withConnection(
    cli
      .command('mcp')
      .description(
        'an MCP server for AI agents, driving this tmux server (stdio; --http PORT for Streamable HTTP)',
      )
      .addOption(
        new Option('--safety <tier>', 'the most a tool call may do: readonly, mutating or destructive')
          .env('TMUXKIT_MCP_SAFETY')
          .default('mutating'),
      )
      .addOption(
        new Option('--operations', 'also offer one tool per tmux command (tmux_split_window, ...)').env(
          'TMUXKIT_MCP_OPERATIONS',
        ),
      )
      .addOption(
        new Option('--http <port>', 'serve Streamable HTTP on this port instead of stdio').env(
          'TMUXKIT_MCP_HTTP',
        ),
      )
      .addOption(new Option('--host <address>', 'the address to listen on with --http').default('127.0.0.1'))
      .addOption(
        new Option('--token <token>', 'with --http, require Authorization: Bearer <token>').env(
          'TMUXKIT_MCP_TOKEN',
        ),
      ),
  ).action((flags: McpFlags) => mcp(flags, version));
  cli
    .command('import')
    .description("convert another tool's project file to a workspace file")
    .argument('<tool>', 'the tool: tmuxinator')
    .argument('<file>', 'its project file')
    .option('-o, --output <file>', 'write here instead of standard output')
    .option('-y, --yes', 'overwrite the output file')
    .option('--json', 'JSON instead of YAML')
    .action((tool: string, file: string, flags: { output?: string; yes?: boolean; json?: boolean }) =>
      importProject(tool, file, flags),
    );
  return cli;
}

interface McpFlags extends ConnectionFlags {
  safety: string;
  operations?: boolean | string;
  http?: string;
  host: string;
  token?: string;
}

/** `tmuxkit mcp`: serves until the client goes (stdio) or the process is told to stop (HTTP). */
async function mcp(flags: McpFlags, version: string): Promise<void> {
  const [tmuxkit, server] = await Promise.all([sdk(), mcpModule()]);
  let safety;
  try {
    safety = server.parseSafetyTier(flags.safety, '--safety');
  } catch (e) {
    throw new CliFailure([(e as Error).message], EXIT.usage);
  }
  const port = flags.http === undefined ? undefined : Number(flags.http);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536))
    throw new CliFailure([`--http: ${JSON.stringify(flags.http)} is not a port`], EXIT.usage);
  const tmux = server.createTmuxMcpServer({
    engine: engineFor(tmuxkit, withSocketEnv(flags)),
    safety,
    operations: flags.operations === true || /^(1|true|yes|on)$/i.test(String(flags.operations ?? '')),
    name: 'tmuxkit',
    version,
  });
  try {
    if (port === undefined) {
      await server.serveOverStdio(tmux);
      return;
    }
    const stop = new AbortController();
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
    await server.serveOverHttp(
      tmux,
      {
        port,
        host: flags.host,
        ...(flags.token ? { token: flags.token } : {}),
        onListening: (url) => process.stderr.write(`tmuxkit mcp: listening on ${url} (safety ${safety})\n`),
      },
      stop.signal,
    );
  } finally {
    await tmux.close();
  }
}

/** The socket from the environment when no flag names one (`TMUXKIT_SOCKET_NAME`, `TMUXKIT_SOCKET_PATH`). */
function withSocketEnv(flags: ConnectionFlags): ConnectionFlags {
  if (flags.socketName !== undefined || flags.socketPath !== undefined) return flags;
  const name = process.env['TMUXKIT_SOCKET_NAME'];
  const path = process.env['TMUXKIT_SOCKET_PATH'];
  return { ...flags, ...(path ? { socketPath: path } : name ? { socketName: name } : {}) };
}

/** A REPL whose handles are this pane and its window and session inside tmux, else the first pane's. */
async function shell(flags: ConnectionFlags): Promise<void> {
  const tmuxkit = await sdk();
  const inside = process.env['TMUX'] && flags.socketName === undefined && flags.socketPath === undefined;
  const server = inside
    ? tmuxkit.Server.fromEnvironment(connection(flags))
    : new tmuxkit.Server(engineFor(tmuxkit, flags));
  try {
    const own = inside ? process.env['TMUX_PANE'] : undefined;
    const pane = own ? server.pane(own) : (await server.panes().catch(() => []))[0];
    const [window, session] = pane
      ? await Promise.all([pane.window(), pane.session()])
      : [undefined, undefined];
    const repl = (await import('node:repl')).start({ prompt: process.stdin.isTTY ? 'tmuxkit> ' : '' });
    Object.assign(repl.context, { tmuxkit, server, session, window, pane });
    await new Promise((resolve) => repl.on('exit', resolve));
  } finally {
    await server.close();
  }
}

async function importProject(
  tool: string,
  file: string,
  flags: { output?: string; yes?: boolean; json?: boolean },
) {
  if (tool !== 'tmuxinator')
    throw new CliFailure([`import: unknown tool ${JSON.stringify(tool)} (tmuxinator)`], EXIT.usage);
  const tmuxkit = await sdk();
  const yaml = await import('yaml');
  let converted;
  try {
    converted = tmuxkit.importTmuxinator(yaml.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    throw new CliFailure([`${file}: ${(e as Error).message}`], EXIT.badFile);
  }
  for (const warning of converted.warnings) process.stderr.write(`tmuxkit: ${file}: ${warning}\n`);
  const text = flags.json
    ? `${JSON.stringify(converted.workspace, null, 2)}\n`
    : yaml.stringify(converted.workspace);
  if (flags.output === undefined) process.stdout.write(text);
  else {
    if (existsSync(flags.output) && !flags.yes)
      throw new CliFailure([`${flags.output} exists; -y to overwrite it`], EXIT.failed);
    writeFileSync(flags.output, text);
  }
}

/** Runs the command line; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  version: string,
  loadSdk: () => Promise<Sdk>,
  loadMcp?: () => Promise<McpModule>,
): Promise<number> {
  sdk = loadSdk;
  if (loadMcp) mcpModule = loadMcp;
  try {
    await program(version).parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version end here too, successfully; the parser already printed its message.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof CliFailure) {
      for (const line of e.lines) process.stderr.write(`tmuxkit: ${line}\n`);
      return e.code;
    }
    process.stderr.write(`tmuxkit: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.failed;
  }
}
