// The edit tools with an editor's file system attached (what `wsagent acp` does when the editor
// offers fs/read_text_file and fs/write_text_file): they read the editor's buffers, unsaved changes
// included, and write through the editor; the disk keeps what it had. Paths still go through the
// workspace guard first.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPatchTool } from '../../src/tools/applyPatch/index.js';
import { editFileTool } from '../../src/tools/editFile.js';
import { attachEditorFiles, type EditorFiles } from '../../src/tools/editorFiles.js';
import { readFileTool } from '../../src/tools/readFile.js';
import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, workspace } from './helpers.js';

/** An editor holding `buffers` (absolute path → text) in memory; it knows no other file. */
function editor(buffers: Map<string, string>): EditorFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read: async (abs) => {
      reads.push(abs);
      return buffers.get(abs) ?? null;
    },
    write: async (abs, text) => {
      buffers.set(abs, text);
    },
  };
}

describe('the edit tools through an editor', () => {
  it('read_file and edit_file use the unsaved buffer; the disk is left alone', async () => {
    const { root, guard } = workspace({ 'a.txt': 'on disk\n' });
    const a = join(root, 'a.txt');
    const buffers = new Map([[a, 'one\nunsaved two\nthree\n']]);
    attachEditorFiles(guard, editor(buffers));
    const read = await run(readFileTool, { path: 'a.txt', start_line: null, end_line: null }, context(guard));
    expect(read.output).toContain('unsaved two');
    const edit = await run(editFileTool, { path: 'a.txt', old_string: 'unsaved two', new_string: 'edited two' }, context(guard));
    expect(edit.ok).toBe(true);
    expect(edit.diff).toContain('-unsaved two\n+edited two');
    expect(buffers.get(a)).toBe('one\nedited two\nthree\n');
    expect(readFileSync(a, 'utf8')).toBe('on disk\n');
  });

  it('write_file replaces the buffer (and refuses one that changed since the agent saw it); apply_patch patches the buffer', async () => {
    const { root, guard } = workspace({ 'b.txt': 'disk b\n' });
    const b = join(root, 'b.txt');
    const buffers = new Map([[b, 'buffer b\n']]);
    attachEditorFiles(guard, editor(buffers));
    const first = await run(writeFileTool, { path: 'b.txt', content: 'written\n' }, context(guard));
    expect(first.output).toContain('replacing its previous content');
    expect(first.diff).toContain('-buffer b');
    expect(buffers.get(b)).toBe('written\n');
    // The user types in the buffer: the agent's picture is stale.
    buffers.set(b, 'typed by the user\n');
    const stale = await run(writeFileTool, { path: 'b.txt', content: 'again\n' }, context(guard));
    expect(stale.ok).toBe(false);
    expect(buffers.get(b)).toBe('typed by the user\n');

    const patch = '*** Begin Patch\n*** Update File: b.txt\n@@\n-typed by the user\n+patched\n*** End Patch';
    const read = await run(readFileTool, { path: 'b.txt', start_line: null, end_line: null }, context(guard));
    expect(read.ok).toBe(true);
    const patched = await run(applyPatchTool, { input: patch }, context(guard));
    expect(patched.ok).toBe(true);
    expect(buffers.get(b)).toBe('patched\n');
    expect(readFileSync(b, 'utf8')).toBe('disk b\n');
  });

  it('a file the editor does not have is read from the disk; paths outside the workspace never reach the editor', async () => {
    const { guard } = workspace({ 'c.txt': 'only on disk\n' });
    const files = editor(new Map());
    attachEditorFiles(guard, files);
    const read = await run(readFileTool, { path: 'c.txt', start_line: null, end_line: null }, context(guard));
    expect(read.output).toContain('only on disk');
    const outside = await run(readFileTool, { path: '../../etc/passwd', start_line: null, end_line: null }, context(guard));
    expect(outside.ok).toBe(false);
    expect(files.reads.every((p) => p.startsWith(guard.root))).toBe(true);
  });
});
