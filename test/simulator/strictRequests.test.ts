// The simulator refuses what the real Responses API refuses (protocol.md §12), over both
// transports, with the service's codes, messages and `param` paths; and it still takes every
// parameter the API documents.
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_PARAMETERS, socketParameters } from '../../src/simulator/documentedParameters.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, TOOLS, userMessage } from '../helpers/scenarios.js';

type Json = Record<string, any>;

let sim: Simulator | undefined;
let socket: RawSocket | undefined;
afterEach(async () => {
  socket?.close();
  socket = undefined;
  await sim?.close();
  sim = undefined;
});

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await createSimulator({ scenario: CHAT, ...options });
  return sim;
}

/** One request over the socket: the terminal event or the request-error event. */
async function overSocket(body: Json): Promise<Json> {
  socket ??= await RawSocket.connect(sim!.wsUrl);
  socket.create(body);
  return (await socket.response()).end as Json;
}

/** One request over HTTP: the status and the JSON body (the final Response, or `{error}`). */
async function overHttp(body: Json): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${sim!.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Json };
}

const chat = { model: 'gpt-4.1', store: false, input: [userMessage('hello')] };

/** The socket's request-error event for an ApiError body. */
const socketError = (error: Json): Json => ({ type: 'error', status: 400, error: { type: 'invalid_request_error', ...error } });

describe('unknown top-level parameters (§12)', () => {
  it('are refused over the socket with unknown_parameter naming the parameter', async () => {
    await start();
    expect(await overSocket({ ...chat, foo: 1 })).toEqual(socketError({ code: 'unknown_parameter', message: "Unknown parameter: 'foo'.", param: 'foo' }));
    // The connection goes on.
    expect((await overSocket(chat)).type).toBe('response.completed');
  });

  it('are refused over HTTP, including the socket-only type, generate and stream_id', async () => {
    await start();
    for (const [param, value] of [
      ['foo', 1],
      ['type', 'response.create'],
      ['generate', false],
      ['stream_id', 'lane-1'],
    ] as const) {
      const { status, body } = await overHttp({ ...chat, [param]: value });
      expect(status).toBe(400);
      expect(body).toEqual({ error: { type: 'invalid_request_error', code: 'unknown_parameter', message: `Unknown parameter: '${param}'.`, param } });
    }
    const logged = sim!.log.responses().map((e) => [e.status, e.errorCode]);
    expect(logged).toEqual(Array.from({ length: 4 }, () => ['error', 'unknown_parameter']));
  });

  it('every documented parameter is still accepted, over HTTP and over the socket', async () => {
    await start({ scenario: null });
    const everything: Json = {
      background: false,
      context_management: [{ type: 'compaction', compact_threshold: 200_000 }],
      conversation: null,
      include: [],
      input: [userMessage('hello')],
      instructions: 'Be brief.',
      max_output_tokens: 1000,
      max_tool_calls: 4,
      metadata: { run: 'strict' },
      model: 'gpt-4.1',
      moderation: null,
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt: null,
      prompt_cache_key: 'session-1',
      prompt_cache_options: { mode: 'implicit', ttl: '30m' },
      prompt_cache_retention: 'in_memory',
      reasoning: null,
      safety_identifier: 'user-1',
      service_tier: 'auto',
      store: false,
      stream: true,
      stream_options: { include_obfuscation: false },
      temperature: 0.2,
      text: { format: { type: 'text' } },
      tool_choice: 'auto',
      tools: TOOLS,
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      user: 'user-1',
    };
    // The test covers the one list: a parameter added there must get a value here.
    expect(Object.keys(everything).sort()).toEqual([...HTTP_PARAMETERS].sort());
    const res = await fetch(`${sim!.baseUrl}/responses`, { method: 'POST', body: JSON.stringify(everything) });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('event: response.completed');

    const frame: Json = { ...everything, generate: true, stream_id: 'lane-1' };
    expect(['type', ...Object.keys(frame)].sort()).toEqual([...socketParameters(true)].sort());
    const end = await overSocket(frame);
    expect(end.type).toBe('response.completed');
  });
});

