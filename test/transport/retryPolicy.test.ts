// The HTTP retry policy in isolation: which failures are retried, and how long to wait.
import { describe, expect, it } from 'vitest';
import type { ClassifiedError } from '../../src/protocol/index.js';
import { retryDelayMs, type RetryPolicy } from '../../src/transport/index.js';

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 };
const error = (kind: ClassifiedError['kind'], retryAfterMs?: number): ClassifiedError => ({
  kind,
  message: kind,
  retryable: true,
  ...(retryAfterMs !== undefined && { retryAfterMs }),
});

describe('retryDelayMs', () => {
  it('backs off exponentially, with jitter below the nominal delay', () => {
    expect(retryDelayMs(error('server_error'), 1, policy, () => 0.999)).toBe(100);
    expect(retryDelayMs(error('server_error'), 2, policy, () => 0.999)).toBe(200);
    expect(retryDelayMs(error('server_error'), 1, policy, () => 0)).toBe(75);
  });

  it('honours retry-after, zero included, and gives up when it exceeds the longest wait', () => {
    expect(retryDelayMs(error('rate_limit', 0), 1, policy)).toBe(0);
    expect(retryDelayMs(error('rate_limit', 700), 1, policy)).toBe(700);
    expect(retryDelayMs(error('rate_limit', 5_000), 1, policy)).toBeUndefined();
  });

  it('stops after the last attempt', () => {
    expect(retryDelayMs(error('server_error'), 3, policy)).toBeUndefined();
  });

  it('never retries what would fail the same way again', () => {
    for (const kind of ['auth', 'quota', 'invalid_request', 'previous_response_not_found', 'connection_limit', 'unknown'] as const) {
      expect(retryDelayMs(error(kind), 1, policy)).toBeUndefined();
    }
  });
});
