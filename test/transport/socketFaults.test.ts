// ResponsesSocket under the simulator's faults: every way a request can fail surfaces as a typed
// TransportError the session can act on, and none of them hangs.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { ResponsesSocket, type ConnectionNotice, type ResponsesSocketOptions, type TransportError } from '../../src/transport/index.js';
import { CHAT, userMessage } from '../helpers/scenarios.js';
import { collect, expectTransportError, finalResponse, hello, request } from './streamHelpers.js';

let sim: Simulator | undefined;
let socket: ResponsesSocket | undefined;
afterEach(async () => {
  await socket?.close();
  await sim?.close();
  socket = sim = undefined;
});

async function start(options: SimulatorOptions, socketOptions: Partial<ResponsesSocketOptions> = {}): Promise<{ sim: Simulator; socket: ResponsesSocket }> {
  sim = await createSimulator({ scenario: CHAT, ...options });
  socket = new ResponsesSocket({ baseUrl: sim.baseUrl, apiKey: 'sk-test', ...socketOptions });
  return { sim, socket };
}

/** Narrows a failure to one kind, so its facts can be read. */
function failureOf<K extends TransportError['failure']['kind']>(error: TransportError | undefined, kind: K) {
  const e = expectTransportError(error);
  expect(e.kind).toBe(kind);
  return e.failure as Extract<TransportError['failure'], { kind: K }>;
}

