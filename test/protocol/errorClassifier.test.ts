import { APIError, APIConnectionError, RateLimitError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyError, parseServerFrame, type ClassifiedError, type ErrorKind, type HttpErrorInput } from '../../src/protocol/index.js';

// Payloads copied from protocol.md §1 and §3.
const LIMIT_REACHED = JSON.parse(
  '{"type":"error","status":400,"error":{"type":"invalid_request_error","code":"websocket_connection_limit_reached",' +
    '"message":"Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue."}}',
) as unknown;
const PREVIOUS_NOT_FOUND = JSON.parse(
  '{"type":"error","status":400,"error":{"type":"invalid_request_error","code":"previous_response_not_found","message":"Previous response with id \'resp_abc\' not found.","param":"previous_response_id"}}',
) as unknown;
const STREAMING_ERROR = JSON.parse('{"type":"error","code":"server_error","message":"…","param":null,"sequence_number":7}') as unknown;

/** A socket request error as protocol.md §3 shape 1 describes it, with either status field name. */
function socketError(
  statusField: 'status' | 'status_code',
  status: number,
  error: { type: string; code: string | null; message: string; param?: string | null },
): unknown {
  return { type: 'error', [statusField]: status, error };
}

function failedResponse(code: string, message: string): Record<string, unknown> {
  return {
    id: 'resp_9',
    object: 'response',
    created_at: 1741290958,
    status: 'failed',
    model: 'gpt-5.2',
    output: [],
    previous_response_id: 'resp_8',
    store: false,
    error: { code, message },
    incomplete_details: null,
    usage: null,
  };
}

function openAiBody(code: string | null, type: string, message: string, param: string | null = null) {
  return { error: { message, type, param, code } };
}

describe('classifyError: socket request errors (protocol.md §3 shape 1)', () => {
  it('websocket_connection_limit_reached → connection_limit, retryable', () => {
    expect(classifyError(LIMIT_REACHED)).toEqual<ClassifiedError>({
      kind: 'connection_limit',
      status: 400,
      code: 'websocket_connection_limit_reached',
      type: 'invalid_request_error',
      message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
      retryable: true,
    });
  });

  it('previous_response_not_found → its own kind, retryable by replay, keeps param', () => {
    expect(classifyError(PREVIOUS_NOT_FOUND)).toEqual<ClassifiedError>({
      kind: 'previous_response_not_found',
      status: 400,
      code: 'previous_response_not_found',
      type: 'invalid_request_error',
      message: "Previous response with id 'resp_abc' not found.",
      param: 'previous_response_id',
      retryable: true,
    });
  });

  it('classifies a frame straight out of the parser', () => {
    const parsed = parseServerFrame(JSON.stringify(PREVIOUS_NOT_FOUND), false);
    if (!parsed.ok) throw parsed.error;
    expect(classifyError(parsed.event).kind).toBe('previous_response_not_found');
  });

  it.each(['status', 'status_code'] as const)('reads the status from `%s`', (field) => {
    const rateLimited = socketError(field, 429, {
      type: 'requests',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached for gpt-5.2 on requests per min (RPM): Limit 500. Please try again in 1.5s.',
      param: null,
    });
    expect(classifyError(rateLimited)).toMatchObject({
      kind: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      retryAfterMs: 1500,
      retryable: true,
    });
    const serverError = socketError(field, 500, { type: 'server_error', code: null, message: 'boom' });
    expect(classifyError(serverError)).toMatchObject({ kind: 'server_error', status: 500, retryable: true });
  });

  it('accepts a status sent as a numeric string', () => {
    expect(classifyError({ type: 'error', status_code: '503', error: { message: 'busy' } })).toMatchObject({
      kind: 'server_error',
      status: 503,
    });
  });

  it('insufficient_quota is quota, not rate_limit, even with status 429, and is not retryable', () => {
    const quota = socketError('status', 429, {
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota, please check your plan and billing details.',
      param: null,
    });
    expect(classifyError(quota)).toMatchObject({ kind: 'quota', status: 429, retryable: false });
  });

  it('context_length_exceeded → its own kind, not retryable as is', () => {
    const tooLong = socketError('status', 400, {
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      message: 'Your input exceeds the context window of this model.',
      param: 'input',
    });
    expect(classifyError(tooLong)).toMatchObject({
      kind: 'context_length_exceeded',
      status: 400,
      param: 'input',
      retryable: false,
    });
  });

  it('a missing function_call_output is an invalid_request', () => {
    const missing = socketError('status', 400, {
      type: 'invalid_request_error',
      code: null,
      message: 'No tool output found for function call call_456.',
      param: 'input',
    });
    expect(classifyError(missing)).toMatchObject({ kind: 'invalid_request', retryable: false });
    expect(classifyError(missing)).not.toHaveProperty('code');
  });
});

