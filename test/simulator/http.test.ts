// The simulator's HTTP side with real requests (global fetch): SSE streaming, JSON responses,
// store:true continuations, request validation, faults, API keys, upgrade refusals, compaction
// and the read-only endpoints (protocol.md §1, §3–§6).
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, TOOLS, TWO_STEP, userMessage } from '../helpers/scenarios.js';

const RESPONSE_FIELDS = [
  'id',
  'object',
  'created_at',
  'completed_at',
  'status',
  'model',
  'output',
  'error',
  'incomplete_details',
  'instructions',
  'metadata',
  'parallel_tool_calls',
  'temperature',
  'top_p',
  'tool_choice',
  'tools',
  'max_output_tokens',
  'max_tool_calls',
  'previous_response_id',
  'reasoning',
  'store',
  'text',
  'truncation',
  'usage',
  'user',
  'background',
  'service_tier',
  'safety_identifier',
  'prompt_cache_key',
  'top_logprobs',
  'presence_penalty',
  'frequency_penalty',
];
const TERMINAL = new Set(['response.completed', 'response.incomplete', 'response.failed']);
// A model that does not reason, so outputs are exactly the scenario's (reasoning over HTTP: reasoning.test.ts).
const MODEL = 'gpt-4.1';

type Json = Record<string, any>;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions): Promise<Simulator> {
  sim = await createSimulator(options);
  return sim;
}

function url(s: Simulator, path: string): string {
  return `${s.baseUrl}${path}`;
}

function post(s: Simulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url(s, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function postJson(
  s: Simulator,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json; res: Response }> {
  const res = await post(s, path, body, headers);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, json: (await res.json()) as Json, res };
}

interface SseBlock {
  event: string | null;
  data: string;
  raw: string;
}

/** A deliberately simple SSE splitter: blocks separated by blank lines, `event:` and `data:` lines. */
function parseSse(text: string): SseBlock[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((raw) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of raw.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice('event: '.length);
        else if (line.startsWith('data: ')) data.push(line.slice('data: '.length));
      }
      return { event, data: data.join('\n'), raw };
    });
}

/** The JSON events of an SSE body (the `[DONE]` sentinel excluded). */
function sseEvents(text: string): Json[] {
  return parseSse(text)
    .filter((b) => b.data !== '[DONE]')
    .map((b) => JSON.parse(b.data) as Json);
}

async function streamResponse(s: Simulator, body: Json): Promise<{ res: Response; text: string; events: Json[] }> {
  const res = await post(s, '/responses', { ...body, stream: true });
  const text = await res.text();
  return { res, text, events: res.status === 200 ? sseEvents(text) : [] };
}

function terminalResponse(events: Json[]): Json {
  const end = events[events.length - 1];
  if (!end || !TERMINAL.has(end.type)) throw new Error(`no terminal event: ${JSON.stringify(end)}`);
  return end.response as Json;
}

