// The prompt's text editor as pure functions: insertion (pastes included), deletion, cursor moves
// across lines, history with up/down (the draft is kept while browsing), and Enter, where a
// backslash before the cursor continues on a new line instead of submitting.

export interface EditorState {
  text: string;
  /** Index into text (UTF-16 units, never inside a surrogate pair). */
  cursor: number;
  history: readonly string[];
  /** Position in history while browsing it; null when editing the draft. */
  historyIndex: number | null;
  /** What was being typed before browsing history. */
  draft: string;
}

const HISTORY_LIMIT = 1000;

export function createEditor(history: readonly string[] = []): EditorState {
  return { text: '', cursor: 0, history, historyIndex: null, draft: '' };
}

function withText(state: EditorState, text: string, cursor: number): EditorState {
  return { ...state, text, cursor: Math.max(0, Math.min(cursor, text.length)) };
}

function previousIndex(text: string, index: number): number {
  if (index <= 0) return 0;
  const code = text.charCodeAt(index - 1);
  return code >= 0xdc00 && code <= 0xdfff && index >= 2 ? index - 2 : index - 1;
}

function nextIndex(text: string, index: number): number {
  if (index >= text.length) return text.length;
  const code = text.charCodeAt(index);
  return code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? index + 2 : index + 1;
}

/** Inserts typed or pasted text; line breaks of any style become `\n`, other controls are dropped. */
export function insert(state: EditorState, input: string): EditorState {
  const clean = input
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '  ')
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '');
  if (clean === '') return state;
  const text = state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor);
  return withText(state, text, state.cursor + clean.length);
}

export function newline(state: EditorState): EditorState {
  return insert(state, '\n');
}

export function backspace(state: EditorState): EditorState {
  if (state.cursor === 0) return state;
  const from = previousIndex(state.text, state.cursor);
  return withText(state, state.text.slice(0, from) + state.text.slice(state.cursor), from);
}

export function deleteForward(state: EditorState): EditorState {
  if (state.cursor >= state.text.length) return state;
  const to = nextIndex(state.text, state.cursor);
  return withText(state, state.text.slice(0, state.cursor) + state.text.slice(to), state.cursor);
}

export function left(state: EditorState): EditorState {
  return { ...state, cursor: previousIndex(state.text, state.cursor) };
}

export function right(state: EditorState): EditorState {
  return { ...state, cursor: nextIndex(state.text, state.cursor) };
}

function lineStartOf(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

function lineEndOf(text: string, index: number): number {
  const end = text.indexOf('\n', index);
  return end === -1 ? text.length : end;
}

export function lineStart(state: EditorState): EditorState {
  return { ...state, cursor: lineStartOf(state.text, state.cursor) };
}

export function lineEnd(state: EditorState): EditorState {
  return { ...state, cursor: lineEndOf(state.text, state.cursor) };
}

/** Ctrl-U: deletes from the start of the line to the cursor. */
export function killBefore(state: EditorState): EditorState {
  const start = lineStartOf(state.text, state.cursor);
  const from = start === state.cursor && start > 0 ? start - 1 : start;
  return withText(state, state.text.slice(0, from) + state.text.slice(state.cursor), from);
}

/** Ctrl-K: deletes from the cursor to the end of the line. */
export function killAfter(state: EditorState): EditorState {
  const end = lineEndOf(state.text, state.cursor);
  const to = end === state.cursor && end < state.text.length ? end + 1 : end;
  return withText(state, state.text.slice(0, state.cursor) + state.text.slice(to), state.cursor);
}

/** Ctrl-W: deletes the word before the cursor. */
export function deleteWordBefore(state: EditorState): EditorState {
  const before = state.text.slice(0, state.cursor);
  const match = /(\S+\s*|\s+)$/.exec(before);
  if (!match) return state;
  const from = state.cursor - match[0].length;
  return withText(state, state.text.slice(0, from) + state.text.slice(state.cursor), from);
}

function moveVertically(state: EditorState, direction: -1 | 1): EditorState | null {
  const start = lineStartOf(state.text, state.cursor);
  const column = state.cursor - start;
  if (direction === -1) {
    if (start === 0) return null;
    const previousStart = lineStartOf(state.text, start - 1);
    return { ...state, cursor: Math.min(previousStart + column, start - 1) };
  }
  const end = lineEndOf(state.text, state.cursor);
  if (end >= state.text.length) return null;
  const nextStart = end + 1;
  return { ...state, cursor: Math.min(nextStart + column, lineEndOf(state.text, nextStart)) };
}

export function historyPrevious(state: EditorState): EditorState {
  if (state.history.length === 0) return state;
  if (state.historyIndex === 0) return state;
  const index = state.historyIndex === null ? state.history.length - 1 : state.historyIndex - 1;
  const text = state.history[index] ?? '';
  return {
    ...state,
    text,
    cursor: text.length,
    historyIndex: index,
    draft: state.historyIndex === null ? state.text : state.draft,
  };
}

export function historyNext(state: EditorState): EditorState {
  if (state.historyIndex === null) return state;
  const index = state.historyIndex + 1;
  if (index >= state.history.length) {
    return { ...state, text: state.draft, cursor: state.draft.length, historyIndex: null, draft: '' };
  }
  const text = state.history[index] ?? '';
  return { ...state, text, cursor: text.length, historyIndex: index };
}

/** Up: the previous line of a multi-line entry, else the previous history entry. */
export function up(state: EditorState): EditorState {
  return moveVertically(state, -1) ?? historyPrevious(state);
}

/** Down: the next line of a multi-line entry, else the next history entry (or back to the draft). */
export function down(state: EditorState): EditorState {
  return moveVertically(state, 1) ?? historyNext(state);
}

export type EnterResult = { kind: 'continue'; state: EditorState } | { kind: 'submit'; text: string };

/** Enter: a backslash just before the cursor continues the entry on a new line; otherwise submit. */
export function enter(state: EditorState): EnterResult {
  if (state.cursor > 0 && state.text[state.cursor - 1] === '\\') {
    const text = `${state.text.slice(0, state.cursor - 1)}\n${state.text.slice(state.cursor)}`;
    return { kind: 'continue', state: withText(state, text, state.cursor) };
  }
  return { kind: 'submit', text: state.text };
}

/** After a submitted entry was accepted: an empty editor, the entry at the end of history. */
export function accept(state: EditorState, submitted: string): EditorState {
  const entry = submitted.trim();
  const history = entry === '' || state.history[state.history.length - 1] === entry ? state.history : [...state.history, entry].slice(-HISTORY_LIMIT);
  return createEditor(history);
}

export function clear(state: EditorState): EditorState {
  return { ...createEditor(state.history) };
}

/** Lines of the entry and where the cursor is, for drawing it. */
export function cursorView(state: EditorState): { lines: string[]; line: number; column: number } {
  const lines = state.text.split('\n');
  const before = state.text.slice(0, state.cursor).split('\n');
  return { lines, line: before.length - 1, column: (before[before.length - 1] ?? '').length };
}
