// edit_file: replaces one exact occurrence of old_string with new_string. Zero occurrences is an
// error that shows the region of the file most like old_string; several is an error listing
// where they are. The file is otherwise left byte for byte as it was.
//
// A file this agent read or wrote before must still be as it saw it, or the edit is refused (the
// model's picture of it is stale). A file it never saw may be edited: old_string must match what
// is on disk now exactly, which is itself the check that the model knows the text it replaces.
// The write is atomic and re-checks the file right before the rename.
import { writeFileAtomic } from './atomicWrite.js';
import { findClosestRegion } from './closestMatch.js';
import { editorFilesOf, editorTextFile } from './editorFiles.js';
import { changedOnDiskMessage, contentVersion, fileVersionsOf } from './fileVersions.js';
import { notFoundMessage } from './pathHints.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { formatBytes, lineAt, numberedLine, readTextFile, splitLines } from './textFile.js';
import { errorMessage, failure, plural, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';
import { unifiedDiff } from './unifiedDiff.js';

export type EditFileArgs = ArgsOf<typeof SPECS>;

const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Lines of context shown around the closest region of a failed match. */
const CONTEXT_LINES = 3;
const MAX_REGION_LINES = 60;
const MAX_LISTED_OCCURRENCES = 20;

const SPECS = {
  path: { type: 'string', description: 'File to edit, relative to the workspace root.' },
  old_string: {
    type: 'string',
    description:
      'The exact text to replace, copied from the file with its indentation and line breaks (without the line ' +
      'numbers read_file shows). It must occur exactly once: include enough surrounding lines to make it unique.',
  },
  new_string: { type: 'string', description: 'The text to put in its place (may be empty to delete old_string).' },
} as const satisfies PropertySpecs;

export const editFileTool: Tool<EditFileArgs> = {
  name: 'edit_file',
  kind: 'edit',
  description:
    'Edit a file by replacing one exact occurrence of old_string with new_string. old_string must match the ' +
    'file exactly (whitespace included) and occur exactly once; otherwise nothing changes and the error shows ' +
    'what the file contains there. Read the file first. To create a file or rewrite it entirely, use write_file.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('edit_file', args, SPECS);
    if (!checked.ok) return checked;
    const { path, old_string, new_string } = checked.args;
    if (path.trim() === '') return invalid('edit_file', '"path" is empty; give the file to edit.');
    if (old_string === '') {
      return invalid(
        'edit_file',
        '"old_string" is empty. To insert text, put a neighbouring line in old_string and in new_string with the ' +
          'new text beside it; to create or overwrite a file, use write_file.',
      );
    }
    if (old_string === new_string) return invalid('edit_file', '"old_string" and "new_string" are the same: nothing would change.');
    return { ok: true, args: { path, old_string, new_string } };
  },

  display(args) {
    return `edit_file ${args.path}`;
  },

  async execute(args, ctx) {
    const resolved = resolvePath(ctx.workspace, args.path, { forWrite: true });
    if (!resolved.ok) return resolved.result;
    const { abs, rel } = resolved;
    let file;
    try {
      file = (await editorTextFile(ctx.workspace, abs)) ?? (await readTextFile(abs, MAX_FILE_BYTES));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return failure(`${notFoundMessage(ctx.workspace, args.path, abs)} To create a new file, use write_file.`);
      }
      return failure(`Cannot read ${rel}: ${errorMessage(err)}`);
    }
    if (file.kind === 'directory') return failure(`${rel} is a directory, not a file.`);
    if (file.kind === 'special') return failure(`${rel} is not a regular file (a FIFO, socket or device).`);
    if (file.kind === 'binary') return failure(`${rel} is a binary file; edit_file only edits text.`);
    if (file.kind === 'too_large') {
      return failure(`${rel} is too large for edit_file (${formatBytes(file.size)}); use run_command (e.g. sed) instead.`);
    }
    if (!file.validUtf8) {
      return failure(`${rel} is not valid UTF-8; edit_file would corrupt it. Use run_command (e.g. sed) instead.`);
    }
    const versions = fileVersionsOf(ctx.workspace);
    if (versions.changedSince(abs, file.bytes)) return failure(changedOnDiskMessage(rel));
    const content = file.text;

    let oldString = args.old_string;
    let newString = args.new_string;
    let occurrences = findAll(content, oldString);
    let lineEndingNote = '';
    if (occurrences.length === 0) {
      // The model usually writes \n; match a CRLF file's \r\n (and the reverse) as the same line break.
      const adapted = adaptLineEndings(content, oldString, newString);
      if (adapted) {
        const again = findAll(content, adapted.oldString);
        if (again.length > 0) {
          ({ oldString, newString } = adapted);
          occurrences = again;
          lineEndingNote = ` (line endings adapted to the file's ${adapted.crlf ? 'CRLF' : 'LF'})`;
        }
      }
    }

    if (occurrences.length === 0) return failure(noMatchMessage(rel, content, args.old_string));
    if (occurrences.length > 1) {
      const lines = occurrences.map((at) => lineAt(content, at));
      const listed = lines.slice(0, MAX_LISTED_OCCURRENCES).join(', ');
      const more = lines.length > MAX_LISTED_OCCURRENCES ? `, … (${lines.length - MAX_LISTED_OCCURRENCES} more)` : '';
      return failure(
        `old_string occurs ${occurrences.length} times in ${rel} (starting at lines ${listed}${more}); it must occur ` +
          'exactly once. Nothing was changed. Include more surrounding lines in old_string so it matches only the ' +
          'place you mean.',
      );
    }

    const at = occurrences[0] as number;
    const updated = content.slice(0, at) + newString + content.slice(at + oldString.length);
    const editor = editorFilesOf(ctx.workspace);
    try {
      if (editor) {
        // The editor applies it to the buffer the text came from (its own check of changes in between).
        await editor.write(abs, updated);
      } else {
        const written = await writeFileAtomic(abs, updated, { expected: contentVersion(file.bytes) });
        if (!written.ok) return failure(changedOnDiskMessage(rel));
      }
    } catch (err) {
      return failure(`Cannot write ${rel}: ${errorMessage(err)}`);
    }
    versions.record(abs, updated);
    const firstLine = lineAt(content, at);
    const oldLines = oldString.split('\n').length;
    const newLines = newString.split('\n').length;
    const range = oldLines === 1 ? `line ${firstLine}` : `lines ${firstLine}-${firstLine + oldLines - 1}`;
    return {
      ok: true,
      output: `Edited ${rel}: replaced ${range} with ${plural(newLines, 'line')}${lineEndingNote}.`,
      diff: unifiedDiff(rel, content, updated),
      changedPaths: [rel],
    };
  },
};

