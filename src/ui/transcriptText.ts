// The transcript's one-line texts for agent events: recoveries, a finished turn's summary, errors.
// Pure, no colour.
import { formatMs } from './format.js';
import type { EventOf, RecoveryKind } from './uiTypes.js';

export function recoveryText(kind: RecoveryKind, reason: string): string {
  const why = reason ? `: ${reason}` : '';
  // A string switch: the session may name kinds this union does not list yet ('stalled').
  switch (kind as string) {
    case 'reconnect':
      return `↻ reconnected${why}`;
    case 'limit_reached':
      return `↻ connection limit reached, reconnected${why}`;
    case 'previous_response_not_found':
      return `↻ the server lost the conversation state, replayed it${why}`;
    case 'fallback_http':
      return `↻ switched to HTTP for the rest of the session${why}`;
    case 'compacted_restart':
      return `↻ restarted from the compacted conversation${why}`;
    case 'retry':
      return `↻ retried the request${why}`;
    case 'stalled':
      return `↻ the model went silent, retried${why}`;
    default:
      return `↻ recovered (${String(kind)})${why}`;
  }
}

export function turnSummary(event: EventOf<'turn.completed'>): string {
  const { timings } = event;
  const parts = [
    `${timings.requests} request${timings.requests === 1 ? '' : 's'}`,
    ...(timings.toolMs > 0 ? [`tools ${formatMs(timings.toolMs)}`] : []),
    `overhead ${Math.round(timings.overheadMs)} ms`,
  ];
  const wall = formatMs(timings.wallMs);
  const head =
    event.status === 'completed'
      ? `turn ${event.turn} · ${wall}`
      : event.status === 'cancelled'
        ? `turn ${event.turn} cancelled after ${wall}`
        : event.status === 'max_turns'
          ? `turn ${event.turn} stopped at the request limit after ${wall}`
          : `turn ${event.turn} failed after ${wall}`;
  return `${head} · ${parts.join(' · ')}`;
}

export function errorText(event: EventOf<'error'>): string {
  return `${event.fatal ? '✗' : '!'} ${event.message}${event.code && event.fatal ? ` (${event.code})` : ''}`;
}
