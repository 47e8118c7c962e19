/**
 * Targets: what a `-t`, `-s` or `-c` flag names. A closed union, parsed from the strings tmux accepts and
 * validated before anything reaches tmux, so `%x` or `{nonsense}` fails at construction with a
 * `TargetError` instead of a tmux error later.
 *
 * tmux's own syntax (see the TARGETS section of tmux(1)):
 * - ids: pane `%3`, window `@1`, session `$0`;
 * - exact names `=name` (no prefix or pattern matching);
 * - references `session:window.pane`, each part optional (`dev:`, `:2`, `dev:editor.1`, `@4.{top}`);
 * - special tokens: `{last}`, `{marked}`, `{up-of}`, ... and their one-character shortcuts (`!`, `~`, ...);
 * - plain names, indexes and offsets (`dev`, `2`, `+1`), resolved by tmux;
 * - client names (`/dev/pts/3` or a control client's name) for client targets;
 * - slot references: "the object created by operation N of a plan", resolved when the plan runs.
 *
 * @example
 * ```ts
 * import { Target, parseTarget, formatTarget } from 'tmuxkit';
 * parseTarget('%3', 'pane');                   // { type: 'paneId', id: 3 }
 * formatTarget(Target.window(1));              // '@1'
 * formatTarget(parseTarget('dev:2.1', 'pane')); // 'dev:2.1'
 * ```
 */
import { TargetError } from './errors.js';

/** The kind of object a target flag names; from the manifest's `target` field. */
export type TargetKind = 'session' | 'window' | 'pane' | 'client';

/** The kinds of object a plan slot can refer to. */
export type SlotObject = 'session' | 'window' | 'pane';

/** Special tokens tmux understands in targets (tmux(1), TARGETS). */
export const SESSION_TOKENS = ['{marked}', '{mouse}'] as const;
export const WINDOW_TOKENS = [
  '{start}',
  '{end}',
  '{last}',
  '{next}',
  '{previous}',
  ...SESSION_TOKENS,
] as const;
export const PANE_TOKENS = [
  '{last}',
  '{next}',
  '{previous}',
  '{top}',
  '{bottom}',
  '{left}',
  '{right}',
  '{top-left}',
  '{top-right}',
  '{bottom-left}',
  '{bottom-right}',
  '{up-of}',
  '{down-of}',
  '{left-of}',
  '{right-of}',
  ...SESSION_TOKENS,
] as const;
export type TargetToken = (typeof WINDOW_TOKENS)[number] | (typeof PANE_TOKENS)[number];

export type Target =
  | { readonly type: 'paneId'; readonly id: number }
  | { readonly type: 'windowId'; readonly id: number }
  | { readonly type: 'sessionId'; readonly id: number }
  /** `=name`: exactly this name, no prefix or pattern match. */
  | { readonly type: 'exactName'; readonly name: string }
  /** A plain name, index, pattern, offset or shortcut, left to tmux to resolve. */
  | { readonly type: 'name'; readonly name: string }
  /** A whole-target special token such as `{last}`. */
  | { readonly type: 'token'; readonly token: TargetToken }
  /** `session:window.pane`; absent parts are absent in the rendered string too. */
  | {
      readonly type: 'reference';
      readonly session?: string;
      readonly window?: string;
      readonly pane?: string;
    }
  /** A client, by name or tty path. */
  | { readonly type: 'client'; readonly name: string }
  /**
   * The object created by operation `slot` of a plan; rendered only once the plan has resolved it.
   * `suffix` qualifies it the way tmux does after an id: `:2` (window 2 of a session), `.1` (pane 1 of a
   * window), `:2.1`.
   */
  | {
      readonly type: 'slot';
      readonly slot: number;
      readonly object: SlotObject;
      readonly suffix?: string;
    };

/** What a target parameter accepts: a `Target` value or a string that is parsed. */
export type TargetInput = Target | string;

function freeze<T extends Target>(t: T): T {
  return Object.freeze(t);
}

function nonNegativeInteger(n: number, what: string): number {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new TargetError(String(n), `${what} must be a non-negative integer`);
  return n;
}

