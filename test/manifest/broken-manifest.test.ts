/**
 * Deliberately broken manifests: each row breaks one copy of the real manifest and states the exact
 * diagnostic, `file:line:column: key: message`. The position is where `at` (a piece of the replacement)
 * lands in the broken file, so the rows stay exact without hard-coding line numbers.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, ManifestError } from '../../codegen/manifest/diagnostics.js';
import { DEFAULT_MANIFEST_DIR, displayPath, loadManifest } from '../../codegen/manifest/load-manifest.js';

const scratch = mkdtempSync(join(tmpdir(), 'tmuxkit-broken-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Breakage {
  readonly name: string;
  readonly file: string;
  readonly find: string | RegExp;
  readonly replace: string;
  /** A piece of `replace` where the error must point (its first character). */
  readonly at: string;
  readonly key: string;
  readonly message: string | RegExp;
}

let counter = 0;
function breakCopy(b: Breakage): { dir: string; expectedPosition: string } {
  const dir = join(scratch, String(counter++));
  cpSync(DEFAULT_MANIFEST_DIR, dir, { recursive: true });
  const path = join(dir, b.file);
  const original = readFileSync(path, 'utf8');
  const broken = original.replace(b.find, b.replace);
  if (broken === original) throw new Error(`row '${b.name}': '${String(b.find)}' not found in ${b.file}`);
  writeFileSync(path, broken);
  const start = broken.indexOf(b.replace);
  const offset = start + b.replace.indexOf(b.at);
  const before = broken.slice(0, offset).split('\n');
  const line = before.length;
  const column = before.at(-1)!.length + 1;
  return { dir, expectedPosition: `${displayPath(path)}:${line}:${column}` };
}

function diagnosticsOf(dir: string): string[] {
  try {
    loadManifest(dir);
  } catch (e) {
    if (e instanceof ManifestError) return e.diagnostics.map(formatDiagnostic);
    throw e;
  }
  return [];
}

