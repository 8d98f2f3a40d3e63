// How a review's diff is cut into files: one part per `diff --git`, named by its new path, and a
// file's part capped at 64 KB with a line saying where the rest is.
import { expect, test } from 'vitest';
import { splitDiff } from '../../src/tools/reviewDiff.js';

const part = (path: string, added: string[]): string =>
  [`diff --git a/${path} b/${path}`, 'index 1..2 100644', `--- a/${path}`, `+++ b/${path}`, `@@ -1,0 +1,${added.length} @@`, ...added.map((l) => `+${l}`)].join(
    '\n',
  );

test('one part per file, a rename named by its new path, a huge one capped', () => {
  const renamed = 'diff --git a/old.js b/new.js\nsimilarity index 90%\nrename from old.js\nrename to new.js\n--- a/old.js\n+++ b/new.js\n@@ -1 +1 @@\n-a\n+b';
  const huge = part(
    'big.txt',
    Array.from({ length: 20_000 }, (_, i) => `line ${i}`),
  );
  const files = splitDiff([part('a.js', ['x']), renamed, huge].join('\n'));
  expect(files.map((f) => f.path)).toEqual(['a.js', 'new.js', 'big.txt']);
  expect(files[0]!.diff).toBe(part('a.js', ['x']));
  expect(files[2]!.diff.length).toBeLessThan(64 * 1024 + 200);
  expect(files[2]!.diff).toMatch(/… \(the diff of big\.txt is cut here at 64 KB of \d+ KB: git_diff with this path or read_file shows the rest\)$/);
});
