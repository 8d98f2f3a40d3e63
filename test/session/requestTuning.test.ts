// What each request carries for the model it goes to (issue 10.1, 10.2): `reasoning`, `include`
// and `text` for reasoning models only, `prompt_cache_key` and `parallel_tool_calls` always; reasoning
// items kept with their encrypted content and replayed in their place after a reconnect; a new
// effort starts a new chain. Bodies are read where they enter the transports (what they serialise),
// and what the server made of them from the simulator's responses and request log.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationLedger, isReasoningModel, modelRequestFields, type ModelSession, type ModelTuning, DEFAULT_TUNING } from '../../src/session/index.js';
import { requestFingerprint } from '../../src/session/fingerprint.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { HttpTransport, ResponsesSocket, type ResponseCreateBody } from '../../src/transport/index.js';
import type { Scenario } from '../../src/simulator/scenario.js';
import { TOOLS } from '../helpers/scenarios.js';
import { playResponses, sampleOutputFor, sessionOn } from '../helpers/scriptedAgent.js';
import type { Response } from '../../src/protocol/index.js';
import { functionCallOutput, userMessage } from '../../src/session/index.js';

/** Plays a single-prompt scenario to its answer; the Responses as the client received them. */
async function respondAll(s: ModelSession, scenario: Scenario): Promise<Response[]> {
  const responses: Response[] = [];
  s.addItems([userMessage(scenario.prompt ?? 'go')], 'user');
  for (let step = 0; step < scenario.steps.length; step++) {
    const stream = s.respond();
    let r = await stream.next();
    while (!r.done) r = await stream.next();
    responses.push(r.value);
    const calls = (r.value.output as unknown as Array<Record<string, string>>).filter((o) => o.type === 'function_call');
    s.addItems(
      calls.map((c) => functionCallOutput(c.call_id!, sampleOutputFor(scenario, step, c.name!, c.arguments!))),
      'tool',
    );
  }
  return responses;
}

let sim: Simulator | undefined;
let session: ModelSession | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await session?.close();
  session = undefined;
  await sim?.close();
  sim = undefined;
});

/** Every body handed to either transport, in order. */
function captureBodies(): Array<Record<string, unknown>> {
  const bodies: Array<Record<string, unknown>> = [];
  for (const proto of [ResponsesSocket.prototype, HttpTransport.prototype]) {
    const original = proto.stream;
    vi.spyOn(proto, 'stream').mockImplementation(function (this: unknown, body: ResponseCreateBody, options) {
      bodies.push(JSON.parse(JSON.stringify(body)) as Record<string, unknown>);
      return original.call(this, body, options);
    });
  }
  return bodies;
}

/** Two reasoning steps with tool calls, then an answer; sample outputs satisfy each `expect`. */
const TWO_STEP: Scenario = {
  name: 'reasoning-two-step',
  description: 'think, read, think, run tests, answer',
  prompt: 'Check src/a.js',
  steps: [
    {
      reasoning: 'Read the file first.',
      calls: [{ name: 'read_file', arguments: { path: 'src/a.js', start_line: null, end_line: null }, sample_output: 'export function a() {}' }],
    },
    {
      expect: { contains: 'export function' },
      reasoning: 'The file exports one function; run the tests next.',
      calls: [{ name: 'run_tests', arguments: {}, sample_output: '3 tests pass' }],
    },
    { expect: { contains: 'pass' }, message: 'All tests pass.' },
  ],
};

const tuning = (change: Partial<ModelTuning> = {}): ModelTuning => ({ ...DEFAULT_TUNING, ...change });

