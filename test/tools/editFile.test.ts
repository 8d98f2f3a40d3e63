import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { editFileTool } from '../../src/tools/editFile.js';
import { context, run, workspace } from './helpers.js';

const FUNCTIONS = [
  'export function roundTo(value, digits = 0) {',
  "  checkDigits('round', digits);",
  '  const factor = 10 ** digits;',
  '  return (Math.sign(value) * Math.round(Math.abs(value) * factor)) / factor;',
  '}',
  '',
  'export function floorTo(value, digits = 0) {',
  "  checkDigits('floor', digits);",
  '  const factor = 10 ** digits;',
  '  return Math.floor(value * factor) / factor;',
  '}',
  '',
].join('\n');

async function edit(content: string | Buffer, old_string: string, new_string: string, path = 'f.js') {
  const { root, guard } = workspace({ [path]: content });
  const result = await run(editFileTool, { path, old_string, new_string }, context(guard));
  return { result, after: readFileSync(join(root, path)) };
}

describe('edit_file', () => {
  it('replaces the one match, reports it like the scenario samples and returns a diff', async () => {
    const { result, after } = await edit(
      FUNCTIONS,
      '  return Math.floor(value * factor) / factor;',
      '  // floor toward -Infinity\n  return Math.floor(value * factor) / factor;',
    );
    expect(result.ok).toBe(true);
    expect(result.output).toBe('Edited f.js: replaced line 10 with 2 lines.');
    expect(result.changedPaths).toEqual(['f.js']);
    expect(result.diff).toBe(
      [
        '--- a/f.js',
        '+++ b/f.js',
        '@@ -7,5 +7,6 @@',
        ' export function floorTo(value, digits = 0) {',
        "   checkDigits('floor', digits);",
        '   const factor = 10 ** digits;',
        '+  // floor toward -Infinity',
        '   return Math.floor(value * factor) / factor;',
        ' }',
        '',
      ].join('\n'),
    );
    expect(after.toString()).toBe(FUNCTIONS.replace('  return Math.floor', '  // floor toward -Infinity\n  return Math.floor'));
  });

  it('counts lines as the samples do (a trailing newline in old_string counts as a line)', async () => {
    const changelog = '# Changelog\n\n## Unreleased\n\n## 1.3.0\n';
    const { result } = await edit(changelog, '## Unreleased\n', '## Unreleased\n\n- Fix: zero-valued variables.\n', 'CHANGELOG.md');
    expect(result.output).toBe('Edited CHANGELOG.md: replaced lines 3-4 with 4 lines.');
  });

  it('with several matches, changes nothing and lists where they are', async () => {
    const { result, after } = await edit(FUNCTIONS, '  const factor = 10 ** digits;', '  const f = 10 ** digits;');
    expect(result.ok).toBe(false);
    expect(result.output).toBe(
      'old_string occurs 2 times in f.js (starting at lines 3, 9); it must occur exactly once. Nothing was changed. ' +
        'Include more surrounding lines in old_string so it matches only the place you mean.',
    );
    expect(after.toString()).toBe(FUNCTIONS);
  });

  it('with no match, shows the closest region with line numbers', async () => {
    const { result, after } = await edit(FUNCTIONS, "  checkDigits('floor', digits)\n  const factor = 100 ** digits;", 'x');
    expect(result.ok).toBe(false);
    expect(after.toString()).toBe(FUNCTIONS);
    expect(result.output).toBe(
      [
        'old_string was not found in f.js; nothing was changed.',
        'The most similar part of the file is lines 8-9; here it is with 3 lines around it:',
        '     5\t}',
        '     6\t',
        '     7\texport function floorTo(value, digits = 0) {',
        "     8\t  checkDigits('floor', digits);",
        '     9\t  const factor = 10 ** digits;',
        '    10\t  return Math.floor(value * factor) / factor;',
        '    11\t}',
        'Copy old_string exactly from the file as it is now (read_file shows it; the line numbers and the tab after them are not part of the file) and retry.',
      ].join('\n'),
    );
  });

  it('says when only whitespace differs', async () => {
    const { result } = await edit(FUNCTIONS, "    checkDigits('round', digits);\n    const factor = 10 ** digits;", 'x');
    expect(result.output).toContain('It matches lines 2-3 except for whitespace (indentation, tabs or trailing spaces).');
    expect(result.output).toContain("     2\t  checkDigits('round', digits);");
  });

  it('says when old_string carries read_file line numbers', async () => {
    const { result } = await edit(FUNCTIONS, "     2\t  checkDigits('round', digits);", 'x');
    expect(result.output).toContain('old_string seems to start with the line numbers read_file shows');
    expect(result.output).toContain('lines around it:');
  });

  it('shows the start of the file when nothing resembles old_string', async () => {
    const { result } = await edit('alpha\nbeta\n', 'completely unrelated text here', 'x');
    expect(result.output).toBe(
      [
        'old_string was not found in f.js; nothing was changed.',
        'Nothing in the file resembles it. The file starts with (2 lines in all):',
        '     1\talpha',
        '     2\tbeta',
        'Copy old_string exactly from the file as it is now (read_file shows it; the line numbers and the tab after them are not part of the file) and retry.',
      ].join('\n'),
    );
  });

  it('keeps CRLF files byte-exact and matches \\n in old_string against \\r\\n', async () => {
    const crlf = 'one\r\ntwo\r\nthree\r\n';
    const exact = await edit(crlf, 'two\r\n', 'TWO\r\n');
    expect(exact.after.toString()).toBe('one\r\nTWO\r\nthree\r\n');
    const adapted = await edit(crlf, 'one\ntwo', 'one\n1.5\ntwo');
    expect(adapted.result.ok).toBe(true);
    expect(adapted.result.output).toBe("Edited f.js: replaced lines 1-2 with 3 lines (line endings adapted to the file's CRLF).");
    expect(adapted.after.toString()).toBe('one\r\n1.5\r\ntwo\r\nthree\r\n');
  });

  it('keeps a missing final newline, unicode, a BOM and the rest of the bytes untouched', async () => {
    const noNewline = await edit('a\nb', 'b', 'c');
    expect(noNewline.after.toString()).toBe('a\nc');
    const text = '\uFEFFconst greet = "héllo 👋";\n// 中文 e\u0301\nconst x = 1;';
    const unicode = await edit(text, 'héllo 👋', 'hello 🌍');
    expect(unicode.result.ok).toBe(true);
    expect(unicode.after.equals(Buffer.from(text.replace('héllo 👋', 'hello 🌍'), 'utf8'))).toBe(true);
    expect(unicode.after.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const tabs = await edit('\tif (a) {\n\t\treturn 1;  \n\t}\n', '\t\treturn 1;  ', '\t\treturn 2;  ');
    expect(tabs.after.toString()).toBe('\tif (a) {\n\t\treturn 2;  \n\t}\n');
  });

  it('refuses files it would corrupt or cannot edit', async () => {
    const latin1 = await edit(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'caf', 'CAF');
    expect(latin1.result.output).toBe('f.js is not valid UTF-8; edit_file would corrupt it. Use run_command (e.g. sed) instead.');
    expect(latin1.after).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    const binary = await edit(Buffer.from([0x61, 0, 0x62]), 'a', 'b');
    expect(binary.result.output).toBe('f.js is a binary file; edit_file only edits text.');

    const { guard } = workspace({ 'src/a.js': 'a\n' });
    const ctx = context(guard);
    const missing = await run(editFileTool, { path: 'src/b.js', old_string: 'a', new_string: 'b' }, ctx);
    expect(missing.output).toBe('File not found: src/b.js. src/ contains: a.js. To create a new file, use write_file.');
    const dir = await run(editFileTool, { path: 'src', old_string: 'a', new_string: 'b' }, ctx);
    expect(dir.output).toBe('src is a directory, not a file.');
    const outside = await run(editFileTool, { path: '/etc/hostname', old_string: 'a', new_string: 'b' }, ctx);
    expect(outside.output).toContain('outside the workspace');
    const empty = await run(editFileTool, { path: 'empty.txt', old_string: 'a', new_string: 'b' }, ctx);
    expect(empty.ok).toBe(false);
  });

  it('edits an empty file only through write_file', async () => {
    const { root, guard } = workspace({ 'e.txt': '' });
    writeFileSync(join(root, 'e.txt'), '');
    const result = await run(editFileTool, { path: 'e.txt', old_string: 'x', new_string: 'y' }, context(guard));
    expect(result.output).toBe('old_string was not found in e.txt; nothing was changed. The file is empty. Use write_file to give it content.');
  });
});