/** Start offsets of every occurrence of `needle`, overlapping ones included. */
function findAll(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

function adaptLineEndings(content: string, oldString: string, newString: string): { oldString: string; newString: string; crlf: boolean } | null {
  const fileCrlf = content.includes('\r\n');
  const toCrlf = (s: string): string => s.replace(/\r?\n/g, '\r\n');
  const toLf = (s: string): string => s.replace(/\r\n/g, '\n');
  if (fileCrlf && /(^|[^\r])\n/.test(oldString)) return { oldString: toCrlf(oldString), newString: toCrlf(newString), crlf: true };
  if (!fileCrlf && oldString.includes('\r\n')) return { oldString: toLf(oldString), newString: toLf(newString), crlf: false };
  return null;
}

function noMatchMessage(rel: string, content: string, oldString: string): string {
  const lines = splitLines(content);
  const head = `old_string was not found in ${rel}; nothing was changed.`;
  const tail =
    'Copy old_string exactly from the file as it is now (read_file shows it; the line numbers and the tab after ' + 'them are not part of the file) and retry.';
  if (lines.length === 0) return `${head} The file is empty. Use write_file to give it content.`;
  const hints: string[] = [];
  if (/^\s*\d+\t/.test(oldString) && oldString.split('\n').every((l) => l === '' || /^\s*\d+\t/.test(l))) {
    hints.push('old_string seems to start with the line numbers read_file shows ("    12\\t"); leave them out.');
  }
  const region = findClosestRegion(lines, oldString);
  let shown: string;
  if (region) {
    const from = Math.max(1, region.startLine - CONTEXT_LINES);
    const to = Math.min(lines.length, region.endLine + CONTEXT_LINES, from + MAX_REGION_LINES - 1);
    const where = region.startLine === region.endLine ? `line ${region.startLine}` : `lines ${region.startLine}-${region.endLine}`;
    const intro = region.whitespaceOnly
      ? `It matches ${where} except for whitespace (indentation, tabs or trailing spaces). Those lines, with ${CONTEXT_LINES} lines around them:`
      : `The most similar part of the file is ${where}; here it is with ${CONTEXT_LINES} lines around it:`;
    shown = `${intro}\n${numbered(lines, from, to)}`;
  } else {
    const to = Math.min(lines.length, 20);
    shown = `Nothing in the file resembles it. The file starts with (${plural(lines.length, 'line')} in all):\n${numbered(lines, 1, to)}`;
  }
  return [head, ...hints, shown, tail].join('\n');
}

function numbered(lines: readonly string[], from: number, to: number): string {
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(numberedLine(n, lines[n - 1] as string));
  return out.join('\n');
}
