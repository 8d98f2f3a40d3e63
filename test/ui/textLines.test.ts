import { expect, test } from 'vitest';
import { classifyDiffLine, looksLikeDiff } from '../../src/ui/diffLines.js';
import { splitOnEnter } from '../../src/ui/typedInput.js';
import { EMPTY_TAIL, appendOutput, cleanLine, headLines, tailLines, visibleTail } from '../../src/ui/textLines.js';

test('cleanLine strips escapes, resolves carriage returns, expands tabs', () => {
  expect(cleanLine('\u001b[1;31mred\u001b[0m')).toBe('red');
  expect(cleanLine('progress 10%\rprogress 100%')).toBe('progress 100%');
  expect(cleanLine('a\tb')).toBe('a    b');
  expect(cleanLine('x'.repeat(1000)).length).toBe(400);
});

test('tailLines and headLines bound the text', () => {
  expect(tailLines('1\n2\n3\n4\n', 2)).toEqual({ lines: ['3', '4'], omitted: 2 });
  expect(headLines('1\n2\n3\n4', 3)).toEqual({ lines: ['1', '2', '3'], omitted: 1 });
  expect(tailLines('', 3)).toEqual({ lines: [], omitted: 0 });
});

test('appendOutput joins chunks across line breaks and stays bounded', () => {
  let t = appendOutput(EMPTY_TAIL, 'ab', 3);
  t = appendOutput(t, 'c\nd', 3);
  expect(t).toEqual({ lines: ['abc'], partial: 'd', omitted: 0 });
  t = appendOutput(t, '\n1\n2\n3\n4\n5\n', 3);
  expect(t).toEqual({ lines: ['3', '4', '5'], partial: '', omitted: 4 });
  expect(visibleTail(appendOutput(t, 'six', 3), 3)).toEqual({ lines: ['4', '5', 'six'], omitted: 5 });
});

test('diff lines are classified', () => {
  expect(['--- a/x', '+++ b/x', '@@ -1 +1 @@', '+a', '-b', ' c', '\\ No newline at end of file', 'diff --git a/x b/x'].map(classifyDiffLine)).toEqual([
    'header',
    'header',
    'hunk',
    'add',
    'del',
    'context',
    'meta',
    'header',
  ]);
  expect(looksLikeDiff('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n')).toBe(true);
  expect(looksLikeDiff('not a git repository')).toBe(false);
});

test('keystrokes typed in one chunk split at each Enter', () => {
  expect(splitOnEnter('fix it\r')).toEqual([{ kind: 'text', text: 'fix it' }, { kind: 'enter' }]);
  expect(splitOnEnter('a\r\rb')).toEqual([{ kind: 'text', text: 'a' }, { kind: 'enter' }, { kind: 'enter' }, { kind: 'text', text: 'b' }]);
  expect(splitOnEnter('x\r\ny')).toEqual([{ kind: 'text', text: 'x' }, { kind: 'enter' }, { kind: 'text', text: 'y' }]);
});

test('an edit tool warning above a diff is its own kind (shown in yellow)', () => {
  expect(classifyDiffLine('! important.txt exists and will be overwritten by notes.txt (its current content is lost)')).toBe('warning');
  expect(classifyDiffLine('!not a warning')).toBe('context');
});
