// The text of a workspace file for the approval preview's line numbers (read-only, small files only;
// anything unreadable is null and the preview falls back to the snippet's own numbering).
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

const MAX_BYTES = 2_000_000;

export function readWorkspaceText(root: string, path: string): string | null {
  try {
    const abs = isAbsolute(path) ? path : resolve(root, path);
    if (statSync(abs).size > MAX_BYTES) return null;
    return readFileSync(abs, 'utf8');
  } catch {
    return null;
  }
}
