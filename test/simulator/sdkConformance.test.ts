// Conformance with the official `openai` SDK (v6): a client nobody here wrote must be able to
// play whole multi-step tool-calling scenarios against the simulator over HTTP streaming, the
// stream helper, plain JSON, compaction and the SDK's own WebSocket client (ResponsesWS).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI, { APIError } from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import type {
  ResponseIncludable,
  FunctionTool,
  Response as ApiResponse,
  ResponseFunctionToolCall,
  ResponseInputItem,
  ResponseStreamEvent,
  ResponsesServerEvent,
} from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, loadScenario, scenariosDir, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { TWO_STEP } from '../helpers/scenarios.js';

const MODEL = 'gpt-5.2';
/** gpt-5.2 reasons: under store:false its reasoning items can be replayed only with their encrypted content. */
const REPLAYABLE: ResponseIncludable[] = ['reasoning.encrypted_content'];
const API_KEY = 'sk-test';

/** TWO_STEP always; the shipped `coding` scenario as soon as fixtures/scenarios/coding.json exists. */
const CODING_FILE = join(scenariosDir(), 'coding.json');
const SCENARIOS: Array<[string, Scenario]> = [['two-step', TWO_STEP]];
if (existsSync(CODING_FILE)) SCENARIOS.push(['coding', loadScenario('coding')]);

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(scenario: Scenario, faults: string[] = [], sseDone = false): Promise<{ s: Simulator; client: OpenAI }> {
  sim = await createSimulator({ scenario, apiKey: API_KEY, faults, sseDone });
  const client = new OpenAI({ apiKey: API_KEY, baseURL: sim.baseUrl, maxRetries: 0, timeout: 10_000 });
  return { s: sim, client };
}

// ---- the scripted client: tools, prompt and tool outputs derived from the scenario ----

function toolsFor(scenario: Scenario): FunctionTool[] {
  const names = [...new Set(scenario.steps.flatMap((s) => (s.calls ?? []).map((c) => c.name)))];
  return names.map((name) => ({
    type: 'function',
    name,
    description: `${name} (conformance test)`,
    strict: false,
    parameters: { type: 'object', properties: {}, additionalProperties: true },
  }));
}

const expected = (scenario: Scenario, stepIndex: number): string[] => {
  const step = scenario.steps[stepIndex];
  return step?.expect ? [step.expect.contains].flat() : [];
};

function firstInput(scenario: Scenario): ResponseInputItem[] {
  const text = ['The test suite fails. Find out why, fix it and make sure it passes.', ...expected(scenario, 0)].join('\n');
  return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }];
}

/**
 * Answers the calls of step `stepIndex` with the scenario's sample outputs, verbatim when every
 * call has one (the shipped scenarios); otherwise (inline test scenarios) with placeholder outputs
 * that carry what the next step expects.
 */
function answersFor(scenario: Scenario, stepIndex: number, calls: ResponseFunctionToolCall[]): ResponseInputItem.FunctionCallOutput[] {
  const samples = scenario.steps[stepIndex]?.calls ?? [];
  const outputs = calls.map((c, i) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: samples[i]?.sample_output ?? `ok (${c.name})` }));
  if (samples.length === calls.length && samples.every((c) => c.sample_output !== undefined)) return outputs;
  const joined = outputs.map((o) => o.output).join('\n');
  const missing = expected(scenario, stepIndex + 1).filter((w) => !joined.includes(w));
  const last = outputs[outputs.length - 1];
  if (last && missing.length > 0) last.output += `\n${missing.join('\n')}`;
  return outputs;
}

const callNames = (scenario: Scenario, stepIndex: number): string[] => (scenario.steps[stepIndex]?.calls ?? []).map((c) => c.name);
const finalMessage = (scenario: Scenario): string => scenario.steps[scenario.steps.length - 1]!.message!;
const totalCalls = (scenario: Scenario): number => scenario.steps.reduce((n, s) => n + (s.calls?.length ?? 0), 0);

function functionCalls(response: Pick<ApiResponse, 'output'>): ResponseFunctionToolCall[] {
  return response.output.filter((i): i is ResponseFunctionToolCall => i.type === 'function_call');
}

function messageText(response: Pick<ApiResponse, 'output'>): string {
  return response.output
    .flatMap((i) => (i.type === 'message' ? i.content : []))
    .map((p) => (p.type === 'output_text' ? p.text : ''))
    .join('');
}

