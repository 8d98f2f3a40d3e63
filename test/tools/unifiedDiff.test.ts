// The edit tools' unified diff: correct (jsdiff's own applyPatch turns the old text into the new),
// minimal for small changes, and bounded in work and size for huge ones.
import { applyPatch, createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { describe, expect, it } from 'vitest';

import { unifiedFileDiff } from '../../src/tools/unifiedDiff.js';

/** A deterministic pseudo-random generator (the property test must replay the same cases). */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function mutate(text: string, next: () => number): string {
  const lines = text.split(/(?<=\n)/);
  for (let edits = Math.floor(next() * 5); edits >= 0; edits--) {
    const at = Math.floor(next() * (lines.length + 1));
    const kind = next();
    if (kind < 0.33) lines.splice(at, 1);
    else if (kind < 0.66) lines.splice(at, 0, `new ${Math.floor(next() * 100)}${next() < 0.3 ? '\r\n' : '\n'}`);
    else if (at < lines.length) lines[at] = `changed ${at}\n`;
  }
  return lines.join('');
}

describe('unifiedFileDiff', () => {
  it('is a patch that turns the old text into the new one (random edits, mixed endings, no final newline)', () => {
    const next = random(42);
    for (let round = 0; round < 300; round++) {
      const base = Array.from({ length: 1 + Math.floor(next() * 30) }, (_, i) => `line ${i % 7}${next() < 0.2 ? '\r\n' : '\n'}`).join('');
      const oldText = next() < 0.2 ? base.replace(/\r?\n$/, '') : base;
      const newText = mutate(oldText, next);
      const diff = unifiedFileDiff('a/f', 'b/f', oldText, newText);
      expect(applyPatch(oldText, diff), `${JSON.stringify(oldText)} -> ${JSON.stringify(newText)}\n${diff}`).toBe(newText);
    }
  });

  it('shared text that is not a whole line on both sides is not a shared line', () => {
    for (const [oldText, newText] of [
      ['a\nb\n', 'a\nxb\n'],
      ['a\nxb\n', 'a\nb\n'],
      ['b\n', 'xb\n'],
      ['a\nb', 'a\nb\n'],
      ['x\r\n', 'x\n'],
    ] as const) {
      expect(applyPatch(oldText, unifiedFileDiff('a/f', 'b/f', oldText, newText))).toBe(newText);
    }
  });

  it('gives the same hunks as a full Myers diff for a small edit', () => {
    const oldText = Array.from({ length: 40 }, (_, i) => `line ${i}\n`).join('');
    const newText = oldText.replace('line 20\n', 'line twenty\n').replace('line 3\n', '');
    const full = createTwoFilesPatch('a/f', 'b/f', oldText, newText, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
    expect(unifiedFileDiff('a/f', 'b/f', oldText, newText)).toBe(full);
  });

  it('shows 20,000 changed lines as one replaced block, cut with a count, instead of a quadratic Myers run', () => {
    const oldText = Array.from({ length: 20_001 }, (_, i) => `old ${i}\n`).join('');
    const newText = Array.from({ length: 20_001 }, (_, i) => (i === 0 ? 'old 0\n' : `new ${i}\n`)).join('');
    const diff = unifiedFileDiff('a/f', 'b/f', oldText, newText);
    const lines = diff.split('\n');
    expect(lines.slice(0, 5)).toEqual(['--- a/f', '+++ b/f', '@@ -1,20001 +1,20001 @@', ' old 0', '-old 1']);
    expect(lines.length).toBeLessThan(5_010);
    expect(diff).toContain('\\ diff cut after 5000 lines: 20000 more added and 15001 more removed lines not shown');
  });

  it('a one-line change of a 100,000-line file is one small hunk', () => {
    const oldText = Array.from({ length: 100_000 }, (_, i) => `line ${i}\n`).join('');
    const newText = oldText.replace('line 50000\n', 'LINE 50000\n');
    expect(unifiedFileDiff('a/f', 'b/f', oldText, newText)).toBe(
      [
        '--- a/f',
        '+++ b/f',
        '@@ -49998,7 +49998,7 @@',
        ' line 49997',
        ' line 49998',
        ' line 49999',
        '-line 50000',
        '+LINE 50000',
        ' line 50001',
        ' line 50002',
        ' line 50003',
        '',
      ].join('\n'),
    );
  });
});
