import { describe, expect, it } from 'vitest';

import { HeadTailBuffer, stripAnsi } from '../../src/tools/HeadTailBuffer.js';

describe('HeadTailBuffer', () => {
  it('keeps everything that fits', () => {
    const buffer = new HeadTailBuffer(16, 16);
    buffer.push(Buffer.from('hello '));
    buffer.push(Buffer.from('world, all fits'));
    expect(buffer.text()).toBe('hello world, all fits');
    expect(buffer.totalBytes).toBe(21);
  });

  it('keeps head and tail with the count of bytes cut, never splitting a UTF-8 character', () => {
    const buffer = new HeadTailBuffer(64, 64);
    const text = 'é€👋'.repeat(200); // no newlines: cuts fall inside multi-byte runs
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 7) buffer.push(bytes.subarray(i, i + 7));
    const out = buffer.text();
    expect(out).not.toContain('\uFFFD');
    const match = /^(.*)\n\[… (\d+) bytes cut …\]\n(.*)$/s.exec(out);
    expect(match).not.toBeNull();
    const [, head, cut, tail] = match as unknown as [string, string, string, string];
    expect(Buffer.byteLength(head) + Number(cut) + Buffer.byteLength(tail)).toBe(Buffer.byteLength(text));
    expect(text.startsWith(head)).toBe(true);
    expect(text.endsWith(tail)).toBe(true);
  });

  it('cuts at line boundaries when there are lines', () => {
    const buffer = new HeadTailBuffer(100, 100);
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n');
    buffer.push(Buffer.from(lines));
    const out = buffer.text();
    expect(out.split('\n')[0]).toBe('line 0');
    expect(out.endsWith('line 999')).toBe(true);
    for (const line of out.split('\n')) expect(line).toMatch(/^line \d+$|^\[… \d+ bytes cut …\]$/);
  });
});

describe('stripAnsi', () => {
  it('removes colour and cursor escapes only', () => {
    expect(stripAnsi('\u001b[1;31merror\u001b[0m: \u001b]8;;http://x\u0007link\u001b]8;;\u0007 [ok]')).toBe('error: link [ok]');
  });
});
