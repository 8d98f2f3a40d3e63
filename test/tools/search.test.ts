import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createSearchTool, type SearchEngineChoice } from '../../src/tools/search.js';
import { ripgrepAvailable } from '../../src/tools/searchRipgrep.js';
import { context, gitInit, run, workspace } from './helpers.js';

const hasRipgrep = await ripgrepAvailable();
if (!hasRipgrep) console.log('[search.test] ripgrep (rg) is not installed: skipping the ripgrep engine tests');

const FILES = {
  '.gitignore': 'dist/\n*.log\n',
  'src/a.js': 'const alpha = 1;\nfunction foo() {\n  return alpha;\n}\n',
  'src/b.ts': 'export const beta = "Alpha";\n',
  'src/nested/c.js': 'foo(alpha);\r\nbar();\r\n',
  'test/a.test.js': "test('alpha', () => foo());\n",
  'dist/bundle.js': 'alpha everywhere\n',
  'debug.log': 'alpha in a log\n',
  'node_modules/pkg/index.js': 'alpha in a dependency\n',
  '.hidden/config.js': 'const alpha = "hidden";\n',
  'bin.dat': Buffer.from('alpha\0binary\n'),
  'README.md': 'Alpha and alpha.\n',
};

const engines: SearchEngineChoice[] = ['js', 'ripgrep'];

describe.each(engines)('search (%s engine)', (engine) => {
  const skip = engine === 'ripgrep' && !hasRipgrep;
  const tool = createSearchTool({ engine });
  const search = async (guard: Parameters<typeof context>[0], pattern: string, path: string | null = null, glob: string | null = null) =>
    run(tool, { pattern, path, glob }, context(guard));

  it.skipIf(skip)('prints path:line:text in path order, skipping ignored, binary, .git and node_modules files', async () => {
    const { guard } = workspace(FILES, true);
    const result = await search(guard, 'alpha');
    expect(result).toEqual({
      ok: true,
      output: [
        '.hidden/config.js:1:const alpha = "hidden";',
        'README.md:1:Alpha and alpha.',
        'src/a.js:1:const alpha = 1;',
        'src/a.js:3:  return alpha;',
        'src/nested/c.js:1:foo(alpha);',
        "test/a.test.js:1:test('alpha', () => foo());",
      ].join('\n'),
    });
  });

  it.skipIf(skip)('respects .gitignore without a git repository too, nested ones included', async () => {
    const { guard } = workspace({ ...FILES, 'src/.gitignore': 'nested/\n' }, false);
    const result = await search(guard, 'alpha', 'src');
    expect(result.output).toBe('src/a.js:1:const alpha = 1;\nsrc/a.js:3:  return alpha;');
  });

  it.skipIf(skip)('limits to a path, a single file, or a glob (names or paths, negated)', async () => {
    const { guard } = workspace(FILES, true);
    expect((await search(guard, 'foo', 'src')).output).toBe('src/a.js:2:function foo() {\nsrc/nested/c.js:1:foo(alpha);');
    expect((await search(guard, 'foo', 'src/nested/c.js')).output).toBe('src/nested/c.js:1:foo(alpha);');
    expect((await search(guard, 'alpha', null, '*.ts')).output).toBe('No matches found.');
    expect((await search(guard, '(?i)alpha', null, '*.ts')).output).toBe('src/b.ts:1:export const beta = "Alpha";');
    expect((await search(guard, 'foo', null, 'src/**/*.js')).output).toBe('src/a.js:2:function foo() {\nsrc/nested/c.js:1:foo(alpha);');
    expect((await search(guard, 'foo', null, '*.{ts,md}')).output).toBe('No matches found.');
    expect((await search(guard, 'foo', null, '!*.test.js')).output).toBe('src/a.js:2:function foo() {\nsrc/nested/c.js:1:foo(alpha);');
  });

  it.skipIf(skip)('searches an ignored directory when it is named explicitly', async () => {
    const { guard } = workspace(FILES, true);
    expect((await search(guard, 'alpha', 'dist')).output).toBe('dist/bundle.js:1:alpha everywhere');
    expect((await search(guard, 'alpha', 'node_modules')).output).toBe('node_modules/pkg/index.js:1:alpha in a dependency');
  });

  it.skipIf(skip)('stops at the match limit with a note', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `match ${i + 1}`).join('\n');
    const { guard } = workspace({ 'many.txt': lines, 'more.txt': 'match again\n' });
    const limited = createSearchTool({ engine, maxMatches: 5 });
    const result = await run(limited, { pattern: 'match', path: null, glob: null }, context(guard));
    expect(result.output).toBe(
      [
        'many.txt:1:match 1',
        'many.txt:2:match 2',
        'many.txt:3:match 3',
        'many.txt:4:match 4',
        'many.txt:5:match 5',
        '[… stopped after 5 matches; there are more. Narrow the search with path, glob or a more specific pattern.]',
      ].join('\n'),
    );
  });

  it.skipIf(skip)('cuts very long lines', async () => {
    const { guard } = workspace({ 'min.js': `var x="${'y'.repeat(5000)}";needle\n` });
    const result = await search(guard, 'needle');
    expect(result.output.startsWith('min.js:1:var x="yyy')).toBe(true);
    expect(result.output.endsWith('… [line cut]')).toBe(true);
    expect(result.output.length).toBeLessThan(450);
  });

  it.skipIf(skip)('explains invalid patterns, missing paths and paths outside the workspace', async () => {
    const { guard } = workspace(FILES);
    const bad = await search(guard, 'foo(');
    expect(bad.ok).toBe(false);
    expect(bad.output).toMatch(/^Invalid regular expression "foo\(":/);
    expect(bad.output).toContain('Escape characters such as');
    const missing = await search(guard, 'x', 'srx');
    expect(missing.output).toBe(
      'Path not found: srx. The workspace root contains: .gitignore, .hidden/, README.md, bin.dat, debug.log, dist/, node_modules/, src/, test/.',
    );
    const outside = await search(guard, 'root', '/etc');
    expect(outside.ok).toBe(false);
    expect(outside.output).toContain('outside the workspace');
  });

  it.skipIf(skip)('skips FIFOs instead of blocking on them', async () => {
    const { root, guard } = workspace({ 'a.txt': 'needle\n' });
    execFileSync('mkfifo', [join(root, 'pipe')]);
    expect((await search(guard, 'needle')).output).toBe('a.txt:1:needle');
  });

  it.skipIf(skip)('does not follow symlinks out of the workspace', async () => {
    const { root, guard } = workspace({ 'a.txt': 'nothing\n' });
    symlinkSync('/etc', join(root, 'etc'));
    expect((await search(guard, 'root')).output).toBe('No matches found.');
  });
});

