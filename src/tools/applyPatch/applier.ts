// Applies an Update File section's hunks to a file's text, in memory. Hunks apply in order, each
// after the previous one's position (and after its `@@ context` line); every replacement is
// located before any is made, so a hunk that does not match leaves nothing half done. Line
// endings are kept: a CRLF file stays CRLF, and a file without a final line break keeps not
// having one (Codex adds one; a patch that does not touch the end should not change it).
import { findClosestRegion } from '../closestMatch.js';
import { numberedLine } from '../textFile.js';
import { type MatchLevel, seekSequence } from './matcher.js';
import type { UpdateHunk } from './parser.js';

export type HunkResult = { ok: true; text: string; fuzzy: MatchLevel[] } | { ok: false; hunk: number; message: string };

const CONTEXT_LINES = 3;
const MAX_REGION_LINES = 40;

export function applyHunks(original: string, hunks: readonly UpdateHunk[]): HunkResult {
  const crlf = original.includes('\r\n');
  const lines = original.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  const replacements: Array<{ at: number; remove: number; insert: string[] }> = [];
  const fuzzy: MatchLevel[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    if (hunk.context !== null) {
      const found = seekSequence(lines, [hunk.context], cursor, false);
      if (!found) return { ok: false, hunk: hunk.index, message: contextMissing(lines, hunk, cursor) };
      if (found.level !== 'exact') fuzzy.push(found.level);
      cursor = found.index + 1;
    }
    if (hunk.oldLines.length === 0) {
      // Pure addition: at the end of the file, or right after the context line.
      const at = hunk.context !== null ? cursor : lines.length;
      replacements.push({ at, remove: 0, insert: hunk.newLines });
      continue;
    }
    let oldLines = hunk.oldLines;
    let newLines = hunk.newLines;
    let found = seekSequence(lines, oldLines, cursor, hunk.endOfFile);
    if (!found && oldLines.at(-1) === '') {
      // A trailing empty line in the hunk is often the model's line break before the next marker.
      oldLines = oldLines.slice(0, -1);
      newLines = newLines.at(-1) === '' ? newLines.slice(0, -1) : newLines;
      found = seekSequence(lines, oldLines, cursor, hunk.endOfFile);
    }
    if (!found) return { ok: false, hunk: hunk.index, message: linesMissing(lines, hunk, cursor) };
    if (found.level !== 'exact') fuzzy.push(found.level);
    replacements.push({ at: found.index, remove: oldLines.length, insert: newLines });
    cursor = found.index + oldLines.length;
  }
  for (const r of [...replacements].sort((a, b) => b.at - a.at)) lines.splice(r.at, r.remove, ...r.insert);
  const eol = crlf ? '\r\n' : '\n';
  const finalBreak = original === '' || original.endsWith('\n');
  return { ok: true, text: lines.length === 0 ? '' : `${lines.join(eol)}${finalBreak ? eol : ''}`, fuzzy };
}

function contextMissing(lines: string[], hunk: UpdateHunk, cursor: number): string {
  const after = cursor > 0 ? ` after line ${cursor}` : '';
  return `its context line @@ ${JSON.stringify(hunk.context)} was not found${after}.${closest(lines, hunk.context ?? '')}`;
}

function linesMissing(lines: string[], hunk: UpdateHunk, cursor: number): string {
  const where = hunk.endOfFile ? ' at the end of the file' : cursor > 0 ? ` after line ${cursor}` : '';
  const n = hunk.oldLines.length;
  return `its ${n === 1 ? 'line' : `${n} lines`} to replace (the ' ' and '-' lines) were not found${where}.${closest(lines, hunk.oldLines.join('\n'))}`;
}

/** The region of the file most like the wanted text, numbered, for the model to copy from. */
function closest(lines: string[], wanted: string): string {
  const region = findClosestRegion(lines, wanted);
  if (!region) return ' Nothing in the file resembles them.';
  const from = Math.max(1, region.startLine - CONTEXT_LINES);
  const to = Math.min(lines.length, region.endLine + CONTEXT_LINES, from + MAX_REGION_LINES - 1);
  const where = region.startLine === region.endLine ? `line ${region.startLine}` : `lines ${region.startLine}-${region.endLine}`;
  const numbered: string[] = [];
  for (let n = from; n <= to; n++) numbered.push(numberedLine(n, lines[n - 1]!));
  const intro = region.whitespaceOnly ? `They match ${where} except for whitespace` : `The most similar part of the file is ${where}`;
  return ` ${intro}; here it is with ${CONTEXT_LINES} lines around it:\n${numbered.join('\n')}`;
}
