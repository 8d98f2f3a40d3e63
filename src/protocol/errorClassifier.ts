/**
 * One verdict for every way the Responses API reports a failure.
 *
 * The same condition reaches wsagent in different envelopes depending on the path: a socket
 * request error, a streaming `error` event, a `response.failed` event, an HTTP status with a JSON
 * body, or an `APIError` thrown by the `openai` SDK. Recovery logic (reconnect, replay, back off,
 * give up) must not care which one it got, so everything is reduced here to a ClassifiedError.
 */
import { excerptOf } from './protocolError.js';
import { headerLookup, retryAfterMsFrom, type HeaderLookup, type HeadersLike } from './retryAfter.js';

export type ErrorKind =
  | 'connection_limit'
  | 'previous_response_not_found'
  | 'rate_limit'
  | 'quota'
  | 'auth'
  /** The server does not serve the configured model: a setting to change, not a request to retry. */
  | 'model_not_found'
  | 'context_length_exceeded'
  | 'server_error'
  | 'invalid_request'
  | 'unknown';

export interface ClassifiedError {
  kind: ErrorKind;
  /** HTTP status (or the socket error's `status` / `status_code`), when there was one. */
  status?: number;
  /** The API's error code, e.g. `rate_limit_exceeded`. */
  code?: string;
  /** The API's error type, e.g. `invalid_request_error`. */
  type?: string;
  message: string;
  param?: string;
  /** How long the server asked us to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  /** Whether sending again (after a wait, a reconnect or a full replay) can succeed. */
  retryable: boolean;
}

/**
 * An HTTP error before streaming started. `body` is the parsed JSON (`{error:{...}}`); a raw text
 * body (a proxy's HTML page) is accepted too and quoted in the message.
 */
export interface HttpErrorInput {
  status: number;
  body?: unknown;
  headers?: HeadersLike;
}

export interface ClassifyOptions {
  /** Current time in ms since the epoch, for `retry-after` given as an HTTP date. */
  now?: number;
}

/**
 * Accepts (typed `unknown` so a `catch` clause can pass what it caught):
 * - a socket request error `{type:"error", status|status_code, error:{type, code, message, param}}`;
 * - a streaming error event `{type:"error", code, message, param, sequence_number}`;
 * - a `response.failed` event, or a Response object, with `error:{code, message}`;
 * - an HttpErrorInput `{status, body, headers}`;
 * - an `APIError` from the `openai` SDK (`status`, `error`, `headers`, `code`);
 * - any other Error or value, which classifies as `unknown`.
 */
export function classifyError(input: unknown, options: ClassifyOptions = {}): ClassifiedError {
  const facts = gatherFacts(input);
  const kind = kindOf(facts);
  const retryAfterMs = retryAfterMsFrom({
    headers: facts.headers,
    field: facts.retryAfterField,
    message: facts.message,
    now: options.now ?? Date.now(),
  });
  return {
    kind,
    ...(facts.status !== undefined && { status: facts.status }),
    ...(facts.code !== undefined && { code: facts.code }),
    ...(facts.type !== undefined && { type: facts.type }),
    message: facts.message ?? fallbackMessage(facts),
    ...(facts.param !== undefined && { param: facts.param }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    retryable: RETRYABLE_KINDS.has(kind),
  };
}

/**
 * Recoverable without the user: back off (rate limit, server error), reconnect (connection limit)
 * or replay the full context on a new chain (previous_response_not_found).
 */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rate_limit', 'server_error', 'connection_limit', 'previous_response_not_found']);

function kindOf({ status, code, type }: ErrorFacts): ErrorKind {
  // Specific codes win over the status: a 429 for an exhausted quota must not be retried, and the
  // socket sends both the limit and the missing-previous-response errors with status 400.
  if (code === 'websocket_connection_limit_reached') return 'connection_limit';
  if (code === 'previous_response_not_found') return 'previous_response_not_found';
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'quota';
  if (code === 'context_length_exceeded') return 'context_length_exceeded';
  if (code === 'model_not_found') return 'model_not_found';
  if (code === 'rate_limit_exceeded' || status === 429) return 'rate_limit';
  if (code === 'invalid_api_key' || status === 401 || status === 403 || type === 'authentication_error') {
    return 'auth';
  }
  if (code === 'server_error' || type === 'server_error' || (status !== undefined && status >= 500)) {
    return 'server_error';
  }
  if ((status !== undefined && status >= 400 && status < 500) || type === 'invalid_request_error') {
    return 'invalid_request';
  }
  // `response.failed` carries no status; its prompt-rejection code is a request problem.
  if (code === 'invalid_prompt') return 'invalid_request';
  return 'unknown';
}

/** What the envelopes have in common, read defensively: any field may be missing or mistyped. */
interface ErrorFacts {
  status?: number | undefined;
  code?: string | undefined;
  type?: string | undefined;
  message?: string | undefined;
  param?: string | undefined;
  headers?: HeaderLookup | undefined;
  retryAfterField?: unknown;
  /** A non-JSON response body, quoted when there is no message. */
  rawBody?: string | undefined;
}

type Fields = Readonly<Record<string, unknown>>;

function gatherFacts(input: unknown): ErrorFacts {
  if (typeof input === 'string') return { message: input };
  if (!isFields(input)) return {};

  // A `response.failed` event wraps the Response; the Response holds the error.
  if (input['type'] === 'response.failed' && isFields(input['response'])) return gatherFacts(input['response']);

  const body = parseBody(input['body']);
  const detail = errorDetail(input, body);
  const status = toStatus(input['status']) ?? toStatus(input['status_code']);
  return {
    status,
    code: text(detail['code']) ?? text(input['code']),
    // On the top level `type` is the event type ("error"), not an error type; an APIError mirrors
    // its body's type there, which `detail` already covers.
    type: detail === input ? undefined : text(detail['type']),
    message: messageText(detail['message']) ?? (input instanceof Error ? input.message : undefined),
    param: text(detail['param']) ?? text(input['param']),
    headers: headerLookup(input['headers']),
    retryAfterField: detail['retry_after'] ?? input['retry_after'],
    rawBody: typeof input['body'] === 'string' && body === undefined ? input['body'] : undefined,
  };
}

/**
 * The object holding code / message / param: the nested `error` (socket request error, APIError,
 * Response), the `error` of an HTTP body, or the input itself (streaming error event).
 */
function errorDetail(input: Fields, body: Fields | undefined): Fields {
  if (isFields(input['error'])) return input['error'];
  if (body !== undefined) return isFields(body['error']) ? body['error'] : body;
  return input;
}

function parseBody(body: unknown): Fields | undefined {
  if (isFields(body)) return body;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isFields(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function fallbackMessage({ status, code, rawBody }: ErrorFacts): string {
  const head = status !== undefined ? `HTTP ${status}` : (code ?? 'Unknown error');
  if (rawBody === undefined || rawBody.trim() === '') return head;
  return `${head}: ${excerptOf(rawBody.replace(/\s+/g, ' ').trim())}`;
}

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Like the SDK: a non-string message (seen from some proxies) is shown as JSON. */
function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (value === undefined || value === null) return undefined;
  return JSON.stringify(value);
}

function toStatus(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d{3}$/.test(value)) return Number(value);
  return undefined;
}
