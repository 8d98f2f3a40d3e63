/**
 * How long the server asks us to wait, from whichever hint it gave.
 *
 * The hints, most precise first (the same order the `openai` SDK uses for headers):
 *   1. `retry-after-ms` header: milliseconds;
 *   2. `retry-after` header: seconds (possibly fractional) or an HTTP date;
 *   3. a `retry_after` field on the error object: seconds;
 *   4. the message text: "Please try again in 1.5s", "try again in 20ms", "try again in 2 seconds",
 *      "try again in 1m30s": over the socket this is the only hint a rate-limit error carries.
 * Every parser returns undefined for a hint that is absent or unreadable, never a guess.
 */

export type HeaderLookup = (name: string) => string | undefined;

/** A fetch `Headers`, or a plain record as Node's `IncomingHttpHeaders` (any key case). */
export type HeadersLike = Headers | Readonly<Record<string, string | readonly string[] | number | undefined>>;

export interface RetryAfterHints {
  headers?: HeaderLookup | undefined;
  /** The `retry_after` field of the error object, as received. */
  field?: unknown;
  message?: string | undefined;
  /** Current time in ms since the epoch, for HTTP-date headers. */
  now: number;
}

export function retryAfterMsFrom(hints: RetryAfterHints): number | undefined {
  const header = hints.headers;
  return (
    parseMilliseconds(header?.('retry-after-ms')) ??
    parseRetryAfterHeader(header?.('retry-after'), hints.now) ??
    parseRetryAfterField(hints.field) ??
    parseRetryAfterMessage(hints.message)
  );
}

/** A case-insensitive reader over either header container; undefined when there are none. */
export function headerLookup(headers: unknown): HeaderLookup | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get: unknown = (headers as { get?: unknown }).get;
  if (typeof get === 'function') {
    // Headers (or anything with its get()), which is already case-insensitive.
    return (name) => {
      const value: unknown = get.call(headers, name);
      return typeof value === 'string' ? value : undefined;
    };
  }
  const byLowerName = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    const text = headerValueText(value);
    if (text !== undefined) byLowerName.set(key.toLowerCase(), text);
  }
  return (name) => byLowerName.get(name.toLowerCase());
}

function headerValueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // Node joins repeated headers into an array; the first occurrence is the one that counts.
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

const DECIMAL = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*$/;

function parseMilliseconds(value: string | undefined): number | undefined {
  const match = value === undefined ? null : DECIMAL.exec(value);
  return match?.[1] === undefined ? undefined : toWholeMs(Number(match[1]));
}

function parseRetryAfterHeader(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const seconds = DECIMAL.exec(value)?.[1];
  if (seconds !== undefined) return toWholeMs(Number(seconds) * 1000);
  // RFC 9110 also allows an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"). Requiring a letter keeps
  // V8's lenient Date.parse from reading junk such as "1.5.2" as a date. A past date means "now".
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseRetryAfterField(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? toWholeMs(value * 1000) : undefined;
  if (typeof value === 'string') {
    const seconds = DECIMAL.exec(value)?.[1];
    return seconds === undefined ? undefined : toWholeMs(Number(seconds) * 1000);
  }
  return undefined;
}

const UNIT_MS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^(?:ms|msecs?|milliseconds?)$/i, 1],
  [/^(?:s|secs?|seconds?)$/i, 1000],
  [/^(?:m|mins?|minutes?)$/i, 60_000],
  [/^(?:h|hrs?|hours?)$/i, 3_600_000],
];

// One "<number><unit>" component; units longest first so "ms" is not read as "m" + "s".
const COMPONENT_SOURCE = String.raw`(\d+(?:\.\d+)?)\s*(milliseconds?|msecs?|ms|minutes?|mins?|m|seconds?|secs?|s|hours?|hrs?|h)(?![a-z])`;
const TRY_AGAIN = /try again in\s+/i;

function parseRetryAfterMessage(message: string | undefined): number | undefined {
  if (message === undefined) return undefined;
  const lead = TRY_AGAIN.exec(message);
  if (lead === null) return undefined;
  // Read consecutive components ("1m30.5s", "2 minutes 5 seconds") starting right after the lead.
  // Sticky, and built per call because a sticky regex carries state in lastIndex.
  const component = new RegExp(COMPONENT_SOURCE, 'iy');
  component.lastIndex = lead.index + lead[0].length;
  let total = 0;
  let found = false;
  for (let match = component.exec(message); match !== null; match = component.exec(message)) {
    const [, amount, unit] = match;
    const factor = UNIT_MS.find(([pattern]) => pattern.test(unit ?? ''))?.[1];
    if (amount === undefined || factor === undefined) break;
    total += Number(amount) * factor;
    found = true;
    // Allow the separators people write between components, then continue the sticky match.
    const rest = /^[\s,]*(?:and\s+)?/i.exec(message.slice(component.lastIndex));
    component.lastIndex += rest?.[0].length ?? 0;
  }
  return found ? toWholeMs(total) : undefined;
}

/** Rounds to whole ms; rounding (not ceil) absorbs float noise such as 1.898 * 1000. */
function toWholeMs(ms: number): number | undefined {
  return Number.isFinite(ms) && ms >= 0 ? Math.round(ms) : undefined;
}
