// Finds where a hunk's lines are in a file, as Codex's matcher does: with decreasing strictness,
// exactly, then ignoring trailing whitespace, then ignoring surrounding whitespace, then also
// treating typographic punctuation (dashes, curly quotes, odd spaces) as its ASCII form. Models
// often write ASCII where the file has `—` or `’`, and drop trailing spaces.

const PUNCTUATION: Record<string, string> = {};
for (const c of '\u2010\u2011\u2012\u2013\u2014\u2015\u2212') PUNCTUATION[c] = '-';
for (const c of '\u2018\u2019\u201A\u201B') PUNCTUATION[c] = "'";
for (const c of '\u201C\u201D\u201E\u201F') PUNCTUATION[c] = '"';
for (const c of '\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000') PUNCTUATION[c] = ' ';
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join('')}]`, 'g');

/** A line trimmed, with typographic punctuation replaced by its ASCII equivalent. */
export function normalisePunctuation(line: string): string {
  return line.trim().replace(PUNCTUATION_RE, (c) => PUNCTUATION[c] ?? c);
}

export type MatchLevel = 'exact' | 'trailing-whitespace' | 'whitespace' | 'punctuation';

const LEVELS: ReadonlyArray<[MatchLevel, (line: string) => string]> = [
  ['exact', (l) => l],
  ['trailing-whitespace', (l) => l.trimEnd()],
  ['whitespace', (l) => l.trim()],
  ['punctuation', normalisePunctuation],
];

/**
 * The index at which `pattern` occurs in `lines` at or after `start`, and how loosely it matched;
 * null when it does not occur. With `endOfFile`, a match ending the file is preferred. An empty
 * pattern matches at `start`.
 */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  endOfFile: boolean,
): { index: number; level: MatchLevel } | null {
  if (pattern.length === 0) return { index: start, level: 'exact' };
  if (pattern.length > lines.length) return null;
  const last = lines.length - pattern.length;
  const from = endOfFile ? last : start;
  for (const [level, norm] of LEVELS) {
    const wanted = pattern.map(norm);
    for (let i = from; i <= last; i++) {
      let ok = true;
      for (let j = 0; j < wanted.length; j++) {
        if (norm(lines[i + j]!) !== wanted[j]) {
          ok = false;
          break;
        }
      }
      if (ok) return { index: i, level };
    }
  }
  // An end-of-file hunk that is not at the end may still be found further up.
  return endOfFile && from > start ? seekSequence(lines, pattern, start, false) : null;
}
