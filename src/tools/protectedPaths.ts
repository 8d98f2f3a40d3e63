// wsagent's own settings inside the repository (`.wsagent/`, at any depth: the nearest one from
// the working directory counts) decide what later sessions run, outside any sandbox: their MCP
// servers and, later, hooks and command rules. So the file tools never write there on the
// model's say-so alone: every such call asks, in every approval mode (full-auto and --yolo
// included), and where no one can answer it is refused. Commands cannot write there either: the
// sandbox mounts `.wsagent/` read-only, as it does `.git/`.
import { sep } from 'node:path';

import type { WorkspaceGuard } from './WorkspaceGuard.js';

/** Directory names whose contents no tool changes without an explicit approval. */
export const PROTECTED_DIRS: readonly string[] = ['.wsagent'];

/** The workspace-relative forms of those real paths (inside the workspace) that lie in a protected directory. */
export function protectedPaths(workspace: WorkspaceGuard, realPaths: readonly string[]): string[] {
  return realPaths
    .filter((path) => workspace.contains(path))
    .map((path) => workspace.relative(path))
    .filter((rel) => rel.split(sep === '/' ? '/' : /[\\/]/).some((part) => PROTECTED_DIRS.includes(part)));
}

const listed = (paths: readonly string[]): string => paths.join(', ');

/** Why the call asks (the approval prompt shows it). */
export function protectedReason(toolName: string, paths: readonly string[]): string {
  return (
    `${toolName} would change ${listed(paths)}: wsagent's settings for this repository, which decide what later sessions run ` +
    'outside the sandbox (MCP servers), so this always asks, in every approval mode'
  );
}

/** What the model and the user are told when no one can answer. */
export function protectedRefusal(toolName: string, paths: readonly string[]): string {
  return (
    `${toolName} was not run: it would change ${listed(paths)}, wsagent's settings for this repository, which always needs ` +
    "the user's explicit approval (in every approval mode), and no one is here to answer. Tell the user what to change there instead."
  );
}