function callsOf(response: Json): Json[] {
  return (response.output as Json[]).filter((i) => i.type === 'function_call');
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function expectUpgradeRefused(target: string, status: number, headers: Record<string, string> = {}): Promise<void> {
  const err = await RawSocket.connect(target, headers).then(
    (s) => {
      s.close();
      return null;
    },
    (e: unknown) => e as { statusCode?: number },
  );
  expect(err, `upgrade to ${target} should be refused`).not.toBeNull();
  expect(err!.statusCode).toBe(status);
}

describe('HTTP: POST /v1/responses with stream:true', () => {
  it('streams SSE events whose event name is the JSON type, sequence numbers from 0, no [DONE] by default', async () => {
    const s = await start({ scenario: CHAT });
    const { res, text } = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(text.endsWith('\n\n')).toBe(true);

    const blocks = parseSse(text);
    expect(blocks.length).toBeGreaterThan(8);
    for (const block of blocks) {
      // Exactly `event: <type>\ndata: <json>`, nothing else in the block.
      expect(block.raw).toMatch(/^event: [a-z_.]+\ndata: \{.*\}$/);
      const json = JSON.parse(block.data) as Json;
      expect(block.event).toBe(json.type);
    }
    expect(text).not.toContain('[DONE]');

    const events = blocks.map((b) => JSON.parse(b.data) as Json);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[0]!.type).toBe('response.created');
    expect(events[1]!.type).toBe('response.in_progress');
    expect(events[events.length - 1]!.type).toBe('response.completed');
    expect(events.filter((e) => TERMINAL.has(e.type))).toHaveLength(1);

    const deltas = events.filter((e) => e.type === 'response.output_text.delta').map((e) => e.delta as string);
    expect(deltas.join('')).toBe(CHAT.steps[0]!.message);
    const response = terminalResponse(events);
    expect(Object.keys(response).sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: MODEL, store: false, error: null });
    expect(response.usage.output_tokens).toBe(deltas.length);

    const [entry] = s.log.responses();
    expect(entry).toMatchObject({ transport: 'http', connectionId: null, status: 'completed', httpStatus: null, responseId: response.id, step: 0 });
  });

  it('serves many streamed requests over keep-alive connections without piling up socket listeners', async () => {
    const s = await start({ scenario: CHAT });
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => {
      if (w.name === 'MaxListenersExceededWarning') warnings.push(w);
    };
    process.on('warning', onWarning);
    try {
      // fetch keeps connections alive, so these sequential requests share one or two server sockets.
      for (let i = 0; i < 40; i++) {
        const { events } = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
        expect(terminalResponse(events).status).toBe('completed');
      }
      await new Promise((r) => setTimeout(r, 20)); // warnings are emitted on a later tick
    } finally {
      process.off('warning', onWarning);
    }
    // A listener per streamed request on the keep-alive socket would pile up and make Node warn.
    expect(warnings.map((w) => w.message)).toEqual([]);
  });

  it('appends data: [DONE] after the terminal event when created with sseDone', async () => {
    const s = await start({ scenario: CHAT, sseDone: true });
    const { res, text } = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(res.status).toBe(200);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const blocks = parseSse(text);
    const last = blocks[blocks.length - 1]!;
    expect(last).toMatchObject({ event: null, data: '[DONE]' });
    expect(blocks.filter((b) => b.data === '[DONE]')).toHaveLength(1);
    const beforeDone = JSON.parse(blocks[blocks.length - 2]!.data) as Json;
    expect(beforeDone.type).toBe('response.completed');
    for (const block of blocks.slice(0, -1)) expect(block.event).toBe((JSON.parse(block.data) as Json).type);
  });
});

