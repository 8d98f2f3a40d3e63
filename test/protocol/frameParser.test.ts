import { describe, expect, it } from 'vitest';
import {
  EXCERPT_MAX_CHARS,
  ProtocolError,
  isErrorEvent,
  isSocketRequestError,
  isStreamingErrorEvent,
  isTerminalEvent,
  parseServerFrame,
  parseSseData,
  type ParsedFrame,
  type ServerEvent,
} from '../../src/protocol/index.js';

// Payloads copied from protocol.md §1 and §3.
const LIMIT_REACHED =
  '{"type":"error","status":400,"error":{"type":"invalid_request_error","code":"websocket_connection_limit_reached",' +
  '"message":"Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue."}}';
const PREVIOUS_NOT_FOUND =
  '{"type":"error","status":400,"error":{"type":"invalid_request_error","code":"previous_response_not_found","message":"Previous response with id \'resp_abc\' not found.","param":"previous_response_id"}}';
const STREAMING_ERROR = '{"type":"error","code":"server_error","message":"…","param":null,"sequence_number":7}';
const TEXT_DELTA = '{"type":"response.output_text.delta","item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hel","sequence_number":4}';
const RESPONSE_OBJECT = {
  id: 'resp_1',
  object: 'response',
  created_at: 1741290958,
  status: 'completed',
  model: 'gpt-5.2',
  output: [],
  previous_response_id: null,
  store: false,
  error: null,
  incomplete_details: null,
  instructions: '…',
  tools: [],
  parallel_tool_calls: true,
  tool_choice: 'auto',
  metadata: {},
  usage: {
    input_tokens: 5120,
    input_tokens_details: { cached_tokens: 4864 },
    output_tokens: 210,
    output_tokens_details: { reasoning_tokens: 64 },
    total_tokens: 5330,
  },
};
const COMPLETED = JSON.stringify({ type: 'response.completed', response: RESPONSE_OBJECT, sequence_number: 9 });

function expectEvent(parsed: ParsedFrame): ServerEvent {
  if (!parsed.ok) throw new Error(`expected an event, got ${parsed.error.message}`);
  return parsed.event;
}

function expectError(parsed: ParsedFrame): ProtocolError {
  if (parsed.ok) throw new Error(`expected a protocol error, got ${parsed.event.type}`);
  expect(parsed.error).toBeInstanceOf(ProtocolError);
  expect(parsed.error).toBeInstanceOf(Error);
  return parsed.error;
}

