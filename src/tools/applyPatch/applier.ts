// Applies an Update File section's hunks to a file's text, in memory. Hunks apply in order, each
// after the previous one's position (and after its `@@ context` line); every replacement is
// located before any is made, so a hunk that does not match leaves nothing half done.
//
// Matching (exact, then looser, see matcher.ts) only decides WHERE a hunk applies. What is written
// is byte for byte the file's own lines for the hunk's context lines (a fuzzy match never copies
// the patch's spelling of a line over the file's), nothing for its `-` lines, and the patch's text
// for its `+` lines. Every line keeps its own terminator: a changed line takes the ending of the
// line it replaces, an inserted line the ending of the line before it (the file's most common
// ending when there is none). A file without a final line break keeps not having one (Codex adds
// one; a patch that does not touch the end should not change it), and a BOM stays.
import { findClosestRegion } from '../closestMatch.js';
import { commonLineEnding, joinRawLines, type LineEnding, type RawLine, splitRawLines } from '../lineEndings.js';
import { numberedLine } from '../textFile.js';
import { type MatchLevel, seekSequence } from './matcher.js';
import type { HunkLine, UpdateHunk } from './parser.js';

export type HunkResult = { ok: true; text: string; fuzzy: MatchLevel[] } | { ok: false; hunk: number; message: string };

const CONTEXT_LINES = 3;
const MAX_REGION_LINES = 40;

interface Replacement {
  at: number;
  remove: number;
  insert: RawLine[];
}

export function applyHunks(original: string, hunks: readonly UpdateHunk[]): HunkResult {
  const parsed = splitRawLines(original);
  const raw = parsed.lines;
  const lines = raw.map((l) => l.text);
  const common = commonLineEnding(raw);
  const replacements: Replacement[] = [];
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
      replacements.push({ at, remove: 0, insert: rewrite(raw, at, hunk.ops, common) });
      continue;
    }
    let ops = hunk.ops;
    let oldLines = hunk.oldLines;
    let found = seekSequence(lines, oldLines, cursor, hunk.endOfFile);
    if (!found && oldLines.at(-1) === '') {
      // A trailing empty line in the hunk is often the model's line break before the next marker.
      ops = withoutTrailingEmptyLine(ops);
      oldLines = ops.filter((op) => op.mark !== '+').map((op) => op.text);
      found = seekSequence(lines, oldLines, cursor, hunk.endOfFile);
    }
    if (!found) return { ok: false, hunk: hunk.index, message: linesMissing(lines, hunk, cursor) };
    if (found.level !== 'exact') fuzzy.push(found.level);
    replacements.push({ at: found.index, remove: oldLines.length, insert: rewrite(raw, found.index, ops, common) });
    cursor = found.index + oldLines.length;
  }
  const out = splice(raw, replacements);
  if (out.length > 0) {
    // Only the last line may lack a line break, and only if the original's did (or it was empty).
    for (let i = 0; i < out.length - 1; i++) if (out[i]!.eol === '') out[i] = { ...out[i]!, eol: common };
    const last = out[out.length - 1]!;
    const finalBreak = original === '' || original.endsWith('\n');
    if (!finalBreak) out[out.length - 1] = { ...last, eol: '' };
    else if (last.eol === '') out[out.length - 1] = { ...last, eol: common };
  }
  return { ok: true, text: joinRawLines({ bom: parsed.bom, lines: out }), fuzzy };
}

/**
 * The lines that replace file lines `at…` for one hunk: the file's own lines for context, the
 * patch's text for additions, each addition with the ending described at the top of this file.
 */
function rewrite(raw: readonly RawLine[], at: number, ops: readonly HunkLine[], common: '\n' | '\r\n'): RawLine[] {
  const out: RawLine[] = [];
  let line = at;
  /** Endings of the `-` lines of the current change, handed to its `+` lines in order. */
  let removed: LineEnding[] = [];
  let paired = 0;
  for (const op of ops) {
    if (op.mark === ' ') {
      out.push(raw[line]!);
      line++;
      removed = [];
      paired = 0;
    } else if (op.mark === '-') {
      if (paired > 0) {
        removed = [];
        paired = 0;
      }
      removed.push(raw[line]!.eol);
      line++;
    } else {
      const before = out.length > 0 ? out[out.length - 1]!.eol : at > 0 ? raw[at - 1]!.eol : '';
      const eol = paired < removed.length ? removed[paired]! : before || common;
      paired++;
      out.push({ text: op.text, eol });
    }
  }
  return out;
}

/** The hunk without its last old-side line (an empty one), and the new side's too if it is empty. */
function withoutTrailingEmptyLine(ops: readonly HunkLine[]): HunkLine[] {
  const out = [...ops];
  const lastOld = out.findLastIndex((op) => op.mark !== '+');
  const wasContext = out[lastOld]!.mark === ' ';
  out.splice(lastOld, 1);
  if (!wasContext) {
    const lastNew = out.findLastIndex((op) => op.mark !== '-');
    if (lastNew !== -1 && out[lastNew]!.mark === '+' && out[lastNew]!.text === '') out.splice(lastNew, 1);
  }
  return out;
}

/** The file's lines with the (non-overlapping, ordered) replacements made, in one pass. */
function splice(raw: readonly RawLine[], replacements: readonly Replacement[]): RawLine[] {
  const sorted = [...replacements].sort((a, b) => a.at - b.at);
  const out: RawLine[] = [];
  let next = 0;
  for (const r of sorted) {
    for (let i = next; i < r.at; i++) out.push(raw[i]!);
    out.push(...r.insert);
    next = Math.max(next, r.at + r.remove);
  }
  for (let i = next; i < raw.length; i++) out.push(raw[i]!);
  return out;
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
