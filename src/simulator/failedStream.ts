// A response that fails after it started, as the service's do: `response.created` and
// `response.in_progress` (and, for a server error mid-stream, the first output item), then an
// `error` event and `response.failed`. Used for scheduled faults and for an input over the window.
import type { Response, ResponseStreamEvent } from '../protocol/index.js';
import type { BuiltStream, TimedEvent } from './eventStream.js';
import type { WireResponse } from './responseObject.js';

/** Why a stream fails: the streaming error's fields (response.error keeps code and message). */
export interface StreamFailure {
  code: string;
  message: string;
  type: string;
  param: string | null;
}

const SERVER_ERROR: StreamFailure = {
  code: 'server_error',
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
};

/**
 * Rewrites a stream into a failed one: `response.failed` right after `in_progress`, or, for a
 * streaming error, after the first output item with an `error` event in between.
 */
export function failStream(stream: BuiltStream, withStreamingError: boolean, shape: 'flat' | 'nested', cause?: StreamFailure): void {
  const events = stream.events;
  // A refused input fails before any output; a server error after the first item.
  const cut = withStreamingError && !cause ? Math.max(2, events.findIndex((e) => e.midpoint) + 1) : 2;
  const kept = events.slice(0, cut);
  let seq = kept.length;
  let at = kept[kept.length - 1]?.atMs ?? 0;
  const response: WireResponse = stream.response;
  const { code, message, type, param } = cause ?? SERVER_ERROR;
  response.status = 'failed';
  response.error = { code, message } as WireResponse['error'];
  response.output = [];
  response.usage = null;
  const tail: TimedEvent[] = [];
  if (withStreamingError) {
    const event =
      shape === 'flat'
        ? { type: 'error', code, message, param, sequence_number: seq++ }
        : { type: 'error', sequence_number: seq++, error: { type, code, message, param } };
    tail.push({ atMs: at, event: event as ResponseStreamEvent });
  }
  at += 1;
  // The SDK's Response type insists on `output_text`, which is not a wire field.
  const failed = structuredClone(response) as unknown as Response;
  tail.push({ atMs: at, event: { type: 'response.failed', response: failed, sequence_number: seq++ } });
  stream.events = [...kept, ...tail];
}
