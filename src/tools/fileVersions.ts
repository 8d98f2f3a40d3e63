// What each agent last saw of the files it touched, so an edit never overwrites a change it has not
// seen. read_file, edit_file and write_file record the content hash of a file as they read or wrote
// it; edit_file and write_file refuse to write when the file on disk no longer has that hash
// (another wsagent, an editor or a command changed it in between) and tell the model to read it again.
//
// One record per agent: the tools of an agent share its WorkspaceGuard (one per agent app or
// harness), so the record hangs off that instance and needs no extra plumbing through ToolContext.
// Files the agent never saw are not refused (see editFile.ts / writeFile.ts for why).
import { createHash } from 'node:crypto';

import type { WorkspaceGuard } from './WorkspaceGuard.js';

/** The identity of a file's content: a SHA-256 of its bytes. */
export function contentVersion(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export class FileVersions {
  private readonly seen = new Map<string, string>();

  /** Remembers `abs` as having exactly `bytes` (after a read or a write by this agent). */
  record(abs: string, bytes: Uint8Array | string): void {
    this.seen.set(abs, contentVersion(bytes));
  }

  /** The version this agent last saw, or undefined for a file it never read or wrote. */
  lastSeen(abs: string): string | undefined {
    return this.seen.get(abs);
  }

  /** True when the agent saw `abs` and its content is no longer what it saw. */
  changedSince(abs: string, current: Uint8Array | string): boolean {
    const last = this.seen.get(abs);
    return last !== undefined && last !== contentVersion(current);
  }
}

const byWorkspace = new WeakMap<WorkspaceGuard, FileVersions>();

/** The record of the agent working through `workspace`. */
export function fileVersionsOf(workspace: WorkspaceGuard): FileVersions {
  let versions = byWorkspace.get(workspace);
  if (!versions) {
    versions = new FileVersions();
    byWorkspace.set(workspace, versions);
  }
  return versions;
}

/** What the model reads when its view of `rel` is stale. */
export function changedOnDiskMessage(rel: string): string {
  return `${rel} changed on disk since you last read it (another process edited it); read it again before editing. Nothing was changed.`;
}
