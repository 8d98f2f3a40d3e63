// Parses a patch in Codex's apply_patch format into file operations. The format (the Lark
// grammar in grammar.ts is its exact statement):
//
//   *** Begin Patch
//   *** Add File: path          every following `+` line is the new file's content
//   *** Delete File: path
//   *** Update File: path
//   *** Move to: path           optional, right after Update File
//   @@ optional context line    then ` ` context, `-` removed and `+` added lines
//   *** End of File             optional: the hunk's lines end the file
//   *** End Patch
//
// Like Codex's parser it is a little more lenient than the grammar, because models are: markers may
// carry surrounding whitespace, a patch wrapped in a `<<'EOF'` heredoc is unwrapped, the first hunk
// of an update may omit its `@@`, and an empty line inside a hunk stands for an empty context line.
// Errors name the patch line and say what was expected there.

export interface UpdateHunk {
  /** 1-based number of the hunk within its Update File section (for messages). */
  index: number;
  /** 1-based line of the patch where the hunk starts. */
  patchLine: number;
  /** The `@@ context` line: the hunk's lines come after the first file line matching it. */
  context: string | null;
  oldLines: string[];
  newLines: string[];
  /**
   * The hunk's lines in patch order, each with its mark: ' ' context (the file's line is kept as
   * it is), '-' removed, '+' added. oldLines and newLines are this list's two sides.
   */
  ops: HunkLine[];
  /** `*** End of File` followed: oldLines must end the file. */
  endOfFile: boolean;
}

export interface HunkLine {
  mark: ' ' | '-' | '+';
  text: string;
}

export type PatchOperation =
  | { kind: 'add'; path: string; contents: string; patchLine: number }
  | { kind: 'delete'; path: string; patchLine: number }
  | { kind: 'update'; path: string; movePath: string | null; hunks: UpdateHunk[]; patchLine: number };

export type ParsedPatch = { ok: true; operations: PatchOperation[] } | { ok: false; message: string };

export const BEGIN_PATCH = '*** Begin Patch';
export const END_PATCH = '*** End Patch';
const ADD_FILE = '*** Add File: ';
const DELETE_FILE = '*** Delete File: ';
const UPDATE_FILE = '*** Update File: ';
const MOVE_TO = '*** Move to: ';
const END_OF_FILE = '*** End of File';
const VALID_HEADERS = "'*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";

class PatchSyntaxError extends Error {}

function fail(line: number, message: string): never {
  throw new PatchSyntaxError(`line ${line}: ${message}`);
}

/** The lines between the markers, with the patch line number of the first of them. */
function body(text: string): { lines: string[]; firstLine: number } {
  let lines = text
    .trim()
    .split('\n')
    .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  let offset = 1;
  const first = lines[0]?.trim();
  const heredoc = first === "<<'EOF'" || first === '<<EOF' || first === '<<"EOF"';
  if (heredoc && lines.length >= 4 && lines[lines.length - 1]!.trim().endsWith('EOF')) {
    lines = lines.slice(1, -1);
    offset = 2;
  }
  if (lines[0]?.trim() !== BEGIN_PATCH) {
    throw new PatchSyntaxError(`the first line of the patch must be '${BEGIN_PATCH}' (got ${JSON.stringify((lines[0] ?? '').slice(0, 60))})`);
  }
  if (lines.length < 2 || lines[lines.length - 1]!.trim() !== END_PATCH) {
    throw new PatchSyntaxError(`the last line of the patch must be '${END_PATCH}'`);
  }
  return { lines: lines.slice(1, -1), firstLine: offset + 1 };
}

function pathAfter(line: string, marker: string, at: number): string {
  const path = line.trim().slice(marker.length).trim();
  if (path === '') fail(at, `'${marker.trim()}' needs a path`);
  return path;
}

export function parsePatch(text: string): ParsedPatch {
  try {
    return { ok: true, operations: parseOperations(text) };
  } catch (err) {
    if (err instanceof PatchSyntaxError) return { ok: false, message: err.message };
    throw err;
  }
}

