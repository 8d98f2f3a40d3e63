// Undo snapshots: git refs inside a git work tree, temp copies elsewhere.
import { CopySnapshots } from './CopySnapshots.js';
import { GitSnapshots } from './GitSnapshots.js';
import { SnapshotError, type SnapshotOptions, type WorkspaceSnapshots } from './types.js';

export { CopySnapshots, DEFAULT_MAX_BYTES, DEFAULT_MAX_FILES } from './CopySnapshots.js';
export { DEFAULT_MAX_UNTRACKED_BYTES, GitSnapshots, SNAPSHOT_REF_ROOT, newSessionId, snapshotRefRoot } from './GitSnapshots.js';
export { dataDirNamespace, deleteSessionSnapshots, snapshotSessions } from './sessionRefs.js';
export { SnapshotError, type SnapshotOptions, type UndoResult, type WorkspaceSnapshots } from './types.js';

/**
 * Picks the implementation for a workspace root: GitSnapshots when root is inside a git work tree
 * (and not itself gitignored), CopySnapshots otherwise. options.mode forces one ('git' throws
 * outside git).
 */
export async function createWorkspaceSnapshots(root: string, options: SnapshotOptions = {}): Promise<WorkspaceSnapshots> {
  const mode = options.mode ?? 'auto';
  if (mode !== 'copy') {
    const git = await GitSnapshots.open(root, options);
    if (git !== null) return git;
    if (mode === 'git') throw new SnapshotError(`${root} is not inside a git work tree`);
  }
  return CopySnapshots.open(root, options);
}