function checkText(input: string): void {
  if (input === '') throw new TargetError(input, 'a target cannot be empty');
  // eslint-disable-next-line no-control-regex
  if (/[\0\n\r]/.test(input)) throw new TargetError(input, 'a target cannot contain NUL, CR or LF');
}

/** Constructors for targets, for code that knows what it names. */
export const Target = Object.freeze({
  pane: (id: number): Target => freeze({ type: 'paneId', id: nonNegativeInteger(id, 'a pane id') }),
  window: (id: number): Target => freeze({ type: 'windowId', id: nonNegativeInteger(id, 'a window id') }),
  session: (id: number): Target => freeze({ type: 'sessionId', id: nonNegativeInteger(id, 'a session id') }),
  exact: (name: string): Target => {
    checkText(name);
    return freeze({ type: 'exactName', name });
  },
  token: (token: TargetToken): Target => {
    if (
      !(WINDOW_TOKENS as readonly string[]).includes(token) &&
      !(PANE_TOKENS as readonly string[]).includes(token)
    ) {
      throw new TargetError(
        token,
        `not a tmux special token (${[...new Set([...WINDOW_TOKENS, ...PANE_TOKENS])].join(', ')})`,
      );
    }
    return freeze({ type: 'token', token });
  },
  client: (name: string): Target => {
    checkText(name);
    return freeze({ type: 'client', name });
  },
  slot: (slot: number, object: SlotObject, suffix?: string): Target => {
    if (object !== 'session' && object !== 'window' && object !== 'pane') {
      throw new TargetError(String(object), 'a slot names a session, window or pane');
    }
    if (suffix !== undefined && suffix !== '' && !SLOT_SUFFIX[object].test(suffix)) {
      throw new TargetError(
        suffix,
        `not a qualifier of a ${object} (${object === 'session' ? "':N', ':N.M' or ':.M'" : object === 'window' ? "'.N'" : 'a pane takes none'})`,
      );
    }
    return freeze({
      type: 'slot',
      slot: nonNegativeInteger(slot, 'a slot number'),
      object,
      ...(suffix ? { suffix } : {}),
    });
  },
});

/** What may follow a slot's id: a window index after a session, a pane index after a window. */
const SLOT_SUFFIX = { session: /^:(\d+(\.\d+)?|\.\d+)$/, window: /^\.\d+$/, pane: /^(?!)/ } as const;

const TOKENS_BY_PART = {
  session: SESSION_TOKENS as readonly string[],
  window: WINDOW_TOKENS as readonly string[],
  pane: PANE_TOKENS as readonly string[],
};

/** Checks one part of a target; `position` says which tokens and id sigils make sense there. */
function checkPart(input: string, part: string, position: 'session' | 'window' | 'pane'): void {
  if (part.startsWith('{')) {
    if (!TOKENS_BY_PART[position].includes(part)) {
      throw new TargetError(
        input,
        `${part} is not a ${position} token (${TOKENS_BY_PART[position].join(', ')})`,
      );
    }
    return;
  }
  const sigils: Record<string, string> = { '%': 'pane', '@': 'window', $: 'session' };
  const sigil = part[0] ?? '';
  if (sigil in sigils && !/^[%@$]\d+$/.test(part)) {
    // A lone `$` is the last window, a shortcut tmux accepts in the window part.
    if (!(part === '$' && position === 'window')) {
      throw new TargetError(
        input,
        `a ${sigils[sigil]} id is ${sigil} followed by digits, not ${JSON.stringify(part)}`,
      );
    }
  }
}

/** Whether the text after the last `.` of a pane reference looks like a pane (index, id, token, offset). */
function looksLikePane(part: string): boolean {
  return /^(\d+|%\d*.*|\{[^}]*\}|[+-]\d*|!)$/.test(part);
}

/**
 * Parsed targets by kind and text: a `Target` is a frozen value, so the same text always gives the same
 * one, and operations built again and again for the same panes parse each text once.
 */
const PARSED: Record<TargetKind, Map<string, Target>> = {
  session: new Map(),
  window: new Map(),
  pane: new Map(),
  client: new Map(),
};
const PARSED_LIMIT = 4096;