describe('search engines agree', () => {
  it.skipIf(!hasRipgrep)('ripgrep and the JS fallback give identical output on the same tree', async () => {
    const { root, guard } = workspace(FILES, true);
    gitInit(root, false);
    writeFileSync(join(root, 'src', 'tabs.js'), '\tif (!value) {\n\t\treturn;\n\t}\n');
    const patterns: [string, string | null, string | null][] = [
      ['alpha', null, null],
      ['if \\(!\\w+\\)', 'src', '*.js'],
      ['^\\s+return', null, null],
      ['a(l|x)pha\\b', null, '!*.md'],
      ['nothing-matches-this', null, null],
    ];
    for (const [pattern, path, glob] of patterns) {
      const js = await run(createSearchTool({ engine: 'js' }), { pattern, path, glob }, context(guard));
      const rg = await run(createSearchTool({ engine: 'ripgrep' }), { pattern, path, glob }, context(guard));
      expect(rg, pattern).toEqual(js);
    }
  });

  it.skipIf(!hasRipgrep)('falls back to JavaScript for patterns ripgrep cannot parse (look-around)', async () => {
    const { guard } = workspace({ 'a.js': 'foo1\nfoobar\nfoo2\n' });
    const result = await run(createSearchTool({ engine: 'ripgrep' }), { pattern: 'foo(?!bar)', path: null, glob: null }, context(guard));
    expect(result.output).toBe('a.js:1:foo1\na.js:3:foo2');
  });
});
