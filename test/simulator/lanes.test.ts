// Lanes (protocol.md §9): stream_id validation, FIFO per lane, concurrency across lanes, the
// in-flight cap, the lane limit, stream_id on every event, per-lane cache slots, forks, the
// eviction rules, lane-targeted faults, the request log's lane fields, and `lanes: false` (the
// classic server). Where it means something, each rule is also run against the classic server,
// which must fail it: that is what proves the rule is the lanes' doing.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import type { Scenario } from '../../src/simulator/scenario.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';

let sim: Simulator | undefined;
const sockets: RawSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await sim?.close();
  sim = undefined;
});

type Json = Record<string, any>;

const LONG_ANSWER = Array.from({ length: 24 }, (_, i) => `word${i}`).join(' ');
/** Step 0 is a long answer (many deltas), steps 1 and 2 short ones. */
const TALK: Scenario = {
  name: 'talk',
  description: 'a long answer, then short ones',
  steps: [{ message: LONG_ANSWER }, { message: 'Short second.' }, { message: 'Short third.' }],
};
/** Paced output, so that responses last long enough to overlap (the order of events is what tests assert). */
const PACED = { tokensPerSecond: 400 };

/**
 * `LANES_TEST_CLASSIC=1 npx vitest run test/simulator/lanes.test.ts` runs every test against the
 * classic server (`lanes: false`): all but the ones written for the classic server must fail.
 */
const CLASSIC = process.env.LANES_TEST_CLASSIC === '1';

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  sim = await createSimulator({ scenario: TALK, ...options, ...(CLASSIC && { lanes: false }) });
  return sim;
}

async function connect(url = sim!.wsUrl): Promise<RawSocket> {
  const s = await RawSocket.connect(url);
  sockets.push(s);
  return s;
}

const base = { model: 'gpt-4.1', store: false };
const create = (s: RawSocket, extra: Json): number => s.create({ ...base, input: [userMessage('hello')], ...extra });

const isEnd = (e: Json): boolean =>
  e.type === 'response.completed' ||
  e.type === 'response.incomplete' ||
  e.type === 'response.failed' ||
  (e.type === 'error' && e.sequence_number === undefined);

/** Every parsed event the socket received, in order. */
const eventsOf = (s: RawSocket): Json[] => s.frames.flatMap((f) => (f.json ? [f.json as Json] : []));

/** A lane's events: its stream_id's, or (null) those without one. */
const laneEvents = (s: RawSocket, lane: string | null): Json[] => eventsOf(s).filter((e) => (lane === null ? !('stream_id' in e) : e.stream_id === lane));

/** Splits a lane's events into responses, each ending at its terminal or request-error event. */
function responsesOn(s: RawSocket, lane: string | null): Array<{ events: Json[]; end: Json }> {
  const out: Array<{ events: Json[]; end: Json }> = [];
  let current: Json[] = [];
  for (const e of laneEvents(s, lane)) {
    current.push(e);
    if (isEnd(e)) {
      out.push({ events: current, end: e });
      current = [];
    }
  }
  return out;
}

