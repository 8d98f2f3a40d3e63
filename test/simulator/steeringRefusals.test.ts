// Steers the simulator refuses (protocol.md §11): each a `response.steer.failed` without
// `steer.id`, echoing what was sent — invalid_input (validation), response_not_found,
// steering_not_supported, response_not_active, response_already_completed (late) and
// too_many_pending_steers — and the refused steer's log entry.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';
import { eventsOf, eventsOfResponse, type Json, LONG_ANSWER, nthOf, steer, until } from './steerHelpers.js';

let sim: Simulator | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
  sim = undefined;
});

const TALK: Scenario = { name: 'talk', description: 'a long answer', steps: [{ message: LONG_ANSWER }, { message: 'Heard: {{latest_user_message}}' }] };
const base = { model: 'gpt-6-astra', store: false, reasoning: { effort: 'none' } };

async function start(options: SimulatorOptions = {}): Promise<RawSocket> {
  sim ??= await createSimulator({ scenario: TALK, profile: { tokensPerSecond: 50 }, ...options });
  const s = await RawSocket.connect(sim.wsUrl);
  sockets.push(s);
  return s;
}

/** Starts a response and waits for its first delta: it is streaming. */
async function streaming(s: RawSocket, extra: Json = {}): Promise<string> {
  s.create({ ...base, input: [userMessage('Talk.')], ...extra });
  const id = (await nthOf(s, 'response.created')).response.id as string;
  await nthOf(s, 'response.output_text.delta');
  return id;
}

const failures = (s: RawSocket): Json[] => eventsOf(s).filter((e) => e.type === 'response.steer.failed');

