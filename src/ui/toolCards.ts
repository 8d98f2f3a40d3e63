// Tool calls in the UI state: the running tools of the streaming tail, and the finished card a
// completed call leaves in the transcript.
import { diffLines } from './diffLines.js';
import { type BoundedLines, EMPTY_TAIL, splitLines, tailLines } from './textLines.js';
import type { EventOf, RunningTool, ToolCardData } from './uiTypes.js';

/** Lines of output a finished tool card keeps. */
export const CARD_OUTPUT_LINES = 12;
/** Lines of output a running tool shows live. */
export const LIVE_OUTPUT_LINES = 6;
/** Lines of an edit's diff a tool card shows. */
export const CARD_DIFF_LINES = 40;

export function newTool(callId: string, name: string, display: string): RunningTool {
  return { callId, name, display, status: 'queued', startedAt: null, output: EMPTY_TAIL };
}

/** The tools list with `callId` updated (or created first when it is not there yet). */
export function withTool(tools: RunningTool[], callId: string, update: (tool: RunningTool) => RunningTool, create: () => RunningTool): RunningTool[] {
  const index = tools.findIndex((t) => t.callId === callId);
  const next = [...tools];
  if (index === -1) next.push(update(create()));
  else next[index] = update(next[index]!);
  return next;
}

/** Finished card for a tool call. A successful read_file shows only how much it read. */
export function finishedCard(event: EventOf<'tool.completed'>, running: RunningTool | undefined): ToolCardData {
  const display = running?.display ?? event.name;
  let output: BoundedLines;
  if (event.ok && event.name === 'read_file') {
    const total = event.output === '' ? 0 : splitLines(event.output).length;
    output = { lines: [], omitted: total };
  } else {
    output = tailLines(event.output, CARD_OUTPUT_LINES);
  }
  return {
    callId: event.callId,
    name: event.name,
    display,
    status: event.ok ? 'ok' : 'failed',
    durationMs: event.durationMs,
    output: event.diff && event.ok ? { lines: [], omitted: 0 } : output,
    diff: event.diff ? diffLines(event.diff, CARD_DIFF_LINES) : null,
  };
}
