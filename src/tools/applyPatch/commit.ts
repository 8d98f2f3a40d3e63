// Writes a staged patch to disk, all or nothing. Every new content is first written to a temporary
// file beside its target (with the permission bits it must keep); only when all are written are
// they renamed over their targets and the deletions made. If any step fails, everything already
// done is undone from the staged originals: replaced files get their old bytes and mode back,
// created files and directories are removed. A file with hard links is written in place instead
// of renamed over (a rename would give this name a new file and leave the other names on the old
// one). A cancellation seen before the first rename writes nothing.
import { chmod, mkdir, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { temporaryNameBeside } from '../atomicWrite.js';
import type { EditorFiles } from '../editorFiles.js';
import { errorMessage } from '../toolHelpers.js';
import type { StagedFile } from './stage.js';

/**
 * Through an editor (ACP): each new content goes to the editor's buffer, deletions to the disk. The
 * editor offers no transaction, so a failure part way stops there and says which files were written.
 */
async function commitThroughEditor(files: readonly StagedFile[], editor: EditorFiles, signal?: AbortSignal): Promise<string | null> {
  if (signal?.aborted) return 'the call was cancelled before anything was written; no file was changed.';
  const written: string[] = [];
  for (const file of files) {
    try {
      if (file.after === null) await unlink(file.abs);
      else await editor.write(file.abs, file.after);
      written.push(file.rel);
    } catch (err) {
      const done = written.length > 0 ? ` Already written: ${written.join(', ')}.` : ' No file was changed.';
      return `writing ${file.rel} through the editor failed: ${errorMessage(err)}.${done}`;
    }
  }
  return null;
}

/** Returns null on success, or why the patch could not be written (after rolling back). */
export async function commitStaged(files: readonly StagedFile[], signal?: AbortSignal, editor?: EditorFiles | null): Promise<string | null> {
  if (editor) return commitThroughEditor(files, editor, signal);
  const createdDirs: string[] = [];
  const temps = new Map<StagedFile, string>();
  const done: StagedFile[] = [];
  try {
    for (const file of files) {
      if (file.after === null || writtenInPlace(file)) continue;
      const dir = dirname(file.abs);
      const first = await mkdir(dir, { recursive: true });
      if (first) createdDirs.push(first);
      const temp = temporaryNameBeside(file.abs);
      await writeFile(temp, file.after, { encoding: 'utf8', flag: 'wx' });
      temps.set(file, temp);
      if (file.mode !== null) await chmod(temp, file.mode);
    }
    if (signal?.aborted) throw new Cancelled();
    for (const file of files) {
      const temp = temps.get(file);
      if (file.after !== null && writtenInPlace(file)) {
        await writeFile(file.abs, file.after, 'utf8');
      } else if (temp !== undefined) {
        await rename(temp, file.abs);
        temps.delete(file);
      } else {
        await unlink(file.abs);
      }
      done.push(file);
    }
    return null;
  } catch (err) {
    const problems = await rollBack(done, [...temps.values()], createdDirs);
    if (err instanceof Cancelled && problems.length === 0) return 'the call was cancelled before anything was written; no file was changed.';
    const failed = problems.length > 0 ? ` Rolling back also failed for: ${problems.join('; ')}.` : ' No file was changed.';
    return `writing the patch failed: ${errorMessage(err)}.${failed}`;
  }
}

class Cancelled extends Error {}

/** An existing file with other names: replaced in place, so every name sees the new content. */
export function writtenInPlace(file: StagedFile): boolean {
  return file.hardLinks > 1 && file.before !== null && file.movedFrom === null;
}

async function rollBack(done: readonly StagedFile[], temps: readonly string[], createdDirs: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const temp of temps) await unlink(temp).catch(() => undefined);
  for (const file of [...done].reverse()) {
    try {
      if (file.before === null) {
        await unlink(file.abs);
      } else {
        await writeFile(file.abs, file.before);
        if (file.beforeMode !== null) await chmod(file.abs, file.beforeMode);
      }
    } catch (err) {
      problems.push(`${file.rel} (${errorMessage(err)})`);
    }
  }
  // Deepest first; a directory that is not empty (something else wrote there) stays.
  for (const dir of [...createdDirs].reverse()) await removeEmptyDirs(dir);
  return problems;
}

/** Removes `top` if empty, after removing its empty subdirectories created by mkdir -p. */
async function removeEmptyDirs(top: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name));
    await rmdir(dir).catch(() => undefined);
  };
  await walk(top);
}
