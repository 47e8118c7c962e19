/** A problem found in a manifest file, located precisely enough to jump to it in an editor. */
export interface Diagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Dotted path of the offending key, e.g. `flags[3].since`. */
  readonly key: string;
  readonly message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.key ? `${d.key}: ` : ''}${d.message}`;
}

/** Thrown when the manifest is broken; carries every problem found, not just the first. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const shown = diagnostics.slice(0, 50).map(formatDiagnostic);
    const more = diagnostics.length > 50 ? [`... and ${diagnostics.length - 50} more`] : [];
    super(
      `The manifest has ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}:\n` +
        [...shown, ...more].join('\n'),
    );
    this.diagnostics = diagnostics;
  }
}
