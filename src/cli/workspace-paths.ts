/**
 * Where `tmuxkit load NAME` and `tmuxkit ls` look for workspace files: tmuxp's directory
 * (`$TMUXP_CONFIGDIR`, else `$XDG_CONFIG_HOME/tmuxp`, else `~/.tmuxp`) and tmuxkit's own
 * (`$XDG_CONFIG_HOME/tmuxkit`, else `~/.config/tmuxkit`). A name is a file there with `.yaml`, `.yml` or
 * `.json`; anything with a slash or an extension is a path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

export const EXTENSIONS = ['.yaml', '.yml', '.json'] as const;

export function workspaceDirectories(env: Env = process.env): string[] {
  const home = env['HOME'] ?? homedir();
  const xdg = env['XDG_CONFIG_HOME'] || join(home, '.config');
  const tmuxp =
    env['TMUXP_CONFIGDIR'] || (existsSync(join(xdg, 'tmuxp')) ? join(xdg, 'tmuxp') : join(home, '.tmuxp'));
  return [tmuxp, join(xdg, 'tmuxkit')];
}

/** The file `nameOrPath` names, or undefined. */
export function findWorkspace(nameOrPath: string, cwd: string, env: Env = process.env): string | undefined {
  if (nameOrPath.includes('/') || EXTENSIONS.some((e) => nameOrPath.endsWith(e))) {
    const path = resolve(cwd, nameOrPath);
    return existsSync(path) ? path : undefined;
  }
  for (const dir of workspaceDirectories(env)) {
    for (const ext of EXTENSIONS) {
      const path = join(dir, `${nameOrPath}${ext}`);
      if (existsSync(path)) return path;
    }
  }
  const local = resolve(cwd, nameOrPath);
  return existsSync(local) ? local : undefined;
}

/** Every workspace file in the directories, by name. */
export function listWorkspaces(env: Env = process.env): { name: string; path: string }[] {
  const out: { name: string; path: string }[] = [];
  for (const dir of workspaceDirectories(env)) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const ext = EXTENSIONS.find((e) => file.endsWith(e));
      if (ext) out.push({ name: file.slice(0, -ext.length), path: join(dir, file) });
    }
  }
  return out;
}