describe('input and tools that break the schema (§12)', () => {
  const cases: Array<[string, Json, Json]> = [
    [
      'an unknown item type',
      { input: [userMessage('hi'), { type: 'bogus_item' }] },
      {
        code: 'invalid_value',
        param: 'input[1].type',
        message: expect.stringMatching(/^Invalid value: 'bogus_item'\. Supported values are: .*'function_call_output'/),
      },
    ],
    [
      'a function_call_output whose output is a number',
      { input: [{ type: 'function_call_output', call_id: 'call_1', output: 42 }] },
      {
        code: 'invalid_type',
        param: 'input[0].output',
        message: "Invalid type for 'input[0].output': expected one of a string or array of input content, but got an integer instead.",
      },
    ],
    [
      'a message with role tool',
      { input: [{ type: 'message', role: 'tool', content: 'hi' }] },
      {
        code: 'invalid_value',
        param: 'input[0].role',
        message: "Invalid value: 'tool'. Supported values are: 'assistant', 'system', 'developer', and 'user'.",
      },
    ],
    [
      'a function tool without a name',
      { tools: [{ type: 'function', parameters: { type: 'object', properties: {} } }] },
      { code: 'missing_required_parameter', param: 'tools[0].name', message: "Missing required parameter: 'tools[0].name'." },
    ],
  ];

  it.each(cases)('refuses %s with a param path, over both transports', async (_what, change, error) => {
    await start();
    const body = { ...chat, ...change };
    expect(await overSocket(body)).toEqual(socketError(error));
    const http = await overHttp(body);
    expect(http.status).toBe(400);
    expect(http.body).toEqual({ error: { type: 'invalid_request_error', ...error } });
  });
});

describe('models (§12)', () => {
  const notFound = {
    type: 'invalid_request_error',
    code: 'model_not_found',
    message: 'The model `gpt-nope` does not exist or you do not have access to it.',
    param: null,
  };

  it('an unknown model is model_not_found: 400 over the socket, 404 over HTTP', async () => {
    await start();
    expect(await overSocket({ ...chat, model: 'gpt-nope' })).toEqual({ type: 'error', status: 400, error: notFound });
    const http = await overHttp({ ...chat, model: 'gpt-nope' });
    expect(http).toEqual({ status: 404, body: { error: notFound } });
  });

  it('serves a configured model list, and any name with anyModel', async () => {
    await start({ models: ['house-model'] });
    expect((await overSocket({ ...chat, model: 'house-model' })).type).toBe('response.completed');
    expect((await overSocket({ ...chat, model: 'gpt-4.1' })).error.code).toBe('model_not_found');
    const listed = (await (await fetch(`${sim!.baseUrl}/models`)).json()) as { data: Array<{ id: string }> };
    expect(listed.data.map((m) => m.id)).toEqual(['house-model']);
    socket!.close();
    socket = undefined;
    await sim!.close();

    await start({ anyModel: true });
    expect((await overSocket({ ...chat, model: 'gpt-nope' })).type).toBe('response.completed');
  });
});

describe('sampling parameters and tool_choice (§12)', () => {
  it('refuses temperature and top_p on a reasoning model, takes them on others', async () => {
    await start();
    for (const param of ['temperature', 'top_p']) {
      expect(await overSocket({ ...chat, model: 'gpt-5.2', [param]: 0.5 })).toEqual(
        socketError({ code: 'unsupported_parameter', param, message: `Unsupported parameter: '${param}' is not supported with this model.` }),
      );
    }
    expect((await overSocket({ ...chat, temperature: 0.5, top_p: 0.9 })).type).toBe('response.completed');
  });

  it('refuses a tool_choice naming a tool not offered, and required without tools', async () => {
    await start();
    const named = await overSocket({ ...chat, tools: TOOLS, tool_choice: { type: 'function', name: 'delete_everything' } });
    expect(named).toMatchObject({ type: 'error', status: 400, error: { param: 'tool_choice', message: expect.stringContaining('delete_everything') } });
    const http = await overHttp({ ...chat, tool_choice: 'required' });
    expect(http.status).toBe(400);
    expect(http.body.error).toMatchObject({ param: 'tool_choice', message: "Tool choice 'required' must be specified with 'tools' parameter." });
    expect((await overSocket({ ...chat, tools: TOOLS, tool_choice: { type: 'function', name: 'read_file' } })).type).toBe('response.completed');
  });
});