describe('HTTP: POST /v1/responses without stream', () => {
  it('answers with the whole Response object as JSON', async () => {
    const s = await start({ scenario: TWO_STEP });
    const { status, json } = await postJson(s, '/responses', { model: MODEL, store: false, tools: TOOLS, input: [userMessage('go')] });
    expect(status).toBe(200);
    expect(Object.keys(json).sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(json).toMatchObject({
      object: 'response',
      status: 'completed',
      model: MODEL,
      store: false,
      error: null,
      previous_response_id: null,
      incomplete_details: null,
    });
    expect(String(json.id)).toMatch(/^resp_/);
    expect(json.output).toHaveLength(1);
    const [call] = json.output as Json[];
    expect(call).toMatchObject({ type: 'function_call', status: 'completed', name: 'read_file' });
    expect(String(call!.call_id)).toMatch(/^call_/);
    expect(JSON.parse(call!.arguments as string)).toEqual(TWO_STEP.steps[0]!.calls![0]!.arguments);
    expect(json.usage.input_tokens).toBeGreaterThan(0);
    expect(json.usage.total_tokens).toBe(json.usage.input_tokens + json.usage.output_tokens);
    expect(json.tools).toEqual(TOOLS);
    expect(typeof json.completed_at).toBe('number');
    expect(s.log.responses()[0]).toMatchObject({ transport: 'http', status: 'completed', step: 0 });
  });
});

describe('HTTP: previous_response_id', () => {
  it('continues a store:true chain from storage (cache "store")', async () => {
    const s = await start({ scenario: TWO_STEP });
    const first = await postJson(s, '/responses', { model: MODEL, store: true, tools: TOOLS, input: [userMessage('go')] });
    expect(first.status).toBe(200);
    expect(first.json.store).toBe(true);
    const [call] = callsOf(first.json);

    const second = await streamResponse(s, {
      model: MODEL,
      store: true,
      tools: TOOLS,
      previous_response_id: first.json.id,
      input: [{ type: 'function_call_output', call_id: call!.call_id, output: 'export function a() {}' }],
    });
    expect(second.res.status).toBe(200);
    const response = terminalResponse(second.events);
    expect(response.status).toBe('completed');
    expect(response.previous_response_id).toBe(first.json.id);
    expect(callsOf(response).map((c) => c.name)).toEqual(['run_tests', 'read_file']);

    const log = s.log.responses();
    expect(log.map((e) => [e.inputMode, e.cache, e.continuedFromCache, e.step])).toEqual([
      ['full', 'none', false, 0],
      ['incremental', 'store', false, 1],
    ]);
    expect(log[1]!.functionCallOutputIds).toEqual([call!.call_id]);
  });

  it('refuses a store:false previous_response_id with 400 previous_response_not_found', async () => {
    const s = await start({ scenario: CHAT });
    const first = await postJson(s, '/responses', { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(first.status).toBe(200);
    const { status, json } = await postJson(s, '/responses', {
      model: MODEL,
      store: false,
      stream: true,
      previous_response_id: first.json.id,
      input: [userMessage('again')],
    });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ code: 'previous_response_not_found', param: 'previous_response_id', type: 'invalid_request_error' });
    expect(json.error.message).toContain(first.json.id);
    expect(s.log.responses()[1]).toMatchObject({ status: 'error', httpStatus: 400, errorCode: 'previous_response_not_found', cache: 'miss' });
  });
});

describe('HTTP: request validation', () => {
  it('refuses a context holding a function_call without its output, naming the call_id', async () => {
    const s = await start({ scenario: TWO_STEP });
    const { status, json } = await postJson(s, '/responses', {
      model: MODEL,
      store: false,
      tools: TOOLS,
      input: [
        userMessage('go'),
        { type: 'function_call', call_id: 'call_unanswered1', name: 'read_file', arguments: '{"path":"a"}' },
        userMessage('what now?'),
      ],
    });
    expect(status).toBe(400);
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message).toContain('call_unanswered1');
  });

  it('names the unanswered call_id also when the call comes from the stored previous response', async () => {
    const s = await start({ scenario: TWO_STEP });
    const first = await postJson(s, '/responses', { model: MODEL, store: true, tools: TOOLS, input: [userMessage('go')] });
    const [call] = callsOf(first.json);
    const { status, json } = await postJson(s, '/responses', {
      model: MODEL,
      store: true,
      tools: TOOLS,
      previous_response_id: first.json.id,
      input: [userMessage('never mind the tool')],
    });
    expect(status).toBe(400);
    expect(json.error.message).toContain(call!.call_id);
  });

  it('answers an invalid JSON body with a 400 JSON error', async () => {
    const s = await start({ scenario: CHAT });
    const { status, json } = await postJson(s, '/responses', '{"model": "gpt-5.2", "input": [');
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error' });
    expect(typeof json.error.message).toBe('string');
    expect(Object.keys(json.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  });

  it('answers a missing model with 400 and param "model"', async () => {
    const s = await start({ scenario: CHAT });
    const { status, json } = await postJson(s, '/responses', { stream: true, input: [userMessage('hi')] });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ type: 'invalid_request_error', param: 'model' });
  });

  it('answers an unknown path with a 404 JSON error', async () => {
    const s = await start({ scenario: CHAT });
    const res = await fetch(url(s, '/nothing/here'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const json = (await res.json()) as Json;
    expect(json.error).toMatchObject({ type: 'invalid_request_error' });
    expect(json.error.message).toContain('/v1/nothing/here');
    const postRes = await postJson(s, '/chat/completions', { model: MODEL });
    expect(postRes.status).toBe(404);
    expect(postRes.json.error.type).toBe('invalid_request_error');
  });
});

describe('HTTP: faults', () => {
  it('rate_limit: 429 with retry-after and rate_limit_exceeded, then the next request works', async () => {
    const s = await start({ scenario: CHAT, faults: ['rate_limit@1,retry_after=2'] });
    const { status, json, res } = await postJson(s, '/responses', { model: MODEL, store: false, stream: true, input: [userMessage('hi')] });
    expect(status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(json.error.code).toBe('rate_limit_exceeded');
    expect(json.error.message).toContain('try again in 2s');
    expect(s.log.responses()[0]).toMatchObject({ status: 'error', httpStatus: 429, errorCode: 'rate_limit_exceeded', fault: 'rate_limit' });

    const again = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(again.res.status).toBe(200);
    expect(terminalResponse(again.events).status).toBe('completed');
  });

  it('server_error: 500 with code server_error', async () => {
    const s = await start({ scenario: CHAT, faults: ['server_error@1'] });
    const { status, json } = await postJson(s, '/responses', { model: MODEL, store: false, stream: true, input: [userMessage('hi')] });
    expect(status).toBe(500);
    expect(json.error).toMatchObject({ code: 'server_error', type: 'server_error' });
  });

  it('failed: the SSE stream ends in response.failed with error.code server_error', async () => {
    const s = await start({ scenario: CHAT, faults: ['failed@1'] });
    const { res, events } = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(res.status).toBe(200);
    expect(events.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    expect(events.map((e) => e.sequence_number)).toEqual([0, 1, 2]);
    const response = terminalResponse(events);
    expect(response.status).toBe('failed');
    expect(response.error.code).toBe('server_error');
    expect(s.log.responses()[0]).toMatchObject({ status: 'failed', errorCode: 'server_error', fault: 'failed' });
  });

  it('stream_error: an error event with a sequence_number, then response.failed', async () => {
    const s = await start({ scenario: CHAT, faults: ['stream_error@1'] });
    const { res, events } = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(res.status).toBe(200);
    const types = events.map((e) => e.type);
    const errorIndex = types.indexOf('error');
    expect(errorIndex).toBeGreaterThan(1);
    expect(types.slice(errorIndex)).toEqual(['error', 'response.failed']);
    const error = events[errorIndex]!;
    expect(error).toMatchObject({ code: 'server_error', sequence_number: errorIndex });
    expect(typeof error.message).toBe('string');
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(terminalResponse(events)).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
  });

  it('drop: the stream is cut without a terminal event and the log says dropped', async () => {
    const s = await start({ scenario: CHAT, faults: ['drop@1'] });
    let text = '';
    let rejected = false;
    try {
      const res = await post(s, '/responses', { model: MODEL, store: false, stream: true, input: [userMessage('hi')] });
      text = await res.text();
    } catch {
      rejected = true;
    }
    if (!rejected) {
      // A body that ends cleanly must at least lack the terminal event.
      const types = parseSse(text).map((b) => b.event);
      expect(types.some((t) => t !== null && TERMINAL.has(t))).toBe(false);
    }
    const entry = await waitFor(() => s.log.responses()[0]);
    expect(entry).toMatchObject({ status: 'dropped', fault: 'drop', transport: 'http' });

    // The simulator keeps serving after the cut.
    const again = await streamResponse(s, { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(terminalResponse(again.events).status).toBe('completed');
  });

  it('drop (at=mid, the default) delivers the 200 and the events up to the first output item before the cut', async () => {
    const s = await start({ scenario: CHAT, faults: ['drop@1'] });
    const outcome = await post(s, '/responses', { model: MODEL, store: false, stream: true, input: [userMessage('hi')] }).then(
      async (res) => ({ status: res.status as number | null, text: await readUntilCut(res) }),
      (err: unknown) => ({ status: null, text: '', error: err }),
    );
    // Written data must be flushed before the cut, or the client would see a refused connection.
    expect(outcome.status).toBe(200);
    const types = parseSse(outcome.text).map((b) => b.event);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toContain('response.output_item.done');
    expect(types.some((t) => t !== null && TERMINAL.has(t))).toBe(false);
  });
});

/** Reads a body until it ends or is cut; returns what arrived. */
async function readUntilCut(res: Response): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // cut
  }
  return text;
}

describe('API key', () => {
  it('refuses HTTP requests without the right key with 401 invalid_api_key', async () => {
    const s = await start({ scenario: CHAT, apiKey: 'sk-test' });
    const body = { model: MODEL, store: false, input: [userMessage('hi')] };
    const none = await postJson(s, '/responses', body);
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe('invalid_api_key');
    const wrong = await postJson(s, '/responses', body, { authorization: 'Bearer sk-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error.code).toBe('invalid_api_key');
    const models = await fetch(url(s, '/models'));
    expect(models.status).toBe(401);
    await models.body?.cancel();

    const right = await postJson(s, '/responses', body, { authorization: 'Bearer sk-test' });
    expect(right.status).toBe(200);
    expect(right.json.status).toBe('completed');
  });

  it('refuses the WebSocket upgrade without the key with 401, accepts it with the key', async () => {
    const s = await start({ scenario: CHAT, apiKey: 'sk-test' });
    await expectUpgradeRefused(s.wsUrl, 401);
    await expectUpgradeRefused(s.wsUrl, 401, { Authorization: 'Bearer sk-nope' });
    expect(s.connections()).toHaveLength(0);

    const socket = await RawSocket.connect(s.wsUrl, { Authorization: 'Bearer sk-test' });
    socket.create({ model: MODEL, store: false, input: [userMessage('hi')] });
    expect(responseOf(await socket.response()).status).toBe('completed');
    socket.close();
  });
});

describe('WebSocket upgrade refusals', () => {
  it('upgrade_426 refuses the first upgrade with 426; the next connection succeeds', async () => {
    const s = await start({ scenario: CHAT, faults: ['upgrade_426@conn:1'] });
    await expectUpgradeRefused(s.wsUrl, 426);
    const socket = await RawSocket.connect(s.wsUrl);
    socket.create({ model: MODEL, store: false, input: [userMessage('hi')] });
    const response = responseOf(await socket.response());
    expect(response.status).toBe('completed');
    socket.close();
    const upgrades = s.log.entries.filter((e) => e.kind === 'upgrade');
    expect(upgrades).toHaveLength(1);
    expect(upgrades[0]).toMatchObject({ status: 'refused', httpStatus: 426, fault: 'upgrade_426', connectionId: 1 });
    expect(s.log.responses()[0]).toMatchObject({ transport: 'ws', connectionId: 2 });
  });

  it('upgrade_404 refuses with 404 and logs a refused upgrade', async () => {
    const s = await start({ scenario: CHAT, faults: ['upgrade_404@conn:1'] });
    await expectUpgradeRefused(s.wsUrl, 404);
    const upgrade = await waitFor(() => s.log.entries.find((e) => e.kind === 'upgrade'));
    expect(upgrade).toMatchObject({ kind: 'upgrade', status: 'refused', httpStatus: 404, fault: 'upgrade_404' });
    const socket = await RawSocket.connect(s.wsUrl);
    socket.close();
  });

  it('refuses an upgrade on a wrong path with 404', async () => {
    const s = await start({ scenario: CHAT });
    await expectUpgradeRefused(s.wsUrl.replace('/v1/responses', '/v1/other'), 404);
    expect(s.connections()).toHaveLength(0);
  });
});

describe('HTTP: POST /v1/responses/compact', () => {
  it('compacts to user messages + one compaction item, and a new chain from it continues at the right step', async () => {
    const s = await start({ scenario: TWO_STEP });
    const first = await postJson(s, '/responses', { model: MODEL, store: false, tools: TOOLS, input: [userMessage('go')] });
    const [call] = callsOf(first.json);
    const conversation = [
      userMessage('go'),
      ...(first.json.output as Json[]),
      { type: 'function_call_output', call_id: call!.call_id, output: 'export function a() {}' },
    ];

    const { status, json } = await postJson(s, '/responses/compact', { model: MODEL, input: conversation });
    expect(status).toBe(200);
    expect(json.object).toBe('response.compaction');
    expect(typeof json.id).toBe('string');
    expect(String(json.id)).not.toMatch(/^resp_/);
    expect(typeof json.created_at).toBe('number');
    expect(json.usage.input_tokens).toBeGreaterThan(0);
    expect(json.usage.output_tokens).toBeGreaterThan(0);
    expect(json.usage.total_tokens).toBe(json.usage.input_tokens + json.usage.output_tokens);
    const output = json.output as Json[];
    expect(output).toHaveLength(2);
    expect(output[0]).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] });
    const compaction = output[1]!;
    expect(Object.keys(compaction).sort()).toEqual(['encrypted_content', 'id', 'type']);
    expect(compaction.type).toBe('compaction');
    expect(String(compaction.id)).toMatch(/^cmp_/);
    expect(typeof compaction.encrypted_content).toBe('string');
    expect(output.filter((i) => i.type === 'compaction')).toHaveLength(1);
    expect(s.log.entries.find((e) => e.kind === 'compact')).toMatchObject({ status: 'completed', httpStatus: 200, inputItems: 3 });
    // A compaction is no response: it cannot be fetched or chained.
    const fetched = await fetch(url(s, `/responses/${String(json.id)}`));
    expect(fetched.status).toBe(404);
    await fetched.body?.cancel();

    // New chain over the socket: the compacted window and nothing else → step 2 (index 1).
    const socket = await RawSocket.connect(s.wsUrl);
    socket.create({ model: MODEL, store: false, tools: TOOLS, input: output });
    const second = responseOf(await socket.response());
    expect(second.status).toBe('completed');
    expect(callsOf(second).map((c) => c.name)).toEqual(['run_tests', 'read_file']);
    const newChain = s.log.responses().at(-1)!;
    expect(newChain).toMatchObject({ transport: 'ws', inputMode: 'compacted', previousResponseId: null, step: 1 });

    // And the chain goes on from the connection cache to the final message.
    socket.create({
      model: MODEL,
      store: false,
      tools: TOOLS,
      previous_response_id: second.id,
      input: callsOf(second).map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: '12 tests pass' })),
    });
    const third = responseOf(await socket.response());
    expect(third.output.at(-1)).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: TWO_STEP.steps[2]!.message }] });
    expect(s.log.responses().at(-1)).toMatchObject({ cache: 'connection', step: 2 });
    socket.close();
  });

  it('accepts the output of a call that was still pending when the context was compacted', async () => {
    const s = await start({ scenario: TWO_STEP });
    const first = await postJson(s, '/responses', { model: MODEL, store: false, tools: TOOLS, input: [userMessage('go')] });
    const [call] = callsOf(first.json);
    const compacted = await postJson(s, '/responses/compact', { model: MODEL, input: [userMessage('go'), ...(first.json.output as Json[])] });
    expect(compacted.status).toBe(200);
    const window = compacted.json.output as Json[];
    expect(window.map((i) => i.type)).toEqual(['message', 'compaction']);

    // An output answering no call is still an orphan after a compaction.
    const orphan = await postJson(s, '/responses', {
      model: MODEL,
      store: false,
      tools: TOOLS,
      input: [...window, { type: 'function_call_output', call_id: 'call_neverissued', output: 'export function a() {}' }],
    });
    expect(orphan.status).toBe(400);
    expect(orphan.json.error.message).toContain('call_neverissued');

    const { res, events } = await streamResponse(s, {
      model: MODEL,
      store: false,
      tools: TOOLS,
      input: [...window, { type: 'function_call_output', call_id: call!.call_id, output: 'export function a() {}' }],
    });
    expect(res.status).toBe(200);
    const response = terminalResponse(events);
    expect(response.status).toBe('completed');
    expect(callsOf(response).map((c) => c.name)).toEqual(['run_tests', 'read_file']);
    expect(s.log.responses().at(-1)).toMatchObject({ inputMode: 'compacted', step: 1, functionCallOutputIds: [call!.call_id] });
  });
});

