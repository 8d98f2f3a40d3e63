// Undo for workspace changes (docs/architecture.md, "Where state lives"): around each file-changing call the paths it
// changes are recorded as they were before the turn and as the turn left them; undo() puts back
// the files of the last turn that changed any, but only those still as the turn left them.

export interface UndoResult {
  /** The turn whose changes were undone. */
  turn: number;
  /** Files written back to their content (and executable bit) from before the turn. Workspace-relative, '/'-separated, sorted. */
  restored: string[];
  /** Files the turn created, deleted again (directories left empty by that are removed too, not listed). */
  removed: string[];
  /**
   * Files the turn changed that were changed again since (by the user, a later turn or session):
   * left exactly as they are now, never overwritten. Workspace-relative, sorted.
   */
  conflicts: string[];
  /** Anything undo could not do or could only do in part; show these to the user. Empty when exact. */
  warnings: string[];
}

export interface WorkspaceSnapshots {
  /** 'git': private refs in the repository; 'copy': copies in a temp directory (outside git). */
  readonly kind: 'git' | 'copy';
  /**
   * Call before each file-changing tool call, with the paths it will change (workspace-relative or
   * absolute). For a command, pass [] meaning "anything". The first call of a turn records the
   * state before the turn; later calls in the same turn only widen what undo() will consider.
   * Calls are serialized internally. Rejects (with a message for the user) if the snapshot could
   * not be taken; the tool may still run, but that turn cannot be undone. Resolves with notices
   * for the user about what undo will not be able to restore (e.g. big untracked files left out).
   */
  beforeChange(turn: number, paths: string[]): Promise<string[]>;
  /**
   * Call after each file-changing call, with the same paths: records what the turn left there, so
   * that undo can tell the turn's changes from later ones.
   */
  afterChange(turn: number, paths: string[]): Promise<void>;
  /**
   * Restores the files of the latest not-yet-undone turn that changed any, byte for byte; files
   * the turn created are removed. Calling it again goes one turn further back. null: nothing to undo.
   * Must not run while a turn is changing files.
   */
  undo(): Promise<UndoResult | null>;
  /** Turns recorded and not yet undone, oldest first; undo() takes the last (a turn whose calls changed nothing is still listed). */
  turns(): number[];
  /** Drops this session's snapshots (git refs / temp copies). Undo is unavailable afterwards. */
  dispose(): Promise<void>;
  /**
   * Ends this process's use of the snapshots but keeps what a resumed session can still undo: git
   * refs stay (until `wsagent sessions prune`); temp copies, which only this process can read, go.
   */
  close(): Promise<void>;
}

export interface SnapshotOptions {
  /** Names this session's refs (`refs/wsagent/snapshots/<sessionId>/<turn>`); a resumed session can pass its id to undo earlier turns. */
  sessionId?: string;
  /** Keeps one data directory's refs apart from another's (`refs/wsagent/<namespace>/snapshots/…`), so pruning one never removes the other's. */
  namespace?: string;
  /** Untracked files larger than this are left out of whole-tree snapshots, with a notice (default 10 MB). */
  maxUntrackedBytes?: number;
  /** 'auto' (default): git when the workspace is inside a git work tree and not ignored, else copies. */
  mode?: 'auto' | 'git' | 'copy';
  /** Copy implementation: cap for snapshotting the whole workspace before a command. */
  maxBytes?: number;
  maxFiles?: number;
  /** Where copies and temporary index files go (default: the OS temp directory). */
  tmpDir?: string;
}

export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
}
