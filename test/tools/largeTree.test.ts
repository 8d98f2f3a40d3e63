// search and list_files on a 10,000-file tree: 8,000 files to find, plus a gitignored directory
// of 2,000 more that must never show up. Correctness only; no timing assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { listFilesTool } from '../../src/tools/listFiles.js';
import { createSearchTool, type SearchEngineChoice } from '../../src/tools/search.js';
import { ripgrepAvailable } from '../../src/tools/searchRipgrep.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { context, gitInit, run, tempDir } from './helpers.js';

const PACKAGES = 40;
const MODULES = 10;
const FILES = 20;
const IGNORED = 2000;

const pad = (n: number): string => String(n).padStart(2, '0');
const relPath = (p: number, m: number, f: number): string => `pkg${pad(p)}/mod${m}/file${pad(f)}.js`;

/** Generates the tree; every 100th visible file holds a needle. Returns the expected matches. */
function generate(root: string): string[] {
  const expected: string[] = [];
  writeFileSync(join(root, '.gitignore'), 'generated/\n');
  let index = 0;
  for (let p = 0; p < PACKAGES; p++) {
    for (let m = 0; m < MODULES; m++) {
      mkdirSync(join(root, `pkg${pad(p)}`, `mod${m}`), { recursive: true });
      for (let f = 0; f < FILES; f++, index++) {
        const needle = index % 100 === 0;
        const lines = [`// ${relPath(p, m, f)}`, `export const value${index} = ${index};`];
        if (needle) lines.push(`export const needle = 'found ${index}';`);
        writeFileSync(join(root, relPath(p, m, f)), `${lines.join('\n')}\n`);
        if (needle) expected.push(`${relPath(p, m, f)}:3:export const needle = 'found ${index}';`);
      }
    }
  }
  mkdirSync(join(root, 'generated'));
  for (let i = 0; i < IGNORED; i++) {
    writeFileSync(join(root, 'generated', `gen${i}.js`), `export const needle = 'ignored ${i}';\n`);
  }
  return expected;
}

let root = '';
let guard: WorkspaceGuard;
let expectedMatches: string[] = [];
const hasRipgrep = await ripgrepAvailable();
if (!hasRipgrep) console.log('[largeTree.test] ripgrep (rg) is not installed: skipping the ripgrep engine on the large tree');

beforeAll(() => {
  root = tempDir('wsagent-large-');
  gitInit(root, false);
  expectedMatches = generate(root);
  guard = new WorkspaceGuard(root);
}, 300_000);

describe('a 10,000-file tree with a 2,000-file ignored directory', () => {
  it.each<SearchEngineChoice>(['ripgrep', 'js'])('search (%s) finds every match and nothing ignored', async (engine) => {
    if (engine === 'ripgrep' && !hasRipgrep) return;
    const tool = createSearchTool({ engine });
    const result = await run(tool, { pattern: "needle = '\\w+ \\d+'", path: null, glob: null }, context(guard));
    expect(expectedMatches).toHaveLength(80);
    expect(result).toEqual({ ok: true, output: expectedMatches.join('\n') });

    const scoped = await run(tool, { pattern: 'value1[0-9]{3}\\b', path: 'pkg05', glob: 'pkg05/mod[0-4]/*.js' }, context(guard));
    // pkg05 holds files 1000-1199; modules 0-4 are files 1000-1099.
    expect(scoped.output.split('\n')).toHaveLength(100);
    expect(scoped.output).not.toContain('mod5');

    const capped = await run(tool, { pattern: 'export const value', path: null, glob: null }, context(guard));
    const lines = capped.output.split('\n');
    expect(lines).toHaveLength(201);
    expect(lines[0]).toBe('pkg00/mod0/file00.js:2:export const value0 = 0;');
    expect(lines[200]).toContain('stopped after 200 matches');
  });

  it('list_files skips the ignored directory, caps the listing and lists subtrees completely', async () => {
    const top = await run(listFilesTool, { path: null, depth: 1 }, context(guard));
    const names = top.output.split('\n');
    expect(names).toHaveLength(1 + PACKAGES);
    expect(names[0]).toBe('.gitignore');
    expect(top.output).not.toContain('generated');

    const deep = await run(listFilesTool, { path: null, depth: 5 }, context(guard));
    const lines = deep.output.split('\n');
    const total = 1 + PACKAGES + PACKAGES * MODULES + PACKAGES * MODULES * FILES;
    expect(lines).toHaveLength(1001);
    expect(lines[1000]).toBe(`[… showing the first 1000 entries; ${total - 1000} more not shown. List a subdirectory (path) or use a smaller depth.]`);
    expect(deep.output).not.toContain('generated');

    const pkg = await run(listFilesTool, { path: 'pkg07', depth: 2 }, context(guard));
    expect(pkg.output.split('\n')).toHaveLength(MODULES + MODULES * FILES);
    expect(pkg.output.split('\n')[0]).toBe('pkg07/mod0/');
  });
});
