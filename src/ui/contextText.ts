// The context meter's and compaction's texts: the status bar's `ctx 62 %` and the transcript's
// lines when a compaction starts and ends (`compacted 171k → 9k tokens in 3.1 s`). Pure, no colour.
import { formatMs } from './format.js';
import type { Tone } from './theme.js';
import type { EventOf } from './uiTypes.js';

/** Tokens as people say them: `890`, `9.4k`, `171k`, `1.2M`. */
export function roundTokens(n: number): string {
  const value = Math.max(0, Math.round(n));
  if (value < 1000) return String(value);
  if (value < 10_000) return `${(value / 1000).toFixed(1)}k`;
  if (value < 999_500) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** The meter: `ctx 62 %` of a known window, `ctx 41k` without one. */
export function contextMeterText(context: { tokens: number; percent: number | null }): string {
  return context.percent === null ? `ctx ${roundTokens(context.tokens)}` : `ctx ${context.percent} %`;
}

/** Yellow from 70 %, red from 90 %: the meter is worth a look before compaction comes. */
export function contextMeterTone(percent: number | null): Tone | undefined {
  if (percent === null) return undefined;
  if (percent >= 90) return 'red';
  return percent >= 70 ? 'yellow' : undefined;
}

export function compactionStartedText(event: EventOf<'compaction.started'>): string {
  const size =
    event.percent !== null && event.window !== null
      ? `${roundTokens(event.tokens)} tokens, ${event.percent} % of ${roundTokens(event.window)}`
      : `${roundTokens(event.tokens)} tokens`;
  const why = event.automatic ? `the context passed ${roundTokens(event.threshold ?? 0)} tokens (${size})` : size;
  const focus = event.focus ? `, keeping the focus on "${event.focus}"` : '';
  return `⇣ compacting the conversation: ${why}${focus}…`;
}

export function compactionCompletedText(event: EventOf<'compaction.completed'>): string {
  const carried = event.carriedOver > 0 ? ' · the latest request, the plan and the files changed were put back after it' : '';
  return `✓ compacted ${roundTokens(event.tokensBefore)} → ${roundTokens(event.tokensAfter)} tokens in ${formatMs(event.durationMs)}${carried}`;
}