describe('which models reason', () => {
  it('gpt-5* and o<digit>* do, gpt-4.1 and the gpt-5 chat models do not; settings override by exact name', () => {
    for (const m of ['gpt-5', 'gpt-5.2', 'gpt-5-mini', 'gpt-5.1-codex', 'o3', 'o4-mini', 'openai/gpt-5']) expect(isReasoningModel(m), m).toBe(true);
    for (const m of ['gpt-4.1', 'gpt-4o', 'gpt-5-chat-latest', 'omni-moderation-latest', 'llama3']) expect(isReasoningModel(m), m).toBe(false);
    expect(isReasoningModel('my-model', { 'my-model': true })).toBe(true);
    expect(isReasoningModel('gpt-5.2', { 'gpt-5.2': false })).toBe(false);
  });

  it('builds reasoning, include and text only where they apply', () => {
    expect(modelRequestFields('gpt-5.2', tuning(), false)).toEqual({ reasoning: { summary: 'auto' }, include: ['reasoning.encrypted_content'] });
    expect(modelRequestFields('gpt-5.2', tuning(), true)).toEqual({ reasoning: { summary: 'auto' } });
    expect(modelRequestFields('o3', tuning({ reasoningEffort: 'high', reasoningSummary: 'detailed', verbosity: 'low' }), false)).toEqual({
      reasoning: { effort: 'high', summary: 'detailed' },
      include: ['reasoning.encrypted_content'],
    });
    expect(modelRequestFields('gpt-5-mini', tuning({ reasoningEffort: 'minimal', reasoningSummary: 'none', verbosity: 'high' }), true)).toEqual({
      reasoning: { effort: 'minimal' },
      text: { verbosity: 'high' },
    });
    expect(modelRequestFields('gpt-4.1', tuning({ reasoningEffort: 'high', verbosity: 'low' }), false)).toEqual({});
  });

  it('the fingerprint changes with effort and verbosity, and is unchanged without tuning fields', () => {
    const base = requestFingerprint('gpt-5.2', 'i', []);
    expect(requestFingerprint('gpt-5.2', 'i', [], {})).toBe(base);
    const low = requestFingerprint('gpt-5.2', 'i', [], { reasoning: { effort: 'low' } });
    expect(low).not.toBe(base);
    expect(requestFingerprint('gpt-5.2', 'i', [], { reasoning: { effort: 'high' } })).not.toBe(low);
  });
});

describe('the ledger replays reasoning items in their place', () => {
  const ledger = new ConversationLedger();
  ledger.append({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'go' }] }, 'user');
  ledger.append({ type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'think' }], encrypted_content: 'ENC1' }, 'model', 'resp_1');
  ledger.append({ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'read_file', arguments: '{}', status: 'completed' }, 'model', 'resp_1');
  ledger.append({ type: 'function_call_output', call_id: 'call_1', output: 'x' }, 'tool');
  ledger.append({ type: 'reasoning', id: 'rs_2', summary: [] }, 'model', 'resp_2');
  ledger.append(
    { type: 'message', id: 'msg_2', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'done', annotations: [] }] },
    'model',
    'resp_2',
  );

  it('store:false: with its encrypted content and without the id; an id-only one is left out (the server would 404)', () => {
    const replay = ledger.fullContext({ store: false });
    expect(replay.map((i) => i.type)).toEqual(['message', 'reasoning', 'function_call', 'function_call_output', 'message']);
    expect(replay[1]).toEqual({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'think' }], encrypted_content: 'ENC1' });
  });

  it('store:true: as the ledger holds them, ids included', () => {
    const replay = ledger.fullContext({ store: true });
    expect(replay.map((i) => i.type)).toEqual(['message', 'reasoning', 'function_call', 'function_call_output', 'reasoning', 'message']);
    expect(replay[1]).toMatchObject({ id: 'rs_1', encrypted_content: 'ENC1' });
    expect(replay[4]).toEqual({ type: 'reasoning', id: 'rs_2', summary: [] });
  });
});

