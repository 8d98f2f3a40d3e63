// WebSocket mode's rules (protocol.md §1, §2, §4): one response at a time, a one-slot
// connection cache, the store, eviction after errors, warm-ups, the function-call chain check,
// per-request instructions and tools, and the connection limit.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { outputsFor, RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, TOOLS, TWO_STEP, userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

// gpt-5.2 reasons: a reasoning item leads every output, sealed content included so replays work.
const base = { model: 'gpt-5.2', store: false, tools: TOOLS, instructions: 'Be brief.', include: ['reasoning.encrypted_content'] };
/** The output without its leading reasoning item. */
const visible = (output: Array<Record<string, any>>): Array<Record<string, any>> => output.filter((i) => i.type !== 'reasoning');

async function firstTurn(s: RawSocket, extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
  s.create({ ...base, ...extra, input: [userMessage('fix it')] });
  return responseOf(await s.response());
}

describe('one response at a time', () => {
  it('queues a second response.create until the first has finished', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('two')] });
    const a = await s.response();
    const b = await s.response();
    const idA = responseOf(a).id;
    const idB = responseOf(b).id;
    expect(idA).not.toBe(idB);
    // Every event of the first precedes every event of the second: no interleaving.
    expect(a.events.every((e) => !JSON.stringify(e).includes(idB))).toBe(true);
    expect((b.events[0]!.response as { id: string }).id).toBe(idB);
    expect(b.events[0]!.sequence_number).toBe(0);
    s.close();
  });
});

describe('connection-local cache', () => {
  it('continues incrementally from the most recent response', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(s);
    s.create({ ...base, previous_response_id: first.id, input: outputsFor(first, 'export function a() {}') });
    const second = responseOf(await s.response());
    expect(second.output.filter((i: { type: string }) => i.type === 'function_call').map((i: { name: string }) => i.name)).toEqual(['run_tests', 'read_file']);
    expect(sim.log.responses()[1]).toMatchObject({ inputMode: 'incremental', cache: 'connection', continuedFromCache: true, inputItems: 1 });
    s.close();
  });

  it('holds only the most recent response: an older id is not found under store:false', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    const older = responseOf(await s.response());
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: older.id, input: [userMessage('two')] });
    responseOf(await s.response());
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: older.id, input: [userMessage('three')] });
    const r = await s.response();
    expect(r.end).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'previous_response_not_found',
        message: `Previous response with id '${older.id}' not found.`,
        param: 'previous_response_id',
      },
    });
    s.close();
  });

  it('starts empty on a new connection (store:false)', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const a = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(a, { tools: [] });
    a.close();
    const b = await RawSocket.connect(sim.wsUrl);
    b.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('again')] });
    expect(((await b.response()).end!.error as { code: string }).code).toBe('previous_response_not_found');
    b.close();
  });

  it('loads store:true responses from the store, paying the load cost', async () => {
    sim = await createSimulator({ scenario: CHAT, profile: { storeLoadBaseMs: 150, storeLoadMsPer1kTokens: 2 } });
    const a = await RawSocket.connect(sim.wsUrl);
    a.create({ model: 'gpt-5.2', store: true, input: [userMessage('one')] });
    const first = responseOf(await a.response());
    a.close();
    const b = await RawSocket.connect(sim.wsUrl);
    b.create({ model: 'gpt-5.2', store: true, previous_response_id: first.id, input: [userMessage('two')] });
    const second = responseOf(await b.response());
    expect(second.status).toBe('completed');
    expect(visible(second.output)[0]!.content[0].text).toBe(CHAT.steps[1]!.message);
    const entry = sim.log.responses()[1]!;
    expect(entry).toMatchObject({ cache: 'store', continuedFromCache: false, connectionId: 2 });
    // Simulated server time includes the 150 ms base load cost (model time, not wall time).
    expect(entry.timings.serverMs).toBeGreaterThanOrEqual(150);
    expect(sim.log.responses()[0]!.timings.serverMs).toBeLessThan(150);
    b.close();
  });

  it('evicts the referenced id after a 4xx on a continuation', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(s);
    const callId = visible(first.output)[0]!.call_id;
    // The call's output is missing: 400 naming the call_id.
    s.create({ ...base, previous_response_id: first.id, input: [userMessage('continue')] });
    const bad = await s.response();
    expect(bad.end).toMatchObject({ type: 'error', status: 400, error: { type: 'invalid_request_error', param: 'input' } });
    expect((bad.end!.error as { message: string }).message).toContain(callId);
    // The referenced response is gone: even a correct continuation now fails.
    s.create({ ...base, previous_response_id: first.id, input: outputsFor(first, 'export function a() {}') });
    expect(((await s.response()).end!.error as { code: string }).code).toBe('previous_response_not_found');
    s.close();
  });

  it('evicts the referenced id after response.failed', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['failed@2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    const first = responseOf(await s.response());
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('two')] });
    const failed = await s.response();
    expect(failed.end!.type).toBe('response.failed');
    expect(responseOf(failed).error).toEqual({ code: 'server_error', message: expect.any(String) });
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('two')] });
    expect(((await s.response()).end!.error as { code: string }).code).toBe('previous_response_not_found');
    s.close();
  });
});