describe('client events of other types (§12: unspecified)', () => {
  it('are ignored and logged by default: nothing is answered, the connection goes on', async () => {
    await start();
    socket = await RawSocket.connect(sim!.wsUrl);
    socket.sendRaw(JSON.stringify({ type: 'response.processed', response_id: 'resp_1' }));
    socket.create(chat);
    const next = await socket.response();
    // The first frame after the ignored event belongs to the create.
    expect(next.events[0]!.type).toBe('response.created');
    expect(responseOf(next).status).toBe('completed');
    expect(sim!.log.entries.find((e) => e.kind === 'event')).toMatchObject({ status: 'ignored', eventType: 'response.processed', transport: 'ws' });
  });

  it('are answered with invalid_event_type when configured to', async () => {
    await start({ unknownEvents: 'error' });
    socket = await RawSocket.connect(sim!.wsUrl);
    socket.sendRaw(JSON.stringify({ type: 'response.processed' }));
    expect((await socket.response()).end).toMatchObject({ type: 'error', status: 400, error: { code: 'invalid_event_type', param: 'type' } });
    expect((await overSocket(chat)).type).toBe('response.completed');
  });
});

describe('error wording (§12, §9)', () => {
  it('invalid_stream_id uses the guide’s words and does not echo the value', async () => {
    await start();
    socket = await RawSocket.connect(sim!.wsUrl);
    socket.create({ ...chat, stream_id: 'has space' });
    const end = await socket.response();
    expect(end.end).toEqual(
      socketError({
        code: 'invalid_stream_id',
        param: 'stream_id',
        message:
          "The 'stream_id' field must be a non-empty string with at most 256 characters and may only contain letters, numbers, underscores, hyphens, and periods.",
      }),
    );
    expect(end.frames[0]!.raw).not.toContain('has space');
  });

  it('a missing model carries the same code as the other missing parameters', async () => {
    await start();
    const noModel = await overSocket({ store: false, input: 'hi' });
    expect(noModel).toEqual(socketError({ code: 'missing_required_parameter', param: 'model', message: "Missing required parameter: 'model'." }));
    const noCallId = await overSocket({ ...chat, input: [{ type: 'function_call_output', output: 'x' }] });
    expect(noCallId.error).toMatchObject({ code: 'missing_required_parameter', param: 'input[0].call_id' });
  });
});

describe('the model for any client and image tools', () => {
  const viewImage = {
    type: 'function',
    name: 'view_image',
    description: 'Attach a local image (by filesystem path) to the conversation context for this turn.',
    strict: false,
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
  };

  it('never calls an image tool: it reads with read_file, or answers when nothing else is offered', async () => {
    await start({ scenario: null, rounds: 3 });
    const readFile = TOOLS.find((t) => t.name === 'read_file')!;
    let previous: string | null = null;
    let input: Json[] = [userMessage('look around')];
    const called: string[] = [];
    for (let round = 0; round < 4; round++) {
      const response = responseOf({ end: await overSocket({ ...chat, tools: [viewImage, readFile], previous_response_id: previous, input }) } as never);
      const calls = (response.output as Json[]).filter((i) => i.type === 'function_call');
      called.push(...calls.map((c) => c.name as string));
      previous = response.id as string;
      input = calls.map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: 'contents' }));
      if (calls.length === 0) break;
    }
    expect(called).toEqual(['read_file', 'read_file', 'read_file']);

    const only = responseOf({ end: await overSocket({ ...chat, tools: [viewImage], input: [userMessage('look')] }) } as never);
    expect((only.output as Json[]).map((i) => i.type)).toEqual(['message']);
  });
});
