// HttpTransport against the simulator's HTTP streaming endpoint: the same events and timings as the
// socket, each request sent exactly once (retrying is the session's), and the same TransportError kinds.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { type ConnectionNotice, HttpTransport, type HttpTransportOptions, type TransportError } from '../../src/transport/index.js';
import { CHAT, TWO_STEP, userMessage } from '../helpers/scenarios.js';
import { assistantText, collect, expectTransportError, finalResponse, functionCalls, hello, outputFor, request } from './streamHelpers.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions, transportOptions: Partial<HttpTransportOptions> = {}): Promise<{ sim: Simulator; http: HttpTransport }> {
  sim = await createSimulator({ scenario: CHAT, ...options });
  return { sim, http: new HttpTransport({ baseUrl: sim.baseUrl, apiKey: 'sk-test', ...transportOptions }) };
}

function failureOf<K extends TransportError['failure']['kind']>(error: TransportError | undefined, kind: K) {
  const e = expectTransportError(error);
  expect(e.kind).toBe(kind);
  return e.failure as Extract<TransportError['failure'], { kind: K }>;
}

describe('HttpTransport', () => {
  it('streams a chained tool conversation (store:true), with ordered timings and exact bytes up', async () => {
    const { sim, http } = await start({ scenario: TWO_STEP, sseDone: true });
    const body = (input: unknown[], previous?: string) =>
      // `generate` is socket-only: it must be stripped, not sent.
      request(input, { store: true, generate: true, ...(previous !== undefined && { previous_response_id: previous }) });

    const s1 = http.stream(body([userMessage('go')]));
    const first = finalResponse(await collect(s1));
    const [read] = functionCalls(first);
    const second = finalResponse(await collect(http.stream(body([outputFor(read!, 'export function a() {}')], first.id))));
    const calls = functionCalls(second);
    expect(calls).toHaveLength(2);
    const s3 = http.stream(
      body(
        calls.map((c) => outputFor(c, 'all tests pass')),
        second.id,
      ),
    );
    const third = finalResponse(await collect(s3));
    expect(assistantText(third)).toBe(TWO_STEP.steps[2]!.message);

    const log = sim.log.responses();
    expect(log.map((e) => [e.transport, e.connectionId, e.cache, e.status])).toEqual([
      ['http', null, 'none', 'completed'],
      ['http', null, 'store', 'completed'],
      ['http', null, 'store', 'completed'],
    ]);
    for (const [stream, entry] of [
      [s1, log[0]!],
      [s3, log[2]!],
    ] as const) {
      const t = stream.timings;
      expect(t.sendAt!).toBeLessThanOrEqual(t.firstEventAt!);
      expect(t.firstEventAt!).toBeLessThanOrEqual(t.firstDeltaAt!);
      expect(t.firstDeltaAt!).toBeLessThanOrEqual(t.doneAt!);
      expect(t.bytesUp).toBe(entry.bytesUp);
      expect(t.bytesDown).toBeGreaterThan(0);
      expect(t).toMatchObject({ connectionId: null, attempts: 1 });
    }
    expect(http.connection).toMatchObject({ transport: 'http', state: 'open' });
  });

  it("sends a 429 once and reports its retry-after: retrying is the session's call", async () => {
    const { sim, http } = await start({ faults: ['rate_limit@1,retry_after=0'] });
    const stream = http.stream(request([hello()]));
    const { events, error } = await collect(stream);
    expect(events).toEqual([]);
    expect(failureOf(error, 'api_error').error).toMatchObject({ kind: 'rate_limit', status: 429, retryAfterMs: 0 });
    expect(stream.timings.attempts).toBe(1);
    expect(sim.log.responses().map((e) => [e.httpStatus, e.status])).toEqual([[429, 'error']]);
  });

  it('sends a 5xx once → api_error server_error (one request in the log)', async () => {
    const { sim, http } = await start({ faults: ['server_error@1,times=5'] });
    const stream = http.stream(request([hello()]));
    const { events, error } = await collect(stream);
    expect(events).toEqual([]);
    expect(failureOf(error, 'api_error').error).toMatchObject({ kind: 'server_error', status: 500 });
    expect(stream.timings.attempts).toBe(1);
    expect(sim.log.responses()).toHaveLength(1);
  });

  it('does not retry a 401, and never puts the key anywhere but the Authorization header', async () => {
    // The simulator answers a bad key before its request log (see the report), so count here.
    const hits: Array<{ url: string; authorization: string | undefined; body: string }> = [];
    const server: Server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        hits.push({ url: req.url ?? '', authorization: req.headers.authorization, body });
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.', param: null } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      const http = new HttpTransport({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-secret-key' });
      const { error } = await collect(http.stream(request([hello()])));
      expect(failureOf(error, 'api_error').error).toMatchObject({ kind: 'auth', status: 401 });
      expect(hits).toHaveLength(1);
      expect(hits[0]!.url).toBe('/v1/responses');
      expect(hits[0]!.authorization).toBe('Bearer sk-secret-key');
      expect(hits[0]!.body).not.toContain('sk-secret-key');
      expect(JSON.parse(hits[0]!.body)).toMatchObject({ stream: true, model: 'gpt-5.2' });
      expect(error!.message).not.toContain('sk-secret-key');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('against the simulator, a wrong key fails at once as auth', async () => {
    sim = await createSimulator({ scenario: CHAT, apiKey: 'sk-right' });
    const http = new HttpTransport({ baseUrl: sim.baseUrl, apiKey: 'sk-wrong' });
    const stream = http.stream(request([hello()]));
    const { error } = await collect(stream);
    expect(failureOf(error, 'api_error').error.kind).toBe('auth');
    expect(stream.timings.attempts).toBe(1);
  });

  it('strips generate and type from the body', async () => {
    const { sim, http } = await start({});
    const body = { ...request([hello()]), generate: false, type: 'response.create' } as Parameters<HttpTransport['stream']>[0];
    const stream = http.stream(body);
    const response = finalResponse(await collect(stream));
    // Had `generate:false` reached the server, the output would be empty (a warm-up).
    expect(response.output.length).toBeGreaterThan(0);
    expect(sim.log.responses()[0]).toMatchObject({ generate: true, bytesUp: stream.timings.bytesUp });
  });

  it('previous_response_not_found (HTTP 400) → api_error, not retried', async () => {
    const { sim, http } = await start({});
    const { error } = await collect(http.stream(request([hello()], { previous_response_id: 'resp_missing' })));
    expect(failureOf(error, 'api_error').error.kind).toBe('previous_response_not_found');
    expect(sim.log.responses()).toHaveLength(1);
  });

  it('a streaming error event is delivered, then response.failed ends the stream', async () => {
    const { http } = await start({ faults: ['stream_error@1'] });
    const { events, error } = await collect(http.stream(request([hello()])));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
  });

  it('a body cut mid-stream → closed (no close code over HTTP)', async () => {
    const { http } = await start({ faults: ['drop@1'] });
    const { events, error } = await collect(http.stream(request([hello()])));
    expect(events.length).toBeGreaterThan(0);
    expect(failureOf(error, 'closed').code).toBeNull();
  });

  it('one unparseable SSE payload is skipped with a notice, the response completes, and nothing is written to the console (19)', async () => {
    const { http } = await start({ faults: ['malformed_frame@1'] });
    const notices: ConnectionNotice[] = [];
    http.onConnection((notice) => notices.push(notice));
    const written: string[] = [];
    const original = { error: console.error, warn: console.warn, log: console.log };
    console.error = console.warn = console.log = (...args: unknown[]) => void written.push(args.join(' '));
    try {
      expect(finalResponse(await collect(http.stream(request([hello()])))).status).toBe('completed');
    } finally {
      Object.assign(console, original);
    }
    expect(written).toEqual([]);
    expect(notices).toEqual([{ type: 'skipped_frame', transport: 'http', connectionId: null, error: expect.objectContaining({ kind: 'not_json' }) }]);
  });

  it('a stream that goes quiet → stalled (idle) after the idle bound', async () => {
    const { http } = await start({ faults: ['silent@1'] }, { streamIdleTimeoutMs: 300 });
    const { events, error } = await collect(http.stream(request([hello()])));
    expect(events.length).toBeGreaterThan(0);
    expect(failureOf(error, 'stalled')).toEqual({ kind: 'stalled', phase: 'idle', silentSeconds: 0.3 });
    expect(error!.message).toBe('no event for 0.3 s since the last one');
  });

  it('aborting mid-stream → aborted', async () => {
    // Slow enough that the answer is still streaming when the test aborts, however loaded the machine.
    const { http } = await start({ profile: { tokensPerSecond: 20 } });
    const abort = new AbortController();
    const stream = http.stream(request([hello()]), { signal: abort.signal });
    let caught: unknown;
    try {
      for await (const event of stream) if (event.type === 'response.output_text.delta') abort.abort();
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'aborted', requestSent: true });
  });

  it('close() aborts the running request and the waiting ones', async () => {
    const { sim, http } = await start({ profile: { tokensPerSecond: 20 } });
    const first = http.stream(request([hello()]));
    const second = http.stream(request([userMessage('again')]));
    for await (const event of first) if (event.type === 'response.output_text.delta') break;
    await http.close();
    await expect(first.done).rejects.toMatchObject({ kind: 'aborted', requestSent: true });
    await expect(second.done).rejects.toMatchObject({ kind: 'aborted', requestSent: false });
    // The simulator logs a cut stream when it next tries to write to it.
    await vi.waitFor(() => expect(sim.log.responses().map((e) => e.status)).toEqual(['dropped']));
  });

  it('runs requests one at a time, in call order', async () => {
    const { sim, http } = await start({});
    const a = http.stream(request([hello()]));
    const b = http.stream(request([userMessage('again')]));
    const [rb, ra] = await Promise.all([collect(b), collect(a)]);
    finalResponse(ra);
    finalResponse(rb);
    expect(b.timings.sendAt!).toBeGreaterThanOrEqual(a.timings.doneAt!);
    expect(sim.log.responses().map((e) => e.responseId)).toEqual([finalResponse(ra).id, finalResponse(rb).id]);
  });
});