describe('parseServerFrame', () => {
  it('parses a text frame given as a string', () => {
    const event = expectEvent(parseServerFrame(TEXT_DELTA, false));
    expect(event.type).toBe('response.output_text.delta');
    if (event.type === 'response.output_text.delta') expect(event.delta).toBe('Hel');
  });

  it('parses a text frame given as a Buffer (how ws delivers text)', () => {
    const event = expectEvent(parseServerFrame(Buffer.from(COMPLETED), false));
    expect(event.type).toBe('response.completed');
    if (event.type === 'response.completed') {
      expect(event.response.usage?.input_tokens_details.cached_tokens).toBe(4864);
    }
  });

  it('parses a text frame given as an ArrayBuffer', () => {
    const bytes = new TextEncoder().encode(TEXT_DELTA);
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(expectEvent(parseServerFrame(arrayBuffer, false)).type).toBe('response.output_text.delta');
  });

  it('parses a text frame given as Buffer fragments, even split inside a UTF-8 character', () => {
    const whole = Buffer.from('{"type":"response.output_text.delta","delta":"héllo ✓"}');
    const cut = whole.indexOf(Buffer.from('✓')) + 1; // inside the 3-byte check mark
    const event = expectEvent(parseServerFrame([whole.subarray(0, cut), whole.subarray(cut)], false));
    expect((event as { delta?: string }).delta).toBe('héllo ✓');
  });

  it('parses both error shapes', () => {
    const requestError = expectEvent(parseServerFrame(PREVIOUS_NOT_FOUND, false));
    expect(isSocketRequestError(requestError)).toBe(true);
    if (isSocketRequestError(requestError)) {
      expect(requestError.error.code).toBe('previous_response_not_found');
      expect(requestError.status).toBe(400);
    }
    const limit = expectEvent(parseServerFrame(LIMIT_REACHED, false));
    expect(isSocketRequestError(limit)).toBe(true);

    const streaming = expectEvent(parseServerFrame(STREAMING_ERROR, false));
    expect(isStreamingErrorEvent(streaming)).toBe(true);
    if (isStreamingErrorEvent(streaming)) expect(streaming.sequence_number).toBe(7);
  });

  it('accepts unknown event types: clients must ignore them, not fail', () => {
    const frame = '{"type":"response.brand_new_thing","sequence_number":3,"payload":{"x":1}}';
    const event = expectEvent(parseServerFrame(frame, false));
    expect(event.type).toBe('response.brand_new_thing');
    expect(event).toEqual(JSON.parse(frame));
  });

  it('rejects a binary frame, even one holding valid JSON', () => {
    const error = expectError(parseServerFrame(Buffer.from(TEXT_DELTA), true));
    expect(error.kind).toBe('binary_frame');
    expect(error.message).toContain(`${Buffer.byteLength(TEXT_DELTA)} bytes`);
    expect(error.message).toContain('response.output_text.delta');
  });

  it('rejects a binary ArrayBuffer and binary fragments', () => {
    expect(expectError(parseServerFrame(new Uint8Array([0, 1, 2, 255]).buffer, true)).kind).toBe('binary_frame');
    const fragments = [Buffer.from([1, 2]), Buffer.from([3])];
    const error = expectError(parseServerFrame(fragments, true));
    expect(error.kind).toBe('binary_frame');
    expect(error.message).toContain('(3 bytes)');
  });

  it('rejects text that is not JSON and quotes it', () => {
    const error = expectError(parseServerFrame('<html>502 Bad Gateway</html>', false));
    expect(error.kind).toBe('not_json');
    expect(error.message).toContain('"<html>502 Bad Gateway</html>"');
    expect(error.excerpt).toBe('<html>502 Bad Gateway</html>');
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects a truncated JSON frame', () => {
    expect(expectError(parseServerFrame(TEXT_DELTA.slice(0, 40), false)).kind).toBe('not_json');
  });

  it('rejects an empty frame', () => {
    expect(expectError(parseServerFrame('', false)).kind).toBe('not_json');
  });

  it.each([
    ['a JSON array', '[{"type":"response.created"}]', 'an array'],
    ['null', 'null', 'null'],
    ['a number', '42', 'a number'],
    ['a string', '"response.created"', 'a string'],
    ['a boolean', 'true', 'a boolean'],
  ])('rejects %s as not_object', (_name, frame, what) => {
    const error = expectError(parseServerFrame(frame, false));
    expect(error.kind).toBe('not_object');
    expect(error.message).toContain(`is ${what}, not a JSON object`);
  });

  it.each([
    ['no type', '{"sequence_number":1,"delta":"x"}'],
    ['a numeric type', '{"type":7}'],
    ['an empty type', '{"type":""}'],
    ['a null type', '{"type":null}'],
  ])('rejects an object with %s as missing_type', (_name, frame) => {
    const error = expectError(parseServerFrame(frame, false));
    expect(error.kind).toBe('missing_type');
    expect(error.message).toContain('"type"');
    expect(error.excerpt).toBe(frame);
  });

  it(`keeps the quoted excerpt to ${EXCERPT_MAX_CHARS} characters`, () => {
    const long = `{"delta":"${'x'.repeat(5000)}"}`;
    const error = expectError(parseServerFrame(long, false));
    expect(error.kind).toBe('missing_type');
    expect(error.excerpt.length).toBe(EXCERPT_MAX_CHARS);
    expect(error.excerpt.endsWith('…')).toBe(true);
    expect(error.message.length).toBeLessThan(EXCERPT_MAX_CHARS + 80);
  });

  it('never cuts the excerpt inside a surrogate pair', () => {
    // 118 ASCII characters put the emoji's high surrogate exactly at the cut point.
    const frame = `${'y'.repeat(118)}😀${'z'.repeat(50)}`;
    const error = expectError(parseServerFrame(frame, false));
    expect(error.excerpt).toBe(`${'y'.repeat(118)}…`);
  });

  it('keeps the message on one line when the frame has newlines', () => {
    const error = expectError(parseServerFrame('not\njson', false));
    expect(error.message).not.toContain('\n');
    expect(error.message).toContain('"not\\njson"');
  });
});

