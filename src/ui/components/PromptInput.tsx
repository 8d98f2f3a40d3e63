// The prompt: a multi-line editor with history. Enter submits; a backslash before Enter, Alt+Enter,
// Shift+Enter (where the terminal reports it) or Ctrl-J start a new line; Up/Down move between lines
// or through history; Tab completes a slash command. The editor state lives with the caller (it
// survives the prompt being hidden while an approval is asked); this component edits it.
import { memo } from 'react';
import { Box, Text, useInput } from 'ink';
import { formatAge } from '../format.js';
import * as editor from '../promptEditor.js';
import { completeSlashCommand } from '../slashCommands.js';
import { paint, useColor } from '../theme.js';
import { useNow } from '../useNow.js';

export interface PromptInputProps {
  value: editor.EditorState;
  /** Applies an edit to the latest editor state. */
  update: (edit: (state: editor.EditorState) => editor.EditorState) => void;
  /** Called with the entry on Enter; return true when it was accepted (the editor clears). */
  onSubmit: (text: string) => boolean;
  active?: boolean;
  visible?: boolean;
  busy?: boolean;
  /** performance.now() when the running turn started. */
  busySince?: number | null;
  /** A transient line under the prompt (e.g. "press Ctrl-C again to exit"). */
  hint?: string | null;
}

export const PromptInput = memo(function PromptInput({ value, update, onSubmit, active = true, visible = true, busy = false, busySince = null, hint = null }: PromptInputProps) {
  const color = useColor();
  const now = useNow(1000, busy && visible);

  useInput(
    (input, key) => {
      // Global keys (Ctrl-C, Ctrl-D, Esc) belong to the App.
      if (key.escape || (key.ctrl && (input === 'c' || input === 'd'))) return;
      if (key.return) {
        if (key.meta || key.shift) {
          update(editor.newline);
          return;
        }
        let submitted: string | null = null;
        update((state) => {
          const result = editor.enter(state);
          if (result.kind === 'continue') return result.state;
          submitted = result.text;
          return state;
        });
        if (submitted !== null) {
          const text: string = submitted;
          if (onSubmit(text)) update((state) => editor.accept(state, text));
        }
        return;
      }
      if (input === '\n') return update(editor.newline);
      if (key.upArrow) return update(editor.up);
      if (key.downArrow) return update(editor.down);
      if (key.leftArrow) return update(editor.left);
      if (key.rightArrow) return update(editor.right);
      if (key.home) return update(editor.lineStart);
      if (key.end) return update(editor.lineEnd);
      if (key.backspace || key.delete) return update(editor.backspace);
      if (key.tab) {
        return update((state) => {
          const completed = completeSlashCommand(state.text);
          return completed ? editor.insert({ ...state, text: '', cursor: 0 }, completed) : state;
        });
      }
      if (key.ctrl) {
        if (input === 'a') return update(editor.lineStart);
        if (input === 'e') return update(editor.lineEnd);
        if (input === 'u') return update(editor.killBefore);
        if (input === 'k') return update(editor.killAfter);
        if (input === 'w') return update(editor.deleteWordBefore);
        return undefined;
      }
      if (key.meta && input.length === 1) return undefined;
      if (input) update((state) => editor.insert(state, input));
      return undefined;
    },
    { isActive: active && visible },
  );

  if (!visible) return null;
  const view = editor.cursorView(value);
  const dim = paint(color, { dim: true });
  const placeholder = value.text === '' && !busy;
  return (
    <Box flexDirection="column">
      {busy ? (
        <Text {...paint(color, { tone: 'cyan' })}>
          ● working{busySince !== null ? ` ${formatAge(now - busySince)}` : ''}
          <Text {...dim}> · Esc to cancel</Text>
        </Text>
      ) : null}
      {view.lines.map((line, i) => {
        const prefix = i === 0 ? '› ' : '  ';
        if (i !== view.line || !active) {
          return (
            <Text key={i}>
              <Text {...paint(color, { tone: 'cyan', bold: true })}>{prefix}</Text>
              {line}
            </Text>
          );
        }
        const chars = [...line];
        const before = [...line.slice(0, view.column)].length;
        const at = chars[before];
        return (
          <Text key={i}>
            <Text {...paint(color, { tone: 'cyan', bold: true })}>{prefix}</Text>
            {chars.slice(0, before).join('')}
            {color ? <Text inverse>{at ?? ' '}</Text> : at === undefined ? '█' : `▏${at}`}
            {chars.slice(before + 1).join('')}
            {placeholder ? <Text {...dim}> type a prompt, /help for commands</Text> : null}
          </Text>
        );
      })}
      {hint ? <Text {...paint(color, { tone: 'yellow' })}>{hint}</Text> : null}
    </Box>
  );
});
