// Shared test helpers for the workspace tools: temporary workspaces (optionally git
// repositories), a ToolContext, and running a tool the way the agent does (validate, execute).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { afterAll } from 'vitest';

import type { Tool, ToolContext, ToolResult } from '../../src/tools/types.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory (real path), removed after the test file. */
export function tempDir(prefix = 'wsagent-tools-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) under `root`, creating directories. */
export function writeFiles(root: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(root, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

export function git(root: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Makes `root` a git repository on branch main with a local identity; commits when asked. */
export function gitInit(root: string, commit = true): void {
  git(root, 'init', '-q');
  git(root, 'symbolic-ref', 'HEAD', 'refs/heads/main');
  git(root, 'config', 'user.name', 'wsagent tests');
  git(root, 'config', 'user.email', 'tests@example.com');
  git(root, 'config', 'commit.gpgsign', 'false');
  if (commit) {
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-verify', '--allow-empty', '-m', 'initial');
  }
}

/** A temporary workspace with `files`, as a git repository when `repo` is true. */
export function workspace(files: Record<string, string | Buffer> = {}, repo = false): { root: string; guard: WorkspaceGuard } {
  const root = tempDir();
  writeFiles(root, files);
  if (repo) gitInit(root);
  return { root, guard: new WorkspaceGuard(root) };
}

export function context(guard: WorkspaceGuard, extra: Partial<ToolContext> = {}): ToolContext {
  return { workspace: guard, signal: new AbortController().signal, ...extra };
}

/** Validates `args` with the tool and executes it; a validation failure fails the test. */
export async function run<A>(tool: Tool<A>, args: unknown, ctx: ToolContext): Promise<ToolResult> {
  const validation = tool.validate(args);
  if (!validation.ok) throw new Error(`unexpected validation failure: ${validation.message}`);
  return tool.execute(validation.args, ctx);
}

/** The validation message for `args` (fails the test when they are valid). */
export function rejection(tool: Tool<unknown>, args: unknown): string {
  const validation = tool.validate(args);
  if (validation.ok) throw new Error(`expected ${JSON.stringify(args)} to be rejected`);
  return validation.message;
}

export function hasCommand(command: string, args = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
