// Without a scenario the model uses the tools each request offers (issue 10.7): a read-only
// function tool chosen by name and schema, its arguments filled from the schema, for `rounds`
// responses per user turn, then a message saying what it saw. Checked with the official SDK over
// HTTP, with its ResponsesWS over the socket, and with a raw socket.
import OpenAI from 'openai';
import type { FunctionTool, ResponseInputItem, ResponsesServerEvent, Response as ApiResponse } from 'openai/resources/responses/responses';
import { ResponsesWS } from 'openai/resources/responses/ws';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { exampleArguments, readOnlyTools } from '../../src/simulator/toolUsingModel.js';
import { outputsFor, RawSocket, responseOf } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

const fn = (name: string, properties: Record<string, unknown>, required = Object.keys(properties)): FunctionTool => ({
  type: 'function',
  name,
  strict: true,
  parameters: { type: 'object', properties, required, additionalProperties: false },
});

// Codex's tools: a shell taking an argv array, a freeform patch tool, and an edit tool.
const CODEX_LIKE = [
  fn('apply_edit', { path: { type: 'string' }, text: { type: 'string' } }),
  { type: 'custom', name: 'apply_patch', description: 'freeform patch', format: { type: 'text' } },
  fn('shell', { command: { type: 'array', items: { type: 'string' } }, workdir: { type: ['string', 'null'] }, timeout_ms: { type: ['integer', 'null'] } }),
  fn('read_file', { path: { type: 'string' }, start_line: { type: ['integer', 'null'] }, mode: { type: 'string', enum: ['slice', 'indentation'] } }),
];

const callsOf = (response: { output: Array<{ type: string }> }) =>
  response.output.filter((i): i is { type: 'function_call'; name: string; arguments: string; call_id: string } => i.type === 'function_call');

