// Small pieces every tool uses: failing with a message for the model, and resolving a path
// through the WorkspaceGuard without letting its error escape as an exception.
import type { ToolResult } from './types.js';
import { WorkspaceError, type ResolveOptions, type WorkspaceGuard } from './WorkspaceGuard.js';

export function failure(output: string): ToolResult {
  return { ok: false, output };
}

export type Resolved = { ok: true; abs: string; rel: string } | { ok: false; result: ToolResult };

export function resolvePath(workspace: WorkspaceGuard, path: string, options: ResolveOptions = {}): Resolved {
  try {
    const abs = workspace.resolve(path, options);
    // A read-only root lies outside the workspace: shown by its absolute path, not as ../../…
    return { ok: true, abs, rel: workspace.contains(abs) ? workspace.relative(abs) : abs };
  } catch (err) {
    if (err instanceof WorkspaceError) return { ok: false, result: failure(capitalize(err.message)) };
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, result: failure(`Cannot resolve path ${path}: ${message}`) };
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "1 line", "3 lines". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line of a possibly multi-line string, cut to `max` characters (for display forms). */
export function oneLine(text: string, max = 80): string {
  const first = text.split('\n', 1)[0] ?? '';
  const more = first.length < text.length;
  if (first.length > max) return `${first.slice(0, max - 1)}…`;
  return more ? `${first} …` : first;
}

/** The error message of whatever was thrown. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