function parseOperations(text: string): PatchOperation[] {
  const { lines, firstLine } = body(text);
  const operations: PatchOperation[] = [];
  let i = 0;
  const lineNo = (index: number): number => firstLine + index;
  while (i < lines.length) {
    const raw = lines[i]!;
    const header = raw.trim();
    const at = lineNo(i);
    if (header === '') {
      i++;
      continue;
    }
    if (header.startsWith(ADD_FILE)) {
      const path = pathAfter(raw, ADD_FILE, at);
      i++;
      let contents = '';
      while (i < lines.length && lines[i]!.startsWith('+')) {
        contents += `${lines[i]!.slice(1)}\n`;
        i++;
      }
      operations.push({ kind: 'add', path, contents, patchLine: at });
      continue;
    }
    if (header.startsWith(DELETE_FILE)) {
      operations.push({ kind: 'delete', path: pathAfter(raw, DELETE_FILE, at), patchLine: at });
      i++;
      continue;
    }
    if (header.startsWith(UPDATE_FILE)) {
      const path = pathAfter(raw, UPDATE_FILE, at);
      i++;
      let movePath: string | null = null;
      if (i < lines.length && lines[i]!.trim().startsWith(MOVE_TO)) {
        movePath = pathAfter(lines[i]!, MOVE_TO, lineNo(i));
        i++;
      }
      const hunks: UpdateHunk[] = [];
      while (i < lines.length) {
        const line = lines[i]!;
        if (line.trim() === '') {
          // Blank lines before a hunk separate it; inside a hunk they are context lines.
          i++;
          continue;
        }
        if (line.startsWith('*')) break;
        i = parseHunk(lines, i, lineNo, hunks);
      }
      if (hunks.length === 0) fail(at, `the Update File section for ${path} has no hunks (add @@ followed by lines starting with ' ', '-' or '+')`);
      operations.push({ kind: 'update', path, movePath, hunks, patchLine: at });
      continue;
    }
    fail(at, `'${header.slice(0, 80)}' is not a valid file header. Valid headers: ${VALID_HEADERS}`);
  }
  return operations;
}

/** Parses one hunk starting at lines[start]; returns the index after it. */
function parseHunk(lines: string[], start: number, lineNo: (i: number) => number, hunks: UpdateHunk[]): number {
  let i = start;
  let context: string | null = null;
  const first = lines[i]!;
  if (first.trim() === '@@') {
    i++;
  } else if (first.startsWith('@@ ')) {
    context = first.slice(3);
    i++;
  } else if (hunks.length > 0) {
    fail(lineNo(i), `expected a hunk to start with '@@' (or '@@ context'), got ${JSON.stringify(first.slice(0, 80))}`);
  }
  const hunk: UpdateHunk = { index: hunks.length + 1, patchLine: lineNo(start), context, oldLines: [], newLines: [], ops: [], endOfFile: false };
  let count = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === END_OF_FILE) {
      if (count === 0) fail(lineNo(i), `'${END_OF_FILE}' must follow the lines of a hunk`);
      hunk.endOfFile = true;
      i++;
      break;
    }
    const mark = line.charAt(0);
    if (line === '' || mark === ' ' || mark === '-' || mark === '+') {
      const op: HunkLine = { mark: line === '' ? ' ' : (mark as HunkLine['mark']), text: line.slice(1) };
      hunk.ops.push(op);
      if (op.mark !== '+') hunk.oldLines.push(op.text);
      if (op.mark !== '-') hunk.newLines.push(op.text);
    } else {
      if (count === 0) {
        fail(
          lineNo(i),
          `unexpected line in a hunk: ${JSON.stringify(line.slice(0, 80))}. Every line of a hunk starts with ' ' (context), '-' (removed) or '+' (added)`,
        );
      }
      break; // the next hunk or file header
    }
    count++;
    i++;
  }
  if (count === 0) fail(lineNo(start), 'the hunk has no lines');
  hunks.push(hunk);
  return i;
}