describe('the model for any client', () => {
  it('picks read-only tools and fills their arguments from the schema', () => {
    expect(readOnlyTools(CODEX_LIKE).map((t) => t.name)).toEqual(['read_file', 'shell']);
    expect(exampleArguments((CODEX_LIKE[2] as FunctionTool).parameters!)).toEqual({ command: ['ls'], workdir: null, timeout_ms: null });
    expect(exampleArguments((CODEX_LIKE[3] as FunctionTool).parameters!)).toEqual({ path: 'README.md', start_line: null, mode: 'slice' });
    expect(
      exampleArguments({
        type: 'object',
        properties: {
          pattern: { type: 'string' },
          max: { type: 'integer', minimum: 3 },
          opts: { type: 'object', properties: { deep: { type: 'boolean' } }, required: ['deep'] },
        },
        required: ['pattern', 'max', 'opts'],
      }),
    ).toEqual({
      pattern: '.',
      max: 3,
      opts: { deep: false },
    });
  });

  it('honours tool_choice: none answers at once, a named or required choice always calls, lookups count as read-only', async () => {
    sim = await createSimulator({ scenario: null });
    const client = new OpenAI({ apiKey: 'sk-any', baseURL: sim.baseUrl, maxRetries: 0 });
    const weather = fn('get_weather', { city: { type: 'string' } });
    const edit = fn('apply_edit', { path: { type: 'string' } });
    const auto = await client.responses.create({ model: 'gpt-4.1', input: 'weather?', tools: [weather, edit] });
    expect(callsOf(auto).map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([['get_weather', { city: '.' }]]);
    const none = await client.responses.create({ model: 'gpt-4.1', input: 'weather?', tools: [weather], tool_choice: 'none' });
    expect(none.output.map((i) => i.type)).toEqual(['message']);
    const named = await client.responses.create({
      model: 'gpt-4.1',
      input: 'edit',
      tools: [weather, edit],
      tool_choice: { type: 'function', name: 'apply_edit' },
    });
    expect(callsOf(named).map((c) => c.name)).toEqual(['apply_edit']);
    const required = await client.responses.create({ model: 'gpt-4.1', input: 'edit', tools: [edit], tool_choice: 'required' });
    expect(callsOf(required).map((c) => c.name)).toEqual(['apply_edit']);
  });

  it('the official SDK over HTTP: two rounds of calls, then a message about what it saw, each turn', async () => {
    sim = await createSimulator({ scenario: null });
    const client = new OpenAI({ apiKey: 'sk-any', baseURL: sim.baseUrl, maxRetries: 0 });
    let input: ResponseInputItem[] = [{ role: 'user', content: 'What is in this repo?' }];
    const names: string[] = [];
    let final: ApiResponse | undefined;
    for (let i = 0; i < 5 && !final; i++) {
      const stream = await client.responses.create({
        model: 'gpt-5.2',
        input,
        tools: CODEX_LIKE as never,
        stream: true,
        store: false,
        include: ['reasoning.encrypted_content'],
      });
      let response: ApiResponse | undefined;
      for await (const event of stream) if (event.type === 'response.completed') response = event.response;
      const calls = callsOf(response!);
      if (calls.length === 0) final = response;
      names.push(...calls.map((c) => c.name));
      const outputs = calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: `output of ${c.name} ${c.arguments}` }));
      input = [...input, ...(response!.output as ResponseInputItem[]), ...outputs];
    }
    expect(names).toEqual(['read_file', 'shell']);
    const text = (final!.output.at(-1) as { content: Array<{ text: string }> }).content[0]!.text;
    expect(text).toContain('read_file({"path":"README.md","start_line":null,"mode":"slice"})');
    expect(text).toContain('output of shell');
    // A second user turn starts its rounds again.
    const next = await client.responses.create({
      model: 'gpt-4.1',
      input: [...input, ...(final!.output as ResponseInputItem[]), { role: 'user', content: 'again' }],
      tools: CODEX_LIKE as never,
    });
    expect(callsOf(next).map((c) => c.name)).toEqual(['read_file']);
  });

  it('ResponsesWS with --rounds 1, and a raw socket offering no read-only tool', async () => {
    sim = await createSimulator({ scenario: null, rounds: 1 });
    const client = new OpenAI({ apiKey: 'sk-any', baseURL: sim.baseUrl, maxRetries: 0 });
    const ws = new ResponsesWS(client);
    const done: ApiResponse[] = [];
    const waiters: Array<() => void> = [];
    ws.on('event', (event: ResponsesServerEvent) => {
      if (event.type === 'response.completed') {
        done.push(event.response);
        waiters.shift()?.();
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws.socket.once('open', () => resolve());
      ws.socket.once('error', reject);
    });
    const next = (): Promise<ApiResponse> => new Promise((resolve) => waiters.push(() => resolve(done.at(-1)!)));
    const tools = [fn('grep', { pattern: { type: 'string' }, path: { type: ['string', 'null'] } }), fn('write_file', { path: { type: 'string' } })];
    let wait = next();
    ws.send({
      type: 'response.create',
      model: 'gpt-5.2',
      store: false,
      tools,
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'find TODOs' }] }],
    } as never);
    const first = await wait;
    expect(callsOf(first).map((c) => [c.name, JSON.parse(c.arguments)])).toEqual([['grep', { pattern: '.', path: null }]]);
    wait = next();
    ws.send({
      type: 'response.create',
      model: 'gpt-5.2',
      store: false,
      tools,
      previous_response_id: first.id,
      input: outputsFor(first as never, 'src/a.ts:3: TODO'),
    } as never);
    const second = await wait;
    expect(callsOf(second)).toEqual([]);
    expect((second.output.at(-1) as { content: Array<{ text: string }> }).content[0]!.text).toContain('TODO');
    ws.close();

    const raw = await RawSocket.connect(sim.wsUrl);
    raw.create({ model: 'gpt-4.1', store: false, tools: [tools[1]], input: [userMessage('hello')] });
    const answer = responseOf(await raw.response());
    expect(answer.output.map((i: { type: string }) => i.type)).toEqual(['message']);
    expect(answer.output[0].content[0].text).toContain('No read-only tool');
    raw.close();
  });
});
