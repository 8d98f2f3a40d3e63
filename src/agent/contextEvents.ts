// The session's context figures and compaction events, as the AgentEvents the front ends show
// (the status bar's `ctx 62 %`, the transcript's `compacted 171k → 9k tokens in 3.1 s`).
import type { ModelSession, SessionEvent } from '../session/index.js';
import type { AgentEvent, ContextFigures } from './events.js';

/** Whole percent of the window, or null when the window is unknown. */
export function percentOf(tokens: number, window: number | null): number | null {
  return window ? Math.round((tokens / window) * 100) : null;
}

/** How full the context is after the latest response. */
export function contextFigures(session: ModelSession): ContextFigures {
  const tokens = session.contextUsed ?? session.contextTokens();
  const window = session.contextWindow;
  return { tokens, window, percent: percentOf(tokens, window) };
}

type CompactionSessionEvent = Extract<SessionEvent, { type: 'compaction.started' | 'compaction.completed' }>;

export function compactionEvent(event: CompactionSessionEvent): AgentEvent {
  if (event.type === 'compaction.completed') return { ...event };
  return { ...event, percent: percentOf(event.tokens, event.window) };
}
