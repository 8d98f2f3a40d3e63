// The arguments after `/NAME` of a prompt command, and their substitution into the prompt file:
// `$ARGUMENTS` is everything after the name as typed, `$1`…`$9` the words (a "quoted phrase" or
// 'quoted phrase' is one word), `$$` a literal `$`, and Codex's named placeholders: `$FILE` takes
// the value of a `FILE=value` word (only when such a word is given, so a `$HOME` in the text stays). Written here rather than taken from a shell
// parser: a shell parser would expand `$VAR`s, globs and operators, and these are not commands.

/** Splits on blanks, keeping quoted phrases together (the quotes removed). */
export function splitArguments(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && (text[i + 1] === '"' || text[i + 1] === '\\')) current += text[++i];
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const PLACEHOLDER = /\$(\$|ARGUMENTS|[1-9]|[A-Z][A-Z0-9_]*)/g;
const NAMED_ARGUMENT = /^([A-Z][A-Z0-9_]*)=([\s\S]*)$/;

/** Whether the template takes arguments (for the menu: Enter completes such a command instead of sending it). */
export function hasPlaceholders(template: string): boolean {
  return /\$(ARGUMENTS|[1-9]|[A-Z][A-Z0-9_]*)/.test(template.replace(/\$\$/g, ''));
}

function namedArguments(words: readonly string[]): Map<string, string> {
  const named = new Map<string, string>();
  for (const word of words) {
    const match = NAMED_ARGUMENT.exec(word);
    if (match) named.set(match[1]!, match[2]!);
  }
  return named;
}

/**
 * The prompt to send. When no placeholder takes the arguments, they are appended after a blank
 * line (as Claude Code does), so nothing the user typed is silently dropped.
 */
export function substituteArguments(template: string, argumentText: string): string {
  const raw = argumentText.trim();
  const words = splitArguments(raw);
  const named = namedArguments(words);
  const unescaped = template.replace(/\$\$/g, '');
  const used = /\$(ARGUMENTS|[1-9])/.test(unescaped) || [...named.keys()].some((key) => new RegExp(`\\$${key}(?![A-Z0-9_])`).test(unescaped));
  const text = template
    .replace(PLACEHOLDER, (whole, what: string) => {
      if (what === '$') return '$';
      if (what === 'ARGUMENTS') return raw;
      if (/^[1-9]$/.test(what)) return words[Number(what) - 1] ?? '';
      return named.get(what) ?? whole;
    })
    .trimEnd();
  return used || raw === '' ? text : `${text}\n\n${raw}`;
}
