// Error bodies as the real service writes them: `{message, type, param, code}`, sent as an HTTP
// status with `{"error": …}` over HTTP, or as an `error` event carrying `status` over the socket.
// The shapes are the wire types of protocol/ (the SDK's); what to send when is decided here alone.
import type { ErrorObject, SocketRequestErrorEvent } from '../protocol/index.js';

export interface ApiError {
  status: number;
  error: ErrorObject;
  /** Seconds the client should wait (429): sent as `retry-after` over HTTP. */
  retryAfterS?: number;
}

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null): ApiError => ({
  status: 400,
  error: { type: 'invalid_request_error', code, message, param },
});

export const previousResponseNotFound = (id: string): ApiError =>
  invalidRequest(`Previous response with id '${id}' not found.`, 'previous_response_id', 'previous_response_not_found');

/** The real service's words, whatever lifetime the simulator was given (`--limit-ms`). */
export const connectionLimitReached = (): ApiError =>
  invalidRequest(
    'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
    null,
    'websocket_connection_limit_reached',
  );

export const rateLimited = (model: string, retryAfterS: number): ApiError => ({
  status: 429,
  retryAfterS,
  error: {
    type: 'requests',
    code: 'rate_limit_exceeded',
    message: `Rate limit reached for ${model} in organization org-sim on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in ${retryAfterS}s.`,
    param: null,
  },
});

export const serverError = (): ApiError => ({
  status: 500,
  error: {
    type: 'server_error',
    code: 'server_error',
    message: 'The server had an error while processing your request. Sorry about that!',
    param: null,
  },
});

export const invalidApiKey = (): ApiError => ({
  status: 401,
  error: {
    type: 'invalid_request_error',
    code: 'invalid_api_key',
    message: 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
    param: null,
  },
});

export const notFound = (what: string): ApiError => ({
  status: 404,
  error: { type: 'invalid_request_error', code: null, message: `Invalid URL (${what})`, param: null },
});

/** The socket's request-error event (protocol.md §3, shape 1). */
export function socketErrorEvent(err: ApiError, statusField: 'status' | 'status_code'): SocketRequestErrorEvent {
  return statusField === 'status' ? { type: 'error', status: err.status, error: err.error } : { type: 'error', status_code: err.status, error: err.error };
}

/** A parameter the model does not take, e.g. `reasoning.effort` for a model that does not reason. */
export const unsupportedParameter = (param: string): ApiError =>
  invalidRequest(`Unsupported parameter: '${param}' is not supported with this model.`, param, 'unsupported_parameter');

export const invalidValue = (param: string, value: unknown, supported: readonly string[]): ApiError =>
  invalidRequest(`Invalid value: '${String(value)}'. Supported values are: ${supported.map((v) => `'${v}'`).join(', ')}.`, param, 'invalid_value');

/** A number under the parameter's minimum, e.g. `max_output_tokens` below 16. */
export const integerBelowMinimum = (param: string, min: number, value: number): ApiError =>
  invalidRequest(`Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`, param, 'integer_below_min_value');

/** An input item given by id only that the server cannot resolve (status 404, `param: input`). */
export const itemNotFound = (id: string, storeFalse: boolean): ApiError => ({
  status: 404,
  error: {
    type: 'invalid_request_error',
    code: null,
    message: storeFalse
      ? `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`
      : `Item with id '${id}' not found.`,
    param: 'input',
  },
});

/** `encrypted_content` this server did not issue, or that was altered. */
export const invalidEncryptedContent = (abbreviated: string): ApiError =>
  invalidRequest(`The encrypted content ${abbreviated} could not be verified.`, null, 'invalid_encrypted_content');

/** A parameter the endpoint does not take at all (e.g. `stream_id` over HTTP or on a server without lanes). */
export const unknownParameter = (param: string): ApiError => invalidRequest(`Unknown parameter: '${param}'.`, param, 'unknown_parameter');

/** A `stream_id` that is not 1–256 characters of `[A-Za-z0-9_.-]` (protocol.md §9): the guide's words, without the value. */
export const invalidStreamId = (): ApiError =>
  invalidRequest(
    "The 'stream_id' field must be a non-empty string with at most 256 characters and may only contain letters, numbers, underscores, hyphens, and periods.",
    'stream_id',
    'invalid_stream_id',
  );

/** The 33rd distinct named lane of one connection (protocol.md §9: the guide's words). */
export const streamLimitReached = (max: number): ApiError =>
  invalidRequest(
    `This WebSocket connection has reached its maximum number of distinct stream IDs (${max}). Reuse an existing stream_id or open a new WebSocket connection.`,
    'stream_id',
    'websocket_stream_limit_reached',
  );
