// A response that never comes, on both transports, against a server that accepts the request,
// answers pings and then sends nothing (or one unknown event, or only response.created): the
// stream fails as `stalled` with its phase, the socket is given up, and the next request works.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpTransport, ResponsesSocket, type StreamTimeouts, type TransportError } from '../../src/transport/index.js';
import { type Behaviour, type HostileServer, startHostileServer } from '../helpers/hostileServer.js';
import { collect, expectTransportError, finalResponse, hello, request } from './streamHelpers.js';

let server: HostileServer | undefined;
let closeTransport: (() => Promise<void>) | undefined;
afterEach(async () => {
  await closeTransport?.();
  await server?.close();
  server = closeTransport = undefined;
});

const TIMEOUTS: StreamTimeouts = { firstEventTimeoutMs: 300, streamIdleTimeoutMs: 400 };

async function transportFor(kind: 'ws' | 'http', behaviours: Behaviour[]) {
  server = await startHostileServer((_a, n) => behaviours[n - 1] ?? 'respond');
  // deadAfterMs below the stall bounds: the heartbeat runs (pings answered) and must not be what ends it.
  const t =
    kind === 'ws'
      ? new ResponsesSocket({ baseUrl: server.baseUrl, apiKey: 'sk-test', deadAfterMs: 200, ...TIMEOUTS })
      : new HttpTransport({ baseUrl: server.baseUrl, apiKey: 'sk-test', ...TIMEOUTS });
  closeTransport = () => t.close();
  return t;
}

function stalled(error: TransportError | undefined) {
  const e = expectTransportError(error);
  expect(e.kind).toBe('stalled');
  return e;
}

describe.each(['ws', 'http'] as const)('stalls over %s', (kind) => {
  it('no event after the send → stalled first_event; the next request goes through', async () => {
    const t = await transportFor(kind, ['silent']);
    const { events, error } = await collect(t.stream(request([hello()])));
    expect(events).toEqual([]);
    const e = stalled(error);
    expect(e.failure).toEqual({ kind: 'stalled', phase: 'first_event', silentSeconds: 0.3 });
    expect(e.message).toBe('no event for 0.3 s after the request was sent');
    expect(e.requestSent).toBe(true);
    if (kind === 'ws') expect(t.connection.state).toBe('closed');

    const next = t.stream(request([hello()]));
    expect(finalResponse(await collect(next)).status).toBe('completed');
    if (kind === 'ws') expect(next.timings.connectionId).toBe(2);
    expect(server!.real()).toHaveLength(2);
  });

  it('one unknown event and then nothing → stalled first_event (an unknown event does not start the response)', async () => {
    const t = await transportFor(kind, ['unknown_event']);
    const { events, error } = await collect(t.stream(request([hello()])));
    expect(events.map((e) => e.type)).toEqual(['server.thinking_about_it']);
    expect(stalled(error).failure).toMatchObject({ phase: 'first_event' });
  });

  it('response.created and then nothing → stalled idle after the idle bound', async () => {
    const t = await transportFor(kind, ['created_then_silent']);
    const { events, error } = await collect(t.stream(request([hello()])));
    expect(events.map((e) => e.type)).toEqual(['response.created']);
    expect(stalled(error).failure).toEqual({ kind: 'stalled', phase: 'idle', silentSeconds: 0.4 });
  });
});

describe('stalls over http', () => {
  it('no status line at all → stalled first_event as well (the clock runs from the send)', async () => {
    const t = await transportFor('http', ['no_headers']);
    const { error } = await collect(t.stream(request([hello()])));
    expect(stalled(error).failure).toMatchObject({ phase: 'first_event' });
  });
});