describe('warm-up and chain checks', () => {
  it('generate:false returns a chainable id with empty output', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, generate: false, input: [userMessage('fix it')] });
    const warm = await s.response();
    const warmResponse = responseOf(warm);
    expect(warmResponse.output).toEqual([]);
    expect(warmResponse.status).toBe('completed');
    expect(warm.events.some((e) => String(e.type).includes('delta'))).toBe(false);
    s.create({ ...base, previous_response_id: warmResponse.id, input: [] });
    const real = responseOf(await s.response());
    expect(visible(real.output)[0]).toMatchObject({ type: 'function_call', name: 'read_file' });
    expect(sim.log.responses().map((e) => [e.generate, e.cache, e.step])).toEqual([
      [false, 'none', null],
      [true, 'connection', 0],
    ]);
    s.close();
  });

  it('refuses a function_call_output that answers no call', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, input: [userMessage('x'), { type: 'function_call_output', call_id: 'call_nope', output: 'x' }] });
    const r = await s.response();
    expect(r.end).toMatchObject({ status: 400, error: { param: 'input' } });
    expect((r.end!.error as { message: string }).message).toContain('call_nope');
    s.close();
  });

  it('takes instructions and tools from each request, never from the previous response', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(s);
    expect(first.instructions).toBe('Be brief.');
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: outputsFor(first, 'export function a() {}') });
    const second = responseOf(await s.response());
    expect(second.instructions).toBeNull();
    expect(second.tools).toEqual([]);
    // The scripted model cannot call a tool it was not given in this request.
    expect(visible(second.output)).toHaveLength(1);
    expect(visible(second.output)[0]!.type).toBe('message');
    expect(visible(second.output)[0]!.content[0].text).toContain('offers no such tool');
    s.close();
  });

  it('chooses the step from the conversation: a full replay on a new connection gets the same step', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const a = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(a);
    const outputs = outputsFor(first, 'export function a() {}');
    a.create({ ...base, previous_response_id: first.id, input: outputs });
    const incremental = responseOf(await a.response());
    a.close();
    const b = await RawSocket.connect(sim.wsUrl);
    b.create({ ...base, input: [userMessage('fix it'), ...first.output, ...outputs] });
    const replay = responseOf(await b.response());
    const shape = (r: Record<string, any>) => r.output.map((i: Record<string, unknown>) => [i.type, i.name ?? null, i.arguments ?? null]);
    expect(shape(replay)).toEqual(shape(incremental));
    expect(sim.log.responses().map((e) => [e.inputMode, e.step])).toEqual([
      ['full', 0],
      ['incremental', 1],
      ['full', 1],
    ]);
    b.close();
  });

  it('says what it expected when a tool output does not match the script', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    const first = await firstTurn(s);
    s.create({ ...base, previous_response_id: first.id, input: outputsFor(first, 'ENOENT: no such file') });
    const r = responseOf(await s.response());
    const [message] = visible(r.output);
    expect(message!.type).toBe('message');
    expect(message!.content[0].text).toContain('expected the previous tool output to contain "export function"');
    expect(message!.content[0].text).toContain('ENOENT');
    expect(sim.log.responses()[1]!.step).toBe(-1);
    s.close();
  });
});

