// Native steering in the simulator (protocol.md §11), the interrupting path: `response.steer`
// accepted with a steer id, the target's sequence numbers and lane; the item being written is
// finished; the parent ends (`response.completed` when it finished first, `response.incomplete`
// with reason `steered` when output was dropped); an automatic successor with the parent's
// settings, lane and the steers as input, committed by its `response.created`, which then is
// the lane's latest response.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { TOOLS, userMessage } from '../helpers/scenarios.js';
import { eventsOf, eventsOfResponse, type Json, LONG_ANSWER, nthOf, steer, textOf, until } from './steerHelpers.js';

let sim: Simulator | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
  sim = undefined;
});

/** What step 0 answers to `asked`: it quotes the latest user message, then goes on at length. */
const answerTo = (asked: string): string => `Answer to ${asked} (seen 1 time): ${LONG_ANSWER}`;

/**
 * Step 0 thinks, then writes a long answer quoting the latest user message; step 1 says what it
 * heard, and how often the model saw it. A response steered before it wrote anything but its
 * reasoning leaves step 0 to its successor.
 */
const STEERED: Scenario = {
  name: 'steered',
  description: 'a long answer, then a reply to the steer',
  steps: [
    {
      reasoning: Array.from({ length: 60 }, (_, i) => `thought${i}`).join(' '),
      message: `Answer to {{latest_user_message}} (seen {{latest_user_message_count}} time): ${LONG_ANSWER}`,
    },
    { message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
    { message: 'Third answer.' },
  ],
};

/** Slow enough that a steer sent after the first delta lands long before the answer ends. */
const PACED = { tokensPerSecond: 100 };

async function start(options: SimulatorOptions = {}): Promise<RawSocket> {
  sim = await createSimulator({ scenario: STEERED, profile: PACED, ...options });
  const s = await RawSocket.connect(sim.wsUrl);
  sockets.push(s);
  return s;
}

const base = { model: 'gpt-6-astra', store: false, instructions: 'Be brief.', tools: TOOLS, reasoning: { effort: 'low', summary: 'auto' } };

describe('response.steer: the interrupting path', () => {
  it('accepts a steer mid-message, finishes the message, completes the parent and continues in a successor that sees the steer', async () => {
    const s = await start();
    s.create({ ...base, input: [userMessage('Explain the parser.')] });
    const created = await nthOf(s, 'response.created');
    const parentId = created.response.id as string;
    await nthOf(s, 'response.output_text.delta');
    steer(s, parentId, 'Keep it to one file.');

    const accepted = await nthOf(s, 'response.steer.accepted');
    expect(accepted.steer.id).toMatch(/^steer_[0-9a-f]+$/);
    expect(accepted.steer.previous_response_id).toBe(parentId);
    expect(accepted).not.toHaveProperty('stream_id');

    // The parent: the message being written when the steer landed is written to its end.
    const parentEnd = await until(() => eventsOf(s).find((e) => e.type === 'response.completed' || e.type === 'response.incomplete'), 'the parent ends');
    expect(parentEnd.type).toBe('response.completed');
    expect(textOf(parentEnd.response)).toBe(answerTo('Explain the parser.'));
    const parentEvents = eventsOfResponse(s, parentId);
    // The accepted event is numbered from the parent's stream: one run of numbers, no gap, no repeat.
    expect(parentEvents.map((e) => e.sequence_number)).toEqual(parentEvents.map((_, i) => i));
    const at = parentEvents.indexOf(parentEvents.find((e) => e.type === 'response.steer.accepted')!);
    expect(parentEvents.slice(0, at).some((e) => e.type === 'response.output_text.delta')).toBe(true);
    expect(parentEvents.slice(at).some((e) => e.type === 'response.output_text.delta')).toBe(true);

    // The successor, by itself: the parent's settings, previous_response_id the parent, input the steer.
    const successorCreated = await nthOf(s, 'response.created', 2);
    const successor = successorCreated.response as Json;
    expect(successor.previous_response_id).toBe(parentId);
    expect(successor.model).toBe('gpt-6-astra');
    expect(successor.instructions).toBe('Be brief.');
    expect(successor.tools.map((t: Json) => t.name)).toEqual(TOOLS.map((t) => t.name));
    expect(successor.reasoning).toEqual({ effort: 'low', summary: 'auto' });
    const successorEnd = await nthOf(s, 'response.completed', 2);
    expect(textOf(successorEnd.response)).toBe('Heard: Keep it to one file. (seen 1 time)');
    expect(successorEnd.sequence_number).toBe(eventsOfResponse(s, successor.id).length - 1);

    // The log: the steer with its three fields, committed once by the successor.
    const log = sim!.log.entries;
    const steerEntry = log.find((e) => e.kind === 'steer')!;
    expect(steerEntry).toMatchObject({
      status: 'accepted',
      previousResponseId: parentId,
      model: 'gpt-6-astra',
      streamId: null,
      userTexts: ['Keep it to one file.'],
    });
    expect(steerEntry.steer).toMatchObject({ id: accepted.steer.id, fields: ['type', 'previous_response_id', 'input'], texts: ['Keep it to one file.'] });
    const committed = log.filter((e) => e.kind === 'steer_committed');
    expect(committed).toHaveLength(1);
    expect(committed[0]).toMatchObject({ responseId: successor.id, previousResponseId: parentId, steer: { id: accepted.steer.id, via: 'successor' } });
    const successorEntry = log.find((e) => e.kind === 'successor')!;
    expect(successorEntry).toMatchObject({
      responseId: successor.id,
      successorOf: parentId,
      steerIds: [accepted.steer.id],
      userTexts: ['Keep it to one file.'],
      status: 'completed',
    });
    // One request only went over the wire: the successor is not a request.
    expect(sim!.log.responses()).toHaveLength(1);

    // The successor is the lane's latest cached response: the next request continues from it.
    s.create({ ...base, previous_response_id: successor.id, input: [userMessage('Go on.')] });
    const third = await nthOf(s, 'response.completed', 3);
    expect(textOf(third.response)).toBe('Third answer.');
    expect(sim!.log.responses().at(-1)).toMatchObject({ previousResponseId: successor.id, cache: 'connection', status: 'completed' });
  });

  it('ends the parent response.incomplete (reason steered) when the steer lands before output it then drops, keeping the item being written', async () => {
    const s = await start();
    s.create({ ...base, input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    // Mid-reasoning: the reasoning item is finished, the answer after it is never written.
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, [
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Stop; ' },
          { type: 'input_text', text: 'read lexer.js first.' },
        ],
      },
    ]);
    const end = await nthOf(s, 'response.incomplete');
    expect(end.response.id).toBe(parentId);
    expect(end.response.incomplete_details).toEqual({ reason: 'steered' });
    expect(end.response.output.map((i: Json) => i.type)).toEqual(['reasoning']);
    expect(end.response.output[0].summary[0].text).toBe(STEERED.steps[0]!.reasoning);
    expect(eventsOfResponse(s, parentId).some((e) => e.type === 'response.output_text.delta')).toBe(false);
    expect(end.response.usage.output_tokens).toBe(end.response.usage.output_tokens_details.reasoning_tokens);

    // The model had only thought: its successor plays the step it was about to play, now seeing the steer.
    const successorEnd = await nthOf(s, 'response.completed');
    expect(successorEnd.response.previous_response_id).toBe(parentId);
    expect(textOf(successorEnd.response)).toBe(answerTo('Stop; read lexer.js first.'));
    expect(sim!.log.entries.find((e) => e.kind === 'successor')).toMatchObject({ step: 0 });
    expect(sim!.log.entries.filter((e) => e.kind === 'steer_committed')).toHaveLength(1);
  });

  it('with steerBoundary token, closes the message being written at once (status incomplete)', async () => {
    const s = await start({ steerBoundary: 'token' });
    s.create({ ...base, reasoning: { effort: 'none' }, input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.output_text.delta', 3);
    steer(s, parentId, 'Shorter, please.');
    const end = await nthOf(s, 'response.incomplete');
    const message = end.response.output[0] as Json;
    expect(message.status).toBe('incomplete');
    const written = eventsOfResponse(s, parentId)
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(message.content[0].text).toBe(written);
    expect(written.length).toBeGreaterThan(0);
    const full = answerTo('Explain the parser.');
    expect(full.startsWith(written) && written.length < full.length).toBe(true);
    const done = eventsOfResponse(s, parentId).find((e) => e.type === 'response.output_text.done')!;
    expect(done.text).toBe(written);
    expect(textOf((await nthOf(s, 'response.completed')).response)).toBe('Heard: Shorter, please. (seen 1 time)');
  });

  it('puts several steers into one successor, in submission order, each committed once', async () => {
    const s = await start();
    s.create({ ...base, input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, 'First steer.');
    steer(s, parentId, 'Second steer.');
    const second = await nthOf(s, 'response.steer.accepted', 2);
    const first = await nthOf(s, 'response.steer.accepted', 1);
    // Both numbered in the parent's stream, in the order they landed (events may fall between them).
    expect(second.sequence_number).toBeGreaterThan(first.sequence_number);
    const successor = (await nthOf(s, 'response.created', 2)).response as Json;
    await nthOf(s, 'response.completed');
    const entry = sim!.log.entries.find((e) => e.kind === 'successor')!;
    expect(entry.userTexts).toEqual(['First steer.', 'Second steer.']);
    expect(entry.steerIds).toEqual([first.steer.id, second.steer.id]);
    const committed = sim!.log.entries.filter((e) => e.kind === 'steer_committed');
    expect(committed.map((e) => [e.steer?.id, e.responseId])).toEqual([
      [first.steer.id, successor.id],
      [second.steer.id, successor.id],
    ]);
  });

  it('carries the lane: steer events and the successor have the target stream_id', async () => {
    const s = await start();
    s.create({ ...base, stream_id: 'main', input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, 'On the lane.');
    const accepted = await nthOf(s, 'response.steer.accepted');
    expect(accepted.stream_id).toBe('main');
    const successorCreated = await nthOf(s, 'response.created', 2);
    expect(successorCreated.stream_id).toBe('main');
    await nthOf(s, 'response.completed');
    expect(sim!.log.entries.find((e) => e.kind === 'successor')).toMatchObject({ streamId: 'main' });
    expect(sim!.log.entries.find((e) => e.kind === 'steer')).toMatchObject({ streamId: 'main' });
  });

  it('steerSuccessorPrevious null: the successor shows previous_response_id null yet continues its parent', async () => {
    const s = await start({ steerSuccessorPrevious: 'null' });
    s.create({ ...base, input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, 'Null previous.');
    const end = await nthOf(s, 'response.completed');
    expect(end.response.previous_response_id).toBeNull();
    expect(textOf(end.response)).toBe(answerTo('Null previous.'));
    expect(sim!.log.entries.find((e) => e.kind === 'successor')).toMatchObject({ successorOf: parentId });
  });

  it('the model for any client takes a steer as the user speaking: its successor starts a round of tool calls', async () => {
    // One round of tool calls per user message; slow enough that the short reasoning is still streaming when the steer lands.
    const s = await start({ scenario: null, rounds: 1, profile: { tokensPerSecond: 10 } });
    s.create({ ...base, input: [userMessage('Look around.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, 'Look at the README.');
    const parent = await nthOf(s, 'response.incomplete');
    expect(parent.response.output.map((i: Json) => i.type)).toEqual(['reasoning']);
    const successor = (await nthOf(s, 'response.completed')).response as Json;
    expect(successor.output.map((i: Json) => i.type)).toEqual(['reasoning', 'function_call']);
    expect(successor.output[1].name).toBe('read_file');
  });

  it('a successor can itself be steered', async () => {
    const s = await start();
    s.create({ ...base, input: [userMessage('Explain the parser.')] });
    const parentId = (await nthOf(s, 'response.created')).response.id as string;
    await nthOf(s, 'response.reasoning_summary_text.delta');
    steer(s, parentId, 'One.');
    const successorId = (await nthOf(s, 'response.created', 2)).response.id as string;
    await until(() => eventsOfResponse(s, successorId).find((e) => e.type === 'response.reasoning_summary_text.delta'), 'the successor reasons');
    steer(s, successorId, 'Two.');
    const end = await nthOf(s, 'response.completed');
    expect(end.response.previous_response_id).toBe(successorId);
    expect(textOf(end.response)).toBe(answerTo('Two.'));
    expect(sim!.log.entries.filter((e) => e.kind === 'successor').map((e) => e.successorOf)).toEqual([parentId, successorId]);
  });
});
