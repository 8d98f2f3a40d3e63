import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { WorkspaceError, WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, tempDir, workspace } from './helpers.js';

function refusal(guard: WorkspaceGuard, path: string, options = {}): string {
  try {
    guard.resolve(path, options);
  } catch (err) {
    expect(err).toBeInstanceOf(WorkspaceError);
    return (err as Error).message;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('WorkspaceGuard', () => {
  it('resolves relative and absolute paths inside the root', () => {
    const { root, guard } = workspace({ 'src/a.js': 'a\n' });
    expect(guard.resolve('src/a.js')).toBe(join(root, 'src/a.js'));
    expect(guard.resolve('./src/../src/a.js')).toBe(join(root, 'src/a.js'));
    expect(guard.resolve(join(root, 'src/a.js'))).toBe(join(root, 'src/a.js'));
    expect(guard.resolve('.')).toBe(root);
    expect(guard.resolve('')).toBe(root);
    expect(guard.resolve('new/dir/file.txt', { forWrite: true })).toBe(join(root, 'new/dir/file.txt'));
    expect(guard.relative(join(root, 'src/a.js'))).toBe('src/a.js');
    expect(guard.relative(root)).toBe('.');
  });

  it('refuses .. and absolute paths outside the root, with a message for the model', () => {
    const { root, guard } = workspace({ 'a.txt': 'a' });
    expect(refusal(guard, '../x')).toBe(`path ../x is outside the workspace ${root}`);
    expect(refusal(guard, '..')).toContain('outside the workspace');
    expect(refusal(guard, 'src/../../x')).toContain('outside the workspace');
    expect(refusal(guard, '/etc/passwd')).toBe(`path /etc/passwd is outside the workspace ${root}`);
    expect(refusal(guard, `${root}-sibling/file`)).toContain('outside the workspace');
  });

  it('realpaths the root itself', () => {
    const real = tempDir();
    const links = tempDir();
    symlinkSync(real, join(links, 'alias'));
    const guard = new WorkspaceGuard(join(links, 'alias'));
    expect(guard.root).toBe(real);
    // An absolute path through the alias is still inside.
    expect(guard.resolve(join(links, 'alias', 'x.txt'), { forWrite: true })).toBe(join(real, 'x.txt'));
  });

  it('refuses a symlink to a file outside (/etc/passwd)', () => {
    const { root, guard } = workspace({ 'a.txt': 'a' });
    symlinkSync('/etc/passwd', join(root, 'passwd'));
    const message = refusal(guard, 'passwd');
    expect(message).toContain('resolves through a symlink to /etc/passwd');
    expect(message).toContain('outside the workspace');
  });

  it('refuses paths through a symlinked directory pointing outside, existing or not', () => {
    const { root, guard } = workspace({ 'a.txt': 'a' });
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(root, 'out'));
    symlinkSync('/etc', join(root, 'etc'));
    expect(refusal(guard, 'out')).toContain('outside the workspace');
    expect(refusal(guard, 'out/secret.txt')).toContain(`resolves through a symlink to ${join(outside, 'secret.txt')}`);
    expect(refusal(guard, 'out/new/file.txt', { forWrite: true })).toContain('outside the workspace');
    expect(refusal(guard, 'etc/hostname')).toContain('outside the workspace');
    // A relative symlink that climbs out.
    mkdirSync(join(root, 'deep'));
    symlinkSync('../../', join(root, 'deep', 'up'));
    expect(refusal(guard, 'deep/up/x')).toContain('outside the workspace');
  });

  it('refuses writing through a dangling symlink that points outside', async () => {
    const { root, guard } = workspace({ 'a.txt': 'a' });
    const outside = tempDir();
    const target = join(outside, 'created-by-agent.txt');
    symlinkSync(target, join(root, 'dangling'));
    expect(refusal(guard, 'dangling', { forWrite: true })).toContain(`resolves through a symlink to ${target}`);
    const result = await run(writeFileTool, { path: 'dangling', content: 'pwned' }, context(guard));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('outside the workspace');
    expect(existsSync(target)).toBe(false);
  });

  it('follows symlinks that stay inside and returns the real path', () => {
    const { root, guard } = workspace({ 'src/real.js': 'x', 'src/sub/b.js': 'y' });
    symlinkSync('real.js', join(root, 'src', 'alias.js'));
    symlinkSync('src/sub', join(root, 'sublink'));
    symlinkSync(join(root, 'src', 'missing.js'), join(root, 'dangling-inside'));
    expect(guard.resolve('src/alias.js')).toBe(join(root, 'src/real.js'));
    expect(guard.resolve('sublink/b.js')).toBe(join(root, 'src/sub/b.js'));
    // `..` after a symlink is applied lexically first: sublink/.. is the root.
    expect(guard.resolve('sublink/../src/real.js')).toBe(join(root, 'src/real.js'));
    expect(guard.resolve('dangling-inside', { forWrite: true })).toBe(join(root, 'src/missing.js'));
  });

  it('refuses symlink loops, NUL bytes, writes into .git and the root, and missing paths when they must exist', () => {
    const { root, guard } = workspace({ 'a.txt': 'a', '.git/config': '[core]\n' });
    symlinkSync('loop2', join(root, 'loop1'));
    symlinkSync('loop1', join(root, 'loop2'));
    expect(refusal(guard, 'loop1/x')).toContain('too many levels of symbolic links');
    expect(refusal(guard, 'a\0b')).toContain('NUL');
    expect(refusal(guard, '.git/hooks/pre-commit', { forWrite: true })).toContain('.git');
    expect(refusal(guard, '.', { forWrite: true })).toContain('workspace root');
    expect(refusal(guard, 'nope.txt', { mustExist: true })).toBe('path nope.txt does not exist');
    expect(guard.resolve('.git/config')).toBe(join(root, '.git/config'));
  });

  it('refuses a root that does not exist', () => {
    expect(() => new WorkspaceGuard('/definitely/not/here')).toThrow(WorkspaceError);
  });
});
