/**
 * What happens when a server runs a tmux release newer than the newest one the manifest describes
 * (3.9, `next-3.9`, `master` while the manifest stops at 3.8). tmuxkit cannot know what such a release
 * changed, so it never pretends to: by default it renders for the newest release it knows and says so
 * once, with a typed warning that names the release and how to catch up; `newerTmux: 'error'` fails
 * closed instead, and `'allow'` renders without a word (for callers who have checked).
 *
 * The newest known release comes from the generated catalog, which registers the manifest's release
 * list when it loads (the runtime imports nothing generated).
 */
import { VersionError } from './errors.js';
import { TmuxVersion } from './tmux-version.js';

/** `'warn'` (default): render for the newest known release and warn once; `'error'`: refuse; `'allow'`: render, no warning. */
export type NewerTmuxPolicy = 'warn' | 'error' | 'allow';

/** Options every engine takes for a server newer than the manifest. */
export interface NewerTmuxOptions {
  /** What to do when the server's tmux is newer than the newest release the manifest describes. */
  readonly newerTmux?: NewerTmuxPolicy;
  /**
   * Receives the warning of the `'warn'` policy (once per engine). Default: `process.emitWarning`, once
   * per process and release.
   */
  readonly onWarning?: (warning: NewerTmuxWarning) => void;
}

const REGENERATE =
  'update tmuxkit, or add the release to the manifest and run `npm run codegen` ' +
  '(docs/guides/new-tmux-release.md)';

/** The warning of the `'warn'` policy: the server runs a release the manifest does not describe. */
export class NewerTmuxWarning extends Error {
  override readonly name = 'NewerTmuxWarning';
  /** A stable code for `process.on('warning')` filters. */
  readonly code = 'TMUXKIT_NEWER_TMUX';

  constructor(
    /** The server's release, e.g. `'3.9'` or `'master'`. */
    readonly release: string,
    /** The newest release the manifest describes, which operations are rendered for. */
    readonly newestKnown: string,
  ) {
    super(
      `tmux ${release} is newer than ${newestKnown}, the newest release tmuxkit's manifest describes: ` +
        `operations are rendered as for ${newestKnown}, and flags or commands ${release} added or changed ` +
        `are unknown; ${REGENERATE}`,
    );
  }
}

/** The `'error'` policy's refusal: a `VersionError` naming the release and the newest known one. */
export class NewerTmuxError extends VersionError {
  constructor(
    readonly release: string,
    readonly newestKnown: string,
  ) {
    super('(any command)', undefined, `${newestKnown} or older`, release);
    this.message =
      `tmux ${release} is newer than ${newestKnown}, the newest release tmuxkit's manifest describes, ` +
      `and newerTmux is 'error'; ${REGENERATE}`;
  }
}

let newestKnown: TmuxVersion | undefined;

/** Called by the generated catalog with the manifest's releases, oldest first. */
export function registerManifestReleases(releases: readonly string[]): void {
  const last = releases.at(-1);
  newestKnown = last === undefined ? undefined : TmuxVersion.parse(last);
}

/** The newest release the manifest describes (undefined before the catalog has loaded). */
export function newestManifestRelease(): TmuxVersion | undefined {
  return newestKnown;
}

/** Whether `version` is newer than every release the manifest describes. Pure but for the registry. */
export function isNewerThanManifest(version: TmuxVersion): boolean {
  return newestKnown !== undefined && version.compare(newestKnown) > 0;
}

const warnedInProcess = new Set<string>();

/**
 * Applies the policy to the version an engine is about to render for: returns it, throws
 * `NewerTmuxError`, or warns (through `onWarning`, else once per process and release).
 */
export function checkServerRelease(version: TmuxVersion, options: NewerTmuxOptions): TmuxVersion {
  if (!isNewerThanManifest(version)) return version;
  const policy = options.newerTmux ?? 'warn';
  const known = String(newestKnown);
  if (policy === 'error') throw new NewerTmuxError(String(version), known);
  if (policy === 'warn') {
    const warning = new NewerTmuxWarning(String(version), known);
    if (options.onWarning) options.onWarning(warning);
    else if (!warnedInProcess.has(warning.release)) {
      warnedInProcess.add(warning.release);
      process.emitWarning(warning);
    }
  }
  return version;
}
