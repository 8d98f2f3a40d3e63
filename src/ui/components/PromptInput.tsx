// The prompt: the entry being edited (multi-line, with a cursor), a "working" line while a turn
// runs (saying so when the model has been silent for a while), and a transient hint.
// Presentational: the App routes keys to promptKey() and passes the editor state in (it survives
// the prompt being hidden while an approval is asked).
import { memo } from 'react';
import { Box, Text } from 'ink';
import { formatAge } from '../format.js';
import { modelWaitText } from '../modelWait.js';
import { type EditorState, cursorView } from '../promptEditor.js';
import { paint, useColor } from '../theme.js';
import { useNow } from '../useNow.js';

export interface PromptInputProps {
  value: EditorState;
  /** Show the cursor (false while closing). */
  active?: boolean;
  busy?: boolean;
  /** performance.now() when the running turn started. */
  busySince?: number | null;
  /** performance.now() since when the turn waits on a silent model (see modelWait.ts), or null. */
  waitingSince?: number | null;
  /** A transient line under the prompt (e.g. "Press Ctrl-C again to exit."). */
  hint?: string | null;
  /** Lines of a long entry shown at once (a window around the cursor). */
  maxLines?: number;
  /** Spin the working indicator (a few frames a second); off without colour or a TTY. */
  animate?: boolean;
  /** Ctrl-R search in progress: the query and the entry it found. */
  search?: { query: string; text: string; failed: boolean } | null;
}

/** The working indicator's frames, and how long each shows (4 frames a second). */
export const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
export const SPINNER_FRAME_MS = 250;

export const PromptInput = memo(function PromptInput({
  value,
  active = true,
  busy = false,
  busySince = null,
  waitingSince = null,
  hint = null,
  maxLines = 12,
  animate = false,
  search = null,
}: PromptInputProps) {
  const color = useColor();
  const spinning = busy && animate;
  const now = useNow(spinning ? SPINNER_FRAME_MS : 1000, busy);
  const mark = spinning ? SPINNER_FRAMES[Math.floor(now / SPINNER_FRAME_MS) % SPINNER_FRAMES.length]! : '●';
  const waiting = busy ? modelWaitText(waitingSince, now) : null;
  const view = cursorView(value);
  const dim = paint(color, { dim: true });
  const prompt = paint(color, { tone: 'cyan', bold: true });
  const placeholder = value.text === '' && !busy && active;
  const shown = Math.max(1, maxLines);
  const first = Math.min(Math.max(0, view.line - shown + 1), Math.max(0, view.lines.length - shown));
  const last = Math.min(view.lines.length, first + shown);
  return (
    <Box flexDirection="column">
      {busy ? (
        <Text {...paint(color, { tone: 'cyan' })}>
          {mark} working{busySince !== null ? ` ${formatAge(now - busySince)}` : ''}
          {waiting ? <Text {...paint(color, { tone: 'yellow' })}> · {waiting}</Text> : null}
          <Text {...dim}> · Esc to cancel</Text>
        </Text>
      ) : null}
      {search ? (
        <Text wrap="truncate-end">
          <Text
            {...paint(color, { tone: search.failed ? 'yellow' : 'cyan' })}
          >{`(${search.failed ? 'failing ' : ''}reverse-i-search)\`${search.query}': `}</Text>
          {search.text}
          <Text {...dim}> · Ctrl-R older · Enter take · Esc leave</Text>
        </Text>
      ) : null}
      {!search && first > 0 ? (
        <Text {...dim}>
          {'  … '}
          {first} line{first === 1 ? '' : 's'} above
        </Text>
      ) : null}
      {(search ? [] : view.lines.slice(first, last)).map((line, index) => {
        const i = first + index;
        const prefix = i === 0 ? '› ' : '  ';
        if (i !== view.line || !active) {
          return (
            <Text key={i}>
              <Text {...prompt}>{prefix}</Text>
              {line}
            </Text>
          );
        }
        const chars = [...line];
        const before = [...line.slice(0, view.column)].length;
        const at = chars[before];
        return (
          <Text key={i}>
            <Text {...prompt}>{prefix}</Text>
            {chars.slice(0, before).join('')}
            {color ? <Text inverse>{at ?? ' '}</Text> : at === undefined ? '█' : `▏${at}`}
            {chars.slice(before + 1).join('')}
            {placeholder ? <Text {...dim}> type a prompt, /help for commands</Text> : null}
          </Text>
        );
      })}
      {!search && last < view.lines.length ? (
        <Text {...dim}>
          {'  … '}
          {view.lines.length - last} line{view.lines.length - last === 1 ? '' : 's'} below
        </Text>
      ) : null}
      {hint ? <Text {...paint(color, { tone: 'yellow' })}>{hint}</Text> : null}
    </Box>
  );
});
