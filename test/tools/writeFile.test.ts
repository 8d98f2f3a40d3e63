import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, tempDir, workspace } from './helpers.js';

describe('write_file', () => {
  it('creates a file and its parent directories, with a diff from /dev/null', async () => {
    const { root, guard } = workspace();
    const result = await run(writeFileTool, { path: 'src/deep/new.js', content: 'a\nb\n' }, context(guard));
    expect(result).toEqual({
      ok: true,
      output: 'Created src/deep/new.js (2 lines, 4 bytes).',
      diff: '--- /dev/null\n+++ b/src/deep/new.js\n@@ -0,0 +1,2 @@\n+a\n+b\n',
      changedPaths: ['src/deep/new.js'],
    });
    expect(readFileSync(join(root, 'src/deep/new.js'), 'utf8')).toBe('a\nb\n');
  });

  it('replaces an existing file exactly (CRLF, unicode, no final newline) and diffs against the old content', async () => {
    const { root, guard } = workspace({ 'a.txt': 'old\n' });
    const content = 'héllo 👋\r\nline two';
    const result = await run(writeFileTool, { path: 'a.txt', content }, context(guard));
    expect(result.output).toBe(`Wrote a.txt (2 lines, ${Buffer.byteLength(content)} bytes), replacing its previous content.`);
    expect(result.diff).toContain('-old');
    expect(result.diff).toContain('+héllo 👋');
    expect(readFileSync(join(root, 'a.txt')).equals(Buffer.from(content))).toBe(true);
    const same = await run(writeFileTool, { path: 'a.txt', content }, context(guard));
    expect(same.output).toContain('it already had exactly this content');
  });

  it('writes an empty file', async () => {
    const { root, guard } = workspace();
    const result = await run(writeFileTool, { path: 'empty', content: '' }, context(guard));
    expect(result.output).toBe('Created empty (0 lines, 0 bytes).');
    expect(readFileSync(join(root, 'empty'), 'utf8')).toBe('');
  });

  it('refuses directories, paths under a file, outside paths and .git', async () => {
    const { root, guard } = workspace({ 'file.txt': 'x', '.git/HEAD': 'ref: refs/heads/main\n' });
    mkdirSync(join(root, 'dir'));
    const ctx = context(guard);
    expect((await run(writeFileTool, { path: 'dir', content: 'x' }, ctx)).output).toBe('dir is a directory; write_file needs a file path.');
    expect((await run(writeFileTool, { path: 'file.txt/child', content: 'x' }, ctx)).output).toBe(
      'Cannot create file.txt/child: a parent of it is a file, not a directory.',
    );
    const outside = await run(writeFileTool, { path: '../escape.txt', content: 'x' }, ctx);
    expect(outside.ok).toBe(false);
    expect(outside.output).toContain('outside the workspace');
    expect(existsSync(join(root, '..', 'escape.txt'))).toBe(false);
    const hook = await run(writeFileTool, { path: '.git/hooks/pre-commit', content: '#!/bin/sh' }, ctx);
    expect(hook.output).toContain('inside a .git directory');
  });

  it('does not create directories through a symlink that points outside', async () => {
    const { root, guard } = workspace();
    const outside = tempDir();
    symlinkSync(outside, join(root, 'link'));
    const result = await run(writeFileTool, { path: 'link/sub/file.txt', content: 'x' }, context(guard));
    expect(result.ok).toBe(false);
    expect(existsSync(join(outside, 'sub'))).toBe(false);
  });
});
