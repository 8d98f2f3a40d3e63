// One owner for retries: the session's recovery policy. Against real servers on 127.0.0.1 that
// always fail, one request costs exactly 1 + maxRetries (or 1 + maxReconnects) POSTs, each retry is
// a `recovery` event, and the failure ends in one SessionError; compaction the same way.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSession, type SessionEvent, userMessage } from '../../src/session/index.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { type Behaviour, type HostileServer, startHostileServer } from '../helpers/hostileServer.js';

let server: HostileServer | undefined;
let sim: Simulator | undefined;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  await server?.close();
  await sim?.close();
  session = server = sim = undefined;
});

function newSession(baseUrl: string, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}, events: SessionEvent[] = []): ModelSession {
  session = new ModelSession({
    endpoint: { baseUrl, apiKey: 'sk-test' },
    model: 'gpt-5.2',
    instructions: 'Answer.',
    tools: [],
    transport: 'http',
    retryBaseDelayMs: 5,
    ...extra,
  });
  session.subscribe((e) => events.push(e));
  return session;
}

async function respond(m: ModelSession): Promise<void> {
  m.addItems([userMessage('hello')], 'user');
  const stream = m.respond();
  for (let r = await stream.next(); !r.done; r = await stream.next());
}

const recoveries = (events: SessionEvent[]) => events.filter((e): e is Extract<SessionEvent, { type: 'recovery' }> => e.type === 'recovery');

describe('retries over HTTP', () => {
  it('an always-500 server gets 1 + maxRetries POSTs, each retry a recovery event, then one server_error', async () => {
    for (const maxRetries of [3, 1]) {
      server = await startHostileServer(() => 'error_500');
      const events: SessionEvent[] = [];
      const m = newSession(server.baseUrl, { maxRetries }, events);
      await expect(respond(m)).rejects.toMatchObject({
        name: 'SessionError',
        code: 'server_error',
        message: expect.stringContaining('the server kept failing'),
      });
      expect(server.arrivals.filter((a) => a.path === '/v1/responses')).toHaveLength(1 + maxRetries);
      expect(recoveries(events).map((e) => [e.kind, e.attempt])).toEqual(Array.from({ length: maxRetries }, (_, i) => ['retry', i + 1]));
      await m.close();
      await server.close();
    }
    server = undefined;
  });

  it('a server that always cuts the connection gets 1 + maxReconnects POSTs, then one network error', async () => {
    server = await startHostileServer(() => 'destroy');
    const events: SessionEvent[] = [];
    const m = newSession(server.baseUrl, { maxReconnects: 2 }, events);
    await expect(respond(m)).rejects.toMatchObject({ name: 'SessionError', code: 'network', message: expect.stringContaining('gave up after 3 attempts') });
    expect(server.arrivals).toHaveLength(3);
    expect(recoveries(events).map((e) => e.kind)).toEqual(['reconnect', 'reconnect']);
  });

  it('a 429 with retry-after is retried once by the session, not the transport (2 requests, 1 recovery)', async () => {
    sim = await createSimulator({ scenario: { name: 'chat', description: 'one answer', steps: [{ message: 'hi' }] }, faults: ['rate_limit@1,retry_after=0'] });
    const events: SessionEvent[] = [];
    const m = newSession(sim.baseUrl, {}, events);
    await respond(m);
    expect(sim.log.responses().map((e) => [e.httpStatus, e.status])).toEqual([
      [429, 'error'],
      [null, 'completed'],
    ]);
    expect(recoveries(events).map((e) => [e.kind, e.reason])).toEqual([['retry', 'rate limited']]);
  });
});

describe('compaction retries', () => {
  async function compactAgainst(behaviour: Behaviour, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}) {
    server = await startHostileServer((arrival) => (arrival.path.endsWith('/compact') ? behaviour : 'respond'));
    const events: SessionEvent[] = [];
    const m = newSession(server.baseUrl, extra, events);
    await respond(m);
    const outcome = await m.compact().then(
      () => null,
      (error: unknown) => error,
    );
    return { outcome, events, posts: server.arrivals.filter((a) => a.path === '/v1/responses/compact').length };
  }

  it('an always-500 /responses/compact gets 1 + maxRetries POSTs and fails as one SessionError', async () => {
    const { outcome, events, posts } = await compactAgainst('error_500');
    expect(outcome).toMatchObject({
      name: 'SessionError',
      code: 'server_error',
      message: expect.stringMatching(/^compaction failed: the server kept failing/),
    });
    expect(posts).toBe(4);
    expect(recoveries(events).map((e) => e.kind)).toEqual(['retry', 'retry', 'retry']);
    expect(recoveries(events)[0]!.reason).toMatch(/^compaction: server error/);
  });

  it('a /responses/compact that always cuts the connection gets 1 + maxReconnects POSTs', async () => {
    const { outcome, posts } = await compactAgainst('destroy', { maxReconnects: 2 });
    expect(outcome).toMatchObject({ name: 'SessionError', code: 'network', message: expect.stringMatching(/^compaction failed: .*gave up after 3 attempts/) });
    expect(posts).toBe(3);
  });

  it('a compaction that fails once is retried and then compacts', async () => {
    let failed = false;
    server = await startHostileServer((arrival) => {
      if (!arrival.path.endsWith('/compact') || failed) return 'respond';
      failed = true;
      return 'error_500';
    });
    const events: SessionEvent[] = [];
    const m = newSession(server.baseUrl, {}, events);
    await respond(m);
    await m.compact();
    expect(server.arrivals.filter((a) => a.path === '/v1/responses/compact')).toHaveLength(2);
    expect(m.ledger.compaction!.window.at(-1)).toMatchObject({ type: 'compaction' });
    expect(events.map((e) => e.type)).toContain('compaction.completed');
  });
});
