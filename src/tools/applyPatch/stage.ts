// Stages a parsed patch against the workspace, in memory: every path through the WorkspaceGuard,
// every file read and every hunk located before anything is written. Operations apply in order
// to a virtual view of the files, so a patch may add a file and then update it, or move a file
// onto a path it deleted. The result is the final content of every touched path, or the reason
// the patch cannot apply.
import { readFile, stat } from 'node:fs/promises';

import { editorFilesOf } from '../editorFiles.js';
import { otherNormalForm } from '../normalisedName.js';
import { notFoundMessage } from '../pathHints.js';
import { looksBinary } from '../textFile.js';
import { errorMessage, resolvePath } from '../toolHelpers.js';
import type { WorkspaceGuard } from '../WorkspaceGuard.js';
import { applyHunks } from './applier.js';
import type { MatchLevel } from './matcher.js';
import type { PatchOperation } from './parser.js';

const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** One path's change: `before` null for a new file, `after` null for a deletion. */
export interface StagedFile {
  abs: string;
  rel: string;
  before: Buffer | null;
  beforeMode: number | null;
  /** Permission bits to give the written file (the original's, or the move source's). */
  mode: number | null;
  after: string | null;
  /** For the destination of a move: the path it came from (its diff is shown as a rename). */
  movedFrom: string | null;
  /** The destination of a move existed before: the move overwrites it (the approval prompt says so). */
  overwritten: boolean;
  /** Names the file has (`nlink`); above 1 it is written in place so its hard links keep sharing it. */
  hardLinks: number;
}

export interface StageSummary {
  /** `A path`, `M path`, `D path`, `R old -> new`, in patch order. */
  lines: string[];
  fuzzy: MatchLevel[];
}

export type StageResult = { ok: true; files: StagedFile[]; summary: StageSummary } | { ok: false; message: string };

interface ViewEntry {
  exists: boolean;
  /** The text, or null when the file is missing or not UTF-8 text. */
  text: string | null;
  mode: number | null;
}

const MISSING: ViewEntry = { exists: false, text: null, mode: null };
const CANCELLED = 'the call was cancelled before anything was written';

class StageError extends Error {}

export async function stagePatch(operations: readonly PatchOperation[], workspace: WorkspaceGuard, signal?: AbortSignal): Promise<StageResult> {
  try {
    return await stage(operations, workspace, signal);
  } catch (err) {
    if (err instanceof StageError) return { ok: false, message: err.message };
    throw err;
  }
}

