// Issue 19, new-user item 6: over HTTP the process stayed alive ~2 s after the last event. The
// cause: after the terminal event the transport keeps reading the body (so the keep-alive
// connection can be reused) under a 2 s bound, and that bound's timer held the event loop even once
// the transport was closed. Asserted on the cause, not on the clock: with a server that never ends
// the body, a completed and closed transport leaves no timer keeping the process alive.
import { createHook } from 'node:async_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpTransport } from '../../src/transport/index.js';
import { type HostileServer, startHostileServer } from '../helpers/hostileServer.js';
import { userMessage } from '../helpers/scenarios.js';
import { collect, finalResponse, request } from './streamHelpers.js';

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Watches the timers created from now on; `holding()` lists those still pending and keeping the process alive. */
function watchTimers(): { holding: () => number[]; stop: () => void } {
  const pending = new Map<number, NodeJS.Timeout>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type === 'Timeout') pending.set(id, resource as NodeJS.Timeout);
    },
    destroy(id) {
      pending.delete(id);
    },
  }).enable();
  return {
    holding: () =>
      [...pending.values()]
        .filter((t) => t.hasRef() && (t as unknown as { _destroyed?: boolean })._destroyed !== true)
        .map((t) => (t as unknown as { _idleTimeout: number })._idleTimeout),
    stop: () => hook.disable(),
  };
}

describe('HttpTransport after the last event (19, item 6)', () => {
  it('a completed response whose body stays open holds no timer once the transport is closed', async () => {
    server = await startHostileServer(() => 'respond_keep_open');
    const http = new HttpTransport({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const timers = watchTimers();
    const done = finalResponse(await collect(http.stream(request([userMessage('hi')]))));
    expect(done.status).toBe('completed');
    await http.close();
    await new Promise((resolve) => setImmediate(resolve));
    timers.stop();
    expect(timers.holding()).toEqual([]);
  });

  it('a completed response holds no timer even before close, while its body is still being read', async () => {
    server = await startHostileServer(() => 'respond_keep_open');
    const http = new HttpTransport({ baseUrl: server.baseUrl, apiKey: 'sk-test' });
    const timers = watchTimers();
    finalResponse(await collect(http.stream(request([userMessage('hi')]))));
    await new Promise((resolve) => setImmediate(resolve));
    timers.stop();
    expect(timers.holding()).toEqual([]);
    await http.close();
  });
});
