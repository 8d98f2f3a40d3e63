// Key bindings of the prompt editor, as a pure function from a key to the next editor state (and
// the text to submit on Enter). Enter submits; a backslash before Enter, Alt+Enter, Shift+Enter
// (where the terminal reports it) or Ctrl-J start a new line; Up/Down move between lines or
// through history; Tab completes a slash command; Ctrl-A/E/U/K/W edit like readline.
import type { Key } from 'ink';
import * as editor from './promptEditor.js';
import { completeSlashCommand } from './slashCommands.js';

export interface PromptKeyResult {
  state: editor.EditorState;
  /** Set when Enter submits: the whole entry. */
  submit?: string;
}

export function promptKey(state: editor.EditorState, input: string, key: Key): PromptKeyResult {
  if (key.return) {
    if (key.meta || key.shift) return { state: editor.newline(state) };
    const result = editor.enter(state);
    return result.kind === 'continue' ? { state: result.state } : { state, submit: result.text };
  }
  if (input === '\n') return { state: editor.newline(state) };
  if (key.upArrow) return { state: editor.up(state) };
  if (key.downArrow) return { state: editor.down(state) };
  if (key.leftArrow) return { state: editor.left(state) };
  if (key.rightArrow) return { state: editor.right(state) };
  if (key.home) return { state: editor.lineStart(state) };
  if (key.end) return { state: editor.lineEnd(state) };
  // Most terminals send DEL (reported as `delete`) for Backspace.
  if (key.backspace || key.delete) return { state: editor.backspace(state) };
  if (key.tab) {
    const completed = completeSlashCommand(state.text);
    return { state: completed ? editor.insert({ ...state, text: '', cursor: 0 }, completed) : state };
  }
  if (key.ctrl) {
    switch (input) {
      case 'a':
        return { state: editor.lineStart(state) };
      case 'e':
        return { state: editor.lineEnd(state) };
      case 'u':
        return { state: editor.killBefore(state) };
      case 'k':
        return { state: editor.killAfter(state) };
      case 'w':
        return { state: editor.deleteWordBefore(state) };
      default:
        return { state };
    }
  }
  if (key.escape || key.pageUp || key.pageDown || (key.meta && input.length === 1)) return { state };
  return { state: input ? editor.insert(state, input) : state };
}
