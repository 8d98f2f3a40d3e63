// Where edit_file's old_string "almost" is: when it is not found verbatim, the region of the
// file most like it, so the error can show the model the real text to copy.

export interface ClosestRegion {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** The region equals old_string except for whitespace (indentation, tabs, trailing spaces). */
  whitespaceOnly: boolean;
  /** 0..1: how much of old_string the region matches. */
  score: number;
}

/** Up to this many line comparisons every window of the file is scored; beyond, anchored ones only. */
const EXHAUSTIVE_BUDGET = 100_000;
const MAX_CANDIDATES = 2000;
const MIN_SCORE = 0.3;

const normalize = (line: string): string => line.trim().replace(/\s+/g, ' ');

type Bigrams = Map<string, number>;

function bigrams(text: string): Bigrams {
  const grams: Bigrams = new Map();
  for (let i = 0; i < text.length - 1; i++) {
    const gram = text.slice(i, i + 2);
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

/** Dice similarity of two strings' character bigrams, 0..1. */
export function similarity(a: string, b: string): number {
  return diceOf(a, bigrams(a), b, bigrams(b));
}

function diceOf(a: string, ga: Bigrams, b: string, gb: Bigrams): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const [small, large] = ga.size <= gb.size ? [ga, gb] : [gb, ga];
  let common = 0;
  for (const [gram, count] of small) common += Math.min(count, large.get(gram) ?? 0);
  return (2 * common) / (a.length - 1 + b.length - 1);
}

/**
 * The window of `fileLines` most similar to `oldString`, or null when nothing resembles it.
 * Lines are compared with whitespace normalised; blank lines at either end of old_string do not
 * count.
 */
export function findClosestRegion(fileLines: readonly string[], oldString: string): ClosestRegion | null {
  const wanted = oldString.split('\n').map((l) => normalize(l.endsWith('\r') ? l.slice(0, -1) : l));
  while (wanted.length > 0 && wanted[0] === '') wanted.shift();
  while (wanted.length > 0 && wanted[wanted.length - 1] === '') wanted.pop();
  if (wanted.length === 0 || fileLines.length === 0) return null;
  const have = fileLines.map(normalize);
  const n = wanted.length;
  const lastStart = Math.max(0, have.length - n);

  const wantedGrams = wanted.map(bigrams);
  const haveGrams = new Map<number, Bigrams>();
  const gramsOf = (i: number): Bigrams => {
    let grams = haveGrams.get(i);
    if (!grams) {
      grams = bigrams(have[i] as string);
      haveGrams.set(i, grams);
    }
    return grams;
  };
  const lineScore = (i: number, j: number): number => {
    const line = have[i];
    if (line === undefined) return 0;
    const target = wanted[j] as string;
    if (line === target) return 1;
    return diceOf(line, gramsOf(i), target, wantedGrams[j] as Bigrams);
  };

  const starts = new Set<number>();
  if (have.length * n <= EXHAUSTIVE_BUDGET) {
    for (let s = 0; s <= lastStart; s++) starts.add(s);
  } else {
    // Large file: windows anchored on lines that occur verbatim (whitespace aside), then on the
    // lines most like old_string's most distinctive ones.
    const index = new Map<string, number[]>();
    have.forEach((line, i) => {
      const list = index.get(line);
      if (list) list.push(i);
      else index.set(line, [i]);
    });
    const anchors = wanted
      .map((line, k) => ({ line, k }))
      .filter(({ line }) => line.length > 0)
      .sort((a, b) => b.line.length - a.line.length);
    for (const { line, k } of anchors) {
      for (const i of index.get(line) ?? []) {
        if (starts.size >= MAX_CANDIDATES) break;
        starts.add(Math.min(lastStart, Math.max(0, i - k)));
      }
    }
    for (const { k } of anchors.slice(0, 3)) {
      const scores = have.map((_, i) => lineScore(i, k));
      const best = Math.max(...scores);
      if (best < 0.5) continue;
      scores.forEach((score, i) => {
        if (score >= best - 0.1 && starts.size < MAX_CANDIDATES) starts.add(Math.min(lastStart, Math.max(0, i - k)));
      });
    }
  }

  let bestRegion: ClosestRegion | null = null;
  for (const start of starts) {
    let total = 0;
    let exact = start + n <= have.length;
    for (let j = 0; j < n; j++) {
      const score = lineScore(start + j, j);
      if (score !== 1) exact = false;
      total += score;
    }
    const score = total / n;
    if (!bestRegion || score > bestRegion.score) {
      bestRegion = { startLine: start + 1, endLine: Math.min(have.length, start + n), whitespaceOnly: exact, score };
    }
  }
  return bestRegion && bestRegion.score >= MIN_SCORE ? bestRegion : null;
}
