// Splits a shell command line into the simple commands it runs, so each can be judged by the
// rules: `a && b`, `a || b`, `a; b`, `a | b`, `a & b`, subshells `( … )` and command substitutions
// `$( … )`, `<( … )` all become separate parts. Tokenizing is shell-quote's (quotes, escapes and
// operators as sh reads them); this file only walks its token stream. Whatever it cannot be sure
// about marks the part (or the whole line) `uncertain`: such a part can still be found forbidden or
// prompted by a rule, but is never allowed by one, and falls back to the approval mode.
import { parse as shellParse } from 'shell-quote';

export interface SimpleCommand {
  /** The words, redirections and their targets left out. */
  argv: string[];
  /** Some word's value is only known when the shell runs it (a variable, a substitution, a keyword's body…). */
  uncertain: boolean;
}

export interface SplitCommand {
  parts: SimpleCommand[];
  /** The line as a whole could not be understood (backticks, a here-document, an unknown operator…). */
  uncertain: boolean;
}

const SEPARATORS = new Set(['&&', '||', ';', '|', '|&', '&', ';;', '(', ')', '<(']);
const REDIRECTS = new Set(['>', '>>', '<', '>&', '<&', '>|', '<>', '&>', '&>>']);
/** Reserved words that start a compound command: the words after them are a command of their own. */
const KEYWORDS = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'while',
  'until',
  'for',
  'case',
  'esac',
  'in',
  '{',
  '}',
  '!',
  'time',
  'function',
  'select',
  'coproc',
]);
/** Marks a variable's place: shell-quote hands back whatever the env callback returns. */
const EXPANSION = '\u0000expansion';

export function splitSimpleCommands(line: string): SplitCommand {
  let tokens: ReturnType<typeof shellParse>;
  try {
    tokens = shellParse(line, () => EXPANSION);
  } catch {
    return { parts: [], uncertain: true };
  }
  const parts: SimpleCommand[] = [];
  let uncertainLine = false;
  let current: SimpleCommand = { argv: [], uncertain: false };
  let skipNext = false;
  const flush = (): void => {
    // Leading keywords (`if`, `then`, `!`…) and assignments (`FOO=1 cmd`) are not the command run.
    while (current.argv.length > 0 && (KEYWORDS.has(current.argv[0]!) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(current.argv[0]!))) {
      current.argv.shift();
      current.uncertain = true;
    }
    if (current.argv.length > 0) parts.push(current);
    current = { argv: [], uncertain: false };
  };
  for (const token of tokens) {
    if (typeof token === 'string') {
      if (skipNext) {
        skipNext = false;
        continue;
      }
      // Backticks and `$(` inside double quotes are substitutions shell-quote leaves as text.
      if (token.includes('`') || token.includes('$(') || token.includes(`${EXPANSION}(`)) uncertainLine = true;
      if (token.includes(EXPANSION)) current.uncertain = true;
      current.argv.push(token === EXPANSION ? '$' : token.split(EXPANSION).join('$'));
      continue;
    }
    if ('comment' in token) break;
    if ('pattern' in token) {
      current.argv.push(token.pattern);
      current.uncertain = true; // a glob expands to names not known here
      continue;
    }
    const op = (token as { op: string }).op;
    if (REDIRECTS.has(op)) {
      // `2>&1` reaches here as the word "2" and the operator: the fd number is not an argument.
      if (/^\d+$/.test(current.argv.at(-1) ?? '')) current.argv.pop();
      skipNext = true;
      continue;
    }
    if (SEPARATORS.has(op)) {
      // `$(` reaches here as an empty variable's word followed by "(": the substitution's value is unknown.
      const substitution = op === '(' && current.argv.at(-1) === '$';
      if (substitution) current.argv.pop();
      const outer = current;
      flush();
      if (substitution || op === '<(') {
        // The command around the substitution goes on after it, with a word nobody knows yet.
        outer.uncertain = true;
        if (outer.argv.length > 0 && !parts.includes(outer)) parts.push(outer);
      }
      continue;
    }
    uncertainLine = true; // an operator this walk does not know (here-documents among them)
  }
  flush();
  return { parts, uncertain: uncertainLine || skipNext };
}
