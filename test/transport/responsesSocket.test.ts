// ResponsesSocket on the happy path, against the real simulator over real sockets: a chained tool
// conversation on one connection, FIFO requests, timings and byte counts, upgrade headers.
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { RESPONSES_WEBSOCKET_BETA, ResponsesSocket, type ConnectionNotice } from '../../src/transport/index.js';
import { CHAT, TWO_STEP, userMessage } from '../helpers/scenarios.js';
import { assistantText, collect, expectTransportError, finalResponse, functionCalls, hello, outputFor, request } from './streamHelpers.js';

let sim: Simulator | undefined;
let socket: ResponsesSocket | undefined;
afterEach(async () => {
  await socket?.close();
  await sim?.close();
  socket = sim = undefined;
});

async function start(options: Parameters<typeof createSimulator>[0]): Promise<{ sim: Simulator; socket: ResponsesSocket }> {
  sim = await createSimulator(options);
  socket = new ResponsesSocket({ baseUrl: sim.baseUrl, apiKey: 'sk-test' });
  return { sim, socket };
}

describe('ResponsesSocket', () => {
  it('runs a chained tool conversation on one connection, sending only what is new', async () => {
    const { sim, socket } = await start({ scenario: TWO_STEP });
    const notices: ConnectionNotice[] = [];
    socket.onConnection((notice) => notices.push(notice));

    const first = finalResponse(await collect(socket.stream(request([userMessage('go')]))));
    const [read] = functionCalls(first);
    expect(read?.name).toBe('read_file');

    const second = finalResponse(await collect(socket.stream(request([outputFor(read!, 'export function a() {}')], { previous_response_id: first.id }))));
    const calls = functionCalls(second);
    expect(calls.map((c) => c.name)).toEqual(['run_tests', 'read_file']);

    const third = finalResponse(
      await collect(
        socket.stream(
          request(
            calls.map((c) => outputFor(c, 'all tests pass')),
            { previous_response_id: second.id },
          ),
        ),
      ),
    );
    expect(assistantText(third)).toBe(TWO_STEP.steps[2]!.message);

    const log = sim.log.responses();
    expect(log.map((e) => e.connectionId)).toEqual([1, 1, 1]);
    expect(log.map((e) => e.transport)).toEqual(['ws', 'ws', 'ws']);
    expect(log.map((e) => e.inputMode)).toEqual(['full', 'incremental', 'incremental']);
    expect(log.map((e) => e.cache)).toEqual(['none', 'connection', 'connection']);
    expect(log[1]!.functionCallOutputIds).toEqual([read!.call_id]);
    expect(log[2]!.functionCallOutputIds).toEqual(calls.map((c) => c.call_id));
    expect(log.map((e) => e.status)).toEqual(['completed', 'completed', 'completed']);

    expect(socket.connection).toMatchObject({ transport: 'ws', state: 'open', id: 1 });
    expect(socket.connection.ageMs).toBeGreaterThanOrEqual(0);
    expect(notices.map((n) => (n.type === 'state' ? n.info.state : n.type))).toEqual(['connecting', 'open']);
  });

  it('runs requests one at a time, in call order, even when issued together', async () => {
    const { sim, socket } = await start({ scenario: CHAT });
    const a = socket.stream(request([hello()]));
    const b = socket.stream(request([userMessage('again')]));
    const [ra, rb] = await Promise.all([collect(b), collect(a)]).then(([cb, ca]) => [ca, cb] as const);

    for (const r of [ra, rb]) {
      const response = finalResponse(r);
      // Each stream holds exactly one response, numbered from 0 without a gap.
      expect(r.events.map((e) => ('sequence_number' in e ? e.sequence_number : -1))).toEqual(r.events.map((_, i) => i));
      const ids = new Set(r.events.flatMap((e) => ('response' in e ? [e.response.id] : [])));
      expect([...ids]).toEqual([response.id]);
    }
    expect(finalResponse(ra).id).not.toBe(finalResponse(rb).id);
    // b was written only after a's terminal event arrived.
    expect(b.timings.sendAt!).toBeGreaterThanOrEqual(a.timings.doneAt!);
    expect(b.timings.firstEventAt!).toBeGreaterThan(a.timings.doneAt!);
    expect(sim.log.responses().map((e) => e.responseId)).toEqual([finalResponse(ra).id, finalResponse(rb).id]);
  });

  it('keeps reading (and discards) the rest of a response the consumer stopped reading', async () => {
    const { socket } = await start({ scenario: CHAT });
    const a = socket.stream(request([hello()]));
    const b = socket.stream(request([userMessage('again')]));
    for await (const event of a) {
      expect(event.type).toBe('response.created');
      break;
    }
    const terminal = await a.done;
    expect(terminal.type).toBe('response.completed');
    const rb = await collect(b);
    expect(rb.events[0]?.type).toBe('response.created');
    expect(finalResponse(rb).status).toBe('completed');
    expect(socket.connection.id).toBe(1);
  });

  it('measures each request: ordered instants, and the bytes the server counted', async () => {
    const { sim, socket } = await start({ scenario: TWO_STEP, profile: { tokensPerSecond: 2_000 } });
    const stream = socket.stream(request([userMessage('go')]));
    const collected = await collect(stream);
    finalResponse(collected);
    const t = stream.timings;
    expect(t.sendAt).not.toBeNull();
    expect(t.queuedAt).toBeLessThanOrEqual(t.sendAt!);
    expect(t.sendAt!).toBeLessThanOrEqual(t.firstEventAt!);
    expect(t.firstEventAt!).toBeLessThanOrEqual(t.firstDeltaAt!);
    expect(t.firstDeltaAt!).toBeLessThanOrEqual(t.doneAt!);
    expect(t.connectionId).toBe(1);
    expect(t.attempts).toBe(1);
    const [entry] = sim.log.responses();
    expect(t.bytesUp).toBe(entry!.bytesUp);
    expect(t.bytesDown).toBe(entry!.bytesDown);
    expect(t.bytesUp).toBe(Buffer.byteLength(JSON.stringify({ type: 'response.create', ...request([userMessage('go')]) })));
  });

  it('sends Authorization and the optional OpenAI headers with the upgrade', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const seen = new Promise<IncomingHttpHeaders>((resolve) => wss.once('connection', (_ws, req) => resolve(req.headers)));
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    const client = new ResponsesSocket({
      baseUrl: `http://127.0.0.1:${port}/v1`,
      apiKey: 'sk-secret',
      organization: 'org-1',
      project: 'proj-1',
      headers: { 'User-Agent': 'wsagent-test', authorization: 'Bearer not-this-one' },
    });
    try {
      await client.connect();
      const headers = await seen;
      expect(headers.authorization).toBe('Bearer sk-secret');
      expect(headers['openai-beta']).toBe(RESPONSES_WEBSOCKET_BETA);
      expect(headers['openai-organization']).toBe('org-1');
      expect(headers['openai-project']).toBe('proj-1');
      expect(headers['user-agent']).toBe('wsagent-test');
      // permessage-deflate is offered; the server decides.
      expect(headers['sec-websocket-extensions']).toContain('permessage-deflate');
    } finally {
      await client.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  });

  it('works with permessage-deflate when the server accepts it', async () => {
    const { sim, socket } = await start({ scenario: CHAT, perMessageDeflate: true });
    const stream = socket.stream(request([hello()]));
    expect(assistantText(finalResponse(await collect(stream)))).toBe(CHAT.steps[0]!.message);
    // Payload bytes (before compression) match what the server counted.
    expect(stream.timings.bytesDown).toBe(sim.log.responses()[0]!.bytesDown);
  });

  it('authenticates with the key, and reports a wrong key as upgrade_refused 401', async () => {
    sim = await createSimulator({ scenario: CHAT, apiKey: 'sk-right' });
    const good = new ResponsesSocket({ baseUrl: sim.baseUrl, apiKey: 'sk-right' });
    expect(finalResponse(await collect(good.stream(request([hello()])))).status).toBe('completed');
    await good.close();

    socket = new ResponsesSocket({ baseUrl: sim.baseUrl, apiKey: 'sk-wrong' });
    const error = await socket.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'TransportError', kind: 'upgrade_refused', requestSent: false });
    const refused = expectTransportError(error as never);
    if (refused.failure.kind !== 'upgrade_refused') throw refused;
    expect(refused.failure.status).toBe(401);
    expect(refused.failure.error.kind).toBe('auth');
    expect(refused.message).not.toContain('sk-wrong');
    expect(socket.connection.state).toBe('closed');
  });

  it('closes with a close frame and reopens a new connection on the next request', async () => {
    const { sim, socket } = await start({ scenario: CHAT });
    finalResponse(await collect(socket.stream(request([hello()]))));
    await socket.close();
    expect(socket.connection).toMatchObject({ state: 'closed', id: 1, openedAt: null });
    const again = socket.stream(request([userMessage('again')]));
    finalResponse(await collect(again));
    expect(again.timings.connectionId).toBe(2);
    expect(sim.log.responses().map((e) => e.connectionId)).toEqual([1, 2]);
  });

  it('reports a frame that arrives while idle (the limit error) without a request to own it', async () => {
    const { socket } = await start({ scenario: CHAT, limitMs: 150, limitNotifyIdle: true });
    const notices: ConnectionNotice[] = [];
    socket.onConnection((n) => notices.push(n));
    await socket.connect();
    await new Promise<void>((resolve) => {
      const stop = socket.onConnection((n) => {
        if (n.type === 'state' && n.info.state === 'closed') {
          stop();
          resolve();
        }
      });
    });
    const unsolicited = notices.find((n) => n.type === 'unsolicited');
    expect(unsolicited).toMatchObject({ connectionId: 1, event: { type: 'error', error: { code: 'websocket_connection_limit_reached' } } });
    const closed = notices.at(-1);
    expect(closed).toMatchObject({ type: 'state', info: { state: 'closed' }, error: { kind: 'closed' } });
  });
});
