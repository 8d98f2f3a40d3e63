/**
 * The events of an HTTP streaming body (SSE), read here rather than by the SDK's iterator, so that
 * one malformed `data:` payload can be skipped while the rest of the stream is still read: the
 * SDK's iterator throws on it and cannot go on, which cost a full replay of the context.
 * Otherwise it reads what the SDK reads: `[DONE]` ends the stream, and a payload carrying `error`
 * is thrown as the SDK's APIError, so failures are classified the same way as before.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { APIError } from 'openai';
import { type ProtocolError, parseSseData, type ServerEvent } from '../protocol/index.js';

export type SseItem = { kind: 'event'; event: ServerEvent } | { kind: 'malformed'; error: ProtocolError };

export async function* sseEvents(body: ReadableStream<Uint8Array>, headers: Headers): AsyncGenerator<SseItem> {
  const messages: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
      for (const message of messages.splice(0)) {
        if (message.data === '') continue; // an event with no data: nothing to read
        const parsed = parseSseData(message.data);
        if (!parsed.ok) {
          yield { kind: 'malformed', error: parsed.error };
          continue;
        }
        if (parsed.done) return;
        const carried = (parsed.event as { error?: unknown }).error;
        if (carried) throw new APIError(undefined, carried as object, undefined, headers);
        yield { kind: 'event', event: parsed.event };
      }
      if (done) return;
    }
  } finally {
    // Returning early (a terminal event, [DONE], an abort) releases the body.
    reader.cancel().catch(() => undefined);
  }
}
