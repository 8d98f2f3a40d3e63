/**
 * Maps what the `openai` SDK throws on the HTTP path to a TransportFailure, so the session sees
 * the same kinds whichever transport carried the request.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { classifyError, ProtocolError } from '../protocol/index.js';
import { describeStall } from './StallWatch.js';
import type { TransportFailure } from './TransportError.js';

/** A failure from `client.responses.create()`: no 2xx status, so no stream started. */
export function beforeStreamFailure(error: unknown): TransportFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  // Connection errors are APIErrors without a status; test them first.
  if (error instanceof APIConnectionTimeoutError) return { kind: 'connect_failed', timedOut: true };
  if (error instanceof APIConnectionError) return { kind: 'connect_failed', timedOut: false };
  if (error instanceof APIError && error.status !== undefined) return { kind: 'api_error', error: classifyError(error) };
  return { kind: 'connect_failed', timedOut: false };
}

/** A failure while reading the event stream. */
export function midStreamFailure(error: unknown): TransportFailure {
  // The SDK throws an APIError for an SSE payload carrying `error` (a request error in the stream).
  if (error instanceof APIError && !(error instanceof APIConnectionError)) return { kind: 'api_error', error: classifyError(error) };
  // The SDK JSON.parses each `data:` payload itself and throws the SyntaxError as is.
  if (error instanceof SyntaxError) {
    return { kind: 'protocol', error: new ProtocolError('not_json', 'SSE data is not valid JSON', error.message, { cause: error }) };
  }
  // undici's "terminated" and friends: the connection ended under the body.
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'closed', code: null, reason };
}

export function describeFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'api_error':
      return `API error${failure.error.status === undefined ? '' : ` (HTTP ${failure.error.status})`}: ${failure.error.message}`;
    case 'connect_failed':
      return failure.timedOut ? 'HTTP request timed out before the response started' : 'HTTP connection failed';
    case 'protocol':
      return `Protocol error: ${failure.error.message}`;
    case 'closed':
      return `HTTP stream ended before a terminal event${failure.reason === '' ? '' : `: ${failure.reason}`}`;
    case 'dead':
      return `HTTP stream dead: no event for ${failure.silentMs} ms`;
    case 'stalled':
      return `HTTP stream stalled: ${describeStall(failure.phase, failure.silentSeconds)}`;
    case 'aborted':
      return 'Request aborted';
    case 'upgrade_refused':
      return `Upgrade refused with HTTP ${failure.status}`;
  }
}