describe('connection limit', () => {
  const LIMIT_EVENT = {
    type: 'error',
    status: 400,
    error: {
      type: 'invalid_request_error',
      code: 'websocket_connection_limit_reached',
      message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
      param: null,
    },
  };

  it('sends the exact limit event (60 minutes) and closes by default', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['limit@2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    const first = responseOf(await s.response());
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('two')] });
    const r = await s.response();
    expect(r.end).toEqual(LIMIT_EVENT);
    expect(await s.closed).toBe(1000);
  });

  it('reaches the limit by age (settable in ms), clears the cache, and can keep the socket open', async () => {
    sim = await createSimulator({ scenario: CHAT, limitMs: 150, limitClose: 'keep' });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    const first = responseOf(await s.response());
    await new Promise((r) => setTimeout(r, 200));
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('two')] });
    const r = await s.response();
    // The real words, whatever the simulated lifetime.
    expect(r.end).toEqual(LIMIT_EVENT);
    expect(s.closeCode).toBeNull();
    expect(sim.connections()[0]!.cache.currentId).toBeNull();
    s.close();
  });

  it('can drop the socket, or close with another code, after the limit event', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['limit@1', 'limit@2'], limitClose: 'drop' });
    const a = await RawSocket.connect(sim.wsUrl);
    a.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    expect(((await a.response()).end!.error as { code: string }).code).toBe('websocket_connection_limit_reached');
    expect(await a.closed).toBe(1006);
    await sim.close();
    sim = await createSimulator({ scenario: CHAT, faults: ['limit@1'], limitCloseCode: 4000 });
    const b = await RawSocket.connect(sim.wsUrl);
    b.create({ model: 'gpt-5.2', store: false, input: [userMessage('one')] });
    await b.response();
    expect(await b.closed).toBe(4000);
  });

  it('can notify an idle socket when its time is up', async () => {
    sim = await createSimulator({ scenario: CHAT, limitMs: 100, limitNotifyIdle: true });
    const s = await RawSocket.connect(sim.wsUrl);
    const r = await s.response(5_000);
    expect((r.end!.error as { code: string }).code).toBe('websocket_connection_limit_reached');
    expect(await s.closed).toBe(1000);
  });
});

describe('client frames the server does not accept', () => {
  it('answers a non-JSON frame and (when told to) an unknown event type with error events, and keeps serving', async () => {
    sim = await createSimulator({ scenario: CHAT, unknownEvents: 'error' });
    const s = await RawSocket.connect(sim.wsUrl);
    s.sendRaw('not json');
    expect((await s.response()).end).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_json' } });
    s.sendRaw(JSON.stringify({ type: 'response.cancel' }));
    expect((await s.response()).end).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_event_type' } });
    s.create({ store: false, input: 'hi' });
    expect((await s.response()).end).toMatchObject({ type: 'error', status: 400, error: { param: 'model' } });
    s.create({ model: 'gpt-5.2', store: false, input: 'hi' });
    expect(responseOf(await s.response()).status).toBe('completed');
    s.close();
  });

  it('can report the status as status_code', async () => {
    sim = await createSimulator({ scenario: CHAT, errorStatusField: 'status_code' });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: 'resp_missing', input: 'hi' });
    const end = (await s.response()).end!;
    expect(end.status_code).toBe(400);
    expect(end.status).toBeUndefined();
    s.close();
  });
});

describe('server-side compaction (context_management)', () => {
  it('past the threshold the response starts with a compaction item and the chain continues from it', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    const cm = [{ type: 'compaction', compact_threshold: 50 }];
    const big = userMessage(`fix it ${'context '.repeat(200)}`);
    s.create({ ...base, context_management: cm, input: [big] });
    const first = responseOf(await s.response());
    expect(first.output.map((i: { type: string }) => i.type)).toEqual(['compaction', 'reasoning', 'function_call']);
    expect(String(first.output[0].id)).toMatch(/^cmp_/);
    expect(typeof first.output[0].encrypted_content).toBe('string');
    s.create({ ...base, context_management: cm, previous_response_id: first.id, input: outputsFor(first, 'export function a() {}') });
    const second = responseOf(await s.response());
    // The continuation plays the next step, on a context the compaction has shrunk.
    expect(second.output.filter((i: { type: string }) => i.type === 'function_call').map((i: { name: string }) => i.name)).toEqual(['run_tests', 'read_file']);
    expect(second.usage.input_tokens).toBeLessThan(first.usage.input_tokens);
    s.close();
    // A full replay that carries the compaction item lands on the same step too.
    const b = await RawSocket.connect(sim.wsUrl);
    b.create({ ...base, input: [big, ...first.output, ...outputsFor(first, 'export function a() {}')] });
    const replay = responseOf(await b.response());
    expect(replay.output.filter((i: { type: string }) => i.type === 'function_call').map((i: { name: string }) => i.name)).toEqual(['run_tests', 'read_file']);
    expect(replay.usage.input_tokens).toBeLessThan(first.usage.input_tokens);
    b.close();
  });

  it('below the threshold nothing is compacted', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, context_management: [{ type: 'compaction', compact_threshold: 200000 }], input: [userMessage('fix it')] });
    expect(responseOf(await s.response()).output.map((i: { type: string }) => i.type)).toEqual(['reasoning', 'function_call']);
    s.close();
  });
});
