// Steer faults (protocol.md §11), scheduled by steer number like the other faults: `steer_drop`
// (the socket dies after the steer was accepted, before a successor could commit it) and
// `steer_fail` (`response.steer.failed` WITH the steer id, code successor_creation_failed, and
// no successor). In both the steer is not in the model's context until the client sends it as a
// user message, which the scripted model then quotes: seen exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, FaultSchedule, parseFault, type Scenario, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
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

const TALK: Scenario = {
  name: 'talk',
  description: 'long reasoning, then a reply quoting the last user message (steered mid-reasoning, a successor replays the step)',
  steps: [
    { reasoning: LONG_ANSWER, message: 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
    { reasoning: LONG_ANSWER, message: 'Again: {{latest_user_message}} (seen {{latest_user_message_count}} time)' },
  ],
};
const base = { model: 'gpt-6-astra', store: false, reasoning: { effort: 'low', summary: 'auto' }, include: ['reasoning.encrypted_content'] };

async function start(options: SimulatorOptions): Promise<RawSocket> {
  sim ??= await createSimulator({ scenario: TALK, profile: { tokensPerSecond: 100 }, ...options });
  const s = await RawSocket.connect(sim.wsUrl);
  sockets.push(s);
  return s;
}

/** Starts the first response and steers it mid-reasoning. */
async function steerFirst(s: RawSocket, text: string): Promise<string> {
  s.create({ ...base, input: [userMessage('Talk.')] });
  const id = (await nthOf(s, 'response.created')).response.id as string;
  await nthOf(s, 'response.reasoning_summary_text.delta');
  steer(s, id, text);
  await nthOf(s, 'response.steer.accepted');
  return id;
}

describe('steer faults', () => {
  it('steer_drop: accepted, the parent ends, then the socket dies before any successor; a replay delivers the text once', async () => {
    const s = await start({ faults: ['steer_drop'] });
    const parentId = await steerFirst(s, 'Keep it to one file.');
    await s.closed;
    const parentEnd = eventsOf(s).at(-1)!;
    expect(parentEnd.type).toBe('response.incomplete');
    expect(parentEnd.response.id).toBe(parentId);
    expect(eventsOf(s).filter((e) => e.type === 'response.created')).toHaveLength(1);
    const log = sim!.log.entries;
    expect(log.find((e) => e.kind === 'steer')).toMatchObject({ status: 'accepted', fault: 'steer_drop' });
    await until(() => sim!.log.entries.find((e) => e.kind === 'steer_lost'), 'the steer is logged lost');
    expect(log.some((e) => e.kind === 'successor' || e.kind === 'steer_committed')).toBe(false);

    // A new connection: the cache is gone; the client replays the context with the steer once, as a user message.
    const s2 = await start({});
    const parent = parentEnd.response as Json;
    s2.create({ ...base, input: [userMessage('Talk.'), ...parent.output, userMessage('Keep it to one file.')] });
    expect(textOf((await nthOf(s2, 'response.completed')).response)).toBe('Heard: Keep it to one file. (seen 1 time)');
  });

  it('steer_drop,at=accepted: the socket dies right after the accepted event, before the parent ends', async () => {
    const s = await start({ faults: ['steer_drop@1,at=accepted'] });
    const parentId = await steerFirst(s, 'Gone with the socket.');
    await s.closed;
    expect(eventsOf(s).at(-1)).toMatchObject({ type: 'response.steer.accepted', steer: { previous_response_id: parentId } });
    await until(() => sim!.log.entries.find((e) => e.kind === 'steer_lost'), 'the steer is logged lost');
    expect(sim!.log.entries.map((e) => [e.kind, e.status])).toEqual([
      ['steer', 'accepted'],
      ['response', 'dropped'],
      ['steer_lost', 'lost'],
    ]);
  });

  it('steer_fail: steer.failed with the steer id after the parent ends, no successor; the client sends the text itself', async () => {
    const s = await start({ faults: ['steer_fail'] });
    const parentId = await steerFirst(s, 'Use tabs.');
    const accepted = await nthOf(s, 'response.steer.accepted');
    const failed = await nthOf(s, 'response.steer.failed');
    const parentEnd = eventsOf(s).find((e) => e.type === 'response.incomplete')!;
    expect(failed).toEqual({
      type: 'response.steer.failed',
      sequence_number: parentEnd.sequence_number + 1,
      steer: { id: accepted.steer.id, previous_response_id: parentId, input: 'Use tabs.' },
      error: expect.objectContaining({ type: 'server_error', code: 'successor_creation_failed' }),
    });
    expect(eventsOf(s).filter((e) => e.type === 'response.created')).toHaveLength(1);
    expect(sim!.log.entries.filter((e) => e.kind.startsWith('steer')).map((e) => [e.kind, e.status, e.fault])).toEqual([
      ['steer', 'accepted', 'steer_fail'],
      ['steer_failed', 'failed', 'steer_fail'],
    ]);
    // The parent is the lane's latest: the client continues from it with the returned input.
    s.create({ ...base, previous_response_id: parentId, input: [userMessage('Use tabs.')] });
    const end = await nthOf(s, 'response.completed');
    expect(textOf(end.response)).toBe('Heard: Use tabs. (seen 1 time)');
    expect(sim!.log.responses().at(-1)).toMatchObject({ cache: 'connection', userTexts: ['Use tabs.'] });
  });

  it('counts steers, not requests: steer_fail@2 spares the first steer and fails the second', async () => {
    const s = await start({ faults: ['steer_fail@2'] });
    await steerFirst(s, 'First.');
    const successorId = (await nthOf(s, 'response.created', 2)).response.id as string;
    const successorEnd = await nthOf(s, 'response.completed');
    expect(textOf(successorEnd.response)).toBe('Heard: First. (seen 1 time)');
    // The next turn, steered while it reasons: accepted, then failed by the fault.
    s.create({ ...base, previous_response_id: successorId, input: [userMessage('More.')] });
    const third = (await nthOf(s, 'response.created', 3)).response.id as string;
    await until(() => eventsOfResponse(s, third).find((e) => e.type === 'response.reasoning_summary_text.delta'), 'the third response reasons');
    steer(s, third, 'Second.');
    const failed = await nthOf(s, 'response.steer.failed');
    expect(failed.steer).toMatchObject({ previous_response_id: third, input: 'Second.' });
    expect(failed.steer.id).toMatch(/^steer_/);
    // The request-numbered schedule is untouched by steer faults: no request was struck.
    expect(sim!.log.responses().every((e) => e.fault === null)).toBe(true);
  });

  it('parses steer faults and keeps them out of the request schedule', () => {
    expect(parseFault('steer_drop@2,lane=main')).toEqual({ kind: 'steer_drop', request: 2, lane: 'main' });
    expect(parseFault('steer_drop,at=accepted')).toEqual({ kind: 'steer_drop', request: 1, at: 'accepted' });
    expect(() => parseFault('steer_fail,at=accepted')).toThrow(/bad option "at=accepted"/);
    expect(() => parseFault('steer_drop,at=mid')).toThrow(/bad option "at=mid"/);
    expect(() => parseFault('drop,at=accepted')).toThrow(/bad option "at=accepted"/);
    const schedule = new FaultSchedule([parseFault('steer_fail')]);
    expect(schedule.forRequest(1, 0)).toBeUndefined();
    expect(schedule.forSteer(1, 0)?.kind).toBe('steer_fail');
    expect(schedule.forSteer(2, 0)).toBeUndefined();
    const onLane = new FaultSchedule([parseFault('steer_drop@1,lane=main')]);
    expect(onLane.forSteer(1, 0, { streamId: 'other', laneRequestNo: 1 })).toBeUndefined();
    expect(onLane.forSteer(2, 0, { streamId: 'main', laneRequestNo: 1 })?.kind).toBe('steer_drop');
  });
});