async function until<T>(probe: () => T | undefined | false, what: string, timeoutMs = CLASSIC ? 1500 : 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits for the lane's nth response (1-based) to end and returns its end event. */
const nthEnd = (s: RawSocket, lane: string | null, n = 1): Promise<Json> =>
  until(() => responsesOn(s, lane)[n - 1]?.end, `response ${n} on lane ${lane ?? '(default)'}`);

const responseId = (end: Json): string => {
  if (!end.response?.id) throw new Error(`not a response: ${JSON.stringify(end)}`);
  return end.response.id as string;
};
const textOf = (end: Json): string =>
  (end.response.output as Json[])
    .filter((i) => i.type === 'message')
    .map((i) => (i.content as Json[]).map((c) => c.text).join(''))
    .join('');

const unknownStreamId = {
  type: 'error',
  status: 400,
  error: { type: 'invalid_request_error', code: 'unknown_parameter', message: "Unknown parameter: 'stream_id'.", param: 'stream_id' },
};

describe('stream_id validation', () => {
  it('accepts 1–256 characters of [A-Za-z0-9_.-] and refuses anything else with invalid_stream_id', async () => {
    await start();
    const s = await connect();
    const longest = 'a'.repeat(256);
    for (const good of ['a', 'review-1', 'A.b_c-9', longest]) create(s, { stream_id: good });
    for (const good of ['a', 'review-1', 'A.b_c-9', longest]) expect((await nthEnd(s, good)).type).toBe('response.completed');

    // The refusal never echoes the value; the log keeps what can be shown.
    const invalid: Json = {
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'invalid_stream_id',
        message:
          "The 'stream_id' field must be a non-empty string with at most 256 characters and may only contain letters, numbers, underscores, hyphens, and periods.",
        param: 'stream_id',
      },
    };
    const cases: Array<[unknown, string | null]> = [
      ['has space', 'has space'],
      ['a'.repeat(257), 'a'.repeat(257)],
      ['ünïcode', 'ünïcode'],
      ['slash/es', 'slash/es'],
      ['', null], // nothing to show
      ['bell\u0007', null], // not printable
      [42, null],
    ];
    const before = eventsOf(s).length;
    for (const [streamId] of cases) create(s, { stream_id: streamId });
    const errors = await until(() => {
      const got = eventsOf(s).slice(before);
      return got.length >= cases.length && got;
    }, 'the refusals');
    expect(errors).toEqual(cases.map(() => invalid));
    const refused = sim!.log.responses().filter((e) => e.errorCode === 'invalid_stream_id');
    expect(refused.map((e) => e.httpStatus)).toEqual(cases.map(() => 400));
    expect(refused.map((e) => e.streamId)).toEqual(cases.map(([, shown]) => shown));
  });

  it('a server without lanes refuses every stream_id as an unknown parameter, in order', async () => {
    await start({ lanes: false });
    const s = await connect();
    create(s, { stream_id: 'review-1' });
    create(s, {});
    expect(await nthEnd(s, null, 1)).toEqual(unknownStreamId);
    expect((await nthEnd(s, null, 2)).type).toBe('response.completed');
    expect(sim!.log.responses().map((e) => [e.streamId, e.errorCode])).toEqual([
      ['review-1', 'unknown_parameter'],
      [null, null],
    ]);
  });

  it('HTTP never takes stream_id (400 unknown_parameter), lanes on or off', async () => {
    await start();
    const res = await fetch(`${sim!.baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...base, input: 'hi', stream: true, stream_id: 'review-1' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: unknownStreamId.error });
  });
});

describe('events and lanes', () => {
  it('every event of a named lane carries its stream_id; default-lane events carry none', async () => {
    await start();
    const s = await connect();
    create(s, { stream_id: 'review-1' });
    create(s, {});
    await nthEnd(s, 'review-1');
    await nthEnd(s, null);
    const named = eventsOf(s).filter((e) => 'stream_id' in e);
    const plain = eventsOf(s).filter((e) => !('stream_id' in e));
    expect(named.length).toBeGreaterThan(5);
    expect(named.every((e) => e.stream_id === 'review-1')).toBe(true);
    // Each response keeps its own sequence numbers, from 0, whatever else the socket carries.
    expect(named.map((e) => e.sequence_number)).toEqual(named.map((_, i) => i));
    expect(plain.map((e) => e.sequence_number)).toEqual(plain.map((_, i) => i));
    expect(
      sim!.log
        .responses()
        .map((e) => e.streamId)
        .sort(),
    ).toEqual([null, 'review-1'].sort());
  });

  it('different lanes run concurrently: their deltas interleave on one connection', async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    await nthEnd(s, 'a');
    await nthEnd(s, 'b');
    const order = eventsOf(s)
      .filter((e) => e.type === 'response.output_text.delta')
      .map((e) => e.stream_id as string);
    // Some delta of b arrives between two deltas of a.
    const firstA = order.indexOf('a');
    const lastA = order.lastIndexOf('a');
    expect(order.slice(firstA, lastA).includes('b')).toBe(true);
    expect(sim!.connections()).toHaveLength(1);
  });

  it('the same traffic on the default lane does not overlap (the classic rule holds there)', async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, {});
    create(s, {});
    await nthEnd(s, null, 2);
    const [first, second] = responsesOn(s, null);
    // Every event of the first response precedes every event of the second.
    const all = eventsOf(s);
    expect(all.indexOf(first!.end)).toBeLessThan(all.indexOf(second!.events[0]!));
  });

  it('requests in one lane are FIFO and never overlap', async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, { stream_id: 'a', input: [userMessage('one')] });
    create(s, { stream_id: 'a', input: [userMessage('two')] });
    create(s, { stream_id: 'b', input: [userMessage('three')] });
    await nthEnd(s, 'a', 2);
    await nthEnd(s, 'b');
    const [one, two] = responsesOn(s, 'a');
    const all = eventsOf(s);
    expect(all.indexOf(one!.end)).toBeLessThan(all.indexOf(two!.events[0]!));
    const log = sim!.log.responses();
    // In arrival order on the lane.
    expect(log.filter((e) => e.streamId === 'a').map((e) => e.responseId)).toEqual([responseId(one!.end), responseId(two!.end)]);
  });

  it('at most 16 responses are in flight per connection; more are queued, not refused', async () => {
    await start({ profile: { ttftMs: 150, tokensPerSecond: 400 } });
    const s = await connect();
    const lanes = Array.from({ length: 20 }, (_, i) => `lane-${i}`);
    for (const lane of lanes) create(s, { stream_id: lane });
    for (const lane of lanes) expect((await nthEnd(s, lane)).type).toBe('response.completed');
    // Walk the events in order: responses started (created) and not yet ended never exceed 16.
    let open = 0;
    let most = 0;
    for (const e of eventsOf(s)) {
      if (e.type === 'response.created') most = Math.max(most, ++open);
      if (isEnd(e)) open--;
    }
    expect(most).toBe(16);
    // The four queued ones started only after some response had ended.
    const all = eventsOf(s);
    const firstEnd = all.findIndex(isEnd);
    const createdAt = all.flatMap((e, i) => (e.type === 'response.created' ? [i] : []));
    expect(createdAt.filter((i) => i > firstEnd)).toHaveLength(4);
  });

  it('the in-flight cap is a switch (laneMaxInFlight)', async () => {
    await start({ profile: PACED, laneMaxInFlight: 1 });
    const s = await connect();
    create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    await nthEnd(s, 'b');
    const order = eventsOf(s).map((e) => e.stream_id);
    // With one slot, lane b waits for lane a to finish: no interleaving.
    expect(order.lastIndexOf('a')).toBeLessThan(order.indexOf('b'));
  });
});

describe('the lane limit', () => {
  const limitError = (streamId: string): Json => ({
    type: 'error',
    status: 400,
    error: {
      type: 'invalid_request_error',
      code: 'websocket_stream_limit_reached',
      message:
        'This WebSocket connection has reached its maximum number of distinct stream IDs (32). Reuse an existing stream_id or open a new WebSocket connection.',
      param: 'stream_id',
    },
    stream_id: streamId,
  });

  it('allows 32 distinct named lanes per connection; the 33rd is refused, reused ones and the default lane still work', async () => {
    await start();
    const s = await connect();
    for (let i = 1; i <= 32; i++) create(s, { stream_id: `l${i}` });
    for (let i = 1; i <= 32; i++) expect((await nthEnd(s, `l${i}`)).type).toBe('response.completed');
    create(s, { stream_id: 'l33' });
    expect(await nthEnd(s, 'l33')).toEqual(limitError('l33'));
    create(s, { stream_id: 'l1' });
    create(s, {});
    expect((await nthEnd(s, 'l1', 2)).type).toBe('response.completed');
    expect((await nthEnd(s, null)).type).toBe('response.completed');
    // Still refused: the refused lane was not counted, and the limit stays.
    create(s, { stream_id: 'l34' });
    expect(await nthEnd(s, 'l34')).toEqual(limitError('l34'));
    // The limit is per connection: a new one starts with none.
    const t = await connect();
    create(t, { stream_id: 'l33' });
    expect((await nthEnd(t, 'l33')).type).toBe('response.completed');
    expect(
      sim!.log
        .responses()
        .filter((e) => e.errorCode === 'websocket_stream_limit_reached')
        .map((e) => e.streamId),
    ).toEqual(['l33', 'l34']);
  });
});

describe('the per-lane cache', () => {
  it('each lane continues from its own latest response (the fast path), interleaved', async () => {
    await start();
    const s = await connect();
    create(s, { stream_id: 'a', input: [userMessage('a one')] });
    create(s, { stream_id: 'b', input: [userMessage('b one')] });
    const a1 = responseId(await nthEnd(s, 'a'));
    const b1 = responseId(await nthEnd(s, 'b'));
    create(s, { stream_id: 'a', previous_response_id: a1, input: [userMessage('a two')] });
    create(s, { stream_id: 'b', previous_response_id: b1, input: [userMessage('b two')] });
    const a2 = await nthEnd(s, 'a', 2);
    const b2 = await nthEnd(s, 'b', 2);
    expect(textOf(a2)).toBe('Short second.');
    expect(textOf(b2)).toBe('Short second.');
    const continued = sim!.log.responses().slice(2);
    for (const entry of continued) {
      expect(entry).toMatchObject({ cache: 'connection', continuedFromCache: true, inputMode: 'incremental', inputItems: 1, forked: false, forkedFrom: null });
    }
    expect(continued.map((e) => e.streamId).sort()).toEqual(['a', 'b']);
    expect(sim!.connections()[0]!.cache.latestOf('a')).toBe(responseId(a2));
  });

  it('a server without lanes keeps one slot: two interleaved conversations on one socket lose their state', async () => {
    await start({ lanes: false });
    const s = await connect();
    create(s, { input: [userMessage('a one')] });
    const a1 = responseId(await nthEnd(s, null, 1));
    create(s, { input: [userMessage('b one')] });
    await nthEnd(s, null, 2);
    create(s, { previous_response_id: a1, input: [userMessage('a two')] });
    expect((await nthEnd(s, null, 3)).error.code).toBe('previous_response_not_found');
  });

  it('reusing a stream_id without previous_response_id starts a new conversation on that lane', async () => {
    await start();
    const s = await connect();
    create(s, { stream_id: 'a' });
    const first = responseId(await nthEnd(s, 'a'));
    create(s, { stream_id: 'a', input: [userMessage('something else')] });
    const fresh = await nthEnd(s, 'a', 2);
    expect(textOf(fresh)).toBe(LONG_ANSWER); // step 0 again: nothing was inherited
    expect(sim!.log.responses()[1]).toMatchObject({ streamId: 'a', inputMode: 'full', cache: 'none', step: 0 });
    // The lane's slot moved on: under store:false the first conversation is gone.
    create(s, { stream_id: 'a', previous_response_id: first, input: [userMessage('back to the first')] });
    expect((await nthEnd(s, 'a', 3)).error).toMatchObject({ code: 'previous_response_not_found' });
  });

  it('a reconnect loses every lane', async () => {
    await start();
    const s = await connect();
    create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    const a1 = responseId(await nthEnd(s, 'a'));
    const b1 = responseId(await nthEnd(s, 'b'));
    s.close();
    const t = await connect();
    create(t, { stream_id: 'a', previous_response_id: a1, input: [userMessage('again')] });
    create(t, { stream_id: 'c', previous_response_id: b1, input: [userMessage('fork')] });
    const errA = await nthEnd(t, 'a');
    const errC = await nthEnd(t, 'c');
    expect(errA).toMatchObject({ status: 400, stream_id: 'a', error: { code: 'previous_response_not_found', param: 'previous_response_id' } });
    expect(errC).toMatchObject({ status: 400, stream_id: 'c', error: { code: 'previous_response_not_found' } });
  });
});

describe('forks', () => {
  it("naming another lane's latest response forks its conversation onto the new lane, without resending it", async () => {
    await start();
    const s = await connect();
    create(s, { stream_id: 'main', input: [userMessage('a long question '.repeat(50))] });
    const parent = await nthEnd(s, 'main');
    const parentId = responseId(parent);
    const bytes = create(s, { stream_id: 'sub-1', previous_response_id: parentId, input: [userMessage('your task')] });
    const fork = await nthEnd(s, 'sub-1');
    // The fork continues the parent's conversation: the scenario's next step, and the parent's context cached.
    expect(textOf(fork)).toBe('Short second.');
    expect(fork.response.previous_response_id).toBe(parentId);
    expect(fork.response.usage.input_tokens_details.cached_tokens).toBeGreaterThan(100);
    const entry = sim!.log.responses()[1]!;
    expect(entry).toMatchObject({
      streamId: 'sub-1',
      forked: true,
      forkedFrom: 'main',
      cache: 'connection',
      continuedFromCache: true,
      inputItems: 1,
      bytesUp: bytes,
      status: 'completed',
    });
    expect(entry.bytesUp).toBeLessThan(400);
    // The parent is still the main lane's latest: the source lane continues from it too.
    create(s, { stream_id: 'main', previous_response_id: parentId, input: [userMessage('go on')] });
    expect(textOf(await nthEnd(s, 'main', 2))).toBe('Short second.');
    expect(sim!.log.responses()[2]).toMatchObject({ streamId: 'main', forked: false, forkedFrom: null, cache: 'connection' });
  });

  it('forks from the default lane are logged as forked with forkedFrom null', async () => {
    await start();
    const s = await connect();
    create(s, {});
    const parentId = responseId(await nthEnd(s, null));
    create(s, { stream_id: 'sub', previous_response_id: parentId, input: [userMessage('task')] });
    expect((await nthEnd(s, 'sub')).type).toBe('response.completed');
    expect(sim!.log.responses()[1]).toMatchObject({ streamId: 'sub', forked: true, forkedFrom: null });
  });

  it('four forks of one parent run at once, each on its own lane', async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, { stream_id: 'main' });
    const parentId = responseId(await nthEnd(s, 'main'));
    const subs = ['r1', 'r2', 'r3', 'r4'];
    for (const lane of subs) create(s, { stream_id: lane, previous_response_id: parentId, input: [userMessage(`task ${lane}`)] });
    for (const lane of subs) expect((await nthEnd(s, lane)).type).toBe('response.completed');
    // The log is written as each response ends, and concurrent forks end in any order.
    const forks = sim!.log.responses().slice(1);
    const byLane = forks.map((e) => [e.streamId, e.forked, e.forkedFrom, e.cache]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(byLane).toEqual(subs.map((l) => [l, true, 'main', 'connection']));
    // All four were in flight together: every fork's created precedes every fork's end.
    const all = eventsOf(s);
    const lastCreated = Math.max(...subs.map((l) => all.findIndex((e) => e.stream_id === l && e.type === 'response.created')));
    const firstEnd = Math.min(...subs.map((l) => all.findIndex((e) => e.stream_id === l && isEnd(e))));
    expect(lastCreated).toBeLessThan(firstEnd);
  });

  it('on a server without lanes the fork is refused', async () => {
    await start({ lanes: false });
    const s = await connect();
    create(s, {});
    const parentId = responseId(await nthEnd(s, null));
    create(s, { stream_id: 'sub', previous_response_id: parentId, input: [userMessage('task')] });
    expect(await nthEnd(s, null, 2)).toEqual(unknownStreamId);
  });
});

describe('eviction', () => {
  it('a failed same-lane continuation evicts the referenced id', async () => {
    await start({ faults: ['failed@2,lane=a'] });
    const s = await connect();
    create(s, { stream_id: 'a' });
    const a1 = responseId(await nthEnd(s, 'a'));
    create(s, { stream_id: 'a', previous_response_id: a1, input: [userMessage('two')] });
    const failed = await nthEnd(s, 'a', 2);
    expect(failed).toMatchObject({ type: 'response.failed', stream_id: 'a' });
    create(s, { stream_id: 'a', previous_response_id: a1, input: [userMessage('retry')] });
    expect(await nthEnd(s, 'a', 3)).toMatchObject({ type: 'error', stream_id: 'a', error: { code: 'previous_response_not_found' } });
  });

  it('a failed cross-lane fork keeps the shared parent: the source lane and other forks go on', async () => {
    await start({ faults: ['failed,lane=sub-1'] });
    const s = await connect();
    create(s, { stream_id: 'main' });
    const parentId = responseId(await nthEnd(s, 'main'));
    create(s, { stream_id: 'sub-1', previous_response_id: parentId, input: [userMessage('task one')] });
    expect(await nthEnd(s, 'sub-1')).toMatchObject({ type: 'response.failed', stream_id: 'sub-1' });
    // A request error on a fork (here: an output answering no call) keeps it too.
    create(s, { stream_id: 'sub-2', previous_response_id: parentId, input: [{ type: 'function_call_output', call_id: 'call_nope', output: 'x' }] });
    expect(await nthEnd(s, 'sub-2')).toMatchObject({ type: 'error', status: 400, stream_id: 'sub-2', error: { param: 'input' } });
    create(s, { stream_id: 'sub-3', previous_response_id: parentId, input: [userMessage('task three')] });
    expect((await nthEnd(s, 'sub-3')).type).toBe('response.completed');
    create(s, { stream_id: 'main', previous_response_id: parentId, input: [userMessage('go on')] });
    expect((await nthEnd(s, 'main', 2)).type).toBe('response.completed');
    expect(sim!.log.responses().map((e) => [e.streamId, e.status])).toEqual([
      ['main', 'completed'],
      ['sub-1', 'failed'],
      ['sub-2', 'error'],
      ['sub-3', 'completed'],
      ['main', 'completed'],
    ]);
  });

  it("under store:false a fork queued behind its source lane's next request finds its parent gone", async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, { stream_id: 'a' });
    const r1 = responseId(await nthEnd(s, 'a'));
    // Lane b is busy with a long answer; the fork waits behind it while lane a moves on (a short answer).
    create(s, { stream_id: 'b', input: [userMessage('long work')] });
    create(s, { stream_id: 'b', previous_response_id: r1, input: [userMessage('fork of a')] });
    create(s, { stream_id: 'a', previous_response_id: r1, input: [userMessage('a moves on')] });
    const a2 = await nthEnd(s, 'a', 2);
    const fork = await nthEnd(s, 'b', 2);
    const all = eventsOf(s);
    expect(all.indexOf(a2)).toBeLessThan(all.indexOf(fork));
    expect(fork).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'previous_response_not_found',
        message: `Previous response with id '${r1}' not found.`,
        param: 'previous_response_id',
      },
      stream_id: 'b',
    });
    // r1 was lane a's latest when the fork arrived; it was gone when the fork started.
    expect(sim!.log.responses().find((e) => e.errorCode === 'previous_response_not_found')).toMatchObject({ streamId: 'b', forked: false, cache: 'miss' });
  });

  it('under store:true the same fork loads its parent from the store instead', async () => {
    await start({ profile: PACED });
    const s = await connect();
    create(s, { stream_id: 'a', store: true });
    const r1 = responseId(await nthEnd(s, 'a'));
    create(s, { stream_id: 'b', store: true, input: [userMessage('long work')] });
    create(s, { stream_id: 'b', store: true, previous_response_id: r1, input: [userMessage('fork of a')] });
    create(s, { stream_id: 'a', store: true, previous_response_id: r1, input: [userMessage('a moves on')] });
    expect((await nthEnd(s, 'b', 2)).type).toBe('response.completed');
    expect(sim!.log.responses().at(-1)).toMatchObject({ streamId: 'b', cache: 'store', forked: false });
  });
});

describe('lane-targeted and connection-level faults', () => {
  it('a lane-targeted stream_error fails only that lane; the other lane completes', async () => {
    await start({ profile: PACED, faults: ['stream_error,lane=b'] });
    const s = await connect();
    create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    const a = await nthEnd(s, 'a');
    const b = await nthEnd(s, 'b');
    expect(a.type).toBe('response.completed');
    expect(b).toMatchObject({ type: 'response.failed', stream_id: 'b' });
    // The streaming error event carries the lane too.
    expect(laneEvents(s, 'b').some((e) => e.type === 'error' && e.code === 'server_error')).toBe(true);
    // The log is in the order the responses ended, which the two lanes race for: compare by lane.
    const byLane = sim!.log.responses().map((e) => [e.streamId, e.status, e.fault]);
    expect(byLane.sort((x, y) => String(x[0]).localeCompare(String(y[0])))).toEqual([
      ['a', 'completed', null],
      ['b', 'failed', 'stream_error'],
    ]);
  });

  it('a lane fault counts that lane’s requests: failed@2,lane=b strikes the second request of b', async () => {
    await start({ faults: ['failed@2,lane=b'] });
    const s = await connect();
    for (let i = 0; i < 3; i++) create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    await nthEnd(s, 'b');
    create(s, { stream_id: 'b' });
    await nthEnd(s, 'b', 2);
    await nthEnd(s, 'a', 3);
    expect(sim!.log.responses().map((e) => [e.streamId, e.status])).toEqual(
      expect.arrayContaining([
        ['b', 'completed'],
        ['b', 'failed'],
      ]),
    );
    expect(
      sim!.log
        .responses()
        .filter((e) => e.status === 'failed')
        .map((e) => e.streamId),
    ).toEqual(['b']);
  });

  it('drop is connection-level: a drop on one lane cuts every lane in flight', async () => {
    // Lane b is cut right after its response.created, while lane a is still streaming.
    await start({ profile: PACED, faults: ['drop,lane=b,at=created'] });
    const s = await connect();
    create(s, { stream_id: 'a' });
    create(s, { stream_id: 'b' });
    await s.closed;
    const statuses = sim!.log.responses().map((e) => [e.streamId, e.status]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['a', 'dropped'],
        ['b', 'dropped'],
      ]),
    );
    expect(laneEvents(s, 'a').some((e) => e.type === 'response.completed')).toBe(false);
  });

  it('the connection limit applies to the connection as a whole: its error carries no stream_id', async () => {
    await start({ faults: ['limit@2'] });
    const s = await connect();
    create(s, { stream_id: 'a' });
    await nthEnd(s, 'a');
    create(s, { stream_id: 'b' });
    const code = await s.closed;
    const limit = eventsOf(s).at(-1)!;
    expect(limit).toMatchObject({ type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached' } });
    expect('stream_id' in limit).toBe(false);
    expect(code).toBe(1000);
  });
});
