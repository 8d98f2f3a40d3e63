// apply_patch never rewrites what it did not change (issue 20, points 9-13): line endings per line,
// the file's own context lines under a fuzzy match, the BOM, huge files, cancellation, moves onto
// existing files, long and NFD names, repeated sections of one file, and hard links.
import { existsSync, linkSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { commitStaged } from '../../src/tools/applyPatch/commit.js';
import { applyPatchTool } from '../../src/tools/applyPatch/index.js';
import { parsePatch } from '../../src/tools/applyPatch/parser.js';
import { stagePatch } from '../../src/tools/applyPatch/stage.js';
import { editFileTool } from '../../src/tools/editFile.js';
import { WorkspaceGuard } from '../../src/tools/WorkspaceGuard.js';
import { writeFileTool } from '../../src/tools/writeFile.js';
import { context, run, workspace } from './helpers.js';

const patch = (...lines: string[]): string => ['*** Begin Patch', ...lines, '*** End Patch'].join('\n');

async function apply(files: Record<string, string | Buffer>, input: string) {
  const ws = workspace(files);
  const result = await run(applyPatchTool, { input }, context(ws.guard));
  return { ...ws, result };
}

describe('apply_patch keeps every byte it does not change', () => {
  it('mixed line endings: unchanged lines keep theirs, a changed line takes the one it replaces, an inserted line the one before it', async () => {
    const { root, result } = await apply(
      { 'm.txt': 'a\r\nb\nc\r\nd\n' },
      patch('*** Update File: m.txt', '@@', ' b', '-c', '+C', ' d', '*** Update File: m.txt', '@@', ' a', '+a2', ' b'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'm.txt'), 'latin1')).toBe('a\r\na2\r\nb\nC\r\nd\n');
  });

  it('an inserted line with no line before it takes the most common ending; a file without a final break keeps none', async () => {
    const { root, result } = await apply(
      { 'c.txt': 'x\r\ny\r\nz\nlast' },
      patch('*** Update File: c.txt', '@@', '+first', ' x', '@@', ' z', '-last', '+LAST', '+after'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'c.txt'), 'latin1')).toBe('first\r\nx\r\ny\r\nz\nLAST\r\nafter');
  });

  it('a fuzzy match decides where: tabs, curly quotes, an em dash and the BOM of the file stay, + lines are written as given', async () => {
    const file = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('function f(a) {\r\n\tif (a) {\r\n\t\tsay(“it’s — fine”);\r\n\t}\r\n\treturn a;\r\n}\r\n', 'utf8'),
    ]);
    const { root, result } = await apply(
      { 'f.js': file },
      patch('*** Update File: f.js', '@@', ' function f(a) {', '   if (a) {', '     say("it\'s - fine");', '   }', '-  return a;', '+\treturn a + 1;', ' }'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('matched only when ignoring');
    const expected = Buffer.from(file.toString('utf8').replace('\treturn a;', '\treturn a + 1;'), 'utf8');
    expect(readFileSync(join(root, 'f.js')).equals(expected)).toBe(true);
    expect(readFileSync(join(root, 'f.js')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('a BOM stays when the first line itself is replaced', async () => {
    const { root, result } = await apply({ 'b.txt': '\uFEFFone\ntwo\n' }, patch('*** Update File: b.txt', '@@', '-one', '+ONE', ' two'));
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, 'b.txt'), 'utf8')).toBe('\uFEFFONE\ntwo\n');
  });

  it('a one-line patch of a 20,001-line mixed-ending file changes one line, and its diff says so', async () => {
    const lines = Array.from({ length: 20_001 }, (_, i) => `line ${i}${i % 3 === 0 ? '\r\n' : '\n'}`);
    const { root, result } = await apply(
      { 'big.txt': lines.join('') },
      patch('*** Update File: big.txt', '@@', ' line 9999', '-line 10000', '+LINE 10000', ' line 10001'),
    );
    expect(result.ok, result.output).toBe(true);
    lines[10_000] = 'LINE 10000\n';
    expect(readFileSync(join(root, 'big.txt'), 'latin1')).toBe(lines.join(''));
    const changed = result.diff!.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    expect(changed).toEqual(['-line 10000', '+LINE 10000']);
  });
});

