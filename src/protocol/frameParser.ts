/**
 * Turns one raw server message (a WebSocket frame or an SSE `data:` payload) into a typed event.
 *
 * Parsing never throws: a bad frame comes back as a ProtocolError value, so the transport decides
 * whether to drop the connection, and a single garbled frame cannot crash the agent loop.
 * Only the envelope is checked (a JSON object with a string `type`); the fields of known events are
 * trusted as the SDK types describe them, and unknown types pass through so consumers can ignore
 * them, as the protocol requires.
 */
import { ProtocolError } from './protocolError.js';
import type { ServerEvent } from './wireTypes.js';

// Kept importable from here as well: the parser and these guards are used side by side.
export { isErrorEvent, isTerminalEvent } from './eventGuards.js';

/** What `ws` hands to a `message` listener (its RawData, by `binaryType`), or a plain string. */
export type RawFrameData = string | Buffer | ArrayBuffer | Buffer[];

export type ParsedFrame = { ok: true; event: ServerEvent } | { ok: false; error: ProtocolError };

/**
 * An SSE `data:` payload: an event, the `[DONE]` sentinel some Open Responses servers send after
 * the terminal event, or a protocol error. `done` discriminates the two successful cases.
 */
export type ParsedSseData = { ok: true; done: false; event: ServerEvent } | { ok: true; done: true } | { ok: false; error: ProtocolError };

const SSE_DONE_SENTINEL = '[DONE]';

const utf8 = new TextDecoder('utf-8');

/**
 * Parses one WebSocket message. `isBinary` is the second argument of `ws`'s `message` event:
 * `ws` delivers text frames as Buffers too, so the data type alone cannot tell them apart.
 */
export function parseServerFrame(data: RawFrameData, isBinary: boolean): ParsedFrame {
  const text = decodeFrame(data);
  if (isBinary) {
    // The Responses API sends only text frames; a binary one means we reached something else.
    const error = new ProtocolError(
      'binary_frame',
      `Received a binary WebSocket frame (${byteLength(data)} bytes); the Responses API sends only JSON text frames`,
      text,
    );
    return { ok: false, error };
  }
  return parseEventJson(text, 'WebSocket frame');
}

/** Parses the (already joined) `data:` payload of one SSE event from the HTTP streaming path. */
export function parseSseData(data: string): ParsedSseData {
  if (data.trim() === SSE_DONE_SENTINEL) return { ok: true, done: true };
  const parsed = parseEventJson(data, 'SSE data');
  return parsed.ok ? { ok: true, done: false, event: parsed.event } : parsed;
}

function parseEventJson(text: string, source: string): ParsedFrame {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return { ok: false, error: new ProtocolError('not_json', `${source} is not valid JSON`, text, { cause }) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return { ok: false, error: new ProtocolError('not_object', `${source} is ${what}, not a JSON object`, text) };
  }
  const type: unknown = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || type === '') {
    return { ok: false, error: new ProtocolError('missing_type', `${source} has no string "type" field`, text) };
  }
  // The envelope is valid; the payload is the server's word (see the file comment).
  return { ok: true, event: value as ServerEvent };
}

function decodeFrame(data: RawFrameData): string {
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return utf8.decode(Buffer.concat(data));
  // Buffer is a Uint8Array; an ArrayBuffer needs a view. Invalid UTF-8 becomes U+FFFD, and then
  // fails JSON parsing with a readable excerpt instead of throwing here.
  return utf8.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

function byteLength(data: RawFrameData): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return data.byteLength;
}
