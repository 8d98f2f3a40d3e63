// The editor's file system, when an editor drives the agent (ACP's fs/read_text_file and
// fs/write_text_file): read_file, edit_file, write_file and apply_patch then read what the editor
// holds — unsaved buffers included — and write through it, so the user sees each change in the
// open buffer. Paths are still resolved by the WorkspaceGuard first: the editor only ever gets
// paths inside the workspace.
//
// One per agent, hung off its WorkspaceGuard like fileVersions.ts (the agent and its sub-agents
// share that guard), so the tools need no extra plumbing through ToolContext.
import type { TextFile } from './textFile.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';

export interface EditorFiles {
  /** The editor's text of `abs` (an unsaved buffer included); null when the editor cannot give it (the disk is read instead). */
  read(abs: string): Promise<string | null>;
  /** Makes `text` the content of `abs` through the editor. Throws when the editor refuses. */
  write(abs: string, text: string): Promise<void>;
}

const byWorkspace = new WeakMap<WorkspaceGuard, EditorFiles>();

/** From now on the tools working through `workspace` read and write through `files`. */
export function attachEditorFiles(workspace: WorkspaceGuard, files: EditorFiles): void {
  byWorkspace.set(workspace, files);
}

/** The editor's file system for `workspace`, or null (the disk). */
export function editorFilesOf(workspace: WorkspaceGuard): EditorFiles | null {
  return byWorkspace.get(workspace) ?? null;
}

/** `abs` as the editor holds it, shaped like a disk read; null when there is no editor or it has no such file. */
export async function editorTextFile(workspace: WorkspaceGuard, abs: string): Promise<TextFile | null> {
  const editor = editorFilesOf(workspace);
  if (!editor) return null;
  const text = await editor.read(abs);
  if (text === null) return null;
  const bytes = Buffer.from(text, 'utf8');
  return { kind: 'text', text, bytes, size: bytes.length, crlf: text.includes('\r\n'), validUtf8: true };
}