const breakages: Breakage[] = [
  {
    name: 'an unknown key',
    file: 'commands/split-window.yaml',
    find: 'scope: pane\n',
    replace: 'scope: pane\ncolour: red\n',
    at: 'colour',
    key: 'colour',
    message: /^unknown key 'colour' \(expected one of: command, alias, .*\)$/,
  },
  {
    name: 'an unknown release',
    file: 'commands/split-window.yaml',
    find: "since: '2.9a'",
    replace: "since: '2.8'",
    at: "'2.8'",
    key: 'since',
    message: "unknown release '2.8' (not in manifest/versions.yaml)",
  },
  {
    name: 'an unquoted release (YAML reads 3.0 as a number)',
    file: 'commands/display-menu.yaml',
    find: "since: '3.0'",
    replace: 'since: 3.0',
    at: '3.0',
    key: 'since',
    message: 'must be a non-empty string, found number 3 (quote values such as 3.0 so YAML keeps them as text)',
  },
  {
    name: 'a boolean spelled yes',
    file: 'commands/kill-pane.yaml',
    find: 'chainable: true',
    replace: 'chainable: yes',
    at: 'yes',
    key: 'chainable',
    message: "must be true or false, found the string 'yes'",
  },
  {
    name: 'a value outside an enumeration',
    file: 'commands/kill-pane.yaml',
    find: 'safety: destructive',
    replace: 'safety: risky',
    at: 'risky',
    key: 'safety',
    message: "'risky' is not one of: readonly, mutating, destructive",
  },
  {
    name: 'a duplicate flag',
    file: 'commands/kill-pane.yaml',
    find: "    summary: 'Pane to kill.'\n",
    replace: "    summary: 'Pane to kill.'\n  - flag: a\n    param: again\n    summary: 'Twice.'\n",
    at: 'a\n    param: again',
    key: 'flags[2].flag',
    message: 'duplicate flag -a (also flags[0])',
  },
  {
    name: 'a reused flag letter in overlapping releases',
    file: 'commands/display-panes.yaml',
    find: "  - flag: t\n    param: targetPane\n    value: target\n    target: pane\n    since: '3.8'\n",
    replace: "  - flag: t\n    param: targetPane\n    value: target\n    target: pane\n    since: '3.7'\n",
    at: 't\n    param: targetPane',
    key: 'flags[4].flag',
    message: 'duplicate flag -t (also flags[2])',
  },
  {
    name: 'a reused flag letter in an exclusive group',
    file: 'commands/display-panes.yaml',
    find: 'positionals:\n',
    replace: 'exclusive:\n  - [t, N]\npositionals:\n',
    at: 't, N]',
    key: 'exclusive[0]',
    message: '-t has two meanings over time; an exclusive group cannot name it',
  },
  {
    name: 'a digit flag beside a flag with an optional value',
    file: 'commands/move-pane.yaml',
    find: 'exclusive:\n',
    replace: "  - flag: '7'\n    param: seven\n    summary: 'No.'\nexclusive:\n",
    at: "'7'",
    key: 'flags[?].flag',
    message: '-7 could be read as the value of -D, which takes an optional value',
  },
  {
    name: 'a flag gated before its command exists',
    file: 'commands/customize-mode.yaml',
    find: '    param: format\n',
    replace: "    param: format\n    since: '3.1'\n",
    at: "'3.1'",
    key: 'flags[0].since',
    message: "flag -F is gated at '3.1', before it exists (since '3.2')",
  },
  {
    name: 'until not after since',
    file: 'commands/kill-pane.yaml',
    find: "since: '2.9a'\n",
    replace: "since: '3.3'\nuntil: '3.2'\n",
    at: "'3.2'",
    key: 'until',
    message: "until '3.2' must be a later release than since '3.3'",
  },
  {
    name: 'a missing required key',
    file: 'commands/kill-pane.yaml',
    find: "command: kill-pane\nalias: killp\nsummary: 'Destroy a pane.'\n",
    replace: 'command: kill-pane\nalias: killp\n',
    at: 'command',
    key: 'summary',
    message: "missing required key 'summary'",
  },
  {
    name: 'an exclusive group naming a flag the command lacks',
    file: 'commands/wait-for.yaml',
    find: '[E, l, w, L, S, U]',
    replace: '[E, l, w, L, S, Q]',
    at: 'Q]',
    key: 'exclusive[0]',
    message: '-Q is not a flag of wait-for',
  },
  {
    name: 'a parameter name used twice',
    file: 'commands/rename-window.yaml',
    find: '  - param: newName',
    replace: '  - param: target',
    at: 'target',
    key: 'positionals[0].param',
    message: "duplicate parameter name 'target' (also flag -t)",
  },
  {
    name: 'a required positional after an optional one',
    file: 'commands/set-option.yaml',
    find: /\n$/,
    replace: '\n  - param: extra\n    type: string\n    summary: x\n',
    at: 'extra',
    key: 'positionals[2]',
    message: "from 2.9a, required positional 'extra' follows an optional one",
  },
  {
    name: 'a command in a file of another name',
    file: 'commands/kill-pane.yaml',
    find: 'command: kill-pane',
    replace: 'command: kill-panes',
    at: 'kill-panes',
    key: 'command',
    message: "command 'kill-panes' must live in a file named kill-panes.yaml",
  },
  {
    name: 'readonlyWith naming a flag the command lacks',
    file: 'commands/capture-pane.yaml',
    find: 'readonlyWith: p',
    replace: 'readonlyWith: Q',
    at: 'Q',
    key: 'readonlyWith',
    message: '-Q is not a flag of capture-pane',
  },
  {
    name: 'a YAML syntax error',
    file: 'commands/kill-pane.yaml',
    find: 'scope: pane\nsafety',
    replace: 'scope: [pane\nsafety',
    at: 'safety',
    key: '',
    message: /^YAML syntax: /,
  },
  {
    name: 'a duplicate key',
    file: 'commands/kill-pane.yaml',
    find: 'scope: pane\n',
    replace: 'scope: pane\nscope: window\n',
    at: 'scope: window',
    key: '',
    message: /^YAML syntax: Map keys must be unique/,
  },
  {
    name: 'an unknown format type',
    file: 'formats.yaml',
    find: /(name: pane_id\n    type: )paneId/,
    replace: 'name: pane_id\n    type: paneid',
    at: 'paneid',
    key: 'variables[?].type',
    message: "'paneid' is not one of: string, integer, flag, time, paneId, windowId, sessionId",
  },
  {
    name: 'a notification argument after a rest argument',
    file: 'notifications.yaml',
    find: '      - { name: data, type: escapedData, rest: true }\n  - line: \'%extended-output\'',
    replace: "      - { name: data, type: escapedData, rest: true }\n      - { name: more, type: word }\n  - line: '%extended-output'",
    at: 'true }\n      - { name: more',
    key: 'notifications[3].arguments[1]',
    message: 'only the last argument can take the rest of the line',
  },
  {
    name: 'a row type reading an unknown format variable',
    file: 'rows.yaml',
    find: 'variables: [pane_id, pane_index,',
    replace: 'variables: [pane_id, pane_idx,',
    at: 'pane_idx',
    key: 'rows[2].variables[1]',
    message: "unknown format variable 'pane_idx' (not in formats.yaml)",
  },
  {
    name: 'releases out of order',
    file: 'versions.yaml',
    find: "{ version: '3.0a', date: '2019-12-01'",
    replace: "{ version: '3.0a', date: '2019-01-01'",
    at: "'2019-01-01'",
    key: 'releases[2].date',
    message: "releases must be listed oldest first ('3.0' is dated later)",
  },
];

