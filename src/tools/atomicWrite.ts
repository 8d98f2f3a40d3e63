// Writing a workspace file so that no reader ever sees it half-written and no concurrent change is
// overwritten unseen: the new content goes to a temporary file in the same directory (same file
// system, so the rename is atomic), gets the old file's mode (the executable bit included), and is
// renamed over the target only if the target still holds what the caller expects. A file with
// hard links is the exception: it is written in place (checked, not atomic) so its links survive.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

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

/**
 * A fresh name in the directory of `abs` for its new content. Short whatever the target's name:
 * a 240-character file name plus a prefix and suffix would pass the 255-byte limit of a name.
 */
export function temporaryNameBeside(abs: string): string {
  return join(dirname(abs), `.wsagent-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export async function writeFileAtomic(abs: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<AtomicWriteResult> {
  const existing = await currentOwnership(abs);
  // A rename would move this name to a new file and leave the file's other hard links on the old
  // content: such a file is written in place, so every name sees the change.
  if (existing && existing.links > 1) return writeInPlace(abs, data, options);
  const temp = temporaryNameBeside(abs);
  let handle;
  try {
    // New files get the default 0666 less the umask, as fs.writeFile would give them.
    handle = await open(temp, 'wx', existing?.mode ?? 0o666);
  } catch (err) {
    // A writable file in a directory we may not add to: write it in place (checked, not atomic).
    const code = (err as NodeJS.ErrnoException).code;
    if (existing && (code === 'EACCES' || code === 'EPERM')) return writeInPlace(abs, data, options);
    throw err;
  }
  let renamed = false;
  try {
    try {
      await handle.writeFile(data, typeof data === 'string' ? 'utf8' : undefined);
      if (existing) {
        // The umask applies at creation; an existing file's mode is restored exactly, and its
        // owner where we may (root editing another user's file).
        await handle.chmod(existing.mode);
        if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
          await handle.chown(existing.uid, existing.gid).catch(() => undefined);
        }
      }
    } finally {
      await handle.close();
    }
    return await withFileLock(abs, async () => {
      const refused = await refusal(abs, options);
      if (refused) return refused;
      await rename(temp, abs);
      renamed = true;
      return { ok: true } as const;
    });
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

async function writeInPlace(abs: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<AtomicWriteResult> {
  return withFileLock(abs, async () => {
    const refused = await refusal(abs, options);
    if (refused) return refused;
    await writeFile(abs, data, typeof data === 'string' ? 'utf8' : undefined);
    return { ok: true } as const;
  });
}

/** Why the write must not happen: the file no longer holds what the caller expects. */
async function refusal(abs: string, options: AtomicWriteOptions): Promise<AtomicWriteResult | null> {
  if (options.expected === undefined) return null;
  const found = await currentVersion(abs);
  if (found === options.expected) return null;
  return { ok: false, reason: options.expected === null ? 'created' : 'changed' };
}

/** The permission bits and owner of `abs`, or undefined when it does not exist yet. */
async function currentOwnership(abs: string): Promise<{ mode: number; uid: number; gid: number; links: number } | undefined> {
  try {
    const info = await stat(abs);
    return { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid, links: info.nlink };
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