/** Output items replayed as input (the SDK types them differently; the wire shape is the same). */
const asInput = (items: unknown[]): ResponseInputItem[] => items as ResponseInputItem[];

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Checks a streamed response's SDK events and returns the Response of its terminal event. */
function checkStreamEvents(events: ResponseStreamEvent[]): ApiResponse {
  expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  expect(events[0]!.type).toBe('response.created');
  expect(events[1]!.type).toBe('response.in_progress');
  const last = events[events.length - 1]!;
  expect(last.type).toBe('response.completed');
  const response = (last as Extract<ResponseStreamEvent, { type: 'response.completed' }>).response;
  expect(response.status).toBe('completed');
  for (const call of functionCalls(response)) {
    const done = events.find((e) => e.type === 'response.function_call_arguments.done' && e.item_id === call.id);
    expect(done).toMatchObject({ arguments: call.arguments, name: call.name });
    const deltas = events.filter((e) => e.type === 'response.function_call_arguments.delta' && e.item_id === call.id);
    expect(deltas.map((e) => (e as { delta: string }).delta).join('')).toBe(call.arguments);
  }
  const text = events
    .filter((e) => e.type === 'response.output_text.delta')
    .map((e) => (e as { delta: string }).delta)
    .join('');
  expect(text).toBe(messageText(response));
  return response;
}

describe.each(SCENARIOS)('SDK over HTTP, scenario %s', (_name, scenario) => {
  it('client.responses.create({stream:true}) with for-await, resending the full context each turn (store:false)', async () => {
    const { s, client } = await start(scenario);
    const tools = toolsFor(scenario);
    let input = firstInput(scenario);
    let final: ApiResponse | undefined;
    for (let step = 0; step < scenario.steps.length; step++) {
      const stream = await client.responses.create({ model: MODEL, input, tools, stream: true, store: false, include: REPLAYABLE });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const response = checkStreamEvents(events);
      // `store` is on the wire although the SDK's Response type lacks it.
      expect((response as unknown as { store: boolean }).store, 'store').toBe(false);
      const calls = functionCalls(response);
      expect(
        calls.map((c) => c.name),
        `step ${step + 1}`,
      ).toEqual(callNames(scenario, step));
      if (calls.length === 0) {
        final = response;
        break;
      }
      input = [...input, ...asInput(response.output), ...answersFor(scenario, step, calls)];
    }
    expect(final, 'the scenario ended with a message').toBeDefined();
    expect(messageText(final!)).toBe(finalMessage(scenario));

    const log = s.log.responses();
    expect(log).toHaveLength(scenario.steps.length);
    expect(log.map((e) => e.step)).toEqual(scenario.steps.map((_, i) => i));
    for (const entry of log) expect(entry).toMatchObject({ transport: 'http', inputMode: 'full', cache: 'none', status: 'completed', store: false });
  });

  it('client.responses.create({stream:true}) chained with store:true + previous_response_id', async () => {
    const { s, client } = await start(scenario);
    const tools = toolsFor(scenario);
    let input = firstInput(scenario);
    let previous: string | undefined;
    let final: ApiResponse | undefined;
    for (let step = 0; step < scenario.steps.length; step++) {
      const stream = await client.responses.create({
        model: MODEL,
        input,
        tools,
        stream: true,
        store: true,
        ...(previous ? { previous_response_id: previous } : {}),
      });
      const events: ResponseStreamEvent[] = [];
      for await (const event of stream) events.push(event);
      const response = checkStreamEvents(events);
      expect(response.previous_response_id ?? null).toBe(previous ?? null);
      const calls = functionCalls(response);
      expect(
        calls.map((c) => c.name),
        `step ${step + 1}`,
      ).toEqual(callNames(scenario, step));
      if (calls.length === 0) {
        final = response;
        break;
      }
      input = answersFor(scenario, step, calls);
      previous = response.id;
    }
    expect(messageText(final!)).toBe(finalMessage(scenario));
    const log = s.log.responses();
    expect(log).toHaveLength(scenario.steps.length);
    expect(log[0]).toMatchObject({ inputMode: 'full', cache: 'none' });
    for (const entry of log.slice(1)) expect(entry).toMatchObject({ inputMode: 'incremental', cache: 'store', status: 'completed' });
  });

  it('client.responses.stream() helper: events, finalResponse() and output_text', async () => {
    const { s, client } = await start(scenario);
    const tools = toolsFor(scenario);
    let input = firstInput(scenario);
    let final: Awaited<ReturnType<ReturnType<typeof client.responses.stream>['finalResponse']>> | undefined;
    let deltaSnapshots: string[] = [];
    for (let step = 0; step < scenario.steps.length; step++) {
      const stream = client.responses.stream({ model: MODEL, input, tools, store: false, include: REPLAYABLE });
      const types: string[] = [];
      deltaSnapshots = [];
      stream.on('event', (e) => types.push(e.type));
      stream.on('response.output_text.delta', (e) => deltaSnapshots.push(e.snapshot));
      const response = await withTimeout(stream.finalResponse(), 10_000, 'finalResponse');
      expect(types[0]).toBe('response.created');
      expect(types[types.length - 1]).toBe('response.completed');
      expect(response.status).toBe('completed');
      const calls = functionCalls(response);
      expect(
        calls.map((c) => c.name),
        `step ${step + 1}`,
      ).toEqual(callNames(scenario, step));
      if (calls.length === 0) {
        final = response;
        break;
      }
      expect(response.output_text).toBe('');
      input = [...input, ...asInput(response.output), ...answersFor(scenario, step, calls)];
    }
    expect(final!.output_text).toBe(finalMessage(scenario));
    expect(deltaSnapshots[deltaSnapshots.length - 1]).toBe(finalMessage(scenario));
    expect(s.log.responses().every((e) => e.status === 'completed')).toBe(true);
  });

  it('non-streamed client.responses.create: the SDK adds output_text', async () => {
    const { client } = await start(scenario);
    const tools = toolsFor(scenario);
    let input = firstInput(scenario);
    let previous: string | undefined;
    let final: ApiResponse | undefined;
    for (let step = 0; step < scenario.steps.length; step++) {
      const response = await client.responses.create({ model: MODEL, input, tools, store: true, ...(previous ? { previous_response_id: previous } : {}) });
      expect(response.object).toBe('response');
      expect(response.status).toBe('completed');
      const calls = functionCalls(response);
      expect(
        calls.map((c) => c.name),
        `step ${step + 1}`,
      ).toEqual(callNames(scenario, step));
      if (calls.length === 0) {
        final = response;
        break;
      }
      expect(response.output_text).toBe('');
      input = answersFor(scenario, step, calls);
      previous = response.id;
    }
    expect(final!.output_text).toBe(finalMessage(scenario));
    // The stored response can be fetched back with the SDK too.
    const retrieved = await client.responses.retrieve(final!.id);
    expect(retrieved.id).toBe(final!.id);
    expect(retrieved.output_text).toBe(finalMessage(scenario));
  });
});

