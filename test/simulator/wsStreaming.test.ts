// WebSocket mode: event order, sequence numbers, item ids, deltas, the Response object and usage
// (protocol.md §2–§3).
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
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

let sim: Simulator;
afterEach(async () => sim?.close());

describe('WebSocket streaming', () => {
  it('streams a text answer in the documented order with sequence numbers from 0', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const s = await RawSocket.connect(sim.wsUrl);
    // gpt-4.1 does not reason: the output is the message alone (reasoning models: see reasoning.test.ts).
    s.create({ model: 'gpt-4.1', store: false, input: [userMessage('hi')] });
    const r = await s.response();
    const types = r.events.map((e) => e.type);
    const deltas = types.filter((t) => t === 'response.output_text.delta').length;
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(4 + deltas)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(deltas).toBeGreaterThan(5);
    expect(r.events.map((e) => e.sequence_number)).toEqual(r.events.map((_, i) => i));

    const added = r.events[2]!.item as Record<string, unknown>;
    expect(added).toMatchObject({ type: 'message', status: 'in_progress', role: 'assistant', content: [] });
    expect(String(added.id)).toMatch(/^msg_/);
    const text = r.events
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(text).toBe(CHAT.steps[0]!.message);
    for (const e of r.events.filter((e) => e.type === 'response.output_text.delta')) {
      expect(e).toMatchObject({ item_id: added.id, output_index: 0, content_index: 0 });
    }
    expect(r.events.find((e) => e.type === 'response.output_text.done')!.text).toBe(text);
    expect(r.events[3]!.part).toEqual({ type: 'output_text', text: '', annotations: [], logprobs: [] });

    const response = responseOf(r);
    expect(Object.keys(response).sort()).toEqual([...RESPONSE_FIELDS].sort());
    expect(response).toMatchObject({ object: 'response', status: 'completed', model: 'gpt-4.1', store: false, error: null, previous_response_id: null });
    expect(String(response.id)).toMatch(/^resp_/);
    expect(response.output).toEqual([r.events.find((e) => e.type === 'response.output_item.done')!.item]);
    expect(response.usage.input_tokens).toBeGreaterThan(0);
    expect(response.usage.output_tokens).toBe(deltas);
    expect(response.usage.total_tokens).toBe(response.usage.input_tokens + response.usage.output_tokens);
    // created / in_progress carry the Response too, without usage yet.
    expect((r.events[0]!.response as Record<string, unknown>).usage).toBeNull();
    expect((r.events[0]!.response as Record<string, unknown>).id).toBe(response.id);
    s.close();
  });

  it('streams reasoning, several function calls and their argument deltas', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, tools: TOOLS, input: [userMessage('go')] });
    const first = responseOf(await s.response());
    const call = first.output.find((i: { type: string }) => i.type === 'function_call');
    s.create({
      model: 'gpt-5.2',
      store: false,
      tools: TOOLS,
      reasoning: { effort: 'medium', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'export function a() {}' }],
    });
    const r = await s.response();
    const response = responseOf(r);
    expect(response.output.map((i: { type: string }) => i.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    const [reasoning, run, read] = response.output;
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: TWO_STEP.steps[1]!.reasoning }]);
    expect(typeof reasoning.encrypted_content).toBe('string');
    const summary = r.events
      .filter((e) => e.type === 'response.reasoning_summary_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(summary).toBe(TWO_STEP.steps[1]!.reasoning);

    for (const [index, item] of [
      [1, run],
      [2, read],
    ] as const) {
      expect(String(item.id)).toMatch(/^fc_/);
      expect(String(item.call_id)).toMatch(/^call_/);
      const added = r.events.find((e) => e.type === 'response.output_item.added' && e.output_index === index)!;
      expect(added.item).toMatchObject({ type: 'function_call', status: 'in_progress', arguments: '', name: item.name, call_id: item.call_id });
      const args = r.events
        .filter((e) => e.type === 'response.function_call_arguments.delta' && e.item_id === item.id)
        .map((e) => e.delta)
        .join('');
      expect(args).toBe(item.arguments);
      const done = r.events.find((e) => e.type === 'response.function_call_arguments.done' && e.item_id === item.id)!;
      expect(done).toMatchObject({ arguments: item.arguments, name: item.name, output_index: index });
      expect(item.status).toBe('completed');
    }
    expect(JSON.parse(read.arguments)).toEqual({ path: 'test/a.test.js', start_line: 1, end_line: 20 });
    expect(response.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    s.close();
  });

  it('honours max_output_tokens with response.incomplete, and refuses one below 16 as the service does', async () => {
    sim = await createSimulator({ scenario: { name: 'long', description: '', steps: [{ message: 'word '.repeat(40).trim() }] } });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-4.1', store: false, max_output_tokens: 16, input: [userMessage('hi')] });
    const r = await s.response();
    expect(r.end!.type).toBe('response.incomplete');
    const response = responseOf(r);
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.usage.output_tokens).toBe(16);
    s.create({ model: 'gpt-4.1', store: false, max_output_tokens: 3, input: [userMessage('hi')] });
    expect((await s.response()).end).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'integer_below_min_value',
        message: "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 3 instead.",
        param: 'max_output_tokens',
      },
    });
    s.close();
  });

  it('a reasoning model spends max_output_tokens on reasoning first', async () => {
    sim = await createSimulator({ scenario: { name: 'long', description: '', steps: [{ reasoning: 'think '.repeat(30).trim(), message: 'never reached' }] } });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, max_output_tokens: 16, input: [userMessage('hi')] });
    const response = responseOf(await s.response());
    expect(response.status).toBe('incomplete');
    expect(response.output.map((i: { type: string }) => i.type)).toEqual(['reasoning']);
    expect(response.usage.output_tokens_details.reasoning_tokens).toBe(16);
    s.close();
  });

  it('reports cached_tokens only for what the connection cache served', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('hi')] });
    const first = responseOf(await s.response());
    expect(first.usage.input_tokens_details.cached_tokens).toBe(0);
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('and again')] });
    const second = responseOf(await s.response());
    expect(second.usage.input_tokens).toBeGreaterThan(first.usage.input_tokens + first.usage.output_tokens);
    expect(second.usage.input_tokens_details.cached_tokens).toBeGreaterThan(first.usage.input_tokens);
    expect(second.usage.input_tokens_details.cached_tokens).toBeLessThan(second.usage.input_tokens);
    expect(second.previous_response_id).toBe(first.id);
    const log = sim.log.responses();
    expect(log.map((e) => [e.inputMode, e.cache, e.continuedFromCache])).toEqual([
      ['full', 'none', false],
      ['incremental', 'connection', true],
    ]);
    expect(log[1]!.usage!.cached).toBe(second.usage.input_tokens_details.cached_tokens);
    s.close();
  });
});
