/**
 * Reads and validates the whole manifest directory. Every problem in every file is collected and thrown as
 * one ManifestError, so a broken manifest is fixed in one pass rather than one error at a time.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument } from 'yaml';
import { ManifestError, type Diagnostic } from './diagnostics.js';
import {
  commandFile,
  formatsFile,
  notificationsFile,
  rowsFile,
  versionsFile,
  type CommandSpec,
  type Manifest,
} from './manifest-schema.js';
import { ReleaseOrder } from './releases.js';
import { checkCommands, checkFormats, checkNotifications, checkReleaseList, checkRows } from './semantic-checks.js';
import { INVALID, withPositionsOf, type Schema } from './yaml-schema.js';

/** The manifest shipped with tmuxkit. */
export const DEFAULT_MANIFEST_DIR = fileURLToPath(new URL('../../manifest/', import.meta.url));

/** How diagnostics name a file: relative to the working directory when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

function parseFile<T>(file: string, schema: Schema<T>, report: (d: Diagnostic) => void): T | undefined {
  const shown = displayPath(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    report({ file: shown, line: 1, column: 1, key: '', message: `cannot read file: ${(e as Error).message}` });
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    for (const err of doc.errors) {
      const { line, col } = lines.linePos(err.pos[0]);
      report({ file: shown, line, column: col, key: '', message: `YAML syntax: ${err.message.split('\n')[0]}` });
    }
    return undefined;
  }
  const value = schema(doc.contents, {
    file: shown,
    lines,
    path: '',
    report,
    fallback: { line: 1, column: 1 },
  });
  return value === INVALID ? undefined : value;
}

export function loadManifest(dir: string = DEFAULT_MANIFEST_DIR): Manifest {
  const root = resolve(dir);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);

  const versions = parseFile(join(root, 'versions.yaml'), versionsFile, report);
  const formats = parseFile(join(root, 'formats.yaml'), formatsFile, report);
  const notifications = parseFile(join(root, 'notifications.yaml'), notificationsFile, report);
  const rows = parseFile(join(root, 'rows.yaml'), rowsFile, report);

  const commandsDir = join(root, 'commands');
  let names: string[] = [];
  try {
    names = readdirSync(commandsDir)
      .filter((n) => n.endsWith('.yaml'))
      .sort();
  } catch (e) {
    report({ file: displayPath(commandsDir), line: 1, column: 1, key: '', message: `cannot read directory: ${(e as Error).message}` });
  }
  const commands: CommandSpec[] = [];
  for (const name of names) {
    const file = join(commandsDir, name);
    const spec = parseFile(file, commandFile, report);
    if (spec) commands.push(withPositionsOf(Object.freeze({ ...spec, file: displayPath(file) }), spec));
  }

  if (versions) {
    const versionsPath = displayPath(join(root, 'versions.yaml'));
    checkReleaseList(report, versionsPath, versions.releases);
    const order = new ReleaseOrder(versions.releases.map((r) => r.version));
    checkCommands(report, order, commands);
    if (formats) checkFormats(report, displayPath(join(root, 'formats.yaml')), order, formats.variables);
    if (notifications) {
      checkNotifications(report, displayPath(join(root, 'notifications.yaml')), order, notifications.notifications);
    }
  }

  if (rows && formats) checkRows(report, displayPath(join(root, 'rows.yaml')), rows.rows, formats.variables, commands);

  if (diagnostics.length > 0 || !versions || !formats || !notifications || !rows) throw new ManifestError(diagnostics);
  return Object.freeze({
    releases: versions.releases,
    commands: Object.freeze(commands),
    formats: formats.variables,
    notifications: notifications.notifications,
    rows: rows.rows,
  });
}

export function releaseOrderOf(manifest: Manifest): ReleaseOrder {
  return new ReleaseOrder(manifest.releases.map((r) => r.version));
}
