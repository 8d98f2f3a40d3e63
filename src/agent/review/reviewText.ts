// A review as people read it: one line per finding, most severe first — `P1 src/x.ts:12-14  title`
// and its body indented below — then the verdict. The TUI and `wsagent review` print the same.
import { isAbsolute, relative } from 'node:path';
import type { ReviewResult } from './reviewFormat.js';

/** A finding's path as the user knows it: relative to the workspace when inside it. */
function shownPath(path: string, root: string): string {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

export function reviewLines(review: ReviewResult, root: string): string[] {
  const lines: string[] = [];
  for (const f of review.findings) {
    const { start, end } = f.code_location.line_range;
    const where = `${shownPath(f.code_location.absolute_file_path, root)}:${start}${end !== start ? `-${end}` : ''}`;
    lines.push(`P${f.priority} ${where}  ${f.title}`);
    for (const line of f.body.trim().split('\n')) lines.push(`    ${line}`);
  }
  if (review.findings.length === 0) lines.push('No findings.');
  lines.push('', `${review.overall_correctness} (confidence ${review.overall_confidence_score}): ${review.overall_explanation}`);
  return lines;
}
