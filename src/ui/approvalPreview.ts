// What an approval prompt shows besides the call's one-line display: for an edit, the change as a
// diff (from the call's old/new text); for a whole-file write, the start of the new content.
// The tools' argument names are read loosely, so a renamed field only loses the preview.
import { createPatch } from 'diff';

export type ApprovalPreview = { kind: 'diff'; body: string } | { kind: 'text'; title: string; body: string };

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

export function approvalPreview(args: unknown): ApprovalPreview | null {
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
    const body = patch.slice(Math.max(0, patch.indexOf('---')));
    return { kind: 'diff', body };
  }
  const content = stringField(record, 'content') ?? stringField(record, 'contents');
  if (content !== null) return { kind: 'text', title: `new content of ${path}`, body: content };
  return null;
}