describe('classifyError: streaming errors and failed responses', () => {
  it('a streaming error event with code server_error → server_error', () => {
    expect(classifyError(STREAMING_ERROR)).toEqual<ClassifiedError>({
      kind: 'server_error',
      code: 'server_error',
      message: '…',
      retryable: true,
    });
  });

  it('a streaming rate-limit error takes its wait from the message', () => {
    const event = {
      type: 'error',
      code: 'rate_limit_exceeded',
      message: 'Rate limit reached. Please try again in 2 seconds.',
      param: null,
      sequence_number: 3,
    };
    expect(classifyError(event)).toMatchObject({ kind: 'rate_limit', retryAfterMs: 2000, retryable: true });
  });

  it('a streaming error without a known code is unknown and not retryable', () => {
    const event = { type: 'error', code: null, message: 'Something odd', param: null, sequence_number: 2 };
    expect(classifyError(event)).toEqual<ClassifiedError>({ kind: 'unknown', message: 'Something odd', retryable: false });
  });

  it.each<[string, ErrorKind, boolean]>([
    ['server_error', 'server_error', true],
    ['rate_limit_exceeded', 'rate_limit', true],
    ['context_length_exceeded', 'context_length_exceeded', false],
    ['invalid_prompt', 'invalid_request', false],
    ['vector_store_timeout', 'unknown', false],
  ])('a response.failed event with code %s → %s', (code, kind, retryable) => {
    const event = { type: 'response.failed', response: failedResponse(code, `failed: ${code}`), sequence_number: 12 };
    expect(classifyError(event)).toEqual<ClassifiedError>({ kind, code, message: `failed: ${code}`, retryable });
  });

  it('a failed Response object on its own', () => {
    expect(classifyError(failedResponse('server_error', 'The model crashed'))).toMatchObject({
      kind: 'server_error',
      code: 'server_error',
      message: 'The model crashed',
    });
  });

  it('a Response without an error is unknown, with a fallback message', () => {
    expect(classifyError({ ...failedResponse('x', 'y'), error: null })).toEqual<ClassifiedError>({
      kind: 'unknown',
      message: 'Unknown error',
      retryable: false,
    });
  });
});