describe('loadManifest on deliberately broken manifests', () => {
  it.each(breakages)('reports $name at file:line:column', (b) => {
    const { dir, expectedPosition } = breakCopy(b);
    const found = diagnosticsOf(dir);
    expect(found.length, found.join('\n')).toBeGreaterThan(0);
    const match = found.find((d) => {
      const m = /^(.*?:\d+:\d+): (?:(\S+): )?(.*)$/.exec(d);
      if (!m) return false;
      const [, position = '', key = '', message = ''] = m;
      const keyOk = b.key.includes('?') ? new RegExp(`^${b.key.replace(/[.[\]]/g, '\\$&').replace('?', '\\d+')}$`).test(key) : key === b.key;
      const messageOk = typeof b.message === 'string' ? message === b.message : b.message.test(message);
      const positionOk = position === expectedPosition;
      return keyOk && messageOk && positionOk;
    });
    expect(match, `expected ${expectedPosition}: ${b.key}: ${String(b.message)}\nfound:\n${found.join('\n')}`).toBeDefined();
  });

  it('collects problems from several files in one error', () => {
    const dir = join(scratch, 'many');
    cpSync(DEFAULT_MANIFEST_DIR, dir, { recursive: true });
    for (const f of ['commands/kill-pane.yaml', 'commands/kill-window.yaml']) {
      const p = join(dir, f);
      writeFileSync(p, readFileSync(p, 'utf8').replace('safety: destructive', 'safety: maybe'));
    }
    const found = diagnosticsOf(dir);
    expect(found.filter((d) => d.includes("'maybe' is not one of")).length).toBe(2);
  });

  it('requires a row type for every rows result, reported at the command', () => {
    const dir = join(scratch, 'no-buffer-rows');
    cpSync(DEFAULT_MANIFEST_DIR, dir, { recursive: true });
    const p = join(dir, 'rows.yaml');
    writeFileSync(p, readFileSync(p, 'utf8').replace(/  - kind: buffers\n    type: BufferRow\n    variables: \[[^\]]*\]\n/, ''));
    const found = diagnosticsOf(dir);
    expect(found).toContainEqual(expect.stringMatching(/list-buffers\.yaml:\d+:\d+: result\.rows: rows of 'buffers' need an entry in rows\.yaml$/));
  });

  it('stops with a ManifestError whose message lists file:line:column', () => {
    const { dir } = breakCopy(breakages[1]!);
    expect(() => loadManifest(dir)).toThrow(/split-window\.yaml:\d+:\d+: since: unknown release '2\.8'/);
  });
});