describe('requests of a session', () => {
  it('a GPT-5 session over the socket: reasoning, include, prompt_cache_key and parallel_tool_calls on every request, warm-up included', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const bodies = captureBodies();
    session = sessionOn(sim, TWO_STEP, { tools: TOOLS as never, promptCacheKey: 'sess-1234', tuning: tuning({ reasoningEffort: 'low' }) });
    const responses = await respondAll(session, TWO_STEP);
    expect(bodies.length).toBe(4);
    expect(bodies[0]!.generate).toBe(false);
    for (const body of bodies) {
      expect(body).toMatchObject({
        reasoning: { effort: 'low', summary: 'auto' },
        include: ['reasoning.encrypted_content'],
        prompt_cache_key: 'sess-1234',
        parallel_tool_calls: true,
      });
      expect(body.text).toBeUndefined();
    }
    // What the server made of them: it echoed the fields on every response and issued encrypted reasoning.
    expect(responses).toHaveLength(3);
    for (const response of responses) {
      expect(response).toMatchObject({ reasoning: { effort: 'low', summary: 'auto' }, prompt_cache_key: 'sess-1234', parallel_tool_calls: true });
      const reasoning = (response.output as unknown as Array<Record<string, unknown>>).find((o) => o.type === 'reasoning');
      expect(typeof reasoning?.encrypted_content).toBe('string');
      expect((reasoning?.summary as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('store:true: a new chain (after a model change) replays reasoning items by id, as the ledger holds them', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const bodies = captureBodies();
    session = sessionOn(sim, TWO_STEP, { tools: TOOLS as never, store: true });
    await playResponses(session, TWO_STEP, 0, 2);
    session.setModel('gpt-5-mini');
    await playResponses(session, TWO_STEP, 2, 3);
    const last = bodies.at(-1)!;
    expect(last.previous_response_id).toBeUndefined();
    expect(last).not.toHaveProperty('include');
    const reasoning = (last.input as Array<Record<string, unknown>>).filter((i) => i.type === 'reasoning');
    expect(reasoning.length).toBe(2);
    for (const item of reasoning) {
      expect(item.id).toMatch(/^rs_/);
      expect(item).not.toHaveProperty('encrypted_content');
    }
    // The server resolved them from its store (an unknown id would have been an error).
    expect(sim.log.responses().at(-1)).toMatchObject({ inputMode: 'full', status: 'completed' });
  });

  it('gpt-4.1 over HTTP: no reasoning, include or text; the cache key and parallel calls still', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const bodies = captureBodies();
    session = sessionOn(sim, TWO_STEP, {
      model: 'gpt-4.1',
      transport: 'http',
      tools: TOOLS as never,
      promptCacheKey: 'sess-http',
      tuning: tuning({ reasoningEffort: 'high', verbosity: 'low' }),
    });
    await playResponses(session, TWO_STEP, 0, 3);
    expect(bodies.length).toBe(3);
    for (const body of bodies) {
      expect(body).toMatchObject({ prompt_cache_key: 'sess-http', parallel_tool_calls: true });
      expect(body).not.toHaveProperty('reasoning');
      expect(body).not.toHaveProperty('include');
      expect(body).not.toHaveProperty('text');
    }
  });

  it('after a forced reconnect the new chain replays the reasoning item with its encrypted content, in its place', async () => {
    // Request 4 is the one after the reasoning step (1 warm-up, 2, 3 = the reasoning response); it drops.
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['drop@4,at=start'] });
    const bodies = captureBodies();
    session = sessionOn(sim, TWO_STEP, { tools: TOOLS as never });
    await playResponses(session, TWO_STEP, 0, 3);
    const log = sim.log.responses();
    expect(log.map((e) => e.status)).toEqual(['completed', 'completed', 'completed', 'dropped', 'completed']);
    expect(log.at(-1)!.connectionId).toBe(2);
    const replay = bodies.at(-1)!;
    expect(replay.previous_response_id).toBeUndefined();
    const input = replay.input as Array<Record<string, unknown>>;
    // The whole conversation so far, in ledger order, each reasoning item with the content it was issued with.
    const held = session.ledger.items.slice(0, input.length).map((e) => e.item as Record<string, unknown>);
    expect(input.map((i) => i.type)).toEqual(held.map((i) => i.type));
    const replayed = input.filter((i) => i.type === 'reasoning');
    expect(replayed.length).toBeGreaterThanOrEqual(2);
    expect(replayed.map((i) => i.encrypted_content)).toEqual(held.filter((i) => i.type === 'reasoning').map((i) => i.encrypted_content));
    for (const item of replayed) {
      expect(typeof item.encrypted_content).toBe('string');
      expect(item).not.toHaveProperty('id');
    }
    expect(log.at(-1)!.inputTypes).toContain('reasoning');
  });

  it('a new effort between turns starts a new chain with the new reasoning field', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const bodies = captureBodies();
    session = sessionOn(sim, TWO_STEP, { tools: TOOLS as never });
    await playResponses(session, TWO_STEP, 0, 2);
    session.setTuning({ reasoningEffort: 'high' });
    await playResponses(session, TWO_STEP, 2, 3);
    const last = bodies.at(-1)!;
    expect(last.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    expect(last.previous_response_id).toBeUndefined();
    expect(sim.log.responses().at(-1)!.inputMode).toBe('full');
    // Before the change, requests chained.
    expect(bodies[2]!.previous_response_id).toBeDefined();
  });
});