describe('ResponsesSocket failures', () => {
  it('upgrade_426 → upgrade_refused with status 426, request never sent', async () => {
    const { sim, socket } = await start({ faults: ['upgrade_426@conn:1'] });
    const { events, error } = await collect(socket.stream(request([hello()])));
    expect(events).toEqual([]);
    expect(failureOf(error, 'upgrade_refused').status).toBe(426);
    expect(error!.requestSent).toBe(false);
    expect(sim.log.responses()).toHaveLength(0);
    expect(socket.connection.state).toBe('closed');
  });

  it('drop mid-stream → closed (1006) after the events that did arrive', async () => {
    const { socket } = await start({ faults: ['drop@1'] });
    const { events, error } = await collect(socket.stream(request([hello()])));
    expect(events.length).toBeGreaterThan(0);
    expect(failureOf(error, 'closed').code).toBe(1006);
    expect(error!.requestSent).toBe(true);
    expect(socket.connection.state).toBe('closed');
  });

  it('close_1011 → closed with code 1011', async () => {
    const { socket } = await start({ faults: ['close_1011@1'] });
    const { error } = await collect(socket.stream(request([hello()])));
    expect(failureOf(error, 'closed').code).toBe(1011);
  });

  it('silent → dead within the bound, and the socket is given up', async () => {
    const { socket } = await start({ faults: ['silent@1'] }, { deadAfterMs: 300 });
    const notices: ConnectionNotice[] = [];
    socket.onConnection((n) => notices.push(n));
    const startedAt = performance.now();
    const { events, error } = await collect(socket.stream(request([hello()])));
    const elapsed = performance.now() - startedAt;
    expect(events.length).toBeGreaterThan(0);
    expect(failureOf(error, 'dead').silentMs).toBeGreaterThanOrEqual(300);
    // Bounded by the dead bound, not by TCP: far below the 30 s vitest timeout.
    expect(elapsed).toBeLessThan(10_000);
    expect(socket.connection.state).toBe('closed');
    expect(notices.at(-1)).toMatchObject({ type: 'state', info: { state: 'closed' }, error: { kind: 'dead' } });
  });

  it('silent at the start of a request → dead as well', async () => {
    const { socket } = await start({ faults: ['silent@1,at=start'] }, { deadAfterMs: 300 });
    const { events, error } = await collect(socket.stream(request([hello()])));
    expect(events).toEqual([]);
    expect(error?.kind).toBe('dead');
  });

  it('binary_frame@1 → protocol (binary_frame), ending the stream and the connection', async () => {
    const { socket } = await start({ faults: ['binary_frame@1'] });
    const stream = socket.stream(request([hello()]));
    const { events, error } = await collect(stream);
    expect(events.length).toBeGreaterThan(0);
    expect(failureOf(error, 'protocol').error.kind).toBe('binary_frame');
    await expect(stream.done).rejects.toBe(error);
    expect(socket.connection.state).toBe('closed');
  });

  it('malformed_frame@1 (one text frame of invalid JSON mid-stream) is skipped with a notice; the response completes on the same connection (19)', async () => {
    const { socket } = await start({ faults: ['malformed_frame@1'] });
    const notices: ConnectionNotice[] = [];
    socket.onConnection((notice) => notices.push(notice));
    const done = finalResponse(await collect(socket.stream(request([hello()]))));
    expect(done.status).toBe('completed');
    expect(socket.connection.state).toBe('open');
    const skipped = notices.filter((n) => n.type === 'skipped_frame');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ transport: 'ws', connectionId: 1, error: { kind: 'not_json' } });
  });

  it('a request error (previous_response_not_found) → api_error; the connection stays usable', async () => {
    const { sim, socket } = await start({});
    const { events, error } = await collect(socket.stream(request([hello()], { previous_response_id: 'resp_missing' })));
    expect(events).toEqual([]);
    const failure = failureOf(error, 'api_error');
    expect(failure.error).toMatchObject({ kind: 'previous_response_not_found', status: 400, retryable: true });
    expect(socket.connection.state).toBe('open');
    finalResponse(await collect(socket.stream(request([hello()]))));
    expect(sim.log.responses().map((e) => e.connectionId)).toEqual([1, 1]);
  });

  it('the prev_not_found fault on a real continuation → api_error previous_response_not_found', async () => {
    const { socket } = await start({ faults: ['prev_not_found@2'] });
    const first = finalResponse(await collect(socket.stream(request([hello()]))));
    const { error } = await collect(socket.stream(request([userMessage('again')], { previous_response_id: first.id })));
    expect(failureOf(error, 'api_error').error.kind).toBe('previous_response_not_found');
  });

  it('a streaming error event is delivered, and response.failed ends the stream normally', async () => {
    const { socket } = await start({ faults: ['stream_error@1'] });
    const stream = socket.stream(request([hello()]));
    const { events, error } = await collect(stream);
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect((await stream.done).type).toBe('response.failed');
  });

  it('aborting mid-stream → aborted; the connection is closed and the next request opens a new one', async () => {
    // Paced tokens, so there is a "mid" to abort in.
    const { sim, socket } = await start({ profile: { tokensPerSecond: 200 } });
    const abort = new AbortController();
    const stream = socket.stream(request([hello()]), { signal: abort.signal });
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of stream) {
        seen.push(event.type);
        if (event.type === 'response.output_text.delta') abort.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ kind: 'aborted', requestSent: true });
    expect(seen).not.toContain('response.completed');
    expect(socket.connection.state).toBe('closed');

    const next = socket.stream(request([userMessage('again')]));
    finalResponse(await collect(next));
    expect(next.timings.connectionId).toBe(2);
    expect(sim.log.responses().map((e) => [e.connectionId, e.status])).toEqual([
      [1, 'dropped'],
      [2, 'completed'],
    ]);
  });

  it('aborting a request still waiting its turn drops only that request', async () => {
    const { sim, socket } = await start({ profile: { tokensPerSecond: 500 } });
    const first = socket.stream(request([hello()]));
    const abort = new AbortController();
    const second = socket.stream(request([userMessage('again')]), { signal: abort.signal });
    abort.abort();
    const { error } = await collect(second);
    expect(error).toMatchObject({ kind: 'aborted', requestSent: false });
    expect(finalResponse(await collect(first)).status).toBe('completed');
    expect(sim.log.responses()).toHaveLength(1);
  });

  it('requests waiting behind one whose connection died fail unsent', async () => {
    const { sim, socket } = await start({ faults: ['drop@1'] });
    const first = socket.stream(request([hello()]));
    const second = socket.stream(request([userMessage('again')]));
    const [r1, r2] = await Promise.all([collect(first), collect(second)]);
    expect(r1.error).toMatchObject({ kind: 'closed', requestSent: true });
    expect(r2.error).toMatchObject({ kind: 'closed', requestSent: false });
    expect(sim.log.responses()).toHaveLength(1);
  });

  it('a server that accepts and closes at once → closed', async () => {
    const { socket } = await start({ faults: ['accept_close@conn:1'] });
    const { error } = await collect(socket.stream(request([hello()])));
    expect(failureOf(error, 'closed').code).toBe(1011);
  });

  it('close() fails the request in flight and those waiting as aborted', async () => {
    const { socket } = await start({ profile: { tokensPerSecond: 200 } });
    const first = socket.stream(request([hello()]));
    const second = socket.stream(request([userMessage('again')]));
    for await (const event of first) if (event.type === 'response.output_text.delta') break;
    await socket.close();
    await expect(first.done).rejects.toMatchObject({ kind: 'aborted', requestSent: true });
    await expect(second.done).rejects.toMatchObject({ kind: 'aborted', requestSent: false });
    expect(socket.connection.state).toBe('closed');
  });

  it('nothing listening → connect_failed', async () => {
    const { sim, socket } = await start({});
    await sim.close();
    const { error } = await collect(socket.stream(request([hello()])));
    expect(failureOf(error, 'connect_failed').timedOut).toBe(false);
  });
});
