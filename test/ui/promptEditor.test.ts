import { describe, expect, test } from 'vitest';
import type { Key } from 'ink';
import * as ed from '../../src/ui/promptEditor.js';
import { promptKey } from '../../src/ui/promptKeys.js';
import { noKey } from './fakeController.js';

const typed = (text: string, history: string[] = []) => ed.insert(ed.createEditor(history), text);

describe('editing', () => {
  test('insert, move, backspace, delete', () => {
    let s = typed('helo');
    s = ed.left(s);
    s = ed.insert(s, 'l');
    expect(s).toMatchObject({ text: 'hello', cursor: 4 });
    s = ed.backspace(ed.lineEnd(s));
    expect(s.text).toBe('hell');
    s = ed.deleteForward(ed.lineStart(s));
    expect(s).toMatchObject({ text: 'ell', cursor: 0 });
  });

  test('pasted line breaks become newlines; controls are dropped; emoji stay whole', () => {
    expect(typed('a\r\nb\rc\u0007').text).toBe('a\nb\nc');
    const s = ed.backspace(typed('ok 👍'));
    expect(s.text).toBe('ok ');
  });

  test('kill and word deletion', () => {
    expect(ed.deleteWordBefore(typed('run the tests')).text).toBe('run the ');
    expect(ed.killBefore(typed('abc')).text).toBe('');
    const s = ed.killAfter(ed.lineStart(typed('abc')));
    expect(s.text).toBe('');
  });
});

describe('multi-line entry', () => {
  test('a trailing backslash continues the entry on a new line', () => {
    const r = ed.enter(typed('first line\\'));
    expect(r.kind).toBe('continue');
    if (r.kind !== 'continue') throw new Error();
    expect(r.state.text).toBe('first line\n');
    const s = ed.insert(r.state, 'second');
    expect(ed.enter(s)).toEqual({ kind: 'submit', text: 'first line\nsecond' });
  });

  test('up and down move between lines before touching history', () => {
    let s = ed.insert(ed.newline(typed('abc', ['old'])), 'de');
    expect(s.cursor).toBe(6);
    s = ed.up(s);
    expect(s.cursor).toBe(2);
    expect(s.text).toBe('abc\nde');
    s = ed.down(s);
    expect(s.cursor).toBe(6);
    s = ed.up(ed.up(s));
    expect(s.text).toBe('old');
  });

  test('cursorView reports the line and column', () => {
    const s = ed.left(ed.insert(ed.newline(typed('abc')), 'de'));
    expect(ed.cursorView(s)).toEqual({ lines: ['abc', 'de'], line: 1, column: 1 });
  });
});

describe('history', () => {
  test('up recalls earlier entries, down comes back to the draft', () => {
    let s = typed('draft', ['one', 'two']);
    s = ed.up(s);
    expect(s.text).toBe('two');
    s = ed.up(s);
    expect(s.text).toBe('one');
    s = ed.up(s);
    expect(s.text).toBe('one');
    s = ed.down(s);
    expect(s.text).toBe('two');
    s = ed.down(s);
    expect(s).toMatchObject({ text: 'draft', historyIndex: null });
  });

  test('accept appends to history without consecutive duplicates and clears', () => {
    let s = ed.accept(typed('a'), 'a');
    expect(s).toMatchObject({ text: '', history: ['a'] });
    s = ed.accept(ed.insert(s, 'a'), 'a');
    expect(s.history).toEqual(['a']);
    s = ed.accept(ed.insert(s, 'b'), 'b');
    expect(s.history).toEqual(['a', 'b']);
  });

  test('no history: up does nothing', () => {
    const s = typed('x');
    expect(ed.up(s)).toBe(s);
  });
});

describe('prompt keys', () => {
  const key = (k: Partial<Key> = {}): Key => ({ ...noKey, ...k });

  test('Enter submits; Alt+Enter, Shift+Enter and Ctrl-J add a line', () => {
    const s = typed('hello');
    expect(promptKey(s, '', key({ return: true }))).toEqual({ state: s, submit: 'hello' });
    expect(promptKey(s, '', key({ return: true, meta: true })).state.text).toBe('hello\n');
    expect(promptKey(s, '', key({ return: true, shift: true })).state.text).toBe('hello\n');
    expect(promptKey(s, '\n', key()).state.text).toBe('hello\n');
  });

  test('a trailing backslash continues instead of submitting', () => {
    const r = promptKey(typed('a\\'), '', key({ return: true }));
    expect(r.submit).toBeUndefined();
    expect(r.state.text).toBe('a\n');
  });

  test('editing keys', () => {
    expect(promptKey(typed('abc'), '', key({ delete: true })).state.text).toBe('ab');
    expect(promptKey(typed('abc'), '', key({ backspace: true })).state.text).toBe('ab');
    expect(promptKey(typed('one two'), 'w', key({ ctrl: true })).state.text).toBe('one ');
    expect(promptKey(typed('abc'), 'a', key({ ctrl: true })).state.cursor).toBe(0);
    expect(promptKey(typed('/com'), '', key({ tab: true })).state.text).toBe('/compact ');
    expect(promptKey(typed('x'), '', key({ escape: true })).state.text).toBe('x');
  });

  test('pasted text with line breaks is inserted, not submitted', () => {
    const r = promptKey(ed.createEditor(), 'line 1\rline 2', key());
    expect(r.submit).toBeUndefined();
    expect(r.state.text).toBe('line 1\nline 2');
  });

  test('up recalls history', () => {
    expect(promptKey(ed.createEditor(['earlier']), '', key({ upArrow: true })).state.text).toBe('earlier');
  });
});
