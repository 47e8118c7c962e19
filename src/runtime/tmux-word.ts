/**
 * Decodes one word as tmux prints it with `args_escape` (show-options values, list-keys commands): bare,
 * `'single quoted'` (literal) or `"double quoted"`, with tmux's backslash escapes (`\\`, `\"`, `\$`, `\t`,
 * `\n`, `\ooo` octal bytes, `\uXXXX`, ...). tmux's `vis` escaping emits octal bytes for non-printable
 * characters, so the result is assembled as bytes and decoded as UTF-8 at the end.
 */
const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  a: 0x07,
  b: 0x08,
  e: 0x1b,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  s: 0x20,
  t: 0x09,
  v: 0x0b,
};

export function decodeTmuxWord(word: string): string {
  const bytes: number[] = [];
  const pushText = (text: string) => bytes.push(...Buffer.from(text, 'utf8'));
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = '';
      else pushText(c);
      continue;
    }
    if (c === quote) {
      quote = '';
      continue;
    }
    if (quote === '' && (c === "'" || c === '"')) {
      quote = c;
      continue;
    }
    if (c !== '\\' || i + 1 >= word.length) {
      pushText(c);
      continue;
    }
    const next = word[++i]!;
    const octal = /^[0-3][0-7]{2}/.exec(word.slice(i, i + 3));
    const unicode =
      next === 'u'
        ? /^[0-9a-fA-F]{4}/.exec(word.slice(i + 1))
        : next === 'U'
          ? /^[0-9a-fA-F]{8}/.exec(word.slice(i + 1))
          : null;
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 2;
    } else if (unicode) {
      pushText(String.fromCodePoint(parseInt(unicode[0], 16)));
      i += unicode[0].length;
    } else if (next in SIMPLE_ESCAPES) {
      bytes.push(SIMPLE_ESCAPES[next]!);
    } else {
      pushText(next);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}
