/**
 * A workspace file's text as plain values that remember where they came from: YAML or JSON, one or several
 * documents. YAML 1.2's core schema: `on`, `yes` and `y` stay text here (PyYAML, which tmuxp uses, reads
 * `on`/`yes`/`no`/`off` as booleans; the reader accepts them wherever a boolean belongs). Every mapping, sequence and
 * key keeps its line and column, so a validation error can say `file:line:column`. The YAML parser is
 * loaded on first use, never at `import('tmuxkit')`.
 */
import type { Diagnostic } from '../runtime/errors.js';

/** Where a value or key starts (1-based). */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** A parsed value: scalars as they are; mappings and sequences with their positions. */
export type DocumentValue = string | number | boolean | null | DocumentMap | DocumentList;

export interface DocumentMap {
  readonly kind: 'map';
  readonly at: SourcePosition;
  /** Entries in file order: key, where the key is, its value. */
  readonly entries: readonly {
    key: string;
    at: SourcePosition;
    value: DocumentValue;
    valueAt: SourcePosition;
  }[];
}

export interface DocumentList {
  readonly kind: 'list';
  readonly at: SourcePosition;
  readonly items: readonly { value: DocumentValue; at: SourcePosition }[];
}

/** The documents of a file, or the problems that stop it from being read. */
export type ParsedDocuments =
  | { readonly ok: true; readonly documents: readonly { value: DocumentValue; at: SourcePosition }[] }
  | { readonly ok: false; readonly problems: readonly Diagnostic[] };

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/** Loads the YAML parser once (a dynamic import: workspaces are not on the import path of the SDK). */
export async function yamlParser(): Promise<YamlModule> {
  return (yamlModule ??= await import('yaml'));
}

/** Parses `text` (YAML or JSON) from `file` (used in messages only). */
export function parseDocuments(yaml: YamlModule, text: string, file: string): ParsedDocuments {
  const lines = new yaml.LineCounter();
  const docs = yaml.parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const position = (offset: number | undefined): SourcePosition => {
    const p = lines.linePos(offset ?? 0);
    return { line: p.line, column: p.col };
  };
  const list = Array.isArray(docs) ? docs : [docs];
  const problems: Diagnostic[] = [];
  for (const doc of list) {
    for (const e of doc.errors) {
      const at = position(e.pos[0]);
      problems.push({ file, ...at, key: '', message: e.message.split('\n')[0]! });
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const convertIn = (doc: (typeof list)[number]) => {
    const convert = (node: unknown): DocumentValue => {
      if (yaml.isMap(node)) {
        return {
          kind: 'map',
          at: position(node.range?.[0]),
          entries: node.items.map((pair) => {
            const keyNode = pair.key as { range?: [number, number, number]; value?: unknown } | null;
            const valueNode = pair.value as { range?: [number, number, number] } | null;
            const key = yaml.isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
            const at = position(keyNode?.range?.[0]);
            return {
              key,
              at,
              value: convert(valueNode),
              valueAt: valueNode?.range ? position(valueNode.range[0]) : at,
            };
          }),
        };
      }
      if (yaml.isSeq(node)) {
        return {
          kind: 'list',
          at: position(node.range?.[0]),
          items: node.items.map((item) => ({
            value: convert(item),
            at: position((item as { range?: [number, number, number] } | null)?.range?.[0]),
          })),
        };
      }
      if (yaml.isScalar(node)) {
        const v = node.value;
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : v === null
            ? null
            : String(v);
      }
      if (yaml.isAlias(node)) return convert(node.resolve(doc));
      return null;
    };
    return convert;
  };
  return {
    ok: true,
    documents: list
      .filter((d) => d.contents !== null)
      .map((d) => ({ value: convertIn(d)(d.contents), at: position(d.contents?.range?.[0]) })),
  };
}