async function stage(operations: readonly PatchOperation[], workspace: WorkspaceGuard, signal?: AbortSignal): Promise<StageResult> {
  /** Original on-disk state of every touched path, read once. */
  const originals = new Map<string, { rel: string; bytes: Buffer | null; text: string | null; mode: number | null; links: number }>();
  /** Paths already in the summary as added or modified: two Update sections of one file are one report. */
  const reported = new Set<string>();
  const report = (line: string, rel: string): void => {
    if (reported.has(rel)) return;
    reported.add(rel);
    summary.lines.push(line);
  };
  const overwritten = new Set<string>();
  const view = new Map<string, ViewEntry>();
  const movedFrom = new Map<string, string>();
  const summary: StageSummary = { lines: [], fuzzy: [] };

  const resolve = (path: string, op: PatchOperation): { abs: string; rel: string } => {
    const resolved = resolvePath(workspace, path, { forWrite: true });
    if (!resolved.ok) throw new StageError(`${where(op)}: ${resolved.result.output}`);
    return resolved;
  };

  const load = async (abs: string, rel: string, op: PatchOperation): Promise<ViewEntry> => {
    const seen = view.get(abs);
    if (seen) return seen;
    let entry = MISSING;
    let bytes: Buffer | null = null;
    let links = 1;
    try {
      const info = await stat(abs);
      if (info.isDirectory()) throw new StageError(`${where(op)}: ${rel} is a directory, not a file.`);
      if (!info.isFile()) throw new StageError(`${where(op)}: ${rel} is not a regular file.`);
      if (info.size > MAX_FILE_BYTES) throw new StageError(`${where(op)}: ${rel} is too large to patch (over 8 MB); use run_command instead.`);
      links = info.nlink;
      bytes = await readFile(abs, signal ? { signal } : {});
      // An editor driving the agent (ACP) may hold unsaved changes: the patch applies to those.
      const edited = await editorFilesOf(workspace)?.read(abs);
      if (typeof edited === 'string') bytes = Buffer.from(edited, 'utf8');
      let text: string | null = null;
      if (!looksBinary(bytes)) {
        const decoded = bytes.toString('utf8');
        if (Buffer.from(decoded, 'utf8').equals(bytes)) text = decoded;
      }
      entry = { exists: true, text, mode: info.mode & 0o7777 };
    } catch (err) {
      if (err instanceof StageError) throw err;
      if (signal?.aborted) throw new StageError(CANCELLED);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' && op.kind !== 'delete') throw new StageError(`${where(op)}: cannot create ${rel}: a parent of it is a file, not a directory.`);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new StageError(`${where(op)}: cannot read ${rel}: ${errorMessage(err)}`);
    }
    originals.set(abs, { rel, bytes, text: entry.text, mode: entry.mode, links });
    view.set(abs, entry);
    return entry;
  };

  /** `café.txt` written NFC for a file named NFD (or the reverse) is that file, not a twin of it. */
  const resolveExisting = async (path: string, op: PatchOperation): Promise<{ abs: string; rel: string }> => {
    const resolved = resolve(path, op);
    if (view.has(resolved.abs)) return resolved;
    const spelled = await otherNormalForm(resolved.abs);
    return spelled === null ? resolved : resolve(workspace.relative(spelled), op);
  };

  for (const op of operations) {
    if (signal?.aborted) throw new StageError(CANCELLED);
    const { abs, rel } = await resolveExisting(op.path, op);
    const current = await load(abs, rel, op);
    switch (op.kind) {
      case 'add':
        report(`${current.exists ? 'M' : 'A'} ${rel}`, rel);
        view.set(abs, { exists: true, text: op.contents, mode: current.mode });
        movedFrom.delete(abs);
        break;
      case 'delete':
        if (!current.exists) throw new StageError(`${where(op)}: ${notFoundMessage(workspace, op.path, abs)}`);
        summary.lines.push(`D ${rel}`);
        view.set(abs, MISSING);
        movedFrom.delete(abs);
        break;
      case 'update': {
        if (!current.exists) {
          throw new StageError(`${where(op)}: ${notFoundMessage(workspace, op.path, abs)} To create a file, use '*** Add File: ${op.path}'.`);
        }
        if (current.text === null) throw new StageError(`${where(op)}: ${rel} is not a UTF-8 text file; apply_patch only edits text.`);
        const applied = applyHunks(current.text, op.hunks);
        if (!applied.ok) {
          const hunk = op.hunks[applied.hunk - 1]!;
          throw new StageError(`hunk ${applied.hunk} of '*** Update File: ${op.path}' (patch line ${hunk.patchLine}): ${applied.message}`);
        }
        summary.fuzzy.push(...applied.fuzzy);
        if (op.movePath === null) {
          report(`M ${rel}`, rel);
          view.set(abs, { exists: true, text: applied.text, mode: current.mode });
          break;
        }
        const dest = await resolveExisting(op.movePath, op);
        const destEntry = await load(dest.abs, dest.rel, op);
        if (dest.abs === abs) {
          report(`M ${rel}`, rel);
          view.set(abs, { exists: true, text: applied.text, mode: current.mode });
          break;
        }
        summary.lines.push(`R ${rel} -> ${dest.rel}${destEntry.exists ? ' (replacing it)' : ''}`);
        if (destEntry.exists) overwritten.add(dest.abs);
        else overwritten.delete(dest.abs);
        view.set(abs, MISSING);
        view.set(dest.abs, { exists: true, text: applied.text, mode: current.mode });
        movedFrom.set(dest.abs, movedFrom.get(abs) ?? abs);
        movedFrom.delete(abs);
        break;
      }
    }
  }

  const files: StagedFile[] = [];
  for (const [abs, original] of originals) {
    const final = view.get(abs)!;
    const before = original.bytes;
    if (final.exists && final.text === null) continue; // a binary file left as it was
    const after = final.exists ? final.text : null;
    if (before === null && after === null) continue;
    if (before !== null && after !== null && original.text === after && original.mode === (final.mode ?? original.mode)) continue;
    const from = movedFrom.get(abs);
    files.push({
      abs,
      rel: original.rel,
      before,
      beforeMode: original.mode,
      mode: final.mode ?? original.mode,
      after,
      movedFrom: from !== undefined ? (originals.get(from)?.rel ?? null) : null,
      overwritten: from !== undefined && overwritten.has(abs) && before !== null,
      hardLinks: original.links,
    });
  }
  return { ok: true, files, summary };
}

function where(op: PatchOperation): string {
  const header = op.kind === 'add' ? 'Add File' : op.kind === 'delete' ? 'Delete File' : 'Update File';
  return `'*** ${header}: ${op.path}' (patch line ${op.patchLine})`;
}
