// The workspace's files for the TUI's `@` completion: the same walk list_files makes (gitignore-
// aware, .git and node_modules skipped, symlinks not followed), files only, bounded.
import { walkWorkspace } from '../tools/walkWorkspace.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';

/** Files listed at most (a huge tree is cut; the menu shows the best matches of those). */
export const MAX_COMPLETION_FILES = 20_000;

export async function listWorkspaceFiles(workspace: WorkspaceGuard): Promise<string[]> {
  const files: string[] = [];
  await walkWorkspace(workspace, workspace.root, {
    onEntry(entry) {
      if (entry.isFile) files.push(entry.rel);
      return files.length < MAX_COMPLETION_FILES;
    },
  });
  return files;
}