/**
 * Parses a target string for a flag that names a `kind` of object. Throws `TargetError` when tmux could
 * never resolve it (an empty string, NUL, a malformed id, an unknown `{token}`).
 */
export function parseTarget(input: string, kind: TargetKind): Target {
  const known = PARSED[kind]?.get(input);
  if (known !== undefined) return known;
  const parsed = parseTargetText(input, kind);
  const cache = PARSED[kind];
  if (cache !== undefined && cache.size < PARSED_LIMIT) cache.set(input, parsed);
  return parsed;
}

function parseTargetText(input: string, kind: TargetKind): Target {
  if (typeof input !== 'string')
    throw new TargetError(String(input), 'a target is a string or a Target value');
  checkText(input);
  const id = /^([%@$])(\d+)$/.exec(input);
  if (id) {
    const n = Number(id[2]);
    return id[1] === '%' ? Target.pane(n) : id[1] === '@' ? Target.window(n) : Target.session(n);
  }
  if (kind === 'client') {
    if (input.startsWith('{')) checkPart(input, input, 'pane');
    return input.startsWith('{') ? Target.token(input as TargetToken) : Target.client(input);
  }
  if (input.startsWith('{') && !input.includes(':')) {
    const position = kind === 'session' ? 'session' : kind;
    checkPart(input, input, position);
    return Target.token(input as TargetToken);
  }
  const colon = input.indexOf(':');
  if (colon < 0 && input.startsWith('=') && input.length > 1) return Target.exact(input.slice(1));
  if (colon < 0 && (kind !== 'pane' || !input.includes('.'))) {
    checkPart(input, input, kind === 'session' ? 'session' : kind);
    return freeze({ type: 'name', name: input });
  }
  const session = colon < 0 ? undefined : input.slice(0, colon);
  let rest = colon < 0 ? input : input.slice(colon + 1);
  let pane: string | undefined;
  const dot = rest.lastIndexOf('.');
  if (kind === 'pane' && dot >= 0 && looksLikePane(rest.slice(dot + 1))) {
    pane = rest.slice(dot + 1);
    rest = rest.slice(0, dot);
  }
  if (session !== undefined && session !== '') checkPart(input, session, 'session');
  if (rest !== '') checkPart(input, rest, 'window');
  if (pane !== undefined && pane !== '') checkPart(input, pane, 'pane');
  return freeze({
    type: 'reference',
    ...(session !== undefined ? { session } : {}),
    ...(rest !== '' || colon >= 0 ? { window: rest } : {}),
    ...(pane !== undefined ? { pane } : {}),
  });
}

/** Accepts a `Target` or a string (parsed for `kind`); the one entry point operations use. */
export function toTarget(input: TargetInput, kind: TargetKind): Target {
  if (typeof input === 'string') return parseTarget(input, kind);
  if (input === null || typeof input !== 'object' || typeof (input as { type?: unknown }).type !== 'string') {
    throw new TargetError(String(input), 'a target is a string or a Target value');
  }
  // Re-validate values built by hand rather than by the constructors above.
  if (input.type === 'slot') return Target.slot(input.slot, input.object, input.suffix);
  return parseTarget(formatTarget(input), kind);
}

/** The string tmux receives for a target. Slot references must be resolved first (`resolveSlot`). */
export function formatTarget(
  target: Target,
  resolveSlot?: (slot: number, object: SlotObject) => string,
): string {
  switch (target.type) {
    case 'paneId':
      return `%${target.id}`;
    case 'windowId':
      return `@${target.id}`;
    case 'sessionId':
      return `$${target.id}`;
    case 'exactName':
      return `=${target.name}`;
    case 'name':
    case 'client':
      return target.name;
    case 'token':
      return target.token;
    case 'reference': {
      const head = target.session !== undefined ? `${target.session}:` : '';
      const pane = target.pane !== undefined ? `.${target.pane}` : '';
      return `${head}${target.window ?? ''}${pane}`;
    }
    case 'slot': {
      if (!resolveSlot) {
        throw new TargetError(
          `slot ${target.slot}`,
          `a slot reference names the ${target.object} created by operation ${target.slot} of a plan; run it in that plan`,
        );
      }
      return resolveSlot(target.slot, target.object) + (target.suffix ?? '');
    }
  }
}
