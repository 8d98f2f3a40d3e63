// The live part of a turn, re-rendered (throttled) as it changes: the reasoning summary being
// written (dim), the answer being written (markdown, only its last lines: the whole answer goes
// to the transcript when done), and the running tools with a live tail of their output. Its
// height is bounded so the live region never outgrows the terminal (Ink would then redraw all).
import { stripVTControlCharacters } from 'node:util';
import { memo, useMemo } from 'react';
import { Box, Text } from 'ink';
import { renderMarkdown, streamingWindow } from '../markdown.js';
import { renderStats } from '../renderStats.js';
import { reasoningTail } from '../reasoningText.js';
import { type BoundedLines, visibleTail } from '../textLines.js';
import { paint, useColor } from '../theme.js';
import { LIVE_OUTPUT_LINES } from '../toolCards.js';
import type { StreamingTail as TailState } from '../uiTypes.js';
import { useNow } from '../useNow.js';
import { ToolCard } from './ToolCard.js';

const REASONING_LINES = 3;

export interface StreamingTailProps {
  tail: TailState;
  width: number;
  /** Rows this region may take. */
  maxLines: number;
}

/** Terminal rows a rendered line takes at this width. */
function rowsOf(line: string, width: number): number {
  return Math.max(1, Math.ceil([...stripVTControlCharacters(line)].length / width));
}

/** The end of the answer so far, rendered as markdown, fitting in `max` rows. */
export function answerTail(text: string, width: number, color: boolean, max: number): BoundedLines {
  const window = streamingWindow(text, Math.max(2000, max * width * 2));
  const lines = renderMarkdown(window, { width, color }).split('\n');
  let rows = 0;
  let first = lines.length;
  while (first > 0 && rows + rowsOf(lines[first - 1]!, width) <= max) {
    first--;
    rows += rowsOf(lines[first]!, width);
  }
  if (first === lines.length && lines.length > 0) first = lines.length - 1;
  return { lines: lines.slice(first), omitted: first + (window.length < text.length ? 1 : 0) };
}

export const StreamingTail = memo(function StreamingTail({ tail, width, maxLines }: StreamingTailProps) {
  renderStats.tail++;
  const color = useColor();
  const running = tail.tools.some((t) => t.status === 'running');
  const now = useNow(1000, running);

  // A call waiting for approval is shown by the approval prompt itself.
  const tools = tail.tools
    .filter((tool) => tool.status !== 'waiting')
    .map((tool) => ({
      tool,
      output: tool.status === 'running' ? visibleTail(tool.output, LIVE_OUTPUT_LINES) : { lines: [], omitted: 0 },
    }));
  const toolRows = tools.reduce((n, t) => n + 1 + t.output.lines.length + (t.output.omitted > 0 ? 1 : 0), 0);
  // Wrapped, not truncated: a summary is often one long paragraph, and its end is what is new.
  const reasoning = reasoningTail(tail.reasoning, width - 2, REASONING_LINES);
  const answerBudget = Math.max(3, maxLines - toolRows - reasoning.length - 1);
  const answer = useMemo(
    () => (tail.assistant.trim() === '' ? null : answerTail(tail.assistant, width, color, answerBudget)),
    [tail.assistant, width, color, answerBudget],
  );

  if (tools.length === 0 && reasoning.length === 0 && answer === null) return null;
  const dim = paint(color, { dim: true });
  return (
    <Box flexDirection="column" marginTop={1}>
      {reasoning.map((line, i) => (
        <Text key={`r${i}`} wrap="truncate-end" {...paint(color, { dim: true, italic: true })}>
          {i === 0 ? '∴ ' : '  '}
          {line}
        </Text>
      ))}
      {answer && answer.omitted > 0 ? <Text {...dim}>…</Text> : null}
      {answer ? <Text>{answer.lines.join('\n')}</Text> : null}
      {tools.map(({ tool, output }) => (
        <ToolCard
          key={tool.callId}
          name={tool.name}
          display={tool.display}
          status={tool.status}
          elapsedMs={tool.startedAt !== null ? now - tool.startedAt : null}
          output={output}
        />
      ))}
    </Box>
  );
});
