// Walks the workspace the way list_files and the JS search show it: depth first, entries of a
// directory in byte order, `.git` and `node_modules` skipped, .gitignore'd paths skipped, symlinks
// reported but never followed.
import { readdirSync, type Dirent } from 'node:fs';
import { dirname, join } from 'node:path';

import { ancestorRules, isIgnored, withDirectory, type RuleChain } from './gitignoreRules.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';

/** Never listed or searched unless the model names a path inside them. */
export const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

export interface WalkEntry {
  abs: string;
  /** From the workspace root, forward slashes. */
  rel: string;
  isDirectory: boolean;
  /** A regular file (not a directory, symlink, FIFO, socket or device). */
  isFile: boolean;
  isSymlink: boolean;
  /** 1 for the entries directly inside the start directory. */
  depth: number;
}

export interface WalkOptions {
  /** Deepest level visited (1: only the start directory's entries). */
  maxDepth?: number;
  signal?: AbortSignal;
  /** Called for each entry in order; return false to stop the walk. */
  onEntry(entry: WalkEntry): boolean | void;
}

/**
 * The rules in force for the entries of `start` before its own .gitignore is read: the
 * repository's, then those of every directory from the workspace root down to start's parent.
 */
function chainFor(workspace: WorkspaceGuard, start: string): RuleChain {
  const ancestors: string[] = [];
  if (start !== workspace.root) {
    for (let d = dirname(start); workspace.contains(d); d = dirname(d)) {
      ancestors.unshift(d);
      if (d === workspace.root) break;
    }
  }
  let chain = ancestorRules(workspace.root);
  for (const d of [...ancestors, start]) {
    // A path the model named explicitly is walked even when it is ignored (as ripgrep does);
    // then only the .gitignore files from there down apply.
    if (d !== workspace.root && isIgnored(chain, d, true)) chain = [];
    if (d !== start) chain = withDirectory(chain, d);
  }
  return chain;
}

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Directories are read synchronously (several times faster than the thread pool for many small
 * reads) in slices: after this much work the walk yields, so the UI stays responsive.
 */
const SLICE_MS = 15;
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Walks the directory `start` (absolute, inside the workspace). Returns false if stopped early. */
export async function walkWorkspace(workspace: WorkspaceGuard, start: string, options: WalkOptions): Promise<boolean> {
  const maxDepth = options.maxDepth ?? Infinity;
  let sliceStart = Date.now();
  const visit = async (dir: string, depth: number, inherited: RuleChain): Promise<boolean> => {
    if (Date.now() - sliceStart > SLICE_MS) {
      await yieldToEventLoop();
      sliceStart = Date.now();
    }
    if (options.signal?.aborted) return false;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return true; // unreadable directory: skip it, as git and ripgrep do
    }
    entries.sort(byName);
    const chain = entries.some((e) => e.name === '.gitignore') ? withDirectory(inherited, dir) : inherited;
    for (const entry of entries) {
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const abs = join(dir, entry.name);
      const isDirectory = entry.isDirectory();
      if (isIgnored(chain, abs, isDirectory)) continue;
      const rel = workspace.relative(abs);
      const walkEntry: WalkEntry = { abs, rel, isDirectory, isFile: entry.isFile(), isSymlink: entry.isSymbolicLink(), depth };
      if (options.onEntry(walkEntry) === false) return false;
      if (isDirectory && depth < maxDepth) {
        if (!(await visit(abs, depth + 1, chain))) return false;
      }
    }
    return true;
  };
  const inherited = chainFor(workspace, start);
  return visit(start, 1, inherited);
}
