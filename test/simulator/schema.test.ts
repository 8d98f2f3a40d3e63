// Every object the simulator emits validates against the Responses API schema (wireSchemas.ts,
// written from the `openai` types and the published OpenAPI / Open Responses schema): a whole
// scenario over the socket and over HTTP (streamed and not), reasoning with summaries and sealed
// content, compaction (standalone and server-side), incomplete and failed responses, streaming
// errors, and request errors in both transports' shapes.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, loadScenario, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';
import { check, checkEvent, KNOWN_EVENT_TYPES } from './wireSchemas.js';

type Json = Record<string, any>;

let sim: Simulator;
afterEach(async () => sim?.close());

const CODING = loadScenario('coding');

function toolsFor(scenario: Scenario): Json[] {
  const names = [...new Set(scenario.steps.flatMap((s) => (s.calls ?? []).map((c) => c.name)))];
  // Half the tools leave `strict` out: the echo must still carry it.
  return names.map((name, i) => ({
    type: 'function',
    name,
    description: `${name} (schema test)`,
    ...(i % 2 === 0 ? { strict: false } : {}),
    parameters: { type: 'object', properties: {}, additionalProperties: true },
  }));
}

/** The scenario's sample outputs for the calls of a response playing `step`. */
function answers(scenario: Scenario, step: number, response: Json): Json[] {
  const calls = (response.output as Json[]).filter((i) => i.type === 'function_call');
  return calls.map((c, i) => ({ type: 'function_call_output', call_id: c.call_id, output: scenario.steps[step]?.calls?.[i]?.sample_output ?? 'ok' }));
}

/** Collects schema problems; the test fails listing every one of them. */
class Checker {
  readonly problems: string[] = [];
  readonly seen = new Set<string>();
  count = 0;

  event(e: Json, where: string): void {
    this.count++;
    this.seen.add(String(e.type));
    this.problems.push(...checkEvent(e).map((p) => `${where}: ${p}`));
  }

  value(name: Parameters<typeof check>[0], v: unknown, where: string): void {
    this.count++;
    this.problems.push(...check(name, v).map((p) => `${where}: ${p}`));
  }
}

