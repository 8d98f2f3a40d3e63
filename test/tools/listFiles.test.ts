import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { listFilesTool } from '../../src/tools/listFiles.js';
import { context, gitInit, run, tempDir, workspace, writeFiles } from './helpers.js';

const list = (guard: Parameters<typeof context>[0], path: string | null = null, depth: number | null = null) =>
  run(listFilesTool, { path, depth }, context(guard));

describe('list_files', () => {
  it('lists calc-js exactly like the scenario sample', async () => {
    const root = tempDir();
    cpSync(join(process.cwd(), 'fixtures/repos/calc-js'), root, { recursive: true });
    gitInit(root);
    const { WorkspaceGuard } = await import('../../src/tools/WorkspaceGuard.js');
    const result = await list(new WorkspaceGuard(root), null, 2);
    expect(result.ok).toBe(true);
    expect(result.output).toBe(
      [
        '.gitignore',
        'AGENTS.md',
        'CHANGELOG.md',
        'README.md',
        'package.json',
        'src/',
        'src/errors.js',
        'src/evaluator.js',
        'src/format.js',
        'src/functions.js',
        'src/index.js',
        'src/parser.js',
        'src/tokenizer.js',
        'test/',
        'test/evaluate.test.js',
        'test/format.test.js',
        'test/functions.test.js',
        'test/parser.test.js',
        'test/tokenizer.test.js',
      ].join('\n'),
    );
  });

  it('limits depth and lists a subdirectory with paths from the root', async () => {
    const { guard } = workspace({ 'a/b/c/d.txt': 'd', 'a/top.txt': 't', 'z.txt': 'z' });
    expect((await list(guard, null, 1)).output).toBe('a/\nz.txt');
    expect((await list(guard, null, null)).output).toBe('a/\na/b/\na/top.txt\nz.txt');
    expect((await list(guard, 'a/b', 5)).output).toBe('a/b/c/\na/b/c/d.txt');
  });

  it('skips .git, node_modules and everything .gitignore excludes, nested rules and negations included', async () => {
    const { root, guard } = workspace({
      '.gitignore': 'dist/\n*.log\n!keep.log\n/only-root.txt\n',
      'dist/bundle.js': 'x',
      'node_modules/pkg/index.js': 'x',
      'app.log': 'x',
      'keep.log': 'x',
      'only-root.txt': 'x',
      'src/only-root.txt': 'x',
      'src/.gitignore': 'generated/\n',
      'src/generated/g.js': 'x',
      'src/main.js': 'x',
      '.env.example': 'x',
    });
    gitInit(root, false);
    writeFileSync(join(root, '.git', 'info', 'exclude'), 'secret.txt\n');
    writeFileSync(join(root, 'secret.txt'), 'x');
    const result = await list(guard, null, 5);
    expect(result.output).toBe(['.env.example', '.gitignore', 'keep.log', 'src/', 'src/.gitignore', 'src/main.js', 'src/only-root.txt'].join('\n'));
  });

  it('lists an ignored directory when asked for it explicitly', async () => {
    const { guard } = workspace({ '.gitignore': 'dist/\n', 'dist/a.js': 'a', 'dist/sub/b.js': 'b', 'node_modules/p/i.js': 'i' });
    expect((await list(guard, 'dist', 3)).output).toBe('dist/a.js\ndist/sub/\ndist/sub/b.js');
    expect((await list(guard, 'node_modules', 3)).output).toBe('node_modules/p/\nnode_modules/p/i.js');
  });

  it('shows symlinks with their target and does not follow them', async () => {
    const { root, guard } = workspace({ 'real/a.txt': 'a' });
    symlinkSync('/etc', join(root, 'etc-link'));
    symlinkSync('real/a.txt', join(root, 'alias.txt'));
    expect((await list(guard, null, 3)).output).toBe('alias.txt -> real/a.txt\netc-link -> /etc\nreal/\nreal/a.txt');
  });

  it('caps the number of entries with a note', async () => {
    const { root, guard } = workspace();
    mkdirSync(join(root, 'many'));
    for (let i = 0; i < 1200; i++) writeFileSync(join(root, 'many', `f${String(i).padStart(4, '0')}.txt`), '');
    const lines = (await list(guard, null, 2)).output.split('\n');
    expect(lines).toHaveLength(1001);
    expect(lines[1000]).toBe('[… showing the first 1000 entries; 201 more not shown. List a subdirectory (path) or use a smaller depth.]');
  });

  it('explains files, missing paths, empty directories and paths outside', async () => {
    const { root, guard } = workspace({ 'a.txt': 'a', 'src/x.js': 'x' });
    mkdirSync(join(root, 'empty'));
    writeFiles(root, { 'ignored/.gitignore': '*\n' });
    expect(await list(guard, 'a.txt')).toEqual({ ok: false, output: 'a.txt is a file, not a directory. Use read_file to read it.' });
    expect((await list(guard, 'sr')).output).toBe('Directory not found: sr. The workspace root contains: a.txt, empty/, ignored/, src/.');
    expect((await list(guard, 'empty')).output).toBe('[empty is empty (or everything in it is ignored)]');
    const outside = await list(guard, '..');
    expect(outside.ok).toBe(false);
    expect(outside.output).toContain('outside the workspace');
  });
});
