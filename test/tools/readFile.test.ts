import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { readFileTool } from '../../src/tools/readFile.js';
import { context, run, workspace } from './helpers.js';

const read = async (files: Record<string, string | Buffer>, args: { path: string; start_line?: number | null; end_line?: number | null }) => {
  const { guard } = workspace(files);
  return run(readFileTool, { start_line: null, end_line: null, ...args }, context(guard));
};

describe('read_file', () => {
  it('numbers lines like cat -n, without an extra line for the final newline', async () => {
    const result = await read({ 'a.js': 'one\n\ttwo\nthree\n' }, { path: 'a.js' });
    expect(result).toEqual({ ok: true, output: '     1\tone\n     2\t\ttwo\n     3\tthree' });
    const noNewline = await read({ 'a.js': 'one\ntwo' }, { path: 'a.js' });
    expect(noNewline.output).toBe('     1\tone\n     2\ttwo');
  });

  it('reads a range, clamping end_line to the end of the file', async () => {
    const content = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    expect((await read({ 'f.txt': content }, { path: 'f.txt', start_line: 17, end_line: 19 })).output).toBe(
      '    17\tline 17\n    18\tline 18\n    19\tline 19',
    );
    expect((await read({ 'f.txt': content }, { path: 'f.txt', start_line: 49, end_line: 500 })).output).toBe('    49\tline 49\n    50\tline 50');
    expect((await read({ 'f.txt': content }, { path: 'f.txt', start_line: null, end_line: 1 })).output).toBe('     1\tline 1');
  });

  it('says when start_line is past the end', async () => {
    const result = await read({ 'f.txt': 'a\nb\n' }, { path: 'f.txt', start_line: 5 });
    expect(result.ok).toBe(false);
    expect(result.output).toBe('start_line 5 is past the end of f.txt, which has 2 lines. Use a start_line from 1 to 2.');
  });

  it('caps long files and says how to read on', async () => {
    const content = Array.from({ length: 2500 }, (_, i) => `l${i + 1}`).join('\n');
    const result = await read({ 'big.txt': content }, { path: 'big.txt' });
    const lines = result.output.split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[1999]).toBe('  2000\tl2000');
    expect(lines[2000]).toBe('[Showing lines 1-2000 of 2500. Read more with start_line: 2001.]');
    const next = await read({ 'big.txt': content }, { path: 'big.txt', start_line: 2001 });
    expect(next.output.split('\n')[0]).toBe('  2001\tl2001');
    expect(next.output.endsWith('  2500\tl2500')).toBe(true);
  });

  it('caps the bytes of a call and cuts very long lines', async () => {
    const long = 'x'.repeat(5000);
    const result = await read({ 'min.js': `${long}\nshort\n` }, { path: 'min.js' });
    expect(result.output).toContain('… [3000 more characters on this line]');
    expect(result.output).toContain('     2\tshort');
    expect(result.output).toContain('[Line 1 is longer than 2000 characters and shown cut.]');
    const wide = Array.from({ length: 1500 }, () => 'y'.repeat(150)).join('\n');
    const capped = await read({ 'wide.txt': wide }, { path: 'wide.txt' });
    expect(Buffer.byteLength(capped.output)).toBeLessThan(110 * 1024);
    expect(capped.output).toMatch(/\[Showing lines 1-\d+ of 1500\. Read more with start_line: \d+\.\]$/);
  });

  it('shows CRLF files without the \\r and says so; shows unicode as is', async () => {
    const crlf = await read({ 'w.txt': 'a\r\nb\r\n' }, { path: 'w.txt' });
    expect(crlf.output).toBe('     1\ta\n     2\tb\n[The file has CRLF (\\r\\n) line endings; they are not shown.]');
    const unicode = await read({ 'u.txt': 'héllo 👋\n中文\n' }, { path: 'u.txt' });
    expect(unicode.output).toBe('     1\théllo 👋\n     2\t中文');
  });

  it('handles empty, binary, directory and missing paths with messages for the model', async () => {
    const { guard } = workspace({ 'empty.txt': '', 'bin.dat': Buffer.from([1, 2, 0, 3]), 'src/a.js': 'a', 'src/b.js': 'b' });
    const ctx = context(guard);
    const call = (path: string) => run(readFileTool, { path, start_line: null, end_line: null }, ctx);
    expect(await call('empty.txt')).toEqual({ ok: true, output: '[empty.txt is empty]' });
    expect(await call('bin.dat')).toEqual({ ok: false, output: 'bin.dat is a binary file (4 bytes); read_file only shows text.' });
    expect((await call('src')).output).toBe('src is a directory, not a file. Use list_files to see what it contains.');
    const missing = await call('src/c.js');
    expect(missing.ok).toBe(false);
    expect(missing.output).toBe('File not found: src/c.js. src/ contains: a.js, b.js.');
    expect((await call('nowhere/x.js')).output).toContain('The workspace root contains: bin.dat, empty.txt, src/');
    execFileSync('mkfifo', [join(guard.root, 'pipe')]);
    expect((await call('pipe')).output).toBe('pipe is not a regular file (a FIFO, socket or device); read_file only reads files.');
    const outside = await call('../etc/passwd');
    expect(outside.ok).toBe(false);
    expect(outside.output).toContain('is outside the workspace');
  });
});
