// One attempt's stream as the session reads it. A steered response ends and its successor follows
// in the same stream (protocol.md §11): each response is committed at its own terminal event, and
// the steers it accepted follow its output in the ledger; the steering owner sees every event.
import type { Response, ServerEvent } from '../protocol/index.js';
import type { ResponseStream } from '../transport/index.js';
import { FailedResponse } from './recoveryPolicy.js';
import type { Steering } from './Steering.js';

/** Yields the events; returns the last response (already committed). Throws FailedResponse on `response.failed`. */
export async function* readAttempt(
  stream: ResponseStream,
  connectionKey: string,
  steering: Steering,
  commit: (response: Response) => void,
): AsyncGenerator<ServerEvent, Response> {
  let committed: Response | null = null;
  for await (const event of stream) {
    steering.observe(event, connectionKey, committed !== null);
    if (event.type === 'response.completed' || event.type === 'response.incomplete') {
      committed = event.response as Response;
      commit(committed);
      steering.afterCommit(committed.id);
    }
    yield event;
  }
  const terminal = await stream.done;
  if (terminal.type === 'response.failed') throw new FailedResponse(terminal);
  const response = terminal.response as Response;
  if (committed?.id !== response.id) commit(response);
  return response;
}
