// Where edit_file's old_string "almost" is: when it is not found verbatim, the region of the
// file most like it, so the error can show the model the real text to copy.

export interface ClosestRegion {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The region equals old_string except for whitespace (indentation, tabs, trailing spaces). */
  whitespaceOnly: boolean;
  /** 0..1: the share of old_string's lines that match the region. */
  score: number;
}

/** Candidate windows scored at most; enough for any real file, bounded for pathological ones. */
const MAX_CANDIDATES = 2000;

const normalize = (line: string): string => line.trim().replace(/\s+/g, ' ');

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice similarity of two strings' character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const ga = bigrams(a);
  let common = 0;
  for (const [gram, count] of bigrams(b)) common += Math.min(count, ga.get(gram) ?? 0);
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/**
 * The window of `fileLines` most similar to `oldString`, or null when nothing resembles it.
 * Blank lines at either end of old_string are not part of the comparison.
 */
export function findClosestRegion(fileLines: readonly string[], oldString: string): ClosestRegion | null {
  const wanted = oldString.split('\n').map((l) => normalize(l.endsWith('\r') ? l.slice(0, -1) : l));
  while (wanted.length > 0 && wanted[0] === '') wanted.shift();
  while (wanted.length > 0 && wanted[wanted.length - 1] === '') wanted.pop();
  if (wanted.length === 0 || fileLines.length === 0) return null;
  const have = fileLines.map(normalize);
  const n = wanted.length;
  const lastStart = Math.max(0, have.length - n);

  // Anchor candidate windows on lines that occur verbatim (whitespace aside); distinctive lines
  // first, so a `}` does not produce a candidate per closing brace.
  const starts = new Set<number>();
  const index = new Map<string, number[]>();
  have.forEach((line, i) => {
    const list = index.get(line);
    if (list) list.push(i);
    else index.set(line, [i]);
  });
  const anchors = wanted
    .map((line, k) => ({ line, k }))
    .filter(({ line }) => line !== '')
    .sort((a, b) => b.line.length - a.line.length);
  for (const { line, k } of anchors) {
    for (const i of index.get(line) ?? []) {
      if (starts.size >= MAX_CANDIDATES) break;
      starts.add(Math.min(lastStart, Math.max(0, i - k)));
    }
  }
  if (starts.size === 0) {
    // Nothing verbatim: anchor on the file line most like old_string's longest line.
    const longest = anchors[0];
    if (!longest) return null;
    let best = -1;
    let bestScore = 0;
    have.forEach((line, i) => {
      const s = similarity(line, longest.line);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    });
    if (best === -1 || bestScore < 0.5) return null;
    starts.add(Math.min(lastStart, Math.max(0, best - longest.k)));
  }

  let bestRegion: ClosestRegion | null = null;
  for (const start of starts) {
    let total = 0;
    let exact = true;
    for (let j = 0; j < n; j++) {
      const line = have[start + j] ?? '';
      const target = wanted[j] as string;
      if (line === target) total += 1;
      else {
        exact = false;
        total += similarity(line, target);
      }
    }
    const score = total / n;
    if (!bestRegion || score > bestRegion.score) {
      const endLine = Math.min(have.length, start + n);
      bestRegion = { startLine: start + 1, endLine, whitespaceOnly: exact && start + n <= have.length, score };
    }
  }
  return bestRegion && bestRegion.score >= 0.3 ? bestRegion : null;
}
