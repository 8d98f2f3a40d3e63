// Writing a workspace file so that no reader ever sees it half-written and no concurrent change is
// overwritten unseen: the new content goes to a temporary file in the same directory (same file
// system, so the rename is atomic), gets the old file's mode (the executable bit included), and is
// renamed over the target only if the target still holds what the caller expects.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import { withFileLock } from './fileLock.js';
import { contentVersion } from './fileVersions.js';

export interface AtomicWriteOptions {
  /**
   * What the file must hold right before the rename: a content version (contentVersion()), null
   * for "must not exist", undefined for no check.
   */
  expected?: string | null;
}

export type AtomicWriteResult = { ok: true } | { ok: false; reason: 'changed' | 'created' };

export async function writeFileAtomic(abs: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const mode = await currentMode(abs);
  const temp = join(dirname(abs), `.${basename(abs)}.wsagent-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  // New files get the default 0666 less the umask, as fs.writeFile would give them.
  const handle = await open(temp, 'wx', mode ?? 0o666);
  let renamed = false;
  try {
    try {
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      // The umask applies at creation; an existing file's mode is restored exactly.
      if (mode !== undefined) await handle.chmod(mode);
    } finally {
      await handle.close();
    }
    return await withFileLock(abs, async () => {
      const found = await currentVersion(abs);
      if (options.expected !== undefined && found !== options.expected) {
        return { ok: false, reason: options.expected === null ? 'created' : 'changed' } as const;
      }
      await rename(temp, abs);
      renamed = true;
      return { ok: true } as const;
    });
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/** The permission bits of `abs`, or undefined when it does not exist yet. */
async function currentMode(abs: string): Promise<number | undefined> {
  try {
    return (await stat(abs)).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The content version of `abs` now, null when it does not exist. */
async function currentVersion(abs: string): Promise<string | null> {
  try {
    return contentVersion(await readFile(abs));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
