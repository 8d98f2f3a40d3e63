// What an approval prompt shows besides the call's one-line display: for an edit, the change as a
// diff (from the call's old/new text); for a whole-file write, the start of the new content.
// The tools' argument names are read loosely, so a renamed field only loses the preview. The diff's
// hunk headers give the file's line numbers (where the old text is in the file, when it can be
// read), not the snippet's own 1, 2, ….

/** The 0-based line where `snippet` starts in `text`, or null when it is not there. */
export function lineOffset(text: string, snippet: string): number | null {
  const at = text.indexOf(snippet);
  if (at === -1 || snippet === '') return null;
  let lines = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Shifts the hunk headers of a patch by `offset` lines (both sides). */
function shiftHunks(patch: string, offset: number): string {
  if (offset === 0) return patch;
  return patch.replace(
    /^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@/gm,
    (_m, a: string, b = '', c: string, d = '') => `@@ -${Number(a) + offset}${b} +${Number(c) + offset}${d} @@`,
  );
}
import { createPatch } from 'diff';

export type ApprovalPreview = { kind: 'diff'; body: string } | { kind: 'text'; title: string; body: string } | { kind: 'command'; body: string };

const PAIRS: ReadonlyArray<[string, string]> = [
  ['old_string', 'new_string'],
  ['old_text', 'new_text'],
  ['old', 'new'],
  ['search', 'replace'],
  ['find', 'replace'],
];

function stringField(args: Record<string, unknown>, key: string): string | null {
  const value = args[key];
  return typeof value === 'string' ? value : null;
}

/** `readFile` gives the current text of the file (workspace-relative path), or null. */
export function approvalPreview(args: unknown, readFile?: (path: string) => string | null): ApprovalPreview | null {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return null;
  const record = args as Record<string, unknown>;
  const path = stringField(record, 'path') ?? stringField(record, 'file') ?? stringField(record, 'file_path') ?? 'file';
  for (const [oldKey, newKey] of PAIRS) {
    const before = stringField(record, oldKey);
    const after = stringField(record, newKey);
    if (before === null || after === null) continue;
    const patch = createPatch(path, before.endsWith('\n') ? before : `${before}\n`, after.endsWith('\n') ? after : `${after}\n`, undefined, undefined, {
      context: 2,
    });
    // Keep from the file headers on: the `Index:` and `====` lines add nothing here.
    const current = readFile?.(path) ?? null;
    const offset = current !== null ? (lineOffset(current, before) ?? 0) : 0;
    const body = shiftHunks(patch.slice(Math.max(0, patch.indexOf('---'))), offset);
    return { kind: 'diff', body };
  }
  const content = stringField(record, 'content') ?? stringField(record, 'contents');
  if (content !== null) return { kind: 'text', title: `new content of ${path}`, body: content };
  // A shell command (run_command, the sandbox's "run it outside?"): the user must read all of it.
  const command = stringField(record, 'command');
  if (command !== null) return { kind: 'command', body: command.replace(/\r\n/g, '\n').replace(/\n+$/, '') };
  return null;
}

/** The whole of a call waiting for approval, for Ctrl-O at the prompt: the command, else the arguments. */
export function pendingCallText(args: unknown): string {
  if (args && typeof args === 'object' && !Array.isArray(args)) {
    const command = stringField(args as Record<string, unknown>, 'command');
    if (command !== null) return `$ ${command}`;
  }
  return JSON.stringify(args, null, 2) ?? String(args);
}

/**
 * The first lines of a command that fit in `rows` terminal rows at `columns` (long lines wrap),
 * how many lines are left out, and whether the last line shown had to be cut.
 */
export function commandRows(command: string, columns: number, rows: number): { lines: string[]; omitted: number; cut: boolean } {
  const all = command.split('\n');
  const width = Math.max(10, columns);
  const lines: string[] = [];
  let used = 0;
  for (const line of all) {
    const chars = [...line];
    const needs = Math.max(1, Math.ceil(chars.length / width));
    if (used + needs > rows) {
      // One line longer than the whole budget: show what fits of it.
      if (lines.length === 0) return { lines: [`${chars.slice(0, rows * width - 1).join('')}…`], omitted: all.length - 1, cut: true };
      break;
    }
    lines.push(line);
    used += needs;
  }
  return { lines, omitted: all.length - lines.length, cut: false };
}
