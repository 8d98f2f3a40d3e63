// Unified diff lines, classified for colouring (added green, removed red, hunks cyan, headers
// bold). Pure.
import { cleanLine, headLines } from './textLines.js';

export type DiffLineKind = 'add' | 'del' | 'hunk' | 'header' | 'context' | 'meta' | 'warning';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

export function classifyDiffLine(line: string): DiffLineKind {
  if (line.startsWith('+++') || line.startsWith('---')) return 'header';
  if (line.startsWith('diff --git') || line.startsWith('index ') || line.startsWith('Index:') || /^={5,}/.test(line)) {
    return 'header';
  }
  if (line.startsWith('new file mode') || line.startsWith('deleted file mode') || line.startsWith('similarity index')) {
    return 'header';
  }
  if (line.startsWith('@@')) return 'hunk';
  if (line.startsWith('+')) return 'add';
  if (line.startsWith('-')) return 'del';
  if (line.startsWith('\\')) return 'meta';
  // The edit tools' own warnings above a file's diff (`! important.txt exists and will be overwritten…`).
  if (line.startsWith('! ')) return 'warning';
  return 'context';
}

export interface BoundedDiff {
  lines: DiffLine[];
  /** Lines left out after the last one shown. */
  omitted: number;
}

/** The first `max` lines of a unified diff, classified. */
export function diffLines(diff: string, max: number): BoundedDiff {
  const head = headLines(diff, max);
  return { lines: head.lines.map((text) => ({ kind: classifyDiffLine(text), text: cleanLine(text) })), omitted: head.omitted };
}

/** Whether a text looks like a unified diff (what /diff returns when there are changes). */
export function looksLikeDiff(text: string): boolean {
  return /^(diff --git |--- |Index: |@@ )/m.test(text) && /^@@ /m.test(text);
}
