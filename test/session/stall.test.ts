// A response that never comes (issue 9.1), through the whole session: the server accepts the
// request and answers pings, then sends nothing, or one unknown event, or only response.created.
// The session gives the attempt up after the bound, reports one `stalled` recovery, replays the
// request in full on a new connection, and finishes when the server behaves; a server that stalls
// every time ends in one SessionError, never a hang.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSession, type SessionEvent, type SessionStreamItem, userMessage } from '../../src/session/index.js';
import { type Behaviour, type HostileServer, startHostileServer } from '../helpers/hostileServer.js';

let server: HostileServer | undefined;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  await server?.close();
  session = server = undefined;
});

async function setUp(behaviours: Behaviour[] | ((n: number) => Behaviour), extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}) {
  const pick = typeof behaviours === 'function' ? behaviours : (n: number) => behaviours[n - 1] ?? 'respond';
  server = await startHostileServer((_a, n) => pick(n));
  const events: SessionEvent[] = [];
  session = new ModelSession({
    endpoint: { baseUrl: server.baseUrl, apiKey: 'sk-test' },
    model: 'gpt-5.2',
    instructions: 'Answer.',
    tools: [],
    retryBaseDelayMs: 5,
    deadAfterMs: 200,
    firstEventTimeoutMs: 300,
    streamIdleTimeoutMs: 400,
    ...extra,
  });
  session.subscribe((e) => events.push(e));
  return { server, session, events };
}

async function respond(m: ModelSession) {
  m.addItems([userMessage('hello')], 'user');
  const items: SessionStreamItem[] = [];
  const stream = m.respond();
  let r = await stream.next();
  for (; !r.done; r = await stream.next()) items.push(r.value);
  return { response: r.value, items };
}

const recoveries = (events: SessionEvent[]) => events.filter((e): e is Extract<SessionEvent, { type: 'recovery' }> => e.type === 'recovery');
const hasUserMessage = (body: Record<string, unknown>) => JSON.stringify(body.input).includes('hello');

describe('a stalled response is replayed once, in full, on a new connection', () => {
  for (const [behaviour, phase] of [
    ['silent', 'no event for 0.3 s after the request was sent'],
    ['unknown_event', 'no event for 0.3 s after the request was sent'],
    ['created_then_silent', 'no event for 0.4 s since the last one'],
  ] as const) {
    it(`ws, ${behaviour}`, async () => {
      const { server, session, events } = await setUp([behaviour]);
      const { response, items } = await respond(session);
      expect(response.status).toBe('completed');
      expect(recoveries(events).map((e) => [e.kind, e.reason])).toEqual([['stalled', `the response stalled: ${phase}`]]);
      const [stalled, replay] = server.real();
      // The stalled request continued from the warm-up on connection 1; the replay is a new chain on connection 2.
      expect(stalled).toMatchObject({ connection: 1, body: { previous_response_id: expect.any(String) } });
      expect(replay!.connection).toBe(2);
      expect(replay!.body.previous_response_id).toBeUndefined();
      expect(hasUserMessage(replay!.body)).toBe(true);
      expect(server.real()).toHaveLength(2);
      // Whatever the stalled attempt streamed is void.
      const discards = items.filter((i) => i.kind === 'discard');
      expect(discards).toEqual(behaviour === 'silent' ? [] : [expect.objectContaining({ recovery: 'stalled' })]);
      expect(session.ledger.items.filter((i) => i.origin === 'model')).toHaveLength(1);
    });
  }

  it('http, headers and then nothing', async () => {
    const { server, session, events } = await setUp(['silent'], { transport: 'http' });
    const { response } = await respond(session);
    expect(response.status).toBe('completed');
    expect(recoveries(events).map((e) => e.kind)).toEqual(['stalled']);
    expect(server.real()).toHaveLength(2);
    expect(server.real().every((a) => hasUserMessage(a.body))).toBe(true);
  });
});

describe('a server that stalls every time', () => {
  it('ws: one SessionError after 1 + maxReconnects attempts, no hang', async () => {
    const { server, session, events } = await setUp(() => 'silent', { transport: 'ws', maxReconnects: 2 });
    await expect(respond(session)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'network',
      message: 'the response stalled: no event for 0.3 s after the request was sent; gave up after 3 attempts',
    });
    expect(server.real()).toHaveLength(3);
    expect(new Set(server.real().map((a) => a.connection))).toEqual(new Set([1, 2, 3]));
    expect(recoveries(events).map((e) => e.kind)).toEqual(['stalled', 'stalled']);
  });

  it('auto: falls back to HTTP after the socket attempts, then gives up there too', async () => {
    const { server, session, events } = await setUp(() => 'silent', { maxReconnects: 1 });
    await expect(respond(session)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'network',
      message: expect.stringContaining('gave up after 2 attempts'),
    });
    expect(server.real().map((a) => a.transport)).toEqual(['ws', 'ws', 'http', 'http']);
    expect(recoveries(events).map((e) => e.kind)).toEqual(['stalled', 'fallback_http', 'stalled']);
  });

  it('http: one SessionError after 1 + maxReconnects POSTs', async () => {
    const { server, session } = await setUp(() => 'created_then_silent', { transport: 'http', maxReconnects: 2 });
    await expect(respond(session)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'network',
      message: expect.stringContaining('no event for 0.4 s since the last one'),
    });
    expect(server.real()).toHaveLength(3);
  });
});
