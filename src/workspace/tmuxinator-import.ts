/**
 * A tmuxinator project as a tmuxp workspace file. tmuxinator's keys map as follows:
 *
 * - `name` (or `project_name`) → `session_name`; `root` (or `project_root`) → `start_directory`;
 * - `pre_window` (or `rbenv`/`rvm`, tmuxinator's shorthands for it) → `shell_command_before`;
 * - each window `- name: value`: a string is one pane running it, a list is one pane running each in turn,
 *   a mapping has `layout`, `root` (→ `start_directory`), `pre` (→ `shell_command_before`), `panes`
 *   (each a string, a list, or `{ pane_name: commands }`) and `synchronize` (→ `options_after`);
 * - `startup_window` and `startup_pane` → `focus` on that window (by name or index) and pane.
 *
 * What has no equivalent (shell commands run around the project's start and stop, tmux command-line
 * options, a socket name) is left out and listed in `warnings`. Pure: parsed YAML in, an object out.
 */

export interface TmuxinatorImport {
  /** The workspace in tmuxp's format (a plain object, for YAML or JSON). */
  readonly workspace: Record<string, unknown>;
  /** What was not converted, and why. */
  readonly warnings: readonly string[];
}

const UNSUPPORTED: Readonly<Record<string, string>> = {
  on_project_start: 'a shell command run before the project starts',
  on_project_first_start: 'a shell command run the first time the project starts',
  on_project_restart: 'a shell command run when the project restarts',
  on_project_exit: 'a shell command run when the project exits',
  on_project_stop: 'a shell command run when the project stops',
  pre: 'a shell command run before the project starts',
  post: 'a shell command run after the project starts',
  tmux_options: 'tmux command-line options',
  tmux_command: 'another tmux binary',
  socket_name: 'a socket name (use -L when loading)',
  attach: 'whether to attach (use -d when loading)',
  enable_pane_titles: 'pane titles',
  pane_title_position: 'pane titles',
  pane_title_format: 'pane titles',
};

const KNOWN = new Set([
  'name',
  'project_name',
  'root',
  'project_root',
  'pre_window',
  'rbenv',
  'rvm',
  'windows',
  'tabs',
  'startup_window',
  'startup_pane',
  ...Object.keys(UNSUPPORTED),
]);

type Value = unknown;
const isObject = (v: Value): v is Record<string, Value> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const commandsOf = (v: Value): string[] =>
  v === null || v === undefined
    ? []
    : Array.isArray(v)
      ? v.filter((c) => c !== null).map(String)
      : [String(v)];

function pane(value: Value): unknown {
  // `{ pane_name: commands }` names a pane (tmuxinator shows the name as its title): the commands matter.
  const commands = isObject(value) ? commandsOf(Object.values(value)[0]) : commandsOf(value);
  return commands.length === 0 ? null : commands.length === 1 ? commands[0] : { shell_command: commands };
}

export function importTmuxinator(project: Value): TmuxinatorImport {
  if (!isObject(project)) throw new TypeError('a tmuxinator project is a mapping');
  const warnings: string[] = [];
  for (const key of Object.keys(project)) {
    if (key in UNSUPPORTED) warnings.push(`${key}: left out (${UNSUPPORTED[key]})`);
    else if (!KNOWN.has(key)) warnings.push(`${key}: left out (not a tmuxinator key tmuxkit knows)`);
  }
  const name = project['name'] ?? project['project_name'];
  if (typeof name !== 'string' || name === '') throw new TypeError('a tmuxinator project needs a name');
  const before = [
    ...commandsOf(project['pre_window']),
    ...(project['rbenv'] ? [`rbenv shell ${String(project['rbenv'])}`] : []),
    ...(project['rvm'] ? [`rvm use ${String(project['rvm'])}`] : []),
  ];
  const startupWindow = project['startup_window'];
  const startupPane = project['startup_pane'];
  const windowsValue = project['windows'] ?? project['tabs'];
  if (!Array.isArray(windowsValue) || windowsValue.length === 0)
    throw new TypeError('a tmuxinator project needs a list of windows');
  const windows = windowsValue.map((item: Value, index) => {
    if (!isObject(item)) throw new TypeError(`window ${index} is not a mapping of its name to its contents`);
    const [windowName, value] = Object.entries(item)[0]!;
    const focused =
      startupWindow !== undefined &&
      (String(startupWindow) === windowName || Number(startupWindow) === index);
    const window: Record<string, unknown> = { window_name: windowName };
    if (isObject(value)) {
      if (value['layout'] !== undefined) window['layout'] = value['layout'];
      if (value['root'] !== undefined) window['start_directory'] = value['root'];
      if (value['pre'] !== undefined) window['shell_command_before'] = commandsOf(value['pre']);
      if (value['synchronize']) window['options_after'] = { 'synchronize-panes': 'on' };
      const panes = Array.isArray(value['panes']) ? value['panes'].map(pane) : [null];
      window['panes'] = panes;
    } else {
      const commands = commandsOf(value);
      window['panes'] = [commands.length === 0 ? null : { shell_command: commands }];
    }
    if (focused) {
      window['focus'] = true;
      const panes = window['panes'] as unknown[];
      const p = startupPane === undefined ? undefined : Number(startupPane);
      if (p !== undefined && Number.isInteger(p) && p >= 0 && p < panes.length) {
        const current = panes[p];
        const spelled =
          current === null
            ? {}
            : typeof current === 'string'
              ? { shell_command: [current] }
              : (current as Record<string, unknown>);
        panes[p] = { ...spelled, focus: true };
      }
    }
    return window;
  });
  return {
    workspace: {
      session_name: name,
      ...((project['root'] ?? project['project_root'])
        ? { start_directory: project['root'] ?? project['project_root'] }
        : {}),
      ...(before.length > 0 ? { shell_command_before: before } : {}),
      windows,
    },
    warnings,
  };
}
