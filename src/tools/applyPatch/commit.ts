// Writes a staged patch to disk, all or nothing. Every new content is first written to a temporary
// file beside its target (with the permission bits it must keep); only when all are written are
// they renamed over their targets and the deletions made. If any step fails, everything already
// done is undone from the staged originals: replaced files get their old bytes and mode back,
// created files and directories are removed.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rmdir, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { errorMessage } from '../toolHelpers.js';
import type { StagedFile } from './stage.js';

/** Returns null on success, or why the patch could not be written (after rolling back). */
export async function commitStaged(files: readonly StagedFile[]): Promise<string | null> {
  const createdDirs: string[] = [];
  const temps = new Map<StagedFile, string>();
  const done: StagedFile[] = [];
  try {
    for (const file of files) {
      if (file.after === null) continue;
      const dir = dirname(file.abs);
      const first = await mkdir(dir, { recursive: true });
      if (first) createdDirs.push(first);
      const temp = join(dir, `.${basename(file.abs)}.${randomBytes(4).toString('hex')}.wsagent-tmp`);
      await writeFile(temp, file.after, { encoding: 'utf8', flag: 'wx' });
      temps.set(file, temp);
      if (file.mode !== null) await chmod(temp, file.mode);
    }
    for (const file of files) {
      const temp = temps.get(file);
      if (temp !== undefined) {
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
    const failed = problems.length > 0 ? ` Rolling back also failed for: ${problems.join('; ')}.` : ' No file was changed.';
    return `writing the patch failed: ${errorMessage(err)}.${failed}`;
  }
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
