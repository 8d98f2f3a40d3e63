/**
 * Maps what the `openai` SDK throws on the HTTP path to a TransportFailure, so the session sees
 * the same kinds whichever transport carried the request.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { classifyError } from '../protocol/index.js';
import { describeStall } from './StallWatch.js';
import { connectCause, describeErrorBody, isUnreachable, notAnEventStream, oneLine } from './failureText.js';
import type { TransportFailure } from './TransportError.js';

/**
 * A failure from `client.responses.create()`: no 2xx status, so no stream started. `where` is the
 * endpoint's `host:port`, named when no connection could be made.
 */
export function beforeStreamFailure(error: unknown, where: string): TransportFailure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  // Connection errors are APIErrors without a status; test them first.
  if (error instanceof APIConnectionTimeoutError) return { kind: 'connect_failed', timedOut: true, where, cause: 'timed out' };
  if (error instanceof APIError && error.status !== undefined) return { kind: 'api_error', error: httpError(error, error.status) };
  return { kind: 'connect_failed', timedOut: false, where, cause: connectCause(error), unreachable: isUnreachable(error) };
}

/**
 * The classified error of an HTTP error status. A JSON error keeps its message (on one line, cut to
 * length); any other body — a proxy's HTML page, plain text — is described, never quoted whole.
 */
function httpError(error: APIError, status: number): ReturnType<typeof classifyError> {
  const classified = classifyError(error);
  // The SDK puts a JSON body's `error` in `.error`; for any other body `.error` is empty and the
  // message is "<status> <the whole body>".
  const hasJsonError = error.error !== undefined && error.error !== null;
  if (hasJsonError) return { ...classified, message: oneLine(classified.message) };
  const raw = error.message.startsWith(`${status}`) ? error.message.slice(String(status).length) : error.message;
  const contentType = error.headers?.get?.('content-type') ?? null;
  // "(no body)" is also what the SDK says for a JSON body without `error` ({"detail":…}): no message either way.
  if (raw.trim() === 'status code (no body)') return { ...classified, message: `the server answered ${status} without an error message` };
  return { ...classified, message: describeErrorBody(status, raw, contentType) };
}

/** A 2xx answer whose body is not an event stream: what answered is not a Responses API server. */
export function notEventStreamFailure(where: string, status: number, contentType: string | null): TransportFailure {
  return {
    kind: 'api_error',
    error: { kind: 'invalid_request', status, code: NOT_A_RESPONSES_SERVER, message: notAnEventStream(where, status, contentType), retryable: false },
  };
}

/** The code of the ClassifiedError above; the session reports it as a network problem (exit 4). */
export const NOT_A_RESPONSES_SERVER = 'not_a_responses_server';

/** A failure while reading the event stream. */
export function midStreamFailure(error: unknown): TransportFailure {
  // sseEvents throws the SDK's APIError for an SSE payload carrying `error` (a request error in the
  // stream); a malformed payload never arrives here (it is skipped, or fails the stream as protocol).
  if (error instanceof APIError && !(error instanceof APIConnectionError)) return { kind: 'api_error', error: classifyError(error) };
  // undici's "terminated" and friends: the connection ended under the body.
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: 'closed', code: null, reason };
}

export function describeFailure(failure: TransportFailure): string {
  switch (failure.kind) {
    case 'api_error':
      return `API error${failure.error.status === undefined ? '' : ` (HTTP ${failure.error.status})`}: ${failure.error.message}`;
    case 'connect_failed':
      if (failure.timedOut) return `HTTP request${failure.where ? ` to ${failure.where}` : ''} timed out before the response started`;
      return `could not connect${failure.where ? ` to ${failure.where}` : ''}${failure.cause ? `: ${failure.cause}` : ''}`;
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
