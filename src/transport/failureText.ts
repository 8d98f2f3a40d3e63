/**
 * Failure messages a user can act on, for both transports: where a connection could not be made
 * and why (refused, DNS, TLS, timeout), and what an error body said — one line, at most
 * BODY_EXCERPT_CHARS characters of it, an HTML page reduced to its status and title — so a proxy's
 * 1 MB error page never reaches the terminal.
 */

/** Longest part of an error body quoted in a message. */
export const BODY_EXCERPT_CHARS = 300;

/** `host:port` of a URL, with the scheme's default port when none is given. */
export function hostPort(url: string): string {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'https:' || u.protocol === 'wss:' ? '443' : '80');
    return `${u.hostname}:${port}`;
  } catch {
    return url;
  }
}

const CAUSES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'DNS lookup failed: no such host',
  EAI_AGAIN: 'DNS lookup failed (temporary failure)',
  EAI_FAIL: 'DNS lookup failed',
  ETIMEDOUT: 'timed out',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

/** The error codes along a cause chain (`fetch failed` → the socket's `ECONNREFUSED`). */
function codesOf(error: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 6; depth++) {
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string') codes.push(e.code);
    if (typeof e.message === 'string' && e.message !== '') messages.push(e.message);
    // Happy-eyeballs connects fail with an AggregateError of one error per address.
    if (Array.isArray(e.errors) && e.errors.length > 0) current = e.errors[0];
    else current = e.cause;
  }
  return { codes, messages };
}

/** Codes that say the server cannot be reached at this address at all: no such host, nothing listening. */
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_FAIL', 'EAI_NONAME', 'ECONNREFUSED']);

/**
 * True when a failed connect says the address is wrong rather than the network flaky: DNS knows no
 * such host, the host refused the connection, or fetch refuses the port. Retrying at once cannot help.
 */
export function isUnreachable(error: unknown): boolean {
  const { codes, messages } = codesOf(error);
  return codes.some((c) => UNREACHABLE_CODES.has(c)) || messages.some((m) => /^bad port$/i.test(m));
}

/** Why a connection could not be made, in a few words: refused, DNS, TLS, timeout… */
export function connectCause(error: unknown): string {
  const { codes, messages } = codesOf(error);
  for (const code of codes) {
    if (CAUSES[code]) return CAUSES[code];
    if (/CERT|SSL|TLS|SIGNATURE|ALTNAME/i.test(code)) return `TLS handshake failed (${code})`;
  }
  const text = messages.find((m) => !/^(fetch failed|connection error\.?)$/i.test(m)) ?? messages[0] ?? 'unknown error';
  if (/certificate|ssl|tls/i.test(text)) return `TLS handshake failed (${oneLine(text, 120)})`;
  if (/timed? ?out/i.test(text)) return 'timed out';
  return oneLine(text, 160);
}

/** `text` on one line (whitespace collapsed), cut to `max` characters with "…". */
export function oneLine(text: string, max = BODY_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let end = max - 1;
  const last = flat.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // never split a surrogate pair
  return `${flat.slice(0, end)}…`;
}

function looksLikeHtml(body: string, contentType: string | null | undefined): boolean {
  if (contentType && /html/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(body);
}

/**
 * What a non-JSON error body says, as the rest of a message after "HTTP 502": an HTML page is
 * "the server answered 502 with an HTML page" (plus its title), other text is quoted on one line.
 */
export function describeErrorBody(status: number, body: string, contentType?: string | null): string {
  if (body.trim() === '') return `the server answered ${status} with an empty body`;
  if (looksLikeHtml(body, contentType)) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body.slice(0, 64 * 1024))?.[1];
    const shown = title ? oneLine(title.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'), 80) : '';
    return `the server answered ${status} with an HTML page${shown ? ` ("${shown}")` : ''}`;
  }
  return `the server answered ${status}: ${oneLine(body)}`;
}

/** The message for a 2xx reply that is not an event stream: whatever answered is not a Responses API server. */
export function notAnEventStream(where: string, status: number, contentType: string | null): string {
  const type = contentType ? `content type ${contentType.split(';')[0]!.trim()}` : 'no content type';
  return `the server at ${where} is not a Responses API server: it answered ${status} with ${type}, not an event stream (check the base URL)`;
}
