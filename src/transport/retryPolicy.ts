/**
 * When HttpTransport sends a request again. Only failures before the stream started are retried
 * (nothing reached the consumer, so nothing can be seen twice), and only the transient kinds: rate
 * limits and server errors. A 401, a quota error or a bad request would fail the same way again.
 * The SDK's own retries are off (maxRetries: 0) so that this is the only policy.
 */
import type { ClassifiedError } from '../protocol/index.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff before the second attempt when the server gave no hint; doubles each time. */
  baseDelayMs: number;
  /**
   * Longest wait. A server asking for longer (retry-after) is not retried here: waiting that long
   * is a decision for the session (and the user), not a silent stall in the transport.
   */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined to give up.
 * @param attempt the attempt that just failed (1-based)
 * @param random a source in [0, 1) for jitter; injectable for tests
 */
export function retryDelayMs(
  error: ClassifiedError,
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (error.kind !== 'rate_limit' && error.kind !== 'server_error') return undefined;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
  }
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  // Jitter (down to 75 %) so clients that failed together do not retry in lockstep.
  return Math.round(backoff * (0.75 + 0.25 * random()));
}
