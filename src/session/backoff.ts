// How long to wait before sending a request again: the one backoff of the code base (the session's
// recovery policy owns every retry; the transports send each request once).

/**
 * Milliseconds to wait before retry number `attempt` (1-based): `base` doubling per attempt up to
 * `max`, with jitter down to 75 % so clients that failed together do not retry in lockstep. A
 * server's hint (retry-after) is honoured as given, zero included, up to `max`.
 * @param random a source in [0, 1); injectable for tests
 */
export function backoffMs(attempt: number, base: number, max: number, hintMs?: number, random: () => number = Math.random): number {
  if (hintMs !== undefined) return Math.min(hintMs, max);
  const nominal = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal * (0.75 + 0.25 * random()));
}