describe('apply_patch: cancellation, moves, names and links', () => {
  it('a cancellation during staging or before the renames writes nothing and leaves no temporary file', async () => {
    const ws = workspace({ 'a.txt': 'one\n', 'b.txt': 'two\n' });
    const input = patch('*** Update File: a.txt', '@@', '-one', '+ONE', '*** Update File: b.txt', '@@', '-two', '+TWO');
    const controller = new AbortController();
    const pending = run(applyPatchTool, { input }, context(ws.guard, { signal: controller.signal }));
    controller.abort();
    const result = await pending;
    expect(result.ok).toBe(false);
    expect(result.output).toContain('no file was changed');

    const parsed = parsePatch(input);
    if (!parsed.ok) throw new Error(parsed.message);
    const staged = await stagePatch(parsed.operations, ws.guard);
    if (!staged.ok) throw new Error(staged.message);
    const late = new AbortController();
    late.abort();
    expect(await commitStaged(staged.files, late.signal)).toContain('cancelled before anything was written');
    expect(readFileSync(join(ws.root, 'a.txt'), 'utf8')).toBe('one\n');
    expect(readFileSync(join(ws.root, 'b.txt'), 'utf8')).toBe('two\n');
    expect(readdirSync(ws.root).sort()).toEqual(['a.txt', 'b.txt']);
  });

  it('the approval preview of a move onto an existing file says the target will be overwritten', async () => {
    const ws = workspace({ 'notes.txt': 'draft\n', 'important.txt': 'keep me\n' });
    const input = patch('*** Update File: notes.txt', '*** Move to: important.txt', '@@', '-draft', '+final');
    const preview = await applyPatchTool.preview!({ input }, context(ws.guard));
    expect(preview?.split('\n')[0]).toBe('! important.txt exists and will be overwritten by notes.txt (its current content is lost)');
    const fresh = await applyPatchTool.preview!({ input: input.replace('important.txt', 'new.txt') }, context(ws.guard));
    expect(fresh).not.toContain('overwritten');
  });

  it('patches and writes a file with a 240-character name (the temporary name stays short)', async () => {
    const name = `${'n'.repeat(236)}.txt`;
    const { root, result } = await apply({ [name]: 'old\n' }, patch(`*** Update File: ${name}`, '@@', '-old', '+new'));
    expect(result.ok, result.output).toBe(true);
    expect(readFileSync(join(root, name), 'utf8')).toBe('new\n');
    const written = await run(writeFileTool, { path: `w${name.slice(1)}`, content: 'written\n' }, context(new WorkspaceGuard(root)));
    expect(written.ok, written.output).toBe(true);
    expect(readFileSync(join(root, `w${name.slice(1)}`), 'utf8')).toBe('written\n');
  });

  it('finds an NFD file name written NFC (and the reverse), and reports two sections of one file once', async () => {
    const nfd = 'cafe\u0301.txt';
    const nfc = 'caf\u00e9.txt';
    const { root, result } = await apply(
      { [nfd]: 'one\ntwo\nthree\n' },
      patch(`*** Update File: ${nfc}`, '@@', '-one', '+ONE', `*** Update File: ${nfd}`, '@@', '-three', '+THREE'),
    );
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toBe(`Success. Applied the patch to 1 file:\nM ${nfd}`);
    expect(readFileSync(join(root, nfd), 'utf8')).toBe('ONE\ntwo\nTHREE\n');
    expect(existsSync(join(root, nfc)) && readdirSync(root).includes(nfc)).toBe(false);
    // Adding or moving onto the other spelling replaces that file instead of making a look-alike twin.
    const again = await run(
      applyPatchTool,
      {
        input: patch(
          `*** Add File: ${nfc}`,
          '+fresh',
          '*** Add File: other.txt',
          '+x',
          '*** Update File: other.txt',
          `*** Move to: ${nfc}`,
          '@@',
          '-x',
          '+moved',
        ),
      },
      context(new WorkspaceGuard(root)),
    );
    expect(again.ok, again.output).toBe(true);
    expect(readdirSync(root).sort()).toEqual([nfd]);
    expect(readFileSync(join(root, nfd), 'utf8')).toBe('moved\n');
  });

  it('keeps hard links: a linked file is written in place and the output says so (edit tools too)', async () => {
    const ws = workspace({ 'a.txt': 'one\n' });
    linkSync(join(ws.root, 'a.txt'), join(ws.root, 'twin.txt'));
    const result = await run(applyPatchTool, { input: patch('*** Update File: a.txt', '@@', '-one', '+ONE') }, context(ws.guard));
    expect(result.ok, result.output).toBe(true);
    expect(result.output).toContain('(a.txt has 2 hard links: it was written in place, so every link sees the change.)');
    expect(readFileSync(join(ws.root, 'twin.txt'), 'utf8')).toBe('ONE\n');
    expect(statSync(join(ws.root, 'a.txt')).ino).toBe(statSync(join(ws.root, 'twin.txt')).ino);
    const moved = await run(applyPatchTool, { input: patch('*** Update File: a.txt', '*** Move to: b.txt', '@@', '-ONE', '+1') }, context(ws.guard));
    expect(moved.output).toContain('(a.txt had 2 hard links: only this name is gone; the other names keep the old content.)');
    expect(readFileSync(join(ws.root, 'twin.txt'), 'utf8')).toBe('ONE\n');
    linkSync(join(ws.root, 'twin.txt'), join(ws.root, 'triplet.txt'));
    const edited = await run(editFileTool, { path: 'twin.txt', old_string: 'ONE', new_string: 'TWO' }, context(ws.guard));
    expect(edited.ok, edited.output).toBe(true);
    expect(readFileSync(join(ws.root, 'triplet.txt'), 'utf8')).toBe('TWO\n');
  });
});
