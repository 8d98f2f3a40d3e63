// read_file: a file's lines, numbered like `cat -n`, optionally a range of them. Bounded: at
// most MAX_LINES lines and MAX_OUTPUT_BYTES per call, with a note saying how to read on.
import { editorTextFile } from './editorFiles.js';
import { fileVersionsOf } from './fileVersions.js';
import { notFoundMessage } from './pathHints.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { formatBytes, numberedLine, readTextFile, splitLines } from './textFile.js';
import { failure, plural, resolvePath } from './toolHelpers.js';
import type { Tool } from './types.js';

export type ReadFileArgs = ArgsOf<typeof SPECS>;

export const READ_MAX_LINES = 2000;
const MAX_LINE_CHARS = 2000;
const MAX_OUTPUT_BYTES = 100 * 1024;
const MAX_FILE_BYTES = 32 * 1024 * 1024;

const SPECS = {
  path: { type: 'string', description: 'File to read, relative to the workspace root (e.g. "src/index.js").' },
  start_line: {
    type: 'integer',
    nullable: true,
    description: 'First line to show, 1-based. null starts at line 1.',
  },
  end_line: {
    type: 'integer',
    nullable: true,
    description: `Last line to show, inclusive. null reads to the end (at most ${READ_MAX_LINES} lines per call).`,
  },
} as const satisfies PropertySpecs;

export const readFileTool: Tool<ReadFileArgs> = {
  name: 'read_file',
  kind: 'read',
  description:
    'Read a text file from the workspace. Lines are numbered like `cat -n`: the number, a tab, then the line ' +
    'exactly as in the file (the number and tab are not part of the file; leave them out of edits). ' +
    `Reads the whole file up to ${READ_MAX_LINES} lines; for longer files, or to look at one part, pass ` +
    'start_line and end_line. Read a file before editing it.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('read_file', args, SPECS);
    if (!checked.ok) return checked;
    const { path, start_line, end_line } = checked.args;
    if (path.trim() === '') return invalid('read_file', '"path" is empty; give a file path such as "src/index.js".');
    if (start_line !== null && start_line < 1) {
      return invalid('read_file', `"start_line" must be 1 or more (got ${start_line}); lines are numbered from 1.`);
    }
    if (end_line !== null && end_line < 1) {
      return invalid('read_file', `"end_line" must be 1 or more (got ${end_line}); lines are numbered from 1.`);
    }
    if (start_line !== null && end_line !== null && end_line < start_line) {
      return invalid('read_file', `"end_line" (${end_line}) is before "start_line" (${start_line}).`);
    }
    return { ok: true, args: { path, start_line, end_line } };
  },

  display(args) {
    if (args.start_line === null && args.end_line === null) return `read_file ${args.path}`;
    return `read_file ${args.path}:${args.start_line ?? 1}-${args.end_line ?? ''}`;
  },

  async execute(args, ctx) {
    const resolved = resolvePath(ctx.workspace, args.path, { allowReadOnlyRoots: true });
    if (!resolved.ok) return resolved.result;
    const { abs, rel } = resolved;
    let file;
    try {
      // An editor driving the agent (ACP) gives its buffer, unsaved changes included.
      file = (await editorTextFile(ctx.workspace, abs)) ?? (await readTextFile(abs, MAX_FILE_BYTES));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return failure(notFoundMessage(ctx.workspace, args.path, abs));
      return failure(`Cannot read ${rel}: ${(err as Error).message}`);
    }
    switch (file.kind) {
      case 'directory':
        return failure(`${rel} is a directory, not a file. Use list_files to see what it contains.`);
      case 'special':
        return failure(`${rel} is not a regular file (a FIFO, socket or device); read_file only reads files.`);
      case 'binary':
        return failure(`${rel} is a binary file (${formatBytes(file.size)}); read_file only shows text.`);
      case 'too_large':
        return failure(
          `${rel} is too large to read (${formatBytes(file.size)}). Use search to find the part you need, or run_command with head, tail or sed -n.`,
        );
      case 'text':
        break;
    }
    // What the agent now knows of the file: edits are checked against it (fileVersions.ts).
    fileVersionsOf(ctx.workspace).record(abs, file.bytes);

    const lines = splitLines(file.text);
    if (lines.length === 0) return { ok: true, output: `[${rel} is empty]` };
    const first = args.start_line ?? 1;
    if (first > lines.length) {
      return failure(
        `start_line ${first} is past the end of ${rel}, which has ${plural(lines.length, 'line')}. ` + `Use a start_line from 1 to ${lines.length}.`,
      );
    }
    const requestedLast = Math.min(lines.length, args.end_line ?? lines.length);
    const out: string[] = [];
    const notes: string[] = [];
    let bytes = 0;
    let last = first - 1;
    const longLines: number[] = [];
    for (let n = first; n <= requestedLast && n - first < READ_MAX_LINES; n++) {
      let text = lines[n - 1] as string;
      if (text.length > MAX_LINE_CHARS) {
        longLines.push(n);
        text = `${text.slice(0, MAX_LINE_CHARS)}… [${text.length - MAX_LINE_CHARS} more characters on this line]`;
      }
      const line = numberedLine(n, text);
      const size = Buffer.byteLength(line) + 1;
      if (bytes + size > MAX_OUTPUT_BYTES && out.length > 0) break;
      bytes += size;
      out.push(line);
      last = n;
    }
    if (last < requestedLast) {
      notes.push(
        `[Showing lines ${first}-${last} of ${lines.length}. Read more with start_line: ${last + 1}` +
          `${args.end_line !== null ? `, end_line: ${requestedLast}` : ''}.]`,
      );
    }
    if (longLines.length > 0) {
      const which = longLines.length === 1 ? `Line ${longLines[0]} is` : `${longLines.length} lines are`;
      notes.push(`[${which} longer than ${MAX_LINE_CHARS} characters and shown cut.]`);
    }
    if (file.crlf) notes.push('[The file has CRLF (\\r\\n) line endings; they are not shown.]');
    if (!file.validUtf8) notes.push('[The file is not valid UTF-8; undecodable bytes are shown as \uFFFD.]');
    return { ok: true, output: [...out, ...notes].join('\n') };
  },
};
