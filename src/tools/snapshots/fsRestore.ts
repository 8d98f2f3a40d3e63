// File-system steps shared by both undo implementations: write a file back, put back a symlink,
// remove a created file, and remove the directories that became empty because of that.
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';

export function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

export async function lstatOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.lstat(p);
  } catch (e) {
    if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR')) return null;
    throw e;
  }
}

export function isCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Makes room for a file or symlink at abs: removes a symlink or an empty directory there. False (with a warning) if it cannot. */
async function clearPathFor(abs: string, rel: string, keepRegularFile: boolean, warnings: string[]): Promise<Stats | null | false> {
  const st = await lstatOrNull(abs);
  if (st === null) return null;
  if (st.isDirectory()) {
    try {
      await fs.rmdir(abs);
      return null;
    } catch {
      warnings.push(`${rel}: not restored, a non-empty directory now stands in its place`);
      return false;
    }
  }
  if (st.isFile() && keepRegularFile) return st;
  await fs.unlink(abs);
  return null;
}

async function ensureParent(abs: string, rel: string, warnings: string[]): Promise<boolean> {
  try {
    await fs.mkdir(path.dirname(abs), { recursive: true });
    return true;
  } catch (e) {
    warnings.push(`${rel}: not restored, its directory cannot be created (${errText(e)})`);
    return false;
  }
}

export interface FileModeSpec {
  /** Exact permission bits to set (copy snapshots know them). */
  exact?: number;
  /** Otherwise: only the executable bit, as git records it. */
  executable?: boolean;
  /** False when git's core.fileMode is off: leave an existing file's mode alone. */
  trustExecutable?: boolean;
}

/** Writes data at abs (replacing a symlink or empty directory there) and sets its mode. False if it could not. */
export async function restoreFile(abs: string, rel: string, data: Buffer, mode: FileModeSpec, warnings: string[]): Promise<boolean> {
  try {
    const cleared = await clearPathFor(abs, rel, true, warnings);
    if (cleared === false) return false;
    if (cleared === null) {
      if (!(await ensureParent(abs, rel, warnings))) return false;
      const createMode = mode.exact ?? (mode.executable ? 0o777 : 0o666);
      await fs.writeFile(abs, data, { mode: createMode });
      if (mode.exact !== undefined) await fs.chmod(abs, mode.exact);
      return true;
    }
    const before = cleared.mode & 0o7777;
    try {
      await fs.writeFile(abs, data);
    } catch (e) {
      if (!isCode(e, 'EACCES') && !isCode(e, 'EPERM')) throw e;
      await fs.chmod(abs, before | 0o200); // read-only file: make it writable for the restore
      await fs.writeFile(abs, data);
    }
    let want = before;
    if (mode.exact !== undefined) want = mode.exact;
    else if (mode.trustExecutable !== false && mode.executable !== undefined) {
      want = mode.executable ? before | ((before & 0o444) >> 2) : before & ~0o111;
    }
    const now = (await fs.lstat(abs)).mode & 0o7777;
    if (now !== want) await fs.chmod(abs, want);
    return true;
  } catch (e) {
    warnings.push(`${rel}: not restored (${errText(e)})`);
    return false;
  }
}

export async function restoreSymlink(abs: string, rel: string, target: string, warnings: string[]): Promise<boolean> {
  try {
    const cleared = await clearPathFor(abs, rel, false, warnings);
    if (cleared === false) return false;
    if (!(await ensureParent(abs, rel, warnings))) return false;
    await fs.symlink(target, abs);
    return true;
  } catch (e) {
    warnings.push(`${rel}: symlink not restored (${errText(e)})`);
    return false;
  }
}

/** Removes a file or symlink the turn created. True if something was removed. */
export async function removeCreated(abs: string, rel: string, warnings: string[]): Promise<boolean> {
  try {
    const st = await lstatOrNull(abs);
    if (st === null) return false;
    if (st.isDirectory()) {
      warnings.push(`${rel}: left in place, it is now a directory`);
      return false;
    }
    await fs.unlink(abs);
    return true;
  } catch (e) {
    warnings.push(`${rel}: not removed (${errText(e)})`);
    return false;
  }
}

/**
 * Removes directories left empty, walking up from each given directory towards root (root itself
 * is never removed). keep(dir, stats) can veto a removal (e.g. a directory that existed before).
 */
export async function pruneEmptyDirs(root: string, dirs: Iterable<string>, keep: (abs: string, st: Stats) => boolean): Promise<void> {
  // Deepest first; a parent is retried from every child, since it may only empty out after the last.
  const queue = [...new Set(dirs)].sort((a, b) => b.length - a.length);
  for (let dir of queue) {
    while (dir !== root && isInside(root, dir)) {
      const st = await lstatOrNull(dir);
      if (st === null || !st.isDirectory() || keep(dir, st)) break;
      try {
        await fs.rmdir(dir);
      } catch {
        break; // not empty (or not ours to remove)
      }
      dir = path.dirname(dir);
    }
  }
}

export function isInside(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Workspace-relative posix path for p (absolute or relative to root), or null if outside; '' for the root itself. */
export function workspaceRelative(roots: string[], p: string): string | null {
  for (const root of roots) {
    const abs = path.resolve(root, p);
    const rel = path.relative(root, abs);
    if (rel === '') return '';
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return toPosix(rel);
  }
  return null;
}

/** True when p equals one of the scope paths or lies under one. */
export function inScope(scope: ReadonlySet<string> | 'all', p: string): boolean {
  if (scope === 'all') return true;
  if (scope.has(p)) return true;
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) {
    if (scope.has(p.slice(0, i))) return true;
  }
  return false;
}