describe('parseSseData', () => {
  it('parses an event payload', () => {
    const parsed = parseSseData(COMPLETED);
    expect(parsed).toMatchObject({ ok: true, done: false, event: { type: 'response.completed' } });
  });

  it('recognises the [DONE] sentinel, with or without surrounding whitespace', () => {
    expect(parseSseData('[DONE]')).toEqual({ ok: true, done: true });
    expect(parseSseData(' [DONE]\n')).toEqual({ ok: true, done: true });
  });

  it('accepts unknown event types', () => {
    expect(parseSseData('{"type":"keepalive"}')).toEqual({ ok: true, done: false, event: { type: 'keepalive' } });
  });

  it('parses a payload that the SSE reader joined from several data: lines', () => {
    const parsed = parseSseData('{"type":"response.output_text.delta",\n"delta":"a"}');
    expect(parsed).toMatchObject({ ok: true, done: false, event: { delta: 'a' } });
  });

  it.each([
    ['not JSON', 'DONE', 'not_json'],
    ['an array', '[1,2]', 'not_object'],
    ['missing its type', '{"delta":"x"}', 'missing_type'],
  ] as const)('reports a payload %s', (_name, data, kind) => {
    const parsed = parseSseData(data);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.kind).toBe(kind);
      expect(parsed.error.message).toMatch(/^SSE data /);
    }
  });
});

describe('event guards', () => {
  const event = (frame: string): ServerEvent => expectEvent(parseServerFrame(frame, false));

  it('isTerminalEvent is true exactly for completed, incomplete and failed', () => {
    for (const type of ['response.completed', 'response.incomplete', 'response.failed']) {
      expect(isTerminalEvent({ type })).toBe(true);
    }
    for (const type of ['response.created', 'response.in_progress', 'response.output_item.done', 'error', 'x']) {
      expect(isTerminalEvent({ type })).toBe(false);
    }
    const completed = event(COMPLETED);
    if (!isTerminalEvent(completed)) throw new Error('expected terminal');
    // The narrowed type exposes the Response object.
    expect(completed.response.id).toBe('resp_1');
  });

  it('isErrorEvent covers both error shapes and nothing else', () => {
    expect(isErrorEvent(event(PREVIOUS_NOT_FOUND))).toBe(true);
    expect(isErrorEvent(event(LIMIT_REACHED))).toBe(true);
    expect(isErrorEvent(event(STREAMING_ERROR))).toBe(true);
    expect(isErrorEvent(event(TEXT_DELTA))).toBe(false);
    expect(isErrorEvent(event(COMPLETED))).toBe(false);
  });

  it('tells the socket request error from the streaming error', () => {
    expect(isSocketRequestError(event(LIMIT_REACHED))).toBe(true);
    expect(isStreamingErrorEvent(event(LIMIT_REACHED))).toBe(false);
    expect(isSocketRequestError(event(STREAMING_ERROR))).toBe(false);
    expect(isStreamingErrorEvent(event(STREAMING_ERROR))).toBe(true);
    expect(isSocketRequestError({ type: 'error', error: null } as { type: string })).toBe(false);
    expect(isSocketRequestError(event(TEXT_DELTA))).toBe(false);
    expect(isStreamingErrorEvent(event(TEXT_DELTA))).toBe(false);
  });
});
