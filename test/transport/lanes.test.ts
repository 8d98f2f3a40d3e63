// ResponsesSocket lanes (protocol.md §9) against a raw server the test drives frame by frame: events
// routed by stream_id, several requests in flight on one connection, per-lane timings and bytes, a
// lane's error failing only that lane, a connection-level failure failing every lane, and a server
// that rejects stream_id being remembered.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { isLaneRefusal, ResponsesSocket } from '../../src/transport/index.js';
import { collect, expectTransportError, finalResponse, hello, request } from './streamHelpers.js';

interface Arrival {
  body: Record<string, unknown>;
  ws: WebSocket;
}

interface RawServer {
  baseUrl: string;
  arrivals: Arrival[];
  /** Resolves once `n` requests have arrived. */
  arrived(n: number): Promise<void>;
  close(): Promise<void>;
}

let server: RawServer | undefined;
let socket: ResponsesSocket | undefined;
afterEach(async () => {
  await socket?.close();
  await server?.close();
  socket = server = undefined;
});

/** A server that only records requests; the test answers them with `send`. */
async function startRawServer(onCreate: (arrival: Arrival) => void = () => undefined): Promise<RawServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const arrivals: Arrival[] = [];
  let waiters: Array<() => void> = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const body = JSON.parse(String(data)) as Record<string, unknown>;
      const arrival = { body, ws };
      arrivals.push(arrival);
      onCreate(arrival);
      const w = waiters;
      waiters = [];
      w.forEach((f) => f());
    });
  });
  const { port } = wss.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    arrivals,
    arrived: async (n) => {
      while (arrivals.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const tag = (lane: string | undefined): Record<string, unknown> => (lane ? { stream_id: lane } : {});

function send(arrival: Arrival, event: Record<string, unknown>): void {
  arrival.ws.send(JSON.stringify({ ...event, ...tag(arrival.body.stream_id as string | undefined) }));
}

function created(arrival: Arrival, id: string): void {
  send(arrival, { type: 'response.created', sequence_number: 0, response: { id, object: 'response', status: 'in_progress', output: [] } });
}

function completed(arrival: Arrival, id: string, text: string): void {
  send(arrival, { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg', output_index: 0, content_index: 0, delta: text });
  const message = { id: 'msg', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
  send(arrival, { type: 'response.completed', sequence_number: 2, response: { id, object: 'response', status: 'completed', output: [message] } });
}

const laneOf = (arrival: Arrival): string => (arrival.body.stream_id as string | undefined) ?? '';

describe('ResponsesSocket lanes', () => {
  it('sends the first named request alone, then runs lanes concurrently and routes interleaved events by stream_id', async () => {
    server = await startRawServer();
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    expect(socket.lanes).toBe('unknown');
    const a = socket.stream(request([hello()], { stream_id: 'a' } as never));
    const b = socket.stream(request([hello()], { stream_id: 'b' } as never));
    const c = socket.stream(request([hello()], { stream_id: 'c' } as never));
    const main = socket.stream(request([hello()]));
    await server.arrived(1);
    // Lane support is unknown: the probe is alone until the server answers it with its stream_id.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.arrivals.map(laneOf)).toEqual(['a']);
    created(server.arrivals[0]!, 'resp_a');
    await server.arrived(4);
    expect(socket.lanes).toBe('supported');
    expect(server.arrivals.map(laneOf)).toEqual(['a', 'b', 'c', '']);
    expect(socket.inFlight).toBe(4);
    const [, arrB, arrC, arrMain] = server.arrivals as [Arrival, Arrival, Arrival, Arrival];
    created(arrC, 'resp_c');
    created(arrMain, 'resp_main');
    created(arrB, 'resp_b');
    completed(arrC, 'resp_c', 'from c');
    completed(arrMain, 'resp_main', 'from main');
    completed(server.arrivals[0]!, 'resp_a', 'from a');
    completed(arrB, 'resp_b', 'from b');

    const results = await Promise.all([a, b, c, main].map(collect));
    expect(results.map((r) => finalResponse(r).id)).toEqual(['resp_a', 'resp_b', 'resp_c', 'resp_main']);
    expect(results.map((r) => r.events.map((e) => e.type))).toEqual(Array(4).fill(['response.created', 'response.output_text.delta', 'response.completed']));
    expect([a, b, c, main].map((s) => s.timings.streamId)).toEqual(['a', 'b', 'c', null]);
    expect([a, b, c, main].map((s) => s.timings.connectionId)).toEqual([1, 1, 1, 1]);
    for (const [i, s] of [a, b, c, main].entries()) {
      expect(s.timings.bytesUp).toBe(Buffer.byteLength(JSON.stringify(server.arrivals[i]!.body)));
      expect(s.timings.bytesDown).toBeGreaterThan(0);
    }
    expect(socket.inFlight).toBe(0);
  });

  it('keeps requests of one lane first-in first-out while another lane runs', async () => {
    server = await startRawServer((arrival) => created(arrival, `resp_${laneOf(arrival)}_${server!.arrivals.length}`));
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const first = socket.stream(request([hello()], { stream_id: 'x' } as never));
    const second = socket.stream(request([hello()], { stream_id: 'x' } as never));
    const other = socket.stream(request([hello()], { stream_id: 'y' } as never));
    await server.arrived(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.arrivals.map(laneOf)).toEqual(['x', 'y']);
    completed(server.arrivals[1]!, 'resp_y', 'y');
    await collect(other);
    expect(server.arrivals).toHaveLength(2);
    completed(server.arrivals[0]!, 'resp_x1', 'x1');
    await server.arrived(3);
    expect(laneOf(server.arrivals[2]!)).toBe('x');
    completed(server.arrivals[2]!, 'resp_x2', 'x2');
    expect(finalResponse(await collect(first)).id).toBe('resp_x1');
    expect(finalResponse(await collect(second)).id).toBe('resp_x2');
  });

  it('fails only the lane an error event names; the other lanes complete on the same connection', async () => {
    server = await startRawServer((arrival) => created(arrival, `resp_${laneOf(arrival)}`));
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const streams = ['a', 'b', 'c'].map((lane) => socket!.stream(request([hello()], { stream_id: lane } as never)));
    await server.arrived(3);
    const [arrA, arrB, arrC] = server.arrivals as [Arrival, Arrival, Arrival];
    send(arrB, {
      type: 'error',
      status: 400,
      error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'Previous response not found.', param: 'previous_response_id' },
    });
    completed(arrA, 'resp_a', 'a');
    completed(arrC, 'resp_c', 'c');
    const [ra, rb, rc] = await Promise.all(streams.map(collect));
    expect(finalResponse(ra!).id).toBe('resp_a');
    expect(finalResponse(rc!).id).toBe('resp_c');
    const error = expectTransportError(rb!.error);
    expect(error.kind).toBe('api_error');
    expect(error.requestSent).toBe(true);
    expect(socket.connection).toMatchObject({ state: 'open', id: 1 });
  });

  it('fails every lane in flight on an error without stream_id, and on a dropped connection', async () => {
    server = await startRawServer((arrival) => created(arrival, `resp_${laneOf(arrival)}`));
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    let streams = ['a', 'b', 'c'].map((lane) => socket!.stream(request([hello()], { stream_id: lane } as never)));
    await server.arrived(3);
    server.arrivals[0]!.ws.send(
      JSON.stringify({ type: 'error', status: 500, error: { type: 'server_error', code: 'server_error', message: 'boom', param: null } }),
    );
    let results = await Promise.all(streams.map(collect));
    expect(results.map((r) => expectTransportError(r.error).kind)).toEqual(['api_error', 'api_error', 'api_error']);
    expect(results.every((r) => r.error!.requestSent)).toBe(true);

    // Lane support is remembered on the new connection: all three go out at once.
    streams = ['a', 'b', 'c'].map((lane) => socket!.stream(request([hello()], { stream_id: lane } as never)));
    await server.arrived(6);
    expect(streams.map((s) => s.timings.connectionId)).toEqual([2, 2, 2]);
    server.arrivals[5]!.ws.terminate();
    results = await Promise.all(streams.map(collect));
    expect(results.map((r) => expectTransportError(r.error).kind)).toEqual(['closed', 'closed', 'closed']);
  });

  it('remembers a server that rejects stream_id: later named requests fail unsent, the default lane still works', async () => {
    server = await startRawServer((arrival) => {
      if (arrival.body.stream_id === undefined) {
        created(arrival, 'resp_main');
        completed(arrival, 'resp_main', 'main');
        return;
      }
      // A classic server: the error names the parameter but carries no stream_id.
      arrival.ws.send(
        JSON.stringify({
          type: 'error',
          status: 400,
          error: { type: 'invalid_request_error', code: 'unknown_parameter', message: "Unknown parameter: 'stream_id'.", param: 'stream_id' },
        }),
      );
    });
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const streams = ['a', 'b', 'c'].map((lane) => socket!.stream(request([hello()], { stream_id: lane } as never)));
    const results = await Promise.all(streams.map(collect));
    expect(results.map((r) => isLaneRefusal(r.error))).toEqual([true, true, true]);
    expect(results.map((r) => r.error!.requestSent)).toEqual([true, false, false]);
    expect(server.arrivals.map(laneOf)).toEqual(['a']);
    expect(socket.lanes).toBe('unsupported');

    const later = await collect(socket.stream(request([hello()], { stream_id: 'd' } as never)));
    expect(isLaneRefusal(later.error)).toBe(true);
    expect(finalResponse(await collect(socket.stream(request([hello()])))).id).toBe('resp_main');
    expect(server.arrivals.map(laneOf)).toEqual(['a', '']);
  });

  it('an aborted lane leaves the others running on the same connection', async () => {
    server = await startRawServer((arrival) => created(arrival, `resp_${laneOf(arrival)}`));
    socket = new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const abort = new AbortController();
    const a = socket.stream(request([hello()], { stream_id: 'a' } as never), { signal: abort.signal });
    const b = socket.stream(request([hello()], { stream_id: 'b' } as never));
    await server.arrived(2);
    abort.abort();
    expect(expectTransportError((await collect(a)).error).kind).toBe('aborted');
    completed(server.arrivals[0]!, 'resp_a', 'a');
    completed(server.arrivals[1]!, 'resp_b', 'b');
    expect(finalResponse(await collect(b)).id).toBe('resp_b');
    // Lane a is free again once its response ran out.
    const again = socket.stream(request([hello()], { stream_id: 'a' } as never));
    await server.arrived(3);
    completed(server.arrivals[2]!, 'resp_a2', 'a2');
    expect(finalResponse(await collect(again)).id).toBe('resp_a2');
    expect(socket.connection.id).toBe(1);
  });
});
