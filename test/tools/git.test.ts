import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { gitDiffTool } from '../../src/tools/gitDiff.js';
import { gitStatusTool } from '../../src/tools/gitStatus.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { context, git, run, workspace, writeFiles } from './helpers.js';

describe('git_status', () => {
  it('prints git status --short --branch', async () => {
    const { root, guard } = workspace({ 'a.txt': 'a\n', 'b.txt': 'b\n' }, true);
    expect(await run(gitStatusTool, {}, context(guard))).toEqual({ ok: true, output: '## main' });
    writeFileSync(join(root, 'a.txt'), 'changed\n');
    writeFileSync(join(root, 'café.txt'), 'n\n');
    git(root, 'rm', '-q', 'b.txt');
    expect((await run(gitStatusTool, {}, context(guard))).output).toBe('## main\n M a.txt\nD  b.txt\n?? café.txt');
  });

  it('stays inside a workspace that is a subdirectory of a repository', async () => {
    const { root } = workspace({ 'pkg/a.txt': 'a\n', 'other/b.txt': 'b\n' }, true);
    writeFileSync(join(root, 'pkg/a.txt'), 'changed\n');
    writeFileSync(join(root, 'other/b.txt'), 'changed\n');
    const guard = new WorkspaceGuard(join(root, 'pkg'));
    expect((await run(gitStatusTool, {}, context(guard))).output).toBe('## main\n M a.txt');
  });

  it('says when the workspace is not a git repository', async () => {
    const { guard } = workspace({ 'a.txt': 'a' });
    const result = await run(gitStatusTool, {}, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toBe(
      `The workspace ${guard.root} is not a git repository, so there is no git status or diff. Use list_files and read_file to see its files.`,
    );
  });
});

describe('git_diff', () => {
  it('shows unstaged changes, staged ones, one path, and lists untracked files', async () => {
    const { root, guard } = workspace({ 'a.txt': 'one\ntwo\n', 'src/b.txt': 'b\n' }, true);
    const ctx = context(guard);
    expect(await run(gitDiffTool, { path: null, staged: null }, ctx)).toEqual({ ok: true, output: 'No changes.' });

    writeFileSync(join(root, 'a.txt'), 'one\nTWO\n');
    writeFileSync(join(root, 'src/b.txt'), 'B\n');
    writeFileSync(join(root, 'untracked.txt'), 'u\n');
    const all = await run(gitDiffTool, { path: null, staged: null }, ctx);
    expect(all.output).toMatch(
      /^diff --git a\/a\.txt b\/a\.txt\nindex [0-9a-f]+\.\.[0-9a-f]+ 100644\n--- a\/a\.txt\n\+\+\+ b\/a\.txt\n@@ -1,2 \+1,2 @@\n one\n-two\n\+TWO\n/,
    );
    expect(all.output).toContain('diff --git a/src/b.txt b/src/b.txt');
    expect(all.output.endsWith('\n[Untracked files, not in the diff: untracked.txt]')).toBe(true);

    const one = await run(gitDiffTool, { path: 'src/b.txt', staged: false }, ctx);
    expect(one.output).not.toContain('a.txt');
    expect(one.output).toContain('+B');

    git(root, 'add', 'a.txt');
    const staged = await run(gitDiffTool, { path: null, staged: true }, ctx);
    expect(staged.output).toContain('+TWO');
    expect(staged.output).not.toContain('src/b.txt');
    expect(staged.output).not.toContain('Untracked');
    const unstagedA = await run(gitDiffTool, { path: 'a.txt', staged: null }, ctx);
    expect(unstagedA.output).toBe('No changes. There are staged changes: call git_diff with staged true to see them.');
  });

  it('refuses paths outside the workspace and explains a missing repository', async () => {
    const { guard } = workspace({ 'a.txt': 'a' }, true);
    const outside = await run(gitDiffTool, { path: '../x', staged: null }, context(guard));
    expect(outside.ok).toBe(false);
    expect(outside.output).toContain('outside the workspace');
    const plain = workspace({ 'a.txt': 'a' });
    expect((await run(gitDiffTool, { path: null, staged: null }, context(plain.guard))).output).toContain('is not a git repository');
  });

  it('cuts very large diffs and lists the changed files', async () => {
    const { root, guard } = workspace({ 'big.txt': 'x\n', 'small.txt': 's\n' }, true);
    writeFiles(root, { 'big.txt': Array.from({ length: 20000 }, (_, i) => `line ${i}`).join('\n'), 'small.txt': 'S\n' });
    const result = await run(gitDiffTool, { path: null, staged: null }, context(guard));
    expect(Buffer.byteLength(result.output)).toBeLessThan(70 * 1024);
    expect(result.output).toMatch(/\[… diff cut at 64 KB of \d+ KB; pass path to see one file\.\]\nAll changed files:\n big\.txt/);
    expect(result.output).toContain('small.txt');
  });
});
