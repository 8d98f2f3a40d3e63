// `--json`: every AgentEvent as one JSON line on stdout (schema: docs/json-events.schema.json).
import type { AgentEvent } from '../agent/events.js';

export function jsonLineWriter(out: NodeJS.WritableStream): (event: AgentEvent) => void {
  return (event) => {
    out.write(`${JSON.stringify(event)}\n`);
  };
}
