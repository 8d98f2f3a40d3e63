// The arguments after `/NAME` of a prompt command, and their substitution into the prompt file:
// `$ARGUMENTS` is everything after the name as typed, `$1`…`$9` the words (a "quoted phrase" or
// 'quoted phrase' is one word), `$$` a literal `$`. Written here rather than taken from a shell
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

const PLACEHOLDER = /\$(\$|ARGUMENTS|[1-9])/g;

/** Whether the template takes arguments at all. */
export function hasPlaceholders(template: string): boolean {
  return /\$(ARGUMENTS|[1-9])/.test(template);
}

/**
 * The prompt to send. Arguments given to a template without placeholders are appended after a
 * blank line (as Claude Code does), so nothing the user typed is silently dropped.
 */
export function substituteArguments(template: string, argumentText: string): string {
  const raw = argumentText.trim();
  if (!hasPlaceholders(template)) {
    const text = template.replace(/\$\$/g, '$').trimEnd();
    return raw === '' ? text : `${text}\n\n${raw}`;
  }
  const words = splitArguments(raw);
  return template
    .replace(PLACEHOLDER, (_, what: string) => {
      if (what === '$') return '$';
      if (what === 'ARGUMENTS') return raw;
      return words[Number(what) - 1] ?? '';
    })
    .trimEnd();
}