describe('HTTP: read-only endpoints', () => {
  it('GET /v1/models lists the models', async () => {
    const s = await start({ scenario: CHAT });
    const res = await fetch(url(s, '/models'));
    expect(res.status).toBe(200);
    const json = (await res.json()) as Json;
    expect(json.object).toBe('list');
    expect(Array.isArray(json.data)).toBe(true);
    expect((json.data as Json[]).map((m) => m.id)).toContain(MODEL);
    for (const model of json.data as Json[]) expect(model).toMatchObject({ object: 'model', owned_by: expect.any(String), created: expect.any(Number) });
  });

  it('GET /v1/responses/{id} returns a stored response and 404 for a store:false one', async () => {
    const s = await start({ scenario: CHAT });
    const stored = await postJson(s, '/responses', { model: MODEL, store: true, input: [userMessage('hi')] });
    const unstored = await postJson(s, '/responses', { model: MODEL, store: false, input: [userMessage('hi')] });
    expect(stored.json.store).toBe(true);

    const res = await fetch(url(s, `/responses/${String(stored.json.id)}`));
    expect(res.status).toBe(200);
    const json = (await res.json()) as Json;
    expect(json).toMatchObject({ id: stored.json.id, object: 'response', status: 'completed', store: true });
    expect(json.output).toEqual(stored.json.output);
    expect(Object.keys(json).sort()).toEqual([...RESPONSE_FIELDS].sort());

    const missing = await fetch(url(s, `/responses/${String(unstored.json.id)}`));
    expect(missing.status).toBe(404);
    const error = (await missing.json()) as Json;
    expect(error.error.message).toContain(unstored.json.id);
  });
});
