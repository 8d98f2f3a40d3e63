/**
 * The WebSocket endpoint for an HTTP base URL (protocol.md §1): `/responses` appended and the
 * scheme swapped, so one `baseUrl` setting serves both transports.
 *   https://api.openai.com/v1   → wss://api.openai.com/v1/responses
 *   http://127.0.0.1:PORT/v1/   → ws://127.0.0.1:PORT/v1/responses
 * A query string (some gateways route on it; Azure's `api-version`) is kept, and `query` is merged
 * over it; a fragment means nothing on the wire and is dropped.
 */

const SCHEMES: Readonly<Record<string, string>> = {
  'https:': 'wss:',
  'http:': 'ws:',
  // Already a socket URL for the base: keep the scheme, still append the path.
  'wss:': 'wss:',
  'ws:': 'ws:',
};

export function websocketUrl(baseUrl: string, query: Readonly<Record<string, string>> = {}): string {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    throw new TypeError(`Not a valid base URL: ${JSON.stringify(baseUrl)}`);
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw new TypeError(`Base URL must be http(s) or ws(s), got ${JSON.stringify(url.protocol)}`);
  }
  // http/https/ws/wss are all "special" schemes, so the URL class lets one be swapped for another.
  url.protocol = scheme;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/responses`;
  url.hash = '';
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
