// `--json`: every AgentEvent as one JSON line on stdout (schema: docs/json-events.schema.json),
// each with the time it was written (`timestamp`, ISO 8601). The writer adds what scripts ask a turn
// for: its token usage on `turn.completed` (the sum of its `usage` events), and a `turn.failed`
// with the error right before the `turn.completed` of a failed turn.
import type { AgentEvent } from '../agent/events.js';

interface Tokens {
  input: number;
  cached: number;
  output: number;
}

export function jsonLineWriter(out: NodeJS.WritableStream): (event: AgentEvent) => void {
  let usage: Tokens = { input: 0, cached: 0, output: 0 };
  let lastError: { code: string; message: string } | null = null;
  const write = (event: object): void => {
    out.write(`${JSON.stringify({ ...event, timestamp: new Date().toISOString() })}\n`);
  };
  return (event) => {
    switch (event.type) {
      case 'turn.started':
        usage = { input: 0, cached: 0, output: 0 };
        lastError = null;
        break;
      case 'usage':
        usage = { input: usage.input + event.input, cached: usage.cached + event.cached, output: usage.output + event.output };
        break;
      case 'error':
        if (event.fatal || event.code === 'max_turns') lastError = { code: event.code, message: event.message };
        break;
      case 'turn.completed':
        if (event.status === 'failed' || event.status === 'max_turns')
          write({ type: 'turn.failed', turn: event.turn, error: lastError ?? { code: 'failed', message: 'the turn failed' } });
        write({ ...event, usage });
        return;
      default:
        break;
    }
    write(event);
  };
}
