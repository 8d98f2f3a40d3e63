// Unified diffs of the changes the edit tools make, for the approval prompt, the UI's diff view and
// undo. The cost must stay near linear whatever the change: the lines both sides share at the start
// and end are skipped first (a one-line edit of a 100k-line file compares two short middles), the
// middle is diffed with Myers' algorithm (the `diff` package) only while the edit script stays
// short, and beyond that it is shown as one block replaced by another, which is still a correct
// diff. Very long diffs are cut after MAX_SHOWN_LINES lines with a count of what was left out.
import { diffArrays } from 'diff';

const CONTEXT = 3;
/** Middles longer than this (both sides together) are not given to Myers at all. */
const MAX_MYERS_LINES = 20_000;
/** Myers gives up past this many inserted + deleted lines (its cost grows with lines × edits). */
const MAX_EDIT_LENGTH = 1_000;
const MAX_SHOWN_LINES = 5_000;
/** Characters compared at once while looking for the shared start and end. */
const BLOCK = 4096;

type Mark = ' ' | '-' | '+';

/** Lines with their terminators, so a change of line ending is a change. */
function rawLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * `--- a/path` / `+++ b/path` and the hunks, 3 lines of context; `/dev/null` for a new file
 * (`before` null).
 */
export function unifiedDiff(rel: string, before: string | null, after: string): string {
  return unifiedFileDiff(before === null ? '/dev/null' : `a/${rel}`, `b/${rel}`, before ?? '', after);
}

export function unifiedFileDiff(oldName: string, newName: string, oldText: string, newText: string): string {
  const header = `--- ${oldName}\n+++ ${newName}\n`;
  if (oldText === newText) return header;
  // The shared start and end are found on the strings (no line array of a huge file is built):
  // the first differing character, back to its line start, and the same from the end.
  const lead = lineStartBefore(oldText, commonPrefixLength(oldText, newText));
  const trail = commonSuffixLength(oldText, newText, lead);
  let tailStart = lineStartAfter(oldText, oldText.length - trail);
  // The tail must start a line in the new text too ("b" shared by `b` and `xb` is not a line).
  while (tailStart < oldText.length) {
    const newAt = newText.length - (oldText.length - tailStart);
    if (newText.charCodeAt(newAt - 1) === 10) break;
    tailStart = lineStartAfter(oldText, tailStart + 1);
  }
  const sharedTail = oldText.length - tailStart;
  const prefix = countLines(oldText, lead);
  let contextStart = lead;
  for (let n = 0; n < CONTEXT && contextStart > 0; n++) contextStart = contextStart < 2 ? 0 : oldText.lastIndexOf('\n', contextStart - 2) + 1;
  const prefixLines = rawLines(oldText.slice(contextStart, lead));
  const middleA = rawLines(oldText.slice(lead, tailStart));
  const middleB = rawLines(newText.slice(lead, newText.length - sharedTail));
  const suffixLines = rawLines(oldText.slice(tailStart, tailStart + contextEnd(oldText, tailStart)));

  const before = prefixLines.length;
  const marks: Mark[] = [];
  const texts: string[] = [];
  const push = (mark: Mark, lines: readonly string[]): void => {
    for (const line of lines) {
      marks.push(mark);
      texts.push(line);
    }
  };
  push(' ', prefixLines);
  const changes = middleA.length + middleB.length <= MAX_MYERS_LINES ? diffArrays(middleA, middleB, { maxEditLength: MAX_EDIT_LENGTH }) : undefined;
  if (changes) {
    for (const change of changes) push(change.added ? '+' : change.removed ? '-' : ' ', change.value);
  } else {
    push('-', middleA);
    push('+', middleB);
  }
  push(' ', suffixLines);
  return header + hunks(marks, texts, prefix - before + 1);
}

/** Lines (line breaks) in the first `end` characters of `text`. */
function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Compared a block at a time (string equality is native), then character by character. */
function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Characters shared at the end of both, not reaching back before `floor`. */
function commonSuffixLength(a: string, b: string, floor: number): number {
  const max = Math.min(a.length, b.length) - floor;
  let i = 0;
  while (i + BLOCK <= max && a.slice(a.length - i - BLOCK, a.length - i) === b.slice(b.length - i - BLOCK, b.length - i)) i += BLOCK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

/** The start of the line holding offset `at` (a line's terminator belongs to it). */
function lineStartBefore(text: string, at: number): number {
  return at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
}

/** The first line start at or after offset `at`. */
function lineStartAfter(text: string, at: number): number {
  if (at === 0 || text.charCodeAt(at - 1) === 10) return at;
  const nl = text.indexOf('\n', at);
  return nl === -1 ? text.length : nl + 1;
}

/** The length of the CONTEXT lines starting at `from`. */
function contextEnd(text: string, from: number): number {
  let end = from;
  for (let n = 0; n < CONTEXT && end < text.length; n++) {
    const nl = text.indexOf('\n', end);
    end = nl === -1 ? text.length : nl + 1;
  }
  return end - from;
}

/** Groups an edit script (starting at line `firstLine` of both sides) into unified hunks. */
function hunks(marks: readonly Mark[], texts: readonly string[], firstLine: number): string {
  const out: string[] = [];
  let shown = 0;
  let oldLine = firstLine;
  let newLine = firstLine;
  let i = 0;
  while (i < marks.length) {
    let change = i;
    while (change < marks.length && marks[change] === ' ') change++;
    if (change === marks.length) break;
    const start = Math.max(i, change - CONTEXT);
    for (let k = i; k < start; k++) {
      oldLine++;
      newLine++;
    }
    // Extend over changes separated by at most 2 × CONTEXT unchanged lines.
    let end = change;
    for (;;) {
      while (end < marks.length && marks[end] !== ' ') end++;
      let next = end;
      while (next < marks.length && marks[next] === ' ') next++;
      if (next < marks.length && next - end <= 2 * CONTEXT) end = next;
      else break;
    }
    const stop = Math.min(marks.length, end + CONTEXT);
    const body: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    for (let k = start; k < stop; k++) {
      const mark = marks[k]!;
      if (mark !== '+') oldCount++;
      if (mark !== '-') newCount++;
      const text = texts[k]!;
      body.push(text.endsWith('\n') ? `${mark}${text.slice(0, -1)}` : `${mark}${text}\n\\ No newline at end of file`);
    }
    const oldStart = oldCount === 0 ? oldLine - 1 : oldLine;
    const newStart = newCount === 0 ? newLine - 1 : newLine;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    const room = MAX_SHOWN_LINES - shown;
    if (body.length > room) {
      out.push(...body.slice(0, Math.max(0, room)));
      const left = marks.slice(start + Math.max(0, room)).filter((m) => m !== ' ');
      const added = left.filter((m) => m === '+').length;
      out.push(`\\ diff cut after ${MAX_SHOWN_LINES} lines: ${added} more added and ${left.length - added} more removed lines not shown`);
      return `${out.join('\n')}\n`;
    }
    out.push(...body);
    shown += body.length;
    oldLine += oldCount;
    newLine += newCount;
    i = stop;
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
