// apply_patch on real temporary workspaces: what ends up on disk, byte for byte.
import { chmodSync, existsSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { commitStaged } from '../../src/tools/applyPatch/commit.js';
import { applyPatchTool } from '../../src/tools/applyPatch/index.js';
import { seekSequence } from '../../src/tools/applyPatch/matcher.js';
import { parsePatch } from '../../src/tools/applyPatch/parser.js';
import type { StagedFile } from '../../src/tools/applyPatch/stage.js';
import { context, rejection, run, tempDir, workspace, writeFiles } from './helpers.js';

const patch = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

async function apply(files: Record<string, string | Buffer>, input: string) {
  const ws = workspace(files);
  const result = await run(applyPatchTool, { input }, context(ws.guard));
  return { ...ws, result };
}

/** Every file under root (relative path → bytes), .git aside. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) out[rel] = `-> ${readlinkSync(join(dir, entry.name))}`;
      else if (entry.isDirectory()) walk(join(dir, entry.name), rel);
      else out[rel] = readFileSync(join(dir, entry.name)).toString('base64');
    }
  };
  walk(root, '');
  return out;
}

const CALC = ['function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');

describe('apply_patch: applying', () => {
  it('adds, updates, moves and deletes files in one patch, exactly', async () => {
    const { root, result } = await apply(
      { 'src/calc.js': CALC, 'src/old.js': 'one\ntwo\nthree\n', 'obsolete.txt': 'bye\n' },
      patch(
        '*** Add File: docs/notes.md',
        '+# Notes',
        '+',
        '+Written by a patch.',
        '*** Update File: src/calc.js',
        '@@ function sub(a, b) {',
        '-  return a - b;',
        '+  // subtraction',
        '+  return a - b;',
        '*** Update File: src/old.js',
        '*** Move to: lib/new.js',
        '@@',
        ' one',
        '-two',
        '+2',
        ' three',
        '*** Delete File: obsolete.txt',
      ),
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toBe(
      ['Success. Applied the patch to 4 files:', 'A docs/notes.md', 'M src/calc.js', 'R src/old.js -> lib/new.js', 'D obsolete.txt'].join('\n'),
    );
    expect(readFileSync(join(root, 'docs/notes.md'), 'utf8')).toBe('# Notes\n\nWritten by a patch.\n');
    expect(readFileSync(join(root, 'src/calc.js'), 'utf8')).toBe(CALC.replace('  return a - b;', '  // subtraction\n  return a - b;'));
    expect(readFileSync(join(root, 'lib/new.js'), 'utf8')).toBe('one\n2\nthree\n');
    expect(existsSync(join(root, 'src/old.js'))).toBe(false);
    expect(existsSync(join(root, 'obsolete.txt'))).toBe(false);
    expect(result.changedPaths?.sort()).toEqual(['docs/notes.md', 'lib/new.js', 'obsolete.txt', 'src/calc.js', 'src/old.js']);
    // No temporary files are left behind.
    expect(Object.keys(snapshot(root)).sort()).toEqual(['docs/notes.md', 'lib/new.js', 'src/calc.js']);
  });

  it('returns the real unified diff with the file line numbers, a move as one rename', async () => {
    const { result } = await apply(
      { 'src/calc.js': CALC, 'a.txt': 'x\ny\n' },
      patch(
        '*** Update File: src/calc.js',
        '@@ function sub(a, b) {',
        '-  return a - b;',
        '+  return b - a;',
        '*** Update File: a.txt',
        '*** Move to: b.txt',
        '@@',
        '-y',
        '+z',
      ),
    );
    expect(result.diff).toContain(
      '--- a/src/calc.js\n+++ b/src/calc.js\n@@ -3,5 +3,5 @@\n }\n \n function sub(a, b) {\n-  return a - b;\n+  return b - a;\n }\n',
    );
    expect(result.diff).toContain('--- a/a.txt\n+++ b/b.txt\n@@ -1,2 +1,2 @@\n x\n-y\n+z\n');
    expect(result.diff).not.toContain('/dev/null');
  });

  it('applies several hunks of one file in order, and a pure addition at the end', async () => {
    const { root, result } = await apply(
      { 'f.txt': 'a\nb\nc\nd\ne\nf\n' },
      patch('*** Update File: f.txt', '@@', ' a', '-b', '+B', '@@', ' d', '-e', '+E', '@@', '+g'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('a\nB\nc\nd\nE\nf\ng\n');
  });

  it('honours *** End of File: the hunk matches the last lines', async () => {
    const { root, result } = await apply({ 'f.txt': 'x\nend\nx\nend\n' }, patch('*** Update File: f.txt', '@@', ' x', '-end', '+END', '*** End of File'));
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('x\nend\nx\nEND\n');
  });

  it('keeps CRLF line endings and the executable bit', async () => {
    const ws = workspace({ 'run.sh': '#!/bin/sh\r\necho one\r\necho two\r\n' });
    chmodSync(join(ws.root, 'run.sh'), 0o755);
    const result = await run(applyPatchTool, { input: patch('*** Update File: run.sh', '@@', ' #!/bin/sh', '-echo one', '+echo 1') }, context(ws.guard));
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(ws.root, 'run.sh'), 'utf8')).toBe('#!/bin/sh\r\necho 1\r\necho two\r\n');
    expect(statSync(join(ws.root, 'run.sh')).mode & 0o777).toBe(0o755);
  });

  it('keeps a missing final line break missing, and adds lines to an empty file', async () => {
    const { root, result } = await apply(
      { 'f.txt': 'a\nb', 'empty.txt': '' },
      patch('*** Update File: f.txt', '@@', '-a', '+A', '*** Update File: empty.txt', '@@', '+first'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('A\nb');
    expect(readFileSync(join(root, 'empty.txt'), 'utf8')).toBe('first\n');
  });

  it('keeps the executable bit through a move', async () => {
    const ws = workspace({ 'bin/tool': '#!/bin/sh\nexit 0\n' });
    chmodSync(join(ws.root, 'bin/tool'), 0o750);
    const result = await run(
      applyPatchTool,
      { input: patch('*** Update File: bin/tool', '*** Move to: bin/tool2', '@@', '-exit 0', '+exit 1') },
      context(ws.guard),
    );
    expect(result.ok, result.output).toBe(true);
    expect(statSync(join(ws.root, 'bin/tool2')).mode & 0o777).toBe(0o750);
  });

  it('edits the target of a symlink inside the workspace and keeps the link', async () => {
    const ws = workspace({ 'real.txt': 'a\n' });
    symlinkSync('real.txt', join(ws.root, 'link.txt'));
    const result = await run(applyPatchTool, { input: patch('*** Update File: link.txt', '@@', '-a', '+b') }, context(ws.guard));
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(ws.root, 'real.txt'), 'utf8')).toBe('b\n');
  });

  it('accepts a patch wrapped in a heredoc and markers with surrounding spaces', async () => {
    const input = ["<<'EOF'", ' *** Begin Patch', '*** Update File: f.txt', '@@', '-a', '+b', '*** End Patch  ', 'EOF'].join('\n');
    const { root, result } = await apply({ 'f.txt': 'a\n' }, input);
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'f.txt'), 'utf8')).toBe('b\n');
  });
});

describe('apply_patch: fuzzy matching as Codex does it', () => {
  it('exact first, then trailing whitespace, then surrounding whitespace, then Unicode punctuation', () => {
    expect(seekSequence(['a', 'b', 'b '], ['b '], 0, false)).toEqual({ index: 2, level: 'exact' });
    expect(seekSequence(['x', 'foo   ', 'bar\t'], ['foo', 'bar'], 0, false)).toEqual({ index: 1, level: 'trailing-whitespace' });
    expect(seekSequence(['    foo', '  bar'], ['foo', 'bar'], 0, false)).toEqual({ index: 0, level: 'whitespace' });
    expect(seekSequence(['const s = “it’s — fine”;'], ['const s = "it\'s - fine";'], 0, false)).toEqual({ index: 0, level: 'punctuation' });
    expect(seekSequence(['a\u00A0b'], ['a b'], 0, false)?.level).toBe('punctuation');
    expect(seekSequence(['a', 'b'], ['c'], 0, false)).toBeNull();
    expect(seekSequence(['one'], ['too', 'many'], 0, false)).toBeNull();
  });

  it('applies a hunk written in ASCII to a file with typographic punctuation, and says so', async () => {
    const { root, result } = await apply(
      { 'README.md': '# Title\nIt’s fast — really.\n' },
      patch('*** Update File: README.md', '@@', ' # Title', "-It's fast - really.", '+It is fast.'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toBe('# Title\nIt is fast.\n');
    expect(result.output).toContain('matched only when ignoring Unicode punctuation');
  });

  it("ignores trailing whitespace the model dropped, and keeps the file's own context line as it is", async () => {
    const { root, result } = await apply(
      { 'f.js': 'let a = 1;   \nlet b = 2;\n' },
      patch('*** Update File: f.js', '@@', ' let a = 1;', '-let b = 2;', '+let b = 3;'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'f.js'), 'utf8')).toBe('let a = 1;   \nlet b = 3;\n');
  });
});

describe('apply_patch: a patch that cannot apply changes nothing', () => {
  it('a bad second hunk leaves every file untouched and says which hunk, where and why', async () => {
    const files = { 'src/calc.js': CALC, 'keep.txt': 'keep\n', 'gone.txt': 'still here\n' };
    const ws = workspace(files);
    const before = snapshot(ws.root);
    const result = await run(
      applyPatchTool,
      {
        input: patch(
          '*** Add File: new.txt',
          '+new',
          '*** Delete File: gone.txt',
          '*** Update File: src/calc.js',
          '@@',
          ' function add(a, b) {',
          '-  return a + b;',
          '+  return b + a;',
          '@@',
          ' function sub(a, b) {',
          '-  return a - c;',
          '+  return c - a;',
        ),
      },
      context(ws.guard),
    );
    expect(result.ok).toBe(false);
    expect(snapshot(ws.root)).toEqual(before);
    expect(result.output).toContain('The patch was not applied; no file was changed.');
    expect(result.output).toContain("Hunk 2 of '*** Update File: src/calc.js' (patch line 10)");
    expect(result.output).toContain('were not found after line 2');
    // The closest region, numbered with the file's real line numbers.
    expect(result.output).toContain('The most similar part of the file is lines 5-6');
    expect(result.output).toContain('     6\t  return a - b;');
  });

  it('a context line that is not in the file is named', async () => {
    const { result } = await apply({ 'f.js': CALC }, patch('*** Update File: f.js', '@@ function mul(a, b) {', '-  return a * b;', '+  return b * a;'));
    expect(result.ok).toBe(false);
    expect(result.output).toContain("Hunk 1 of '*** Update File: f.js' (patch line 3)");
    expect(result.output).toContain('its context line @@ "function mul(a, b) {" was not found');
  });

  it('updating or deleting a missing file, or updating a binary one, is refused', async () => {
    const missing = await apply({ 'a.txt': 'a\n' }, patch('*** Update File: nope.txt', '@@', '-a', '+b'));
    expect(missing.result.ok).toBe(false);
    expect(missing.result.output).toContain("'*** Update File: nope.txt' (patch line 2)");
    expect(missing.result.output).toContain('Add File');
    const del = await apply({}, patch('*** Delete File: nope.txt'));
    expect(del.result.ok).toBe(false);
    const binary = await apply({ 'b.bin': Buffer.from([0, 1, 2, 10]) }, patch('*** Update File: b.bin', '@@', '-x', '+y'));
    expect(binary.result.output).toContain('not a UTF-8 text file');
  });

  it('refuses hostile paths before touching anything', async () => {
    const outside = tempDir();
    writeFiles(outside, { 'victim.txt': 'safe\n' });
    const ws = workspace({ 'a.txt': 'a\n' });
    symlinkSync(outside, join(ws.root, 'escape'));
    const before = snapshot(ws.root);
    for (const hostile of [
      patch('*** Update File: a.txt', '@@', '-a', '+b', `*** Add File: ${join(outside, 'new.txt')}`, '+pwned'),
      patch('*** Update File: a.txt', '@@', '-a', '+b', '*** Add File: ../evil.txt', '+pwned'),
      patch('*** Update File: escape/victim.txt', '@@', '-safe', '+pwned'),
      patch('*** Update File: a.txt', '*** Move to: ../moved.txt', '@@', '-a', '+b'),
      patch('*** Add File: .git/config', '+[core]'),
      patch('*** Delete File: escape/victim.txt'),
    ]) {
      const result = await run(applyPatchTool, { input: hostile }, context(ws.guard));
      expect(result.ok, hostile).toBe(false);
      expect(result.output).toMatch(/outside the workspace|\.git directory/);
    }
    expect(snapshot(ws.root)).toEqual(before);
    expect(readdirSync(outside)).toEqual(['victim.txt']);
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('safe\n');
    expect(existsSync(join(ws.root, '..', 'evil.txt'))).toBe(false);
  });

  it('a path under a file is refused before anything is written', async () => {
    const ws = workspace({ 'a.txt': 'a\n', plain: 'i am a file\n' });
    const before = snapshot(ws.root);
    const result = await run(
      applyPatchTool,
      { input: patch('*** Update File: a.txt', '@@', '-a', '+A', '*** Add File: plain/c.txt', '+c') },
      context(ws.guard),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain('a parent of it is a file');
    expect(snapshot(ws.root)).toEqual(before);
  });
});

describe('apply_patch: writing is all or nothing', () => {
  const staged = (root: string, rel: string, before: string | null, after: string | null, mode: number | null = null): StagedFile => ({
    abs: join(root, rel),
    rel,
    before: before === null ? null : Buffer.from(before),
    beforeMode: mode,
    mode,
    after,
    movedFrom: null,
    overwritten: false,
    hardLinks: 1,
  });

  it('a failure while writing the new contents leaves no file, temporary file or directory behind', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.txt': 'a\n', plain: 'file\n' });
    const before = snapshot(root);
    // plain/c.txt cannot be created: its parent is a file (mkdir fails after a.txt's temp file exists).
    const problem = await commitStaged([
      staged(root, 'a.txt', 'a\n', 'A\n', 0o644),
      staged(root, 'new/dir/b.txt', null, 'b\n'),
      staged(root, 'plain/c.txt', null, 'c\n'),
    ]);
    expect(problem).toMatch(/^writing the patch failed: .*No file was changed\.$/);
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(join(root, 'new'))).toBe(false);
  });

  it('a failure after some files were replaced restores them, bytes and mode', async () => {
    const root = tempDir();
    writeFiles(root, { 'a.txt': 'a\r\n', 'b.txt': 'b\n' });
    chmodSync(join(root, 'a.txt'), 0o755);
    const before = snapshot(root);
    // The deletion of a file that is not there fails after a.txt and c.txt were put in place.
    const problem = await commitStaged([
      staged(root, 'a.txt', 'a\r\n', 'A\r\n', 0o755),
      staged(root, 'c.txt', null, 'c\n'),
      staged(root, 'b.txt', 'b\n', 'B\n', 0o644),
      staged(root, 'missing.txt', 'x\n', null),
    ]);
    expect(problem).toContain('No file was changed.');
    expect(snapshot(root)).toEqual(before);
    expect(statSync(join(root, 'a.txt')).mode & 0o777).toBe(0o755);
  });
});

describe('apply_patch: parsing', () => {
  it('rejects malformed patches with the line and what was expected', () => {
    expect(rejection(applyPatchTool, { input: 'hello' })).toContain("the first line of the patch must be '*** Begin Patch'");
    expect(rejection(applyPatchTool, { input: '*** Begin Patch\n*** Add File: a\n+x' })).toContain("the last line of the patch must be '*** End Patch'");
    expect(rejection(applyPatchTool, { input: patch('*** Frobnicate File: a') })).toContain("line 2: '*** Frobnicate File: a' is not a valid file header");
    expect(rejection(applyPatchTool, { input: patch('*** Update File: a') })).toContain('has no hunks');
    expect(rejection(applyPatchTool, { input: patch('*** Update File: a', '@@', '-x', 'garbage') })).toContain('line 5: expected a hunk to start with');
    expect(rejection(applyPatchTool, { input: patch() })).toContain('no file sections');
  });

  it('reads context, end-of-file markers and an update without a leading @@', () => {
    const parsed = parsePatch(patch('*** Update File: a.py', ' import os', '+import sys', '@@ def f():', '-    pass', '+    return 1', '*** End of File'));
    expect(parsed).toEqual({
      ok: true,
      operations: [
        {
          kind: 'update',
          path: 'a.py',
          movePath: null,
          patchLine: 2,
          hunks: [
            {
              index: 1,
              patchLine: 3,
              context: null,
              oldLines: ['import os'],
              newLines: ['import os', 'import sys'],
              ops: [
                { mark: ' ', text: 'import os' },
                { mark: '+', text: 'import sys' },
              ],
              endOfFile: false,
            },
            {
              index: 2,
              patchLine: 5,
              context: 'def f():',
              oldLines: ['    pass'],
              newLines: ['    return 1'],
              ops: [
                { mark: '-', text: '    pass' },
                { mark: '+', text: '    return 1' },
              ],
              endOfFile: true,
            },
          ],
        },
      ],
    });
  });

  it('shows the paths in the display form', () => {
    const input = patch('*** Add File: a.txt', '+a', '*** Update File: b.txt', '*** Move to: c.txt', '@@', '-b', '+c');
    expect(applyPatchTool.display({ input })).toBe('apply_patch a.txt, b.txt → c.txt');
    expect(applyPatchTool.paths?.({ input })).toEqual(['a.txt', 'b.txt', 'c.txt']);
  });
});
