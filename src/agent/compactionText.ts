// One wording for every front end (the TUI's transcript, exec's stderr) of a compaction's start
// and end: `compacted 171k → 9.4k tokens in 3.1 s`. Pure, no colour.
import type { AgentEvent } from './events.js';

type EventOf<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;

/** Tokens as people say them: `890`, `9.4k`, `171k`, `1.2M`. */
export function roundTokens(n: number): string {
  const value = Math.max(0, Math.round(n));
  if (value < 1000) return String(value);
  if (value < 10_000) return `${(value / 1000).toFixed(1)}k`;
  if (value < 999_500) return `${Math.round(value / 1000)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function compactionStartedText(event: EventOf<'compaction.started'>): string {
  const size =
    event.percent !== null && event.window !== null
      ? `${roundTokens(event.tokens)} tokens, ${event.percent} % of ${roundTokens(event.window)}`
      : `${roundTokens(event.tokens)} tokens`;
  const threshold = event.threshold ?? 0;
  const limit = event.window ? `${Math.round((threshold / event.window) * 100)} %` : `${roundTokens(threshold)}-token`;
  const why = event.automatic ? `${size}, over the ${limit} threshold` : size;
  const focus = event.focus ? `, keeping the focus on "${event.focus}"` : '';
  return `⇣ compacting the conversation: ${why}${focus}…`;
}

export function compactionCompletedText(event: EventOf<'compaction.completed'>): string {
  const carried = event.carriedOver > 0 ? ' · the latest request, the plan and the files changed were put back after it' : '';
  return `✓ compacted ${roundTokens(event.tokensBefore)} → ${roundTokens(event.tokensAfter)} tokens in ${seconds(event.durationMs)}${carried}`;
}
