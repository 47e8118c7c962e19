/**
 * How tmux prints an option value in `show-options` (its `args_escape`), per release, so MemoryEngine's
 * output reads back exactly as real tmux's does. Rules checked on 3.1c, 3.3a, 3.5a and 3.7c.
 */
import type { TmuxVersion } from '../../tmux-version.js';

function escapeChars(value: string, doubleQuoted: boolean): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"' && doubleQuoted) out += '\\"';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return out;
}

export function escapeOptionValue(value: string, version: TmuxVersion): string {
  if (!version.atLeast('3.2')) {
    if (value === '') return '';
    const quote = /[ #"';${}]/.test(value);
    const body = escapeChars(value, quote).replace(/\$(?=[A-Za-z_{])/g, '\\$');
    const tilde = body.startsWith('~') ? `\\${body}` : body;
    return quote ? `"${tilde}"` : tilde;
  }
  if (value === '') return "''";
  const quotes = /[ #';${}%]/.test(value) ? '"' : value.includes('"') ? "'" : '';
  if (value.length === 1 && value !== ' ' && (quotes !== '' || value === '~')) return `\\${value}`;
  let body = escapeChars(value, quotes === '"');
  if (quotes === '"') body = body.replace(/\$(?=[A-Za-z_{])/g, '\\$');
  if (body.startsWith('~')) body = `\\${body}`;
  return quotes === '' ? body : `${quotes}${body}${quotes}`;
}
