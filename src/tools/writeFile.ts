// write_file: creates a file (and its parent directories) or replaces its whole content.
//
// Replacing a file this agent read or wrote before requires that it is still as the agent saw it
// (else: read it again). A file the agent never saw may be replaced, as in Codex and unlike Claude
// Code (which demands a read first): the model often knows a file from a command's output or
// means to replace it whatever it holds, and a forced read costs a round trip on every such write.
// The write is atomic (temporary file, then rename, mode kept) and re-checks the file before the
// rename, so a change made meanwhile is never overwritten unseen.
import { mkdir, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

import { writeFileAtomic } from './atomicWrite.js';
import { editorFilesOf } from './editorFiles.js';
import { changedOnDiskMessage, contentVersion, fileVersionsOf } from './fileVersions.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { looksBinary } from './textFile.js';
import { errorMessage, failure, plural, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';
import { unifiedDiff } from './unifiedDiff.js';

export type WriteFileArgs = ArgsOf<typeof SPECS>;

/** Larger previous contents are not read back for the diff. */
const MAX_DIFF_SOURCE_BYTES = 2 * 1024 * 1024;

const SPECS = {
  path: {
    type: 'string',
    description: 'File to write, relative to the workspace root. Missing parent directories are created.',
  },
  content: {
    type: 'string',
    description: 'The complete new content of the file (end it with a newline, as text files usually do).',
  },
} as const satisfies PropertySpecs;

export const writeFileTool: Tool<WriteFileArgs> = {
  name: 'write_file',
  kind: 'edit',
  description:
    'Create a new file, or replace the entire content of an existing one, with content. Parent directories are ' +
    'created as needed. To change part of an existing file, prefer edit_file: it cannot lose the rest of the file.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('write_file', args, SPECS);
    if (!checked.ok) return checked;
    const { path, content } = checked.args;
    if (path.trim() === '') return invalid('write_file', '"path" is empty; give the file to write, e.g. "src/new.js".');
    if (path.endsWith('/') || path.endsWith('\\')) {
      return invalid('write_file', `"path" ${JSON.stringify(path)} names a directory; give a file name.`);
    }
    return { ok: true, args: { path, content } };
  },

  display(args) {
    return `write_file ${args.path} (${plural(countLines(args.content), 'line')})`;
  },

  async execute(args, ctx) {
    const resolved = resolvePath(ctx.workspace, args.path, { forWrite: true });
    if (!resolved.ok) return resolved.result;
    const { abs, rel } = resolved;

    const versions = fileVersionsOf(ctx.workspace);
    let before: string | null = null;
    let beforeNote = '';
    /** The version of the file as found: what must still be there at the rename (null: no file). */
    let expected: string | null = null;
    const editor = editorFilesOf(ctx.workspace);
    // An editor driving the agent (ACP) has the file open, maybe with unsaved changes: its text is the file.
    const edited = editor ? await editor.read(abs) : null;
    if (edited !== null) {
      if (versions.changedSince(abs, edited)) return failure(changedOnDiskMessage(rel));
      before = edited;
    } else {
      try {
        const info = await stat(abs);
        if (info.isDirectory()) return failure(`${rel} is a directory; write_file needs a file path.`);
        if (!info.isFile()) return failure(`${rel} is not a regular file (a FIFO, socket or device); write_file only writes files.`);
        const bytes = await readFile(abs);
        if (versions.changedSince(abs, bytes)) return failure(changedOnDiskMessage(rel));
        expected = contentVersion(bytes);
        if (bytes.length <= MAX_DIFF_SOURCE_BYTES) {
          before = looksBinary(bytes) ? '' : bytes.toString('utf8');
          if (looksBinary(bytes)) beforeNote = ' (it was a binary file)';
        } else {
          before = '';
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOENT') {
          if (code === 'ENOTDIR') return failure(`Cannot create ${rel}: a parent of it is a file, not a directory.`);
          return failure(`Cannot write ${rel}: ${errorMessage(err)}`);
        }
      }
    }

    try {
      await mkdir(dirname(abs), { recursive: true });
      const written = editor
        ? await editor.write(abs, args.content).then(() => ({ ok: true as const }))
        : await writeFileAtomic(abs, args.content, { expected });
      if (!written.ok) {
        return failure(
          written.reason === 'created'
            ? `${rel} was created on disk by another process while you were writing it; read it before replacing it. Nothing was changed.`
            : changedOnDiskMessage(rel),
        );
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR' || code === 'EEXIST') return failure(`Cannot create ${rel}: a parent of it is a file, not a directory.`);
      return failure(`Cannot write ${rel}: ${errorMessage(err)}`);
    }
    versions.record(abs, args.content);
    const size = `${plural(countLines(args.content), 'line')}, ${plural(Buffer.byteLength(args.content), 'byte')}`;
    let output = `Created ${rel} (${size}).`;
    if (before === args.content) output = `Wrote ${rel} (${size}); it already had exactly this content.`;
    else if (before !== null) output = `Wrote ${rel} (${size}), replacing its previous content${beforeNote}.`;
    return {
      ok: true,
      output,
      diff: unifiedDiff(rel, before, args.content),
      changedPaths: [rel],
    };
  },
};

/** Lines as an editor counts them: a final newline does not start another line. */
function countLines(content: string): number {
  if (content === '') return 0;
  return content.split('\n').length - (content.endsWith('\n') ? 1 : 0);
}