async function post(s: Simulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`${s.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

function sseEvents(text: string): Json[] {
  return text
    .split('\n\n')
    .map((block) =>
      block
        .split('\n')
        .find((l) => l.startsWith('data: '))
        ?.slice(6),
    )
    .filter((d): d is string => d !== undefined && d !== '[DONE]')
    .map((d) => JSON.parse(d) as Json);
}

describe('every object the simulator emits validates against the schema', () => {
  it('a whole scenario over the socket (reasoning model, summaries, sealed content), then errors', async () => {
    sim = await createSimulator({ scenario: CODING, faults: ['stream_error@3', 'failed@5'] });
    const c = new Checker();
    const s = await RawSocket.connect(sim.wsUrl);
    const base = {
      model: 'gpt-5.2',
      store: false,
      tools: toolsFor(CODING),
      instructions: 'Be brief.',
      reasoning: { effort: 'low', summary: 'auto' },
      include: ['reasoning.encrypted_content'],
    };
    const collect = async (): Promise<Json> => {
      const r = await s.response();
      r.events.forEach((e) => c.event(e, 'ws'));
      return r.end as Json;
    };
    s.create({ ...base, generate: false, input: [userMessage(CODING.prompt!)] });
    let previous: Json | null = responseOf({ end: await collect() } as never);
    let input: Json[] = [];
    let context: Json[] = [userMessage(CODING.prompt!)];
    for (let step = 0, guard = 0; step < CODING.steps.length && guard < 40; guard++) {
      s.create(previous ? { ...base, previous_response_id: previous.id, input } : { ...base, input: context });
      const end = await collect();
      if (end.type !== 'response.completed') {
        // A fault evicted the chain: a new one with the full context (sealed reasoning included).
        previous = null;
        continue;
      }
      previous = end.response as Json;
      input = answers(CODING, step, previous);
      context = [...context, ...previous.output, ...input];
      step++;
      if (input.length === 0) break;
    }
    // Request errors over the socket.
    s.create({ ...base, previous_response_id: 'resp_gone', input: [] });
    await collect();
    s.create({ ...base, model: 'gpt-4.1', input: [userMessage('x')] });
    await collect();
    s.create({ ...base, input: [userMessage('x'), { type: 'item_reference', id: 'rs_x' }] });
    await collect();
    s.sendRaw('not json');
    await collect();
    s.close();
    const completed = sim.log.responses().filter((e) => e.status === 'completed').length;
    // …and an incomplete one, from a model that does not reason.
    await sim.close();
    sim = await createSimulator({ scenario: { name: 'long', description: '', steps: [{ message: 'word '.repeat(40).trim() }] } });
    const t = await RawSocket.connect(sim.wsUrl);
    t.create({ model: 'gpt-4.1', store: true, max_output_tokens: 16, tools: toolsFor(CODING), input: [userMessage('hi')], metadata: { k: 'v' } });
    (await t.response()).events.forEach((e) => c.event(e, 'ws'));
    t.close();
    // …and a refusal.
    await sim.close();
    sim = await createSimulator({ scenario: { name: 'decline', description: '', steps: [{ refusal: 'I cannot help with that.' }] } });
    const r = await RawSocket.connect(sim.wsUrl);
    r.create({ model: 'gpt-4.1', store: false, input: [userMessage('hi')] });
    (await r.response()).events.forEach((e) => c.event(e, 'ws'));
    r.close();

    expect(c.problems).toEqual([]);
    expect(completed).toBeGreaterThanOrEqual(CODING.steps.length);
    for (const type of [
      'response.reasoning_summary_text.delta',
      'response.function_call_arguments.done',
      'response.output_text.done',
      'response.failed',
      'error',
      'response.incomplete',
      'response.refusal.done',
    ]) {
      expect(c.seen, type).toContain(type);
    }
  });

  it('the same scenario over HTTP, streamed and not, with full-context replays; compaction; HTTP errors', async () => {
    sim = await createSimulator({ scenario: CODING, apiKey: 'sk-test', faults: ['rate_limit@4'] });
    const c = new Checker();
    const auth = { authorization: 'Bearer sk-test' };
    const tools = toolsFor(CODING);
    let input: Json[] = [userMessage(CODING.prompt!)];
    let last: Json | undefined;
    for (let step = 0, guard = 0; step < CODING.steps.length && guard < 40; guard++) {
      const streamed = step % 2 === 0;
      const body = {
        model: step % 3 === 0 ? 'gpt-4.1' : 'gpt-5-mini',
        store: step % 4 === 0,
        tools,
        input,
        include: ['reasoning.encrypted_content'],
        stream: streamed,
      };
      const { status, text } = await post(sim, '/responses', body, auth);
      if (status !== 200) {
        c.value('httpError', JSON.parse(text), `HTTP ${status}`);
        continue;
      }
      let response: Json;
      if (streamed) {
        const events = sseEvents(text);
        events.forEach((e) => c.event(e, 'sse'));
        response = events.at(-1)!.response;
      } else {
        response = JSON.parse(text) as Json;
        c.value('response', response, 'json');
      }
      last = response;
      const outputs = answers(CODING, step, response);
      input = [...input, ...response.output, ...outputs];
      step++;
      if (outputs.length === 0) break;
    }
    expect((last!.output as Json[]).at(-1)!.type).toBe('message');

    // Standalone compaction: a plain-string user message comes back as typed parts.
    const compacted = await post(
      sim,
      '/responses/compact',
      { model: 'gpt-5.2', input: [{ type: 'message', role: 'user', content: 'plain string' }, ...input] },
      auth,
    );
    expect(compacted.status).toBe(200);
    const window = JSON.parse(compacted.text) as Json;
    c.value('compaction', window, 'compact');
    expect(window.output[0].content).toEqual([{ type: 'input_text', text: 'plain string' }]);
    // Server-side compaction in a stream.
    const inline = await post(
      sim,
      '/responses',
      { model: 'gpt-5.2', store: false, tools, stream: true, context_management: [{ type: 'compaction', compact_threshold: 10 }], input: window.output },
      auth,
    );
    sseEvents(inline.text).forEach((e) => c.event(e, 'sse'));
    expect(inline.text).toContain('"type":"compaction"');

    // A stored response fetched back, and HTTP errors of every kind.
    const stored = await post(sim, '/responses', { model: 'gpt-5.2', store: true, input: 'hi' }, auth);
    const id = (JSON.parse(stored.text) as Json).id as string;
    const fetched = await fetch(`${sim.baseUrl}/responses/${id}`, { headers: auth });
    c.value('response', await fetched.json(), 'GET');
    for (const [body, headers] of [
      [{ model: 'gpt-5.2', input: 'x', previous_response_id: 'resp_gone', store: false }, auth],
      [{ input: 'x' }, auth],
      [{ model: 'gpt-5.2', input: 'x' }, { authorization: 'Bearer wrong' }],
      [{ model: 'gpt-5.2', store: false, input: [{ type: 'reasoning', summary: [], encrypted_content: 'forged' }] }, auth],
    ] as const) {
      const r = await post(sim, '/responses', body, headers);
      expect(r.status).toBeGreaterThanOrEqual(400);
      c.value('httpError', JSON.parse(r.text), `HTTP ${r.status}`);
    }
    const missing = await fetch(`${sim.baseUrl}/nowhere`, { headers: auth });
    c.value('httpError', await missing.json(), 'HTTP 404');

    expect(c.problems).toEqual([]);
    expect(c.count).toBeGreaterThan(200);
  });

  it('a streaming error in the Open Responses shape (streamErrorShape nested) validates too', async () => {
    sim = await createSimulator({ scenario: CODING, faults: ['stream_error@1'], streamErrorShape: 'nested' });
    const c = new Checker();
    const { status, text } = await post(sim, '/responses', { model: 'gpt-5.2', store: false, tools: toolsFor(CODING), stream: true, input: 'go' });
    expect(status).toBe(200);
    sseEvents(text).forEach((e) => c.event(e, 'sse'));
    expect(c.seen).toContain('error');
    expect(c.problems).toEqual([]);
  });

  it('steering: accepted, pending, failed (with and without an id), a steered incomplete parent and its successor', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `w${i}`).join(' ');
    const scenario: Scenario = {
      name: 'steer-schema',
      description: 'a long answer, a long call, short answers',
      steps: [
        { reasoning: long, message: 'Heard: {{latest_user_message}}' },
        { calls: [{ name: 'read_file', arguments: { path: long } }] },
        { message: 'Done.' },
        { reasoning: long, message: 'Last.' },
      ],
    };
    sim = await createSimulator({ scenario, profile: { tokensPerSecond: 200 }, faults: ['steer_fail@7'] });
    const c = new Checker();
    const s = await RawSocket.connect(sim.wsUrl);
    const tools = [{ type: 'function', name: 'read_file', description: 'Read', parameters: { type: 'object', properties: {} } }];
    const base = { model: 'gpt-6-astra', store: false, tools, reasoning: { effort: 'low', summary: 'auto' } };
    const events = (): Json[] => s.frames.flatMap((f) => (f.json ? [f.json as Json] : []));
    const wait = async (probe: () => Json | undefined): Promise<Json> => {
      for (let i = 0; i < 3000; i++) {
        const hit = probe();
        if (hit) return hit;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(
        `timed out: ${events()
          .map((e) => `${e.type}${e.error?.code ? `(${e.error.code})` : ''}`)
          .filter((t) => !t.includes('delta'))
          .join(' ')}`,
      );
    };
    const steerFrame = (id: string, input: unknown): void => s.sendRaw(JSON.stringify({ type: 'response.steer', previous_response_id: id, input }));
    // The interrupting path: two steers mid-reasoning, one invalid, one at an unknown id.
    s.create({ ...base, input: [userMessage('Go.')] });
    const first = (await wait(() => events().find((e) => e.type === 'response.created'))).response.id as string;
    await wait(() => events().find((e) => e.type === 'response.reasoning_summary_text.delta'));
    steerFrame(first, 'One.');
    steerFrame(first, [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Two.' }] }]);
    steerFrame(first, [{ type: 'message', role: 'assistant', content: 'no' }]);
    steerFrame('resp_unknown', 'Nobody.');
    const successorEnd = await wait(() => events().find((e) => e.type === 'response.completed'));
    // A late steer, then the tool-call path: a steer mid-call, pending, the continuation.
    steerFrame(successorEnd.response.id, 'Late.');
    s.create({ ...base, previous_response_id: successorEnd.response.id, input: [userMessage('Read.')] });
    const third = (await wait(() => events().filter((e) => e.type === 'response.created')[2])).response.id as string;
    await wait(() => events().find((e) => e.type === 'response.function_call_arguments.delta'));
    steerFrame(third, 'While reading.');
    const pending = await wait(() => events().find((e) => e.type === 'response.steer.pending'));
    const call = pending.required_input[0] as Json;
    s.create({ ...base, previous_response_id: third, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'text' }] });
    const done = await wait(() => events().filter((e) => e.type === 'response.completed')[2]);
    // steer_fail@7: the seventh steer (every steer counts, refused ones too) is accepted, then fails with its id.
    await wait(() => events().find((e) => e.type === 'response.steer.failed' && e.error.code === 'response_already_completed'));
    s.create({ ...base, previous_response_id: done.response.id, input: [userMessage('Again.')] });
    const fifth = (await wait(() => events().filter((e) => e.type === 'response.created')[4])).response.id as string;
    await wait(() => {
      const all = events();
      const from = all.findIndex((e) => e.type === 'response.created' && e.response.id === fifth);
      return all.slice(from).find((e) => e.type === 'response.reasoning_summary_text.delta');
    });
    steerFrame(fifth, 'Fails.');
    await wait(() => events().find((e) => e.type === 'response.steer.failed' && e.steer.id));
    await wait(() => events().find((e) => e.type === 'response.steer.failed' && e.error.code === 'response_not_found'));
    s.close();
    events().forEach((e) => c.event(e, 'steering'));
    expect(c.problems).toEqual([]);
    for (const type of ['response.steer.accepted', 'response.steer.pending', 'response.steer.failed', 'response.incomplete']) expect(c.seen).toContain(type);
    expect(events().find((e) => e.type === 'response.incomplete')?.response.incomplete_details).toEqual({ reason: 'steered' });
    const codes = events()
      .filter((e) => e.type === 'response.steer.failed')
      .map((e) => e.error.code)
      .sort();
    expect(codes).toEqual(['invalid_input', 'response_already_completed', 'response_not_found', 'successor_creation_failed']);
    // The client event itself, as sent by these tests.
    expect(check('steerClientEvent', { type: 'response.steer', previous_response_id: first, input: 'One.' })).toEqual([]);
    expect(check('steerClientEvent', { type: 'response.steer', previous_response_id: first, input: 'x', stream_id: 'a' })).not.toEqual([]);
  });

  it('the schemas reject what the simulator used to send', () => {
    // A compaction window whose user message carries a plain string, and a tool echo without strict.
    expect(
      check('compaction', {
        id: 'cr_1',
        object: 'response.compaction',
        created_at: 1,
        output: [{ id: 'msg_1', type: 'message', role: 'user', status: 'completed', content: 'go' }],
        usage: {
          input_tokens: 1,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: 1,
          output_tokens_details: { reasoning_tokens: 0 },
          total_tokens: 2,
        },
      }),
    ).not.toEqual([]);
    expect(checkEvent({ type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'x' })).not.toEqual(
      [],
    );
    expect(checkEvent({ type: 'response.future_thing', sequence_number: 1 })).toEqual(['unknown event type response.future_thing']);
    expect(KNOWN_EVENT_TYPES.length).toBeGreaterThan(15);
  });
});
