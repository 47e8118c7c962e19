/**
 * Workspace files in, `Workspace` values out: YAML or JSON text (several sessions in one file as several
 * documents or a list), read, validated and expanded against an environment and a working directory.
 */
import { fs, os } from '../runtime/engines/lazy-builtins.js';
import { parseDocuments, yamlParser } from './workspace-document.js';
import type { Workspace } from './workspace-model.js';
import { readWorkspace, WorkspaceError } from './workspace-reader.js';

export interface ReadWorkspaceOptions {
  /** For `$VAR` expansion (default: this process's environment). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative paths start when the text has no file (default: this process's directory). */
  readonly cwd?: string;
}

/**
 * A workspace from its text; `file` names it in messages and is where relative paths start.
 *
 * @example
 * ```ts
 * import { parseWorkspace } from 'tmuxkit';
 * const ws = await parseWorkspace('session_name: dev\nwindows:\n  - window_name: editor\n    panes: [vim, null]\n');
 * ws.sessions[0]!.windows[0]!.panes.length; // 2
 * ws.sessions[0]!.windows[0]!.panes[0]!.commands[0]!.cmd; // 'vim'
 * ```
 */
export async function parseWorkspace(
  text: string,
  options: ReadWorkspaceOptions & { readonly file?: string } = {},
): Promise<Workspace> {
  const parsed = parseDocuments(await yamlParser(), text, options.file ?? '<workspace>');
  if (!parsed.ok) throw new WorkspaceError(parsed.problems);
  const env = options.env ?? process.env;
  return readWorkspace(parsed.documents, {
    file: options.file,
    cwd: options.cwd ?? process.cwd(),
    env,
    home: env['HOME'] ?? os().homedir(),
  });
}

/** A workspace file (`.yaml`, `.yml` or `.json`), read and validated. */
export async function readWorkspaceFile(
  path: string,
  options: ReadWorkspaceOptions = {},
): Promise<Workspace> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.startsWith('/') ? path : `${cwd}/${path}`;
  let text: string;
  try {
    text = fs().readFileSync(absolute, 'utf8');
  } catch (e) {
    throw new WorkspaceError([
      { file: path, line: 1, column: 1, key: '', message: `cannot read: ${(e as Error).message}` },
    ]);
  }
  return parseWorkspace(text, { ...options, file: absolute, cwd });
}