describe('SDK: client.responses.compact', () => {
  it('returns the compaction shape, and a new chain from its output continues the scenario', async () => {
    const { s, client } = await start(TWO_STEP);
    const tools = toolsFor(TWO_STEP);
    const input = firstInput(TWO_STEP);
    const first = await client.responses.create({ model: MODEL, input, tools, store: false, include: REPLAYABLE });
    const calls = functionCalls(first);
    expect(calls.map((c) => c.name)).toEqual(['read_file']);

    const compacted = await client.responses.compact({
      model: MODEL,
      input: [...input, ...asInput(first.output), ...answersFor(TWO_STEP, 0, calls)],
    });
    expect(compacted.object).toBe('response.compaction');
    expect(compacted.id).not.toMatch(/^resp_/);
    expect(typeof compacted.created_at).toBe('number');
    expect(compacted.usage.input_tokens).toBeGreaterThan(0);
    expect(compacted.output.map((i) => i.type)).toEqual(['message', 'compaction']);
    expect(compacted.output[0]).toMatchObject({ type: 'message', role: 'user' });
    const item = compacted.output[1] as { id: string; encrypted_content: string };
    expect(item.id).toMatch(/^cmp_/);
    expect(typeof item.encrypted_content).toBe('string');

    const next = await client.responses.create({ model: MODEL, input: asInput(compacted.output), tools, store: false });
    expect(functionCalls(next).map((c) => c.name)).toEqual(callNames(TWO_STEP, 1));
    expect(s.log.responses().at(-1)).toMatchObject({ inputMode: 'compacted', step: 1 });
  });
});

