// Native steering, the tool-call path (protocol.md §11): a steer that lands while the response
// writes a client-owned call ends it `response.completed` with that call, then one
// `response.steer.pending` per steer naming the outputs it waits for; the client's continuation
// (same lane, previous_response_id the parent, input the tool outputs only) gets the steers
// before its input, and its `response.created` commits them. A refused continuation, or a lane
// that moves on without it, fails them.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';
import { eventsOf, eventsOfResponse, type Json, LONG_ANSWER, nthOf, steer, textOf, until } from './steerHelpers.js';

let sim: Simulator | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
  sim = undefined;
});

const TOOLS = [
  {
    type: 'function',
    name: 'write_file',
    description: 'Write a file',
    parameters: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' } }, required: ['path', 'content'] },
  },
  { type: 'function', name: 'run_tests', description: 'Run the tests', parameters: { type: 'object', properties: {} } },
  { type: 'custom', name: 'apply_patch', description: 'Apply a patch' },
];

/**
 * Step 0 writes a long file, then runs the tests; step 1 answers what it heard. A response a
 * steer ends after write_file leaves run_tests to the next response.
 */
const WRITER: Scenario = {
  name: 'writer',
  description: 'a long write_file call, then run_tests',
  steps: [
    {
      calls: [
        { name: 'write_file', arguments: { path: 'notes.md', content: LONG_ANSWER } },
        { name: 'run_tests', arguments: {} },
      ],
    },
    { expect: { contains: 'pass' }, message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
  ],
};

const base = { model: 'gpt-6-astra', store: false, reasoning: { effort: 'none' }, tools: TOOLS };

async function start(scenario: Scenario = WRITER): Promise<RawSocket> {
  sim = await createSimulator({ scenario, profile: { tokensPerSecond: 100 } });
  const s = await RawSocket.connect(sim.wsUrl);
  sockets.push(s);
  return s;
}

/** Starts the writer's first response and steers it while it writes its first call. */
async function steerMidCall(s: RawSocket, text: string, extra: Json = {}): Promise<{ parentId: string; parent: Json; acceptedId: string }> {
  s.create({ ...base, ...extra, input: [userMessage('Write the notes.')] });
  const parentId = (await nthOf(s, 'response.created')).response.id as string;
  await nthOf(s, 'response.function_call_arguments.delta');
  steer(s, parentId, text);
  const acceptedId = (await nthOf(s, 'response.steer.accepted')).steer.id as string;
  const parent = (await nthOf(s, 'response.completed')).response as Json;
  return { parentId, parent, acceptedId };
}

describe('response.steer: the tool-call path', () => {
  it('finishes the call being written, completes, sends pending, and the continuation commits the steer before the tool output', async () => {
    const s = await start();
    const { parentId, parent, acceptedId } = await steerMidCall(s, 'Use British spelling.');
    // The call being written is finished; the call after it is dropped.
    expect(parent.output.map((i: Json) => i.name)).toEqual(['write_file']);
    expect(JSON.parse(parent.output[0].arguments).content).toBe(LONG_ANSWER);
    // The continuation goes out at once, whether or not pending has arrived.
    const call = parent.output[0] as Json;
    s.create({ ...base, previous_response_id: parentId, input: [{ type: 'function_call_output', call_id: call.call_id, output: 'written 1 file' }] });

    const pending = await nthOf(s, 'response.steer.pending');
    expect(pending).toEqual({
      type: 'response.steer.pending',
      sequence_number: eventsOfResponse(s, parentId).findIndex((e) => e.type === 'response.completed') + 1,
      steer: { id: acceptedId, previous_response_id: parentId },
      reason: 'waiting_for_required_input',
      required_input: [{ type: 'function_call_output', call_id: call.call_id, name: 'write_file' }],
    });
    // No successor: the next response is the continuation; it makes the call the steer cut off.
    const next = (await nthOf(s, 'response.completed', 2)).response as Json;
    expect(next.previous_response_id).toBe(parentId);
    expect(next.output.map((i: Json) => i.name)).toEqual(['run_tests']);
    expect(eventsOf(s).filter((e) => e.type === 'response.created')).toHaveLength(2);
    // The model saw the steer once, before the tool output.
    s.create({ ...base, previous_response_id: next.id, input: [{ type: 'function_call_output', call_id: next.output[0].call_id, output: 'tests pass' }] });
    expect(textOf((await nthOf(s, 'response.completed', 3)).response)).toBe('Heard: Use British spelling. (seen 1 time)');

    const log = sim!.log.entries;
    const continuation = sim!.log.responses()[1]!;
    expect(continuation).toMatchObject({ responseId: next.id, userTexts: [], inputTypes: ['function_call_output'], steerIds: [acceptedId], step: 0 });
    expect(log.filter((e) => e.kind === 'steer_committed')).toEqual([
      expect.objectContaining({ responseId: next.id, previousResponseId: parentId, steer: expect.objectContaining({ id: acceptedId, via: 'continuation' }) }),
    ]);
    expect(log.some((e) => e.kind === 'successor')).toBe(false);
    expect(sim!.log.responses()[2]).toMatchObject({ step: 1, userTexts: [] });
  });

  it('asks for a custom_tool_call_output when the call being written is a custom tool call', async () => {
    const PATCHER: Scenario = {
      name: 'patcher',
      description: 'a long patch',
      steps: [{ calls: [{ name: 'apply_patch', input: LONG_ANSWER }] }, WRITER.steps[1]!],
    };
    const s = await start(PATCHER);
    s.create({ ...base, input: [userMessage('Patch it.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.custom_tool_call_input.delta');
    steer(s, parentId, 'Keep the patch small.');
    const parent = (await nthOf(s, 'response.completed')).response as Json;
    const call = parent.output[0] as Json;
    expect(call.type).toBe('custom_tool_call');
    const pending = await nthOf(s, 'response.steer.pending');
    expect(pending.required_input).toEqual([{ type: 'custom_tool_call_output', call_id: call.call_id, name: 'apply_patch' }]);
    s.create({
      ...base,
      previous_response_id: parentId,
      input: [{ type: 'custom_tool_call_output', call_id: call.call_id, output: 'patch applied, tests pass' }],
    });
    expect(textOf((await nthOf(s, 'response.completed', 2)).response)).toBe('Heard: Keep the patch small. (seen 1 time)');
  });

  it('keeps the lane: pending carries the stream_id, and a continuation on another lane does not take the steers', async () => {
    const s = await start();
    const { parentId, parent, acceptedId } = await steerMidCall(s, 'Lane steer.', { stream_id: 'work' });
    const pending = await nthOf(s, 'response.steer.pending');
    expect(pending.stream_id).toBe('work');
    const output = { type: 'function_call_output', call_id: parent.output[0].call_id, output: 'written' };
    // A fork onto another lane is not the continuation: the steer stays pending for the parent's lane.
    s.create({ ...base, stream_id: 'fork', previous_response_id: parentId, input: [output] });
    const fork = (await until(() => eventsOf(s).find((e) => e.type === 'response.completed' && e.stream_id === 'fork'), 'the fork')).response as Json;
    expect(sim!.log.responses()[1]).toMatchObject({ responseId: fork.id, streamId: 'fork', forked: true });
    expect(sim!.log.responses()[1]!.steerIds).toBeUndefined();
    s.create({ ...base, stream_id: 'work', previous_response_id: parentId, input: [output] });
    const work = (await until(() => eventsOf(s).filter((e) => e.type === 'response.completed' && e.stream_id === 'work')[1], 'the continuation'))
      .response as Json;
    expect(sim!.log.responses()[2]).toMatchObject({ responseId: work.id, steerIds: [acceptedId] });
    expect(sim!.log.entries.filter((e) => e.kind === 'steer_committed').map((e) => [e.steer?.id, e.responseId, e.streamId])).toEqual([
      [acceptedId, work.id, 'work'],
    ]);
  });

  it('a refused continuation fails the pending steers (steer.failed with the steer id)', async () => {
    const s = await start();
    const { parentId, acceptedId } = await steerMidCall(s, 'Will come back.');
    await nthOf(s, 'response.steer.pending');
    // The tool output is missing: the API refuses the continuation.
    s.create({ ...base, previous_response_id: parentId, input: [userMessage('no outputs')] });
    const error = await until(() => eventsOf(s).find((e) => e.type === 'error'), 'the request error');
    expect(error.error.message).toMatch(/No tool output found/);
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed.steer).toEqual({ id: acceptedId, previous_response_id: parentId, input: 'Will come back.' });
    expect(failed.error).toMatchObject({ type: 'server_error', code: 'successor_creation_failed' });
    expect(failed.sequence_number).toBe(eventsOfResponse(s, parentId).find((e) => e.type === 'response.steer.pending')!.sequence_number + 1);
    expect(sim!.log.entries.filter((e) => e.kind === 'steer_failed')).toEqual([
      expect.objectContaining({ errorCode: 'successor_creation_failed', steer: expect.objectContaining({ id: acceptedId }) }),
    ]);
    expect(sim!.log.entries.some((e) => e.kind === 'steer_committed')).toBe(false);
  });

  it('a lane that goes on without the continuation fails the pending steers', async () => {
    const s = await start();
    const { acceptedId } = await steerMidCall(s, 'Abandoned.');
    await nthOf(s, 'response.steer.pending');
    s.create({ ...base, input: [userMessage('A new conversation.')] });
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed.steer.id).toBe(acceptedId);
    expect(failed.error.code).toBe('successor_creation_failed');
    // The new conversation plays from its own first step, without the steer.
    const fresh = (await nthOf(s, 'response.completed', 2)).response as Json;
    expect(fresh.previous_response_id).toBeNull();
    expect(sim!.log.responses()[1]).toMatchObject({ responseId: fresh.id, step: 0, userTexts: ['A new conversation.'] });
    expect(sim!.log.entries.some((e) => e.kind === 'steer_committed')).toBe(false);
  });
});