describe('response.steer: refusals', () => {
  it('invalid_input: anything but exactly type, previous_response_id and a user-message input', async () => {
    const s = await start();
    const id = await streaming(s);
    const bad: Array<[Json, string]> = [
      [{ type: 'response.steer', previous_response_id: id, input: 'x', stream_id: 'main' }, 'stream_id'],
      [{ type: 'response.steer', previous_response_id: id }, 'input'],
      [{ type: 'response.steer', input: 'x' }, 'previous_response_id'],
      [{ type: 'response.steer', previous_response_id: 42, input: 'x' }, 'previous_response_id'],
      [{ type: 'response.steer', previous_response_id: id, input: '' }, 'input'],
      [{ type: 'response.steer', previous_response_id: id, input: [] }, 'input'],
      [{ type: 'response.steer', previous_response_id: id, input: [{ type: 'message', role: 'assistant', content: 'x' }] }, 'input[0].role'],
      [{ type: 'response.steer', previous_response_id: id, input: [{ role: 'user', content: 'x' }] }, 'input[0].type'],
      [{ type: 'response.steer', previous_response_id: id, input: [{ type: 'function_call_output', call_id: 'c', output: 'x' }] }, 'input[0].call_id'],
      [
        { type: 'response.steer', previous_response_id: id, input: [{ type: 'message', role: 'user', content: [{ type: 'output_text', text: 'x' }] }] },
        'input[0].content[0].type',
      ],
      [
        { type: 'response.steer', previous_response_id: id, input: [{ type: 'message', role: 'user', content: [{ type: 'input_image' }] }] },
        'input[0].content[0]',
      ],
      [{ type: 'response.steer', previous_response_id: id, input: [{ type: 'message', role: 'user', content: [] }] }, 'input[0].content'],
    ];
    for (const [frame] of bad) s.sendRaw(JSON.stringify(frame));
    // A valid one with every kind of part is accepted.
    const parts = [
      { type: 'input_text', text: 'See this.' },
      { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'low' },
      { type: 'input_file', file_id: 'file_1', filename: 'a.txt' },
    ];
    steer(s, id, [{ type: 'message', role: 'user', content: parts }]);
    await nthOf(s, 'response.steer.accepted');
    await until(() => failures(s).length === bad.length, 'every refusal');
    // Each refusal echoes what was sent; they are told apart by that echo.
    const key = (prev: unknown, input: unknown): string => JSON.stringify([prev ?? null, input ?? null]);
    const got = new Map(failures(s).map((e) => [key(e.steer.previous_response_id, e.steer.input), e]));
    for (const [frame, param] of bad) {
      const failed = got.get(key(frame.previous_response_id, frame.input));
      expect(failed?.error, JSON.stringify(frame)).toMatchObject({ type: 'invalid_request_error', code: 'invalid_input', param });
      expect(failed!.steer).not.toHaveProperty('id');
    }
    // Refusals naming the streaming response are numbered in its stream; the one naming none (42) is not numbered.
    expect(
      failures(s)
        .filter((e) => e.sequence_number === undefined)
        .map((e) => e.steer.previous_response_id)
        .sort(),
    ).toEqual([42, null]);
    const numbered = eventsOfResponse(s, id).filter((e) => e.sequence_number !== undefined);
    expect(numbered.map((e) => e.sequence_number)).toEqual(numbered.map((_, i) => i));
    const refused = sim!.log.entries.filter((e) => e.kind === 'steer' && e.status === 'refused');
    expect(refused).toHaveLength(bad.length);
    expect(refused[0]).toMatchObject({ errorCode: 'invalid_input', steer: { id: null, fields: ['type', 'previous_response_id', 'input', 'stream_id'] } });
  });

  it("response_not_found: an id this connection never created, another connection's response included", async () => {
    const other = await start();
    const elsewhere = await streaming(other);
    const s = await start();
    steer(s, elsewhere, 'Not yours.');
    steer(s, 'resp_nothing', 'Nobody.');
    await until(() => failures(s).length === 2, 'two refusals');
    expect(failures(s).map((e) => [e.error.code, e.steer, e.sequence_number])).toEqual([
      ['response_not_found', { previous_response_id: elsewhere, input: 'Not yours.' }, undefined],
      ['response_not_found', { previous_response_id: 'resp_nothing', input: 'Nobody.' }, undefined],
    ]);
    expect(failures(other)).toEqual([]);
  });

  it('steering_not_supported: a model outside steerableModels, or a response with context_management', async () => {
    const s = await start();
    const gpt5 = await streaming(s, { model: 'gpt-5.2' });
    steer(s, gpt5, 'No native steering here.');
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed).toMatchObject({ steer: { previous_response_id: gpt5, input: 'No native steering here.' }, error: { code: 'steering_not_supported' } });
    expect(failed.steer).not.toHaveProperty('id');
    const s2 = await start();
    const compacting = await streaming(s2, { context_management: [{ type: 'compaction', compact_threshold: 100000 }] });
    steer(s2, compacting, 'x');
    expect((await nthOf(s2, 'response.steer.failed')).error.code).toBe('steering_not_supported');
  });

  it('steerableModels makes other models steerable', async () => {
    const s = await start({ steerableModels: ['gpt-5*'] });
    const gpt5 = await streaming(s, { model: 'gpt-5.2' });
    steer(s, gpt5, 'Now you can.');
    expect((await nthOf(s, 'response.steer.accepted')).steer.previous_response_id).toBe(gpt5);
  });

  it('gpt-6-astra is a listed model that reasons; gpt-5.2 is listed and not steerable', async () => {
    await start();
    const list = (await (await fetch(`${sim!.baseUrl}/models`)).json()) as { data: Json[] };
    expect(list.data.map((m) => m.id)).toEqual(expect.arrayContaining(['gpt-6-astra', 'gpt-5.2']));
    expect((await fetch(`${sim!.baseUrl}/models/gpt-6-astra`)).status).toBe(200);
    const res = await fetch(`${sim!.baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-6-astra', store: false, input: 'Hi.', reasoning: { effort: 'low' } }),
    });
    const response = (await res.json()) as Json;
    expect(response.output.map((i: Json) => i.type)).toEqual(['reasoning', 'message']);
    expect(response.reasoning).toEqual({ effort: 'low', summary: null });
  });

  it('response_not_active: a warm-up', async () => {
    const s = await start();
    s.create({ ...base, generate: false, input: [userMessage('Warm up.')] });
    const warm = (await nthOf(s, 'response.completed')).response.id as string;
    steer(s, warm, 'Too early.');
    expect((await nthOf(s, 'response.steer.failed')).error.code).toBe('response_not_active');
  });

  it('response_already_completed: a steer that reaches the server after the response ended, numbered after its events', async () => {
    const s = await start({ profile: 'local' });
    s.create({ ...base, input: [userMessage('Talk.')] });
    const end = await nthOf(s, 'response.completed');
    steer(s, end.response.id, 'Too late.');
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed).toEqual({
      type: 'response.steer.failed',
      sequence_number: end.sequence_number + 1,
      steer: { previous_response_id: end.response.id, input: 'Too late.' },
      error: expect.objectContaining({ type: 'invalid_request_error', code: 'response_already_completed' }),
    });
    expect(sim!.log.entries.find((e) => e.kind === 'steer')).toMatchObject({
      status: 'refused',
      errorCode: 'response_already_completed',
      previousResponseId: end.response.id,
    });
  });

  it('too_many_pending_steers past steerMaxPending', async () => {
    const s = await start({ steerMaxPending: 2 });
    const id = await streaming(s);
    steer(s, id, 'one');
    steer(s, id, 'two');
    steer(s, id, 'three');
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed).toMatchObject({ steer: { previous_response_id: id, input: 'three' }, error: { code: 'too_many_pending_steers' } });
    expect(eventsOf(s).filter((e) => e.type === 'response.steer.accepted')).toHaveLength(2);
    const successor = await until(() => sim!.log.entries.find((e) => e.kind === 'successor'), 'the successor');
    expect(successor.userTexts).toEqual(['one', 'two']);
  });
});
