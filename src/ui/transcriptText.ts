// The transcript's one-line texts for agent events: recoveries, a finished turn's summary, errors.
// Pure, no colour.
import { formatMs } from './format.js';
import type { EarlierEntry } from './AgentController.js';
import type { EventOf, NewItem, RecoveryKind } from './uiTypes.js';

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

/** A resumed session's earlier conversation, drawn before the prompt: prompts, answers and one-line tool cards. */
export function earlierTranscript(sessionId: string, entries: readonly EarlierEntry[]): NewItem[] {
  const items: NewItem[] = [{ kind: 'notice', level: 'dim', text: `── resumed session ${sessionId}: the earlier conversation ──` }];
  let n = 0;
  for (const entry of entries) {
    if (entry.kind === 'user') items.push({ kind: 'user', text: entry.text });
    else if (entry.kind === 'assistant') items.push({ kind: 'assistant', text: entry.text, interrupted: false });
    else {
      items.push({
        kind: 'tool',
        card: {
          callId: `earlier-${n++}`,
          name: entry.name,
          display: entry.display,
          status: 'ok',
          durationMs: null,
          output: { lines: [], omitted: entry.outputLines },
          diff: null,
        },
      });
    }
  }
  items.push({ kind: 'notice', level: 'dim', text: '── end of the earlier conversation ──' });
  return items;
}
