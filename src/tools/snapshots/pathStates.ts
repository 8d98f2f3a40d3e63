// What is at a path now, as undo compares it (git mode and blob id, like a tree entry), and which
// paths a call will change (workspace paths as top-relative ones, symlinks followed, or 'all').
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import { workspaceRelative } from './fsRestore.js';
import { type GitWorkTree, SYMLINK } from './gitWorkTree.js';
import type { PathState } from './turnRecord.js';
import { SnapshotError } from './types.js';

/** The state of top-relative paths on disk now (file blobs written to the object store when `write`). */
export async function pathStates(repo: GitWorkTree, paths: string[], write: boolean, warnings: string[]): Promise<PathState[]> {
  const states: PathState[] = new Array(paths.length).fill(null);
  const files: number[] = [];
  for (const [i, p] of paths.entries()) {
    let st: Stats | null;
    try {
      st = await fs.lstat(repo.abs(p));
    } catch {
      st = null;
    }
    if (st === null) continue;
    if (st.isSymbolicLink()) states[i] = { mode: SYMLINK, sha: await repo.hashBytes(await fs.readlink(repo.abs(p)), write) };
    else if (st.isDirectory()) states[i] = { mode: '040000', sha: 'directory' };
    else {
      states[i] = { mode: repo.trustExecutable && st.mode & 0o100 ? '100755' : '100644', sha: '' };
      files.push(i);
    }
  }
  const shas = await repo.hashFiles(
    files.map((i) => paths[i]!),
    write,
    warnings,
  );
  files.forEach((i, k) => {
    const sha = shas[k];
    // Unreadable now: a snapshot cannot be taken; at undo it equals nothing, so it is left alone as a conflict.
    if (sha === undefined && write) throw new SnapshotError(`${repo.rel(paths[i]!)} could not be read for the undo snapshot`);
    states[i] = { mode: states[i]!.mode, sha: sha ?? 'unreadable' };
  });
  return states;
}

export async function changeScope(paths: string[], roots: string[], realRoot: string, prefix: string): Promise<Set<string> | 'all'> {
  if (paths.length === 0) return 'all';
  const scope = new Set<string>();
  for (const p of paths) {
    const rels = new Set<string>();
    const rel = workspaceRelative(roots, p);
    if (rel !== null) rels.add(rel);
    // The file a symlink points to is what actually changes.
    const real = await realPathOf(path.resolve(roots[0]!, p));
    const realRel = real === null ? null : workspaceRelative([realRoot], real);
    if (realRel !== null) rels.add(realRel);
    for (const r of rels) {
      if (r === '') return 'all';
      scope.add(prefix === '' ? r : `${prefix}/${r}`);
    }
  }
  return scope;
}

async function realPathOf(abs: string): Promise<string | null> {
  try {
    return await fs.realpath(abs);
  } catch {
    try {
      return path.join(await fs.realpath(path.dirname(abs)), path.basename(abs));
    } catch {
      return null;
    }
  }
}
