// One writer per session file: a lock file beside it (`<id>.jsonl.lock`, created with O_EXCL,
// holding the writer's pid). A second process that resumes a live session is refused with a clear
// message; a lock whose process is gone (killed, crashed) is stale and taken over. `wsagent
// sessions prune` reads the same lock to spare sessions in use.
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { processAlive } from '../tools/fileLock.js';

export class SessionInUseError extends Error {
  constructor(
    readonly sessionId: string,
    readonly pid: number,
  ) {
    super(
      `session ${sessionId} is in use by another wsagent (${pid > 0 ? `pid ${pid}` : 'starting now'}); two processes writing one session would interleave it. ` +
        'Wait for that one to finish, or start a new session (without --resume)',
    );
  }
}

export interface SessionLock {
  release(): void;
}

export function lockPathOf(sessionPath: string): string {
  return `${sessionPath}.lock`;
}

/** The pid of the live process writing this session, or null (no lock, or a stale one). */
export function sessionWriter(sessionPath: string): number | null {
  let text: string;
  try {
    text = readFileSync(lockPathOf(sessionPath), 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 && processAlive(pid) ? pid : null;
}

/**
 * Takes the session's lock for this process. Throws SessionInUseError when another live process
 * holds it. The same process may take it again (one process, one writer: its agents share the file).
 */
export function lockSession(sessionPath: string, sessionId: string): SessionLock {
  const path = lockPathOf(sessionPath);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw err;
      let owner = Number.NaN;
      try {
        owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      } catch {
        continue; // removed meanwhile: try again
      }
      if (owner === process.pid) break;
      // An empty file is a lock being written right now; a live owner keeps it.
      if (Number.isNaN(owner)) throw new SessionInUseError(sessionId, 0);
      if (processAlive(owner)) throw new SessionInUseError(sessionId, owner);
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  held.add(path);
  if (held.size === 1) process.on('exit', releaseAll);
  return { release: () => release(path) };
}

/** Locks this process holds, removed on exit (a SIGKILL leaves them stale, which is detected). */
const held = new Set<string>();

function release(path: string): void {
  if (!held.delete(path)) return;
  if (held.size === 0) process.removeListener('exit', releaseAll);
  try {
    if (Number.parseInt(readFileSync(path, 'utf8'), 10) === process.pid) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}

function releaseAll(): void {
  for (const path of [...held]) release(path);
}