describe('classifyError: HTTP errors {status, body, headers}', () => {
  it('429 with a retry-after header in seconds (Headers object)', () => {
    const input: HttpErrorInput = {
      status: 429,
      body: openAiBody('rate_limit_exceeded', 'requests', 'Rate limit reached for requests'),
      headers: new Headers({ 'retry-after': '20' }),
    };
    expect(classifyError(input)).toEqual<ClassifiedError>({
      kind: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      message: 'Rate limit reached for requests',
      retryAfterMs: 20_000,
      retryable: true,
    });
  });

  it('429 without a code is still a rate limit', () => {
    expect(classifyError({ status: 429, body: { error: { message: 'slow down' } } })).toMatchObject({
      kind: 'rate_limit',
      retryable: true,
    });
  });

  it('a fractional retry-after header, plain header record with any key case', () => {
    const input = { status: 429, body: {}, headers: { 'Retry-After': '1.25' } };
    expect(classifyError(input).retryAfterMs).toBe(1250);
  });

  it('a retry-after header as an HTTP date', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const input = { status: 503, body: {}, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:28:30 GMT' } };
    expect(classifyError(input, { now })).toMatchObject({ kind: 'server_error', retryAfterMs: 30_000 });
  });

  it('an HTTP date in the past means retry now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    const input = { status: 503, body: {}, headers: { 'retry-after': 'Wed, 21 Oct 2015 07:00:00 GMT' } };
    expect(classifyError(input, { now }).retryAfterMs).toBe(0);
  });

  it('retry-after-ms wins over retry-after', () => {
    const headers = new Headers({ 'retry-after-ms': '350', 'retry-after': '2' });
    expect(classifyError({ status: 429, body: {}, headers }).retryAfterMs).toBe(350);
  });

  it('Node IncomingHttpHeaders with an array value uses the first', () => {
    const headers = { 'retry-after-ms': ['75', '9000'], 'x-request-id': 'req_1' };
    expect(classifyError({ status: 429, body: {}, headers }).retryAfterMs).toBe(75);
  });

  it('a numeric header value', () => {
    expect(classifyError({ status: 429, body: {}, headers: { 'retry-after': 3 } }).retryAfterMs).toBe(3000);
  });

  it('an unreadable retry-after header falls through to the next source', () => {
    const input = {
      status: 429,
      body: openAiBody('rate_limit_exceeded', 'tokens', 'Please try again in 20ms.'),
      headers: { 'retry-after': '1.5.2', 'retry-after-ms': '-5' },
    };
    expect(classifyError(input).retryAfterMs).toBe(20);
  });

  it('a retry_after field on the error object (seconds)', () => {
    const body = { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded', retry_after: 4.5 } };
    expect(classifyError({ status: 429, body }).retryAfterMs).toBe(4500);
    const asText = { error: { message: 'slow down', code: 'rate_limit_exceeded', retry_after: '2' } };
    expect(classifyError({ status: 429, body: asText }).retryAfterMs).toBe(2000);
  });

  it('a retry_after field on a socket request error', () => {
    const event = { type: 'error', status: 429, error: { code: 'rate_limit_exceeded', message: 'x', retry_after: 1 } };
    expect(classifyError(event).retryAfterMs).toBe(1000);
  });

  it('headers win over the field, the field over the message', () => {
    const body = { error: { message: 'Please try again in 9s.', code: 'rate_limit_exceeded', retry_after: 5 } };
    expect(classifyError({ status: 429, body, headers: { 'retry-after': '1' } }).retryAfterMs).toBe(1000);
    expect(classifyError({ status: 429, body }).retryAfterMs).toBe(5000);
  });

  it.each<[number, string | null, ErrorKind, boolean]>([
    [401, 'invalid_api_key', 'auth', false],
    [401, null, 'auth', false],
    [403, null, 'auth', false],
    [400, 'invalid_api_key', 'auth', false],
    [400, null, 'invalid_request', false],
    [404, null, 'invalid_request', false],
    [426, null, 'invalid_request', false],
    [500, null, 'server_error', true],
    [502, null, 'server_error', true],
    [503, 'server_error', 'server_error', true],
    [429, 'insufficient_quota', 'quota', false],
    [400, 'context_length_exceeded', 'context_length_exceeded', false],
  ])('status %i with code %s → %s', (status, code, kind, retryable) => {
    const result = classifyError({ status, body: openAiBody(code, 'some_type', `status ${status}`) });
    expect(result).toMatchObject({ kind, status, retryable, message: `status ${status}` });
  });

  it('an authentication_error type without a status is auth', () => {
    expect(classifyError({ error: { type: 'authentication_error', message: 'bad key' } }).kind).toBe('auth');
  });

  it('an invalid_request_error type without a status is invalid_request', () => {
    expect(classifyError({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } }).kind).toBe('invalid_request');
  });

  it('a body given as JSON text is parsed', () => {
    const body = JSON.stringify(openAiBody('invalid_api_key', 'invalid_request_error', 'Incorrect API key provided'));
    expect(classifyError({ status: 401, body })).toMatchObject({
      kind: 'auth',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided',
    });
  });

  it('a non-JSON body (a proxy page) is quoted, shortened, in the message', () => {
    const body = `<html>\n<body>502 Bad Gateway</body>\n</html>${' '.repeat(10)}${'x'.repeat(500)}`;
    const result = classifyError({ status: 502, body });
    expect(result.kind).toBe('server_error');
    expect(result.message.startsWith('HTTP 502: <html> <body>502 Bad Gateway</body> </html> x')).toBe(true);
    expect(result.message.length).toBeLessThanOrEqual('HTTP 502: '.length + 120);
  });

  it('a status without a body', () => {
    expect(classifyError({ status: 504 })).toEqual<ClassifiedError>({
      kind: 'server_error',
      status: 504,
      message: 'HTTP 504',
      retryable: true,
    });
  });

  it('a body without the {error} wrapper', () => {
    expect(classifyError({ status: 400, body: { message: 'nope', code: 'bad_thing' } })).toMatchObject({
      kind: 'invalid_request',
      code: 'bad_thing',
      message: 'nope',
    });
  });

  it('a non-string error message is shown as JSON', () => {
    expect(classifyError({ status: 400, body: { error: { message: { detail: 'x' } } } }).message).toBe('{"detail":"x"}');
  });
});

