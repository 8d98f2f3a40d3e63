// A short exclusive lock on one file path, across the agents of this process and across processes,
// held by atomicWrite only while it compares the file with what the agent saw and renames the new
// content over it. Without it two wsagents could both pass the comparison and then both rename,
// and the first one's edit would be lost although it was reported as done.
//
// In-process: a promise chain per path. Across processes: a lock file created with O_EXCL in the
// temp directory (not in the workspace, so git never sees it), holding the owner's pid. A lock
// whose owner is dead, or that is older than STALE_MS (a crash between create and unlink), is
// broken. The lock is only ever held for a stat, a read and a rename.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const STALE_MS = 10_000;
const RETRY_MS = 5;

const chains = new Map<string, Promise<unknown>>();

export async function withFileLock<T>(abs: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(abs) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => withProcessLock(abs, fn));
  chains.set(abs, run);
  try {
    return await run;
  } finally {
    if (chains.get(abs) === run) chains.delete(abs);
  }
}

function lockPath(abs: string): string {
  // Per user: another user's 0700 directory would refuse us.
  const dir = join(tmpdir(), `wsagent-locks-${process.getuid?.() ?? 'user'}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return join(dir, `${createHash('sha256').update(abs).digest('hex').slice(0, 32)}.lock`);
}

async function withProcessLock<T>(abs: string, fn: () => Promise<T>): Promise<T> {
  const path = lockPath(abs);
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o600);
      try {
        await handle.writeFile(String(process.pid));
      } finally {
        await handle.close();
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await isStale(path)) await unlink(path).catch(() => undefined);
      else await sleep(RETRY_MS);
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const [info, owner] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    if (Date.now() - info.mtimeMs > STALE_MS) return true;
    const pid = Number.parseInt(owner, 10);
    // An empty file is a lock being written right now, not a stale one.
    return Number.isSafeInteger(pid) && pid > 0 && !processAlive(pid);
  } catch {
    // Gone already: try again.
    return false;
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
