// How a wsagent tool call looks to an editor: its ACP kind (the icon and grouping the editor
// shows), the files it touches as locations (the editor can follow the agent), and a change as
// `diff` content (old and new text per file) instead of a unified diff.
import type { ToolCallContent, ToolCallLocation, ToolKind } from '@agentclientprotocol/sdk';
import { parsePatch } from 'diff';
import { isAbsolute, join } from 'node:path';

const KINDS: Record<string, ToolKind> = {
  read_file: 'read',
  list_files: 'read',
  view_image: 'read',
  git_status: 'read',
  git_diff: 'read',
  search: 'search',
  edit_file: 'edit',
  write_file: 'edit',
  apply_patch: 'edit',
  run_command: 'execute',
  run_tests: 'execute',
  update_plan: 'think',
  spawn_agents: 'think',
  web_search: 'fetch',
};

export function toolKind(name: string): ToolKind {
  return KINDS[name] ?? 'other';
}

type Args = Record<string, unknown>;

function argsOf(args: unknown): Args {
  return typeof args === 'object' && args !== null ? (args as Args) : {};
}

/** The workspace-relative paths named in an apply_patch patch, in order. */
function patchPaths(patch: string): string[] {
  const paths: string[] = [];
  for (const m of patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$|^\*\*\* Move to: (.+)$/gm)) paths.push((m[1] ?? m[2] ?? '').trim());
  return paths.filter(Boolean);
}

function absolute(root: string, path: string): string {
  return isAbsolute(path) ? path : join(root, path);
}

/** The files a call reads or changes (line: where a ranged read starts). */
export function toolLocations(name: string, args: unknown, root: string): ToolCallLocation[] {
  const a = argsOf(args);
  if (name === 'apply_patch' && typeof a.input === 'string') return patchPaths(a.input).map((p) => ({ path: absolute(root, p) }));
  if (typeof a.path !== 'string' || a.path === '') return [];
  const line = typeof a.start_line === 'number' ? a.start_line : null;
  return [{ path: absolute(root, a.path), ...(line !== null && { line }) }];
}

/** The change a call asks to make, for the permission request, from its arguments alone. */
export function proposedDiff(name: string, args: unknown, root: string, unified?: string): ToolCallContent[] {
  const a = argsOf(args);
  if (unified) return diffContent(unified, root);
  if (name === 'edit_file' && typeof a.path === 'string' && typeof a.old_string === 'string' && typeof a.new_string === 'string') {
    return [{ type: 'diff', path: absolute(root, a.path), oldText: a.old_string, newText: a.new_string }];
  }
  if (name === 'write_file' && typeof a.path === 'string' && typeof a.content === 'string') {
    return [{ type: 'diff', path: absolute(root, a.path), oldText: null, newText: a.content }];
  }
  return [];
}

/**
 * A unified diff (`--- a/x`, `+++ b/x`, hunks) as one `diff` content per file: the old and new text
 * of its hunks (context lines included), hunks apart joined by an empty line. A new file has no
 * old text; a deleted file an empty new text.
 */
export function diffContent(unified: string, root: string): ToolCallContent[] {
  const out: ToolCallContent[] = [];
  let files: ReturnType<typeof parsePatch>;
  try {
    files = parsePatch(unified);
  } catch {
    return []; // shown as text instead
  }
  for (const file of files) {
    const oldName = file.oldFileName ?? '/dev/null';
    const newName = file.newFileName ?? '/dev/null';
    const name = newName === '/dev/null' ? oldName : newName;
    if (name === '/dev/null' || name === undefined) continue;
    const path = absolute(root, name.replace(/^[ab]\//, ''));
    const oldParts: string[] = [];
    const newParts: string[] = [];
    for (const hunk of file.hunks) {
      oldParts.push(
        hunk.lines
          .filter((l) => l[0] !== '+' && l[0] !== '\\')
          .map((l) => l.slice(1))
          .join('\n'),
      );
      newParts.push(
        hunk.lines
          .filter((l) => l[0] !== '-' && l[0] !== '\\')
          .map((l) => l.slice(1))
          .join('\n'),
      );
    }
    out.push({ type: 'diff', path, oldText: oldName === '/dev/null' ? null : oldParts.join('\n\n'), newText: newParts.join('\n\n') });
  }
  return out;
}
