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
  const a = rawLines(oldText);
  const b = rawLines(newText);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middleA = a.slice(prefix, a.length - suffix);
  const middleB = b.slice(prefix, b.length - suffix);

  const before = Math.min(CONTEXT, prefix);
  const marks: Mark[] = [];
  const texts: string[] = [];
  const push = (mark: Mark, lines: readonly string[]): void => {
    for (const line of lines) {
      marks.push(mark);
      texts.push(line);
    }
  };
  push(' ', a.slice(prefix - before, prefix));
  const changes = middleA.length + middleB.length <= MAX_MYERS_LINES ? diffArrays(middleA, middleB, { maxEditLength: MAX_EDIT_LENGTH }) : undefined;
  if (changes) {
    for (const change of changes) push(change.added ? '+' : change.removed ? '-' : ' ', change.value);
  } else {
    push('-', middleA);
    push('+', middleB);
  }
  push(' ', a.slice(a.length - suffix, a.length - suffix + CONTEXT));
  return header + hunks(marks, texts, prefix - before + 1);
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
