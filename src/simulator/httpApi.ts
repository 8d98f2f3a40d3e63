// The HTTP side of the simulator: POST /v1/responses (SSE or JSON), POST /v1/responses/compact,
// GET /v1/responses/{id}, GET /v1/models. Errors are HTTP statuses with `{"error": …}`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiError, invalidRequest, notFound, rateLimited, serverError } from './apiErrors.js';
import { handleCompact } from './compaction.js';
import { type Arrival, baseLogEntry, deliver, type EventSink, waitForUplink } from './delivery.js';
import { sleep } from './pacing.js';
import { handleCreate } from './responseEngine.js';
import type { SimulatorState } from './simulatorState.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): number {
  const json = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_sim_${Date.now()}`, ...headers });
  res.end(json);
  return Buffer.byteLength(json);
}

export function sendApiError(res: ServerResponse, err: ApiError): number {
  const headers: Record<string, string> = {};
  if (err.retryAfterS !== undefined) {
    headers['retry-after'] = String(err.retryAfterS);
    headers['retry-after-ms'] = String(Math.round(err.retryAfterS * 1000));
  }
  return sendJson(res, err.status, { error: err.error }, headers);
}

function parseJsonBody(raw: Buffer): Record<string, unknown> | ApiError {
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  return invalidRequest('We could not parse the JSON body of your request. The body must be a JSON object.', null);
}

const isApiError = (v: unknown): v is ApiError => typeof v === 'object' && v !== null && 'status' in v && 'error' in v;

export async function handleHttp(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sim');
  const path = url.pathname.replace(/\/+$/, '');
  if (req.method === 'GET' && path === '/v1/models') {
    sendJson(res, 200, { object: 'list', data: state.settings.models.map((id) => ({ id, object: 'model', created: 1_735_689_600, owned_by: 'system' })) });
    return;
  }
  const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && modelMatch) {
    const id = decodeURIComponent(modelMatch[1]!);
    if (state.settings.models.includes(id)) sendJson(res, 200, { id, object: 'model', created: 1_735_689_600, owned_by: 'system' });
    else
      sendApiError(res, {
        status: 404,
        error: { type: 'invalid_request_error', code: 'model_not_found', message: `The model '${id}' does not exist`, param: null },
      });
    return;
  }
  const responseMatch = /^\/v1\/responses\/(resp_[^/]+)$/.exec(path);
  if (req.method === 'GET' && responseMatch) {
    const stored = state.store.get(responseMatch[1]!);
    if (stored?.response) sendJson(res, 200, stored.response);
    else
      sendApiError(res, {
        status: 404,
        error: { type: 'invalid_request_error', code: null, message: `Response with id '${responseMatch[1]}' not found.`, param: null },
      });
    return;
  }
  if (req.method === 'POST' && path === '/v1/responses') return createResponse(state, req, res);
  if (req.method === 'POST' && path === '/v1/responses/compact') return compact(state, req, res);
  sendApiError(res, notFound(`${req.method} ${url.pathname}`));
}

async function compact(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const requestNo = state.nextRequestNo();
  const arrival: Arrival = { requestNo, bytes: raw.length, at: performance.now(), fault: state.faults.forRequest(requestNo, state.elapsed()) };
  const entry = baseLogEntry(state, { transport: 'http', connectionId: null }, arrival, null);
  entry.kind = 'compact';
  const body = parseJsonBody(raw);
  const uplink = await waitForUplink(state, arrival);
  entry.timings.uplinkMs = Math.round(uplink);
  if (isApiError(body)) {
    entry.bytesDown = sendApiError(res, body);
    entry.httpStatus = body.status;
    state.log.record(entry);
    return;
  }
  // Only the faults that make sense for a plain JSON endpoint apply to compaction.
  const fault = arrival.fault?.kind;
  const outcome =
    fault === 'server_error'
      ? { ok: false as const, error: serverError(), inputItems: [] }
      : fault === 'rate_limit'
        ? { ok: false as const, error: rateLimited(String(body.model), arrival.fault?.retryAfterS ?? 1), inputItems: [] }
        : handleCompact(state.store, body);
  entry.model = typeof body.model === 'string' ? body.model : null;
  // What the compaction was told to keep (a client's focus text rides here).
  entry.instructions = typeof body.instructions === 'string' ? body.instructions : null;
  entry.inputItems = outcome.inputItems.length;
  entry.inputTypes = outcome.inputItems.map((i) => i.type);
  if (!outcome.ok) {
    entry.bytesDown = sendApiError(res, outcome.error);
    entry.httpStatus = outcome.error.status;
    entry.errorCode = outcome.error.error.code;
  } else {
    // Compaction reads the whole context once: price it like a rebuild, plus the round trip.
    const usage = outcome.body.usage;
    await sleep((usage.input_tokens / 1000) * state.profile.rebuildMsPer1kTokens + state.profile.oneWayMs);
    entry.bytesDown = sendJson(res, 200, outcome.body);
    entry.status = 'completed';
    entry.httpStatus = 200;
  }
  entry.timings.doneMs = Math.round(performance.now() - arrival.at);
  state.log.record(entry);
}

async function createResponse(state: SimulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = await readBody(req);
  const requestNo = state.nextRequestNo();
  const arrival: Arrival = { requestNo, bytes: raw.length, at: performance.now(), fault: undefined };
  const body = parseJsonBody(raw);
  if (isApiError(body)) {
    const entry = baseLogEntry(state, { transport: 'http', connectionId: null }, arrival, null);
    entry.bytesDown = sendApiError(res, body);
    entry.httpStatus = body.status;
    state.log.record(entry);
    return;
  }
  arrival.fault = state.faults.forRequest(requestNo, state.elapsed());
  const uplink = await waitForUplink(state, arrival);
  const streaming = body.stream === true;
  // Over HTTP there is no connection cache: continuations load from the store or fail.
  const outcome = handleCreate(state, body, { transport: 'http', cache: null, fault: arrival.fault });
  const sink = streaming ? sseSink(state, req, res) : jsonSink(res);
  await deliver(state, sink, arrival, outcome, uplink);
}

/** Resolves once the client has gone away from this response. */
function closed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.closed) return Promise.resolve();
  return new Promise((resolve) => res.once('close', () => resolve()));
}

function sseSink(state: SimulatorState, req: IncomingMessage, res: ServerResponse): EventSink {
  let open = true;
  let headersSent = false;
  // One listener per response (not per socket: keep-alive sockets serve many responses).
  res.once('close', () => (open = false));
  const start = (): void => {
    if (headersSent) return;
    headersSent = true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
  };
  const write = (text: string): number => {
    start();
    res.write(text);
    return Buffer.byteLength(text);
  };
  // Node flushes what was written on the next tick; cut the connection only after that, so the
  // client gets the status line and the events sent before the fault.
  const cut = (): void => {
    open = false;
    start();
    setImmediate(() => req.socket.destroy());
  };
  return {
    transport: 'http',
    connectionId: null,
    isOpen: () => open && !res.destroyed,
    sendEvent: (type, json) => write(`event: ${type}\ndata: ${json}\n\n`),
    sendError: (outcome) => sendApiError(res, outcome.error),
    drop: cut,
    // There is no close code over HTTP: the nearest thing is a cut connection.
    close1011: cut,
    silence: () => {
      // Headers sent, then nothing more: the body simply never ends.
      start();
      open = false;
    },
    sendMalformed: () => write('event: response.output_text.delta\ndata: {"type":"response.output_text.delta","delta":\n\n'),
    // SSE has no binary frames: the nearest thing is bytes that are not UTF-8 text at all.
    sendBinary: () => {
      start();
      const bytes = Buffer.concat([Buffer.from('data: '), Buffer.from([0xff, 0xfe, 0x00, 0x80]), Buffer.from('\n\n')]);
      res.write(bytes);
      return bytes.length;
    },
    finish: () => {
      if (state.settings.sseDone) write('data: [DONE]\n\n');
      res.end();
    },
    whenClosed: () => {
      // A stalled stream: the 200 and its headers are on the wire, the body never goes on.
      start();
      res.flushHeaders();
      return closed(res);
    },
  };
}

/** Non-streaming: collect the events and answer with the final Response object. */
function jsonSink(res: ServerResponse): EventSink {
  let finalResponse: unknown = null;
  let open = true;
  return {
    transport: 'http',
    connectionId: null,
    isOpen: () => open && !res.destroyed,
    sendEvent: (type, json) => {
      if (type === 'response.completed' || type === 'response.incomplete' || type === 'response.failed') {
        finalResponse = (JSON.parse(json) as { response: unknown }).response;
      }
      return 0;
    },
    sendError: (outcome) => sendApiError(res, outcome.error),
    drop: () => {
      open = false;
      res.socket?.destroy();
    },
    close1011: () => {
      open = false;
      res.socket?.destroy();
    },
    silence: () => {
      open = false;
    },
    sendMalformed: () => 0,
    sendBinary: () => 0,
    finish: () => {
      sendJson(res, 200, finalResponse);
    },
    // A stalled non-streamed request: no status line yet, the connection held open.
    whenClosed: () => closed(res),
  };
}
