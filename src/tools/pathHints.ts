// Messages for paths that do not exist: what the model asked for and what is there instead, so
// its next call can succeed without a separate list_files round trip.
import { readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

import type { WorkspaceGuard } from './WorkspaceGuard.js';

const MAX_SHOWN = 40;

/** `File not found: src/evalutor.js. src/ contains: errors.js, evaluator.js, …` */
export function notFoundMessage(workspace: WorkspaceGuard, given: string, abs: string, what = 'File'): string {
  let dir = dirname(abs);
  while (workspace.contains(dir) && !isDirectory(dir) && dir !== workspace.root) dir = dirname(dir);
  if (!workspace.contains(dir) || !isDirectory(dir)) return `${what} not found: ${given}.`;
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.name !== '.git')
      .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
      .sort();
  } catch {
    return `${what} not found: ${given}.`;
  }
  const rel = workspace.relative(dir);
  const where = rel === '.' ? 'The workspace root' : `${rel}/`;
  if (names.length === 0) return `${what} not found: ${given}. ${where} is empty.`;
  const listed = names.slice(0, MAX_SHOWN).join(', ');
  const more = names.length > MAX_SHOWN ? `, … (${names.length - MAX_SHOWN} more; use list_files)` : '';
  return `${what} not found: ${given}. ${where} contains: ${listed}${more}.`;
}

function isDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