describe.each(SCENARIOS)('SDK ResponsesWS, scenario %s', (_name, scenario) => {
  it('plays the whole scenario on one socket with incremental continuations from the connection cache', async () => {
    const { s, client } = await start(scenario);
    const tools = toolsFor(scenario);
    const ws = new ResponsesWS(client);
    const events: ResponsesServerEvent[] = [];
    const errors: Error[] = [];
    ws.on('event', (event) => events.push(event));

    let step = 0;
    const finished = new Promise<ApiResponse>((resolve, reject) => {
      ws.on('error', (err) => {
        errors.push(err);
        reject(err);
      });
      ws.on('response.failed', (event) => reject(new Error(`response.failed: ${JSON.stringify(event.response.error)}`)));
      ws.on('response.completed', (event) => {
        try {
          const response = event.response;
          const calls = functionCalls(response);
          expect(
            calls.map((c) => c.name),
            `step ${step + 1}`,
          ).toEqual(callNames(scenario, step));
          if (calls.length === 0) {
            resolve(response);
            return;
          }
          ws.send({ type: 'response.create', model: MODEL, store: false, tools, previous_response_id: response.id, input: answersFor(scenario, step, calls) });
          step++;
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    // Sent while the socket is still connecting: the SDK queues it until the socket opens.
    ws.send({ type: 'response.create', model: MODEL, store: false, tools, input: firstInput(scenario) });
    const final = await withTimeout(finished, 15_000, 'ResponsesWS conversation');
    expect(messageText(final)).toBe(finalMessage(scenario));
    expect(errors).toEqual([]);
    expect(s.connections()).toHaveLength(1);

    // Every event of every response arrived, in sequence, through the SDK's emitter.
    const terminals = events.filter((e) => e.type === 'response.completed');
    expect(terminals).toHaveLength(scenario.steps.length);

    const log = s.log.responses();
    expect(log).toHaveLength(scenario.steps.length);
    expect(new Set(log.map((e) => e.connectionId)).size).toBe(1);
    expect(log.every((e) => e.transport === 'ws' && e.status === 'completed')).toBe(true);
    expect(log[0]).toMatchObject({ inputMode: 'full', continuedFromCache: false, step: 0 });
    for (const entry of log.slice(1)) expect(entry).toMatchObject({ inputMode: 'incremental', cache: 'connection', continuedFromCache: true });
    expect(log.map((e) => e.step)).toEqual(scenario.steps.map((_, i) => i));
    const sentIds = log.flatMap((e) => e.functionCallOutputIds);
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(sentIds).toHaveLength(totalCalls(scenario));

    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.close();
    expect(await withTimeout(closed, 5000, 'close')).toBe(1000);
  });

  it('surfaces a request error (previous_response_not_found) through the SDK error event', async () => {
    const { client } = await start(scenario);
    const ws = new ResponsesWS(client);
    const error = new Promise<{ message: string; error?: unknown }>((resolve) => ws.on('error', (err) => resolve(err)));
    ws.send({ type: 'response.create', model: MODEL, store: false, tools: toolsFor(scenario), previous_response_id: 'resp_doesnotexist', input: [] });
    const err = await withTimeout(error, 5000, 'error event');
    const raw = err.error as { code?: string; error?: { code?: string } } | undefined;
    expect(raw?.error?.code ?? raw?.code).toBe('previous_response_not_found');
    ws.close();
  });
});

describe('SDK: stream endings', () => {
  it('tolerates data: [DONE] after the terminal event', async () => {
    const { client } = await start(TWO_STEP, [], true);
    const stream = await client.responses.create({ model: MODEL, input: firstInput(TWO_STEP), tools: toolsFor(TWO_STEP), stream: true, store: false });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(functionCalls(checkStreamEvents(events)).map((c) => c.name)).toEqual(callNames(TWO_STEP, 0));
  });

  it('yields response.failed, and a streaming error event before it, as ordinary events', async () => {
    const { client } = await start(TWO_STEP, ['failed@1', 'stream_error@2']);
    const body = { model: MODEL, input: firstInput(TWO_STEP), tools: toolsFor(TWO_STEP), stream: true as const, store: false };

    const failed: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create(body)) failed.push(event);
    expect(failed.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'response.failed']);
    const response = (failed[2] as Extract<ResponseStreamEvent, { type: 'response.failed' }>).response;
    expect(response.error?.code).toBe('server_error');

    const errored: ResponseStreamEvent[] = [];
    for await (const event of await client.responses.create(body)) errored.push(event);
    const types = errored.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    expect(errored.at(-2)).toMatchObject({ type: 'error', code: 'server_error', sequence_number: errored.length - 2 });
  });
});

describe('SDK errors', () => {
  it('a 429 fault is an APIError with status 429 (maxRetries 0), streamed or not', async () => {
    const { s, client } = await start(TWO_STEP, ['rate_limit@1,times=2,retry_after=2']);
    const body = { model: MODEL, input: firstInput(TWO_STEP), tools: toolsFor(TWO_STEP), store: false };
    const plain = await client.responses.create(body).then(
      () => null,
      (e: unknown) => e,
    );
    expect(plain).toBeInstanceOf(APIError);
    expect(plain).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = plain as APIError;
    expect(apiError.status).toBe(429);
    expect(apiError.code).toBe('rate_limit_exceeded');
    expect(apiError.headers?.get('retry-after')).toBe('2');
    expect(apiError.message).toContain('try again in 2s');

    const streamed = await client.responses.create({ ...body, stream: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(streamed).toBeInstanceOf(APIError);
    expect((streamed as APIError).status).toBe(429);
    // No retries were made behind our back: exactly the two faulted requests, then a success.
    expect(s.log.responses()).toHaveLength(2);
    const ok = await client.responses.create(body);
    expect(ok.status).toBe('completed');
  });

  it('a wrong API key is an AuthenticationError (401)', async () => {
    const { s } = await start(TWO_STEP);
    const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: s.baseUrl, maxRetries: 0 });
    const err = await wrong.models.list().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((err as APIError).status).toBe(401);
    expect((err as APIError).code).toBe('invalid_api_key');
  });
});
