// The one backoff and the recovery decisions in isolation: which failures are sent again, after how
// long, and which end the request at once. (The transports send each request once; this is the
// only retry policy.)
import { describe, expect, it } from 'vitest';
import type { ClassifiedError } from '../../src/protocol/index.js';
import { backoffMs } from '../../src/session/backoff.js';
import { decideRecovery, type RecoveryCounters, type RecoveryLimits } from '../../src/session/recoveryPolicy.js';
import { TransportError, type TransportFailure } from '../../src/transport/index.js';

const limits: RecoveryLimits = {
  maxRetries: 3,
  maxReconnects: 3,
  retryBaseDelayMs: 100,
  retryMaxDelayMs: 1_000,
  transportMode: 'auto',
  onSocket: true,
  canCompact: false,
  serverReached: true,
};
const counters = (over: Partial<RecoveryCounters> = {}): RecoveryCounters => ({ retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0, ...over });
const error = (kind: ClassifiedError['kind'], retryAfterMs?: number): ClassifiedError => ({
  kind,
  message: kind,
  retryable: true,
  ...(retryAfterMs !== undefined && { retryAfterMs }),
});
const transportError = (failure: TransportFailure) => new TransportError(failure, failure.kind, { transport: 'ws', requestSent: true, connectionId: 1 });

describe('backoffMs', () => {
  it('backs off exponentially, with jitter below the nominal delay, up to the longest wait', () => {
    expect(backoffMs(1, 100, 1_000, undefined, () => 0.999)).toBe(100);
    expect(backoffMs(2, 100, 1_000, undefined, () => 0.999)).toBe(200);
    expect(backoffMs(1, 100, 1_000, undefined, () => 0)).toBe(75);
    expect(backoffMs(10, 100, 1_000, undefined, () => 0.999)).toBe(1_000);
  });

  it('honours retry-after as given, zero included, up to the longest wait', () => {
    expect(backoffMs(1, 100, 1_000, 0)).toBe(0);
    expect(backoffMs(1, 100, 1_000, 700)).toBe(700);
    expect(backoffMs(1, 100, 1_000, 5_000)).toBe(1_000);
  });
});

describe('decideRecovery', () => {
  it('a host that does not resolve or refuses the first connect fails at once; once the server answered, it is retried (19)', () => {
    const refused = transportError({
      kind: 'connect_failed',
      timedOut: false,
      where: 'nonexistent.invalid:443',
      cause: 'DNS lookup failed: no such host',
      unreachable: true,
    });
    const first = decideRecovery(refused, false, false, counters(), { ...limits, serverReached: false });
    expect(first).toMatchObject({ action: 'fail', error: { code: 'network' } });
    expect(first.action === 'fail' && first.error.message).toContain(
      'could not connect to nonexistent.invalid:443 (DNS lookup failed: no such host); check the base URL',
    );
    expect(decideRecovery(refused, false, false, counters(), limits)).toMatchObject({ action: 'reconnect', kind: 'reconnect' });
    // A timeout on the first connect may be a slow network, not a wrong address: retried as before.
    const slow = transportError({ kind: 'connect_failed', timedOut: true, where: 'api.example.com:443', cause: 'timed out' });
    expect(decideRecovery(slow, false, false, counters(), { ...limits, serverReached: false })).toMatchObject({ action: 'reconnect' });
  });

  it('retries a 5xx or 429 until maxRetries, then fails', () => {
    for (const kind of ['server_error', 'rate_limit'] as const) {
      const failure = transportError({ kind: 'api_error', error: error(kind, 0) });
      expect(decideRecovery(failure, false, false, counters({ retries: 2 }), limits)).toMatchObject({ action: 'replay', kind: 'retry', delayMs: 0 });
      expect(decideRecovery(failure, false, false, counters({ retries: 3 }), limits)).toMatchObject({ action: 'fail', error: { code: kind } });
    }
  });

  it('never retries what would fail the same way again', () => {
    for (const kind of ['auth', 'quota', 'invalid_request', 'unknown'] as const) {
      expect(decideRecovery(transportError({ kind: 'api_error', error: error(kind) }), false, false, counters(), limits)).toMatchObject({ action: 'fail' });
    }
  });

  it('a stalled response reconnects as kind stalled, saying what happened, then falls back or gives up', () => {
    const stalled = transportError({ kind: 'stalled', phase: 'first_event', silentSeconds: 30 });
    expect(decideRecovery(stalled, true, false, counters(), limits)).toEqual({
      action: 'reconnect',
      kind: 'stalled',
      reason: 'the response stalled: no event for 30 s after the request was sent',
      delayMs: 0,
      newChain: true,
    });
    const idle = transportError({ kind: 'stalled', phase: 'idle', silentSeconds: 300 });
    expect(decideRecovery(idle, false, false, counters(), limits)).toMatchObject({ reason: 'the response stalled: no event for 300 s since the last one' });
    expect(decideRecovery(stalled, false, false, counters({ reconnects: 3 }), limits)).toMatchObject({ action: 'fallback_http' });
    expect(decideRecovery(stalled, false, false, counters({ reconnects: 3 }), { ...limits, transportMode: 'ws' })).toMatchObject({
      action: 'fail',
      error: { code: 'network', message: 'the response stalled: no event for 30 s after the request was sent; gave up after 4 attempts' },
    });
  });
});