describe('classifyError: retry-after from the message text', () => {
  const rateLimit = (message: string): number | undefined =>
    classifyError({ type: 'error', status: 429, error: { type: 'requests', code: 'rate_limit_exceeded', message } }).retryAfterMs;

  it.each<[string, number | undefined]>([
    ['Rate limit reached for gpt-5.2. Please try again in 1.5s.', 1500],
    ['Limit 10000, Used 9990, Requested 20. Please try again in 20ms.', 20],
    ['Please try again in 2 seconds', 2000],
    ['Please try again in 1 second.', 1000],
    ['Please try again in 1.898s. Visit https://platform.openai.com/account/rate-limits', 1898],
    ['Please try again in 6m0s.', 360_000],
    ['Please try again in 1m30.5s.', 90_500],
    ['Please try again in 2 minutes and 5 seconds.', 125_000],
    ['Please try again in 1h2m.', 3_720_000],
    ['please TRY AGAIN IN 3S', 3000],
    ['Please try again later.', undefined],
    ['Please try again in a moment.', undefined],
    ['Try again in 2 sandwiches', undefined],
    ['Rate limit reached in 5s', undefined],
  ])('%j → %s ms', (message, expected) => {
    expect(rateLimit(message)).toBe(expected);
  });
});

describe('classifyError: openai SDK errors', () => {
  it('a real APIError with 429 and a retry-after header', () => {
    const body = openAiBody('rate_limit_exceeded', 'requests', 'Rate limit reached for requests');
    const error = new APIError(429, body.error, undefined, new Headers({ 'retry-after': '7', 'x-request-id': 'req_1' }));
    expect(classifyError(error)).toEqual<ClassifiedError>({
      kind: 'rate_limit',
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      message: 'Rate limit reached for requests',
      retryAfterMs: 7000,
      retryable: true,
    });
  });

  it('APIError.generate builds the subclass the SDK throws; it classifies the same', () => {
    const body = openAiBody('insufficient_quota', 'insufficient_quota', 'You exceeded your current quota');
    const error = APIError.generate(429, body, undefined, new Headers());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(classifyError(error)).toMatchObject({ kind: 'quota', status: 429, retryable: false });
  });

  it('an APIError with no body uses the SDK message', () => {
    const error = new APIError(503, undefined, undefined, new Headers({ 'retry-after-ms': '120' }));
    expect(classifyError(error)).toEqual<ClassifiedError>({
      kind: 'server_error',
      status: 503,
      message: '503 status code (no body)',
      retryAfterMs: 120,
      retryable: true,
    });
  });

  it('an APIConnectionError has no status: unknown', () => {
    const error = new APIConnectionError({ message: 'Connection error.' });
    expect(classifyError(error)).toEqual<ClassifiedError>({
      kind: 'unknown',
      message: 'Connection error.',
      retryable: false,
    });
  });
});

describe('classifyError: anything else', () => {
  it('a plain Error keeps its message and code', () => {
    const error = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyError(error)).toEqual<ClassifiedError>({
      kind: 'unknown',
      code: 'ECONNRESET',
      message: 'socket hang up',
      retryable: false,
    });
  });

  it('a string', () => {
    expect(classifyError('went wrong')).toEqual<ClassifiedError>({ kind: 'unknown', message: 'went wrong', retryable: false });
  });

  it.each([undefined, null, 42, [1, 2]])('%j', (value) => {
    expect(classifyError(value)).toEqual<ClassifiedError>({ kind: 'unknown', message: 'Unknown error', retryable: false });
  });
});
