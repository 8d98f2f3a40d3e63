// Mid-turn steering (protocol.md §11) end to end: the real agent and session against the
// simulator, checked from the simulator's request log — what went over the wire, and what the
// model saw (its steps quote the latest user message and how many times the context holds it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';

const STEER = 'Keep it to one file.';
const HEARD = 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)';
const LONG_MESSAGE = `${'I am looking through the project to find where the change belongs, one part after another. '.repeat(12)}Done.`;
const LONG_PATH = `docs/${'a-rather-long-directory-name/'.repeat(6)}notes.md`;

/** A message long enough to be steered while it streams, then an answer that quotes the steer. */
const MESSAGE_THEN_HEARD: Scenario = {
  name: 'steer-message',
  description: 'a long message, then an answer quoting the latest user message',
  steps: [{ message: LONG_MESSAGE }, { message: HEARD }, { message: 'Second turn answered.' }],
};

/** A reasoning item, then a call with long arguments (a steer lands while they stream), then the quote. */
const CALL_THEN_HEARD: Scenario = {
  name: 'steer-call',
  description: 'reason, call read_file with a long path, then quote the latest user message',
  steps: [
    {
      reasoning: 'I will read the notes first.',
      calls: [{ name: 'read_file', arguments: { path: LONG_PATH, start_line: null, end_line: null } }],
    },
    { message: HEARD },
  ],
};

const sims: Simulator[] = [];
const harnesses: Harness[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const s of sims.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setUp(
  scenario: Scenario,
  options: {
    model: string;
    faults?: string[];
    steeringModels?: Record<string, boolean>;
    transport?: 'ws' | 'http';
    steerAt: (event: AgentEvent) => boolean;
  },
): Promise<{ sim: Simulator; h: Harness }> {
  const sim = await createSimulator({ scenario, profile: 'local,tokens_per_second=60', ...(options.faults && { faults: options.faults }) });
  sims.push(sim);
  const root = mkdtempSync(join(tmpdir(), 'wsagent-steer-'));
  dirs.push(root);
  writeFileSync(join(root, 'README.md'), 'steer test\n');
  let steered = false;
  const holder: { h?: Harness } = {};
  const h = await createHarness(sim, root, {
    session: {
      model: options.model,
      ...(options.steeringModels && { steeringModels: options.steeringModels }),
      ...(options.transport && { transport: options.transport }),
      warmup: false,
    },
    // The steer is typed at a precise moment of the turn (the event is emitted as the agent reads it).
    onEvent: (event) => {
      const now = options.steerAt(event); // asked at every event (a test may act at several)
      if (steered || !now) return;
      steered = true;
      expect(holder.h!.agent.steer(STEER)).toBe(true);
    },
  });
  holder.h = h;
  harnesses.push(h);
  return { sim, h };
}

/** Response requests the client sent (not successors), and the user texts the model was given in each. */
const sent = (sim: Simulator) => sim.log.entries.filter((e) => e.kind === 'response');
const occurrences = (texts: string[] | undefined): number => (texts ?? []).filter((t) => t === STEER).length;
const steerEvents = (h: Harness) => h.events.filter((e) => e.type.startsWith('steer.'));

describe('native steering (a steerable model over the socket)', () => {
  it('interrupting path: one response.steer with exactly three fields, committed once by the successor, never resent', async () => {
    const { sim, h } = await setUp(MESSAGE_THEN_HEARD, { model: 'gpt-6-astra', steerAt: (e) => e.type === 'assistant.delta' });
    const result = await h.agent.runTurn('Tidy the project.');
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);

    const steers = sim.log.entries.filter((e) => e.kind === 'steer');
    expect(steers).toHaveLength(1);
    expect(steers[0]!.steer!.fields!.sort()).toEqual(['input', 'previous_response_id', 'type']);
    expect(steers[0]!.status).toBe('accepted');
    const committed = sim.log.entries.filter((e) => e.kind === 'steer_committed');
    expect(committed).toHaveLength(1);
    expect(committed[0]!.steer!.via).toBe('successor');
    // The client sent one request in this turn: the successor came by itself.
    expect(sent(sim)).toHaveLength(1);
    expect(steerEvents(h).map((e) => e.type)).toEqual(['steer.submitted', 'steer.accepted', 'steer.committed']);
    expect(steerEvents(h).at(-1)).toMatchObject({ via: 'native' });

    // The next turn continues from the successor and never sends the steer text again.
    const next = await h.agent.runTurn('And now?');
    expect(next.finalMessage).toBe('Second turn answered.');
    const later = sent(sim).slice(1);
    expect(later).toHaveLength(1);
    expect(later[0]!.inputMode).toBe('incremental');
    const successor = sim.log.entries.find((e) => e.kind === 'successor');
    expect(successor?.responseId).toBeTruthy();
    expect(later[0]!.previousResponseId).toBe(successor!.responseId);
    expect(occurrences(later[0]!.userTexts)).toBe(0);
    // The ledger holds it once, after the parent's output: a full replay sends what the server saw.
    const userTexts = h.session.ledger.fullContext().filter((i) => (i as { role?: string }).role === 'user');
    expect(userTexts.map((i) => JSON.stringify(i)).filter((t) => t.includes(STEER))).toHaveLength(1);
  });

  it('tool-call path: the continuation carries the tool outputs and not the steer text; the server puts it first', async () => {
    const { sim, h } = await setUp(CALL_THEN_HEARD, { model: 'gpt-6-astra', steerAt: (e) => e.type === 'reasoning.done' });
    const result = await h.agent.runTurn('Read the notes.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    const committed = sim.log.entries.filter((e) => e.kind === 'steer_committed');
    expect(committed).toHaveLength(1);
    expect(committed[0]!.steer!.via).toBe('continuation');
    const requests = sent(sim);
    expect(requests).toHaveLength(2);
    const continuation = requests[1]!;
    expect(continuation.inputMode).toBe('incremental');
    expect(continuation.functionCallOutputIds).toHaveLength(1);
    expect(continuation.inputTypes).toEqual(['function_call_output']);
    expect(steerEvents(h).at(-1)).toMatchObject({ type: 'steer.committed', via: 'continuation' });
    // In the ledger the steer sits before the tool output, as the server put it.
    const types = h.session.ledger.items.map((e) => (e.steerId ? 'steer' : String((e.item as { type: string }).type)));
    expect(types.indexOf('steer')).toBeLessThan(types.indexOf('function_call_output'));
    expect(types.indexOf('steer')).toBeGreaterThan(types.indexOf('function_call'));
  });
});

describe('the queue path', () => {
  it('gpt-5.2: no response.steer; the text goes once as a user message after the running tools’ outputs', async () => {
    const { sim, h } = await setUp(CALL_THEN_HEARD, { model: 'gpt-5.2', steerAt: (e) => e.type === 'reasoning.done' });
    const result = await h.agent.runTurn('Read the notes.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind.startsWith('steer'))).toHaveLength(0);
    const requests = sent(sim);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.inputTypes).toEqual(['function_call_output', 'message']);
    expect(occurrences(requests[1]!.userTexts)).toBe(1);
    expect(steerEvents(h).map((e) => [e.type, (e as { mode?: string; via?: string }).mode ?? (e as { via?: string }).via])).toEqual([
      ['steer.submitted', 'queued'],
      ['steer.committed', 'queued'],
    ]);
  });

  it('over HTTP even a steerable model gets its steer with the next request, once, and no response.steer', async () => {
    const { sim, h } = await setUp(CALL_THEN_HEARD, { model: 'gpt-6-astra', transport: 'http', steerAt: (e) => e.type === 'reasoning.done' });
    const result = await h.agent.runTurn('Read the notes.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind.startsWith('steer'))).toHaveLength(0);
    const requests = sent(sim);
    expect(requests.every((r) => r.transport === 'http')).toBe(true);
    expect(requests.map((r) => occurrences(r.userTexts))).toEqual([0, 1]);
  });

  it('a late steer (the response had ended on the server) is refused and delivered once by the next request of the same turn', async () => {
    const { sim, h } = await setUp(MESSAGE_THEN_HEARD, { model: 'gpt-6-astra', steerAt: (e) => e.type === 'assistant.done' });
    const result = await h.agent.runTurn('Tidy the project.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    const steers = sim.log.entries.filter((e) => e.kind === 'steer');
    expect(steers).toHaveLength(1);
    expect(steers[0]!.errorCode).toBe('response_already_completed');
    const requests = sent(sim);
    expect(requests).toHaveLength(2);
    expect(occurrences(requests[1]!.userTexts)).toBe(1);
    expect(steerEvents(h).map((e) => e.type)).toEqual(['steer.submitted', 'steer.failed', 'steer.committed']);
    expect(steerEvents(h).at(-1)).toMatchObject({ via: 'queued' });
  });

  it('a refused steer (steering_not_supported) goes by the queue path, once', async () => {
    // The client is told gpt-5.2 can steer; the server knows better.
    const { sim, h } = await setUp(CALL_THEN_HEARD, {
      model: 'gpt-5.2',
      steeringModels: { 'gpt-5.2': true },
      steerAt: (e) => e.type === 'reasoning.done',
    });
    const result = await h.agent.runTurn('Read the notes.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind === 'steer').map((e) => e.errorCode)).toEqual(['steering_not_supported']);
    const requests = sent(sim);
    expect(requests.map((r) => occurrences(r.userTexts))).toEqual([0, 1]);
    expect(requests[1]!.inputTypes).toEqual(['function_call_output', 'message']);
  });
});

describe('faults', () => {
  it('steer_drop: the socket dies after acceptance; the replay carries the text once', async () => {
    const { sim, h } = await setUp(MESSAGE_THEN_HEARD, { model: 'gpt-6-astra', faults: ['steer_drop'], steerAt: (e) => e.type === 'assistant.delta' });
    const result = await h.agent.runTurn('Tidy the project.');
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind === 'steer_lost')).toHaveLength(1);
    const replay = sent(sim).at(-1)!;
    expect(replay.connectionId).toBeGreaterThan(1);
    expect(replay.inputMode).toBe('full');
    expect(occurrences(replay.userTexts)).toBe(1);
    expect(steerEvents(h).map((e) => e.type)).toEqual(['steer.submitted', 'steer.accepted', 'steer.failed', 'steer.committed']);
  });

  it('steer_fail: failed after acceptance (successor_creation_failed); the next request carries the text once', async () => {
    const { sim, h } = await setUp(MESSAGE_THEN_HEARD, { model: 'gpt-6-astra', faults: ['steer_fail'], steerAt: (e) => e.type === 'assistant.delta' });
    const result = await h.agent.runTurn('Tidy the project.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind === 'steer_failed').map((e) => e.errorCode)).toEqual(['successor_creation_failed']);
    const requests = sent(sim);
    expect(requests).toHaveLength(2);
    expect(requests[1]!.inputMode).toBe('incremental');
    expect(occurrences(requests[1]!.userTexts)).toBe(1);
    expect(steerEvents(h).map((e) => e.type)).toEqual(['steer.submitted', 'steer.accepted', 'steer.failed', 'steer.committed']);
  });

  it('steer_drop at the accepted event (the parent never ends): the replay carries the text once', async () => {
    const { sim, h } = await setUp(MESSAGE_THEN_HEARD, {
      model: 'gpt-6-astra',
      faults: ['steer_drop,at=accepted'],
      steerAt: (e) => e.type === 'assistant.delta',
    });
    const result = await h.agent.runTurn('Tidy the project.');
    expect(result.status).toBe('completed');
    expect(sim.log.entries.filter((e) => e.kind === 'steer_lost')).toHaveLength(1);
    const replay = sent(sim).at(-1)!;
    expect(replay.inputMode).toBe('full');
    expect(occurrences(replay.userTexts)).toBe(1);
    expect(h.events.filter((e) => e.type === 'recovery')).not.toHaveLength(0);
  });

  it('steer_drop on the tool-call path: the tool runs once, the new chain carries the steer once, before the tool output', async () => {
    const { sim, h } = await setUp(CALL_THEN_HEARD, { model: 'gpt-6-astra', faults: ['steer_drop'], steerAt: (e) => e.type === 'reasoning.done' });
    const result = await h.agent.runTurn('Read the notes.');
    expect(result.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    expect(sim.log.entries.filter((e) => e.kind === 'steer_lost')).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'tool.started')).toHaveLength(1);
    const last = sent(sim).at(-1)!;
    expect(last.inputMode).toBe('full');
    expect(occurrences(last.userTexts)).toBe(1);
    const types = last.inputTypes;
    expect(types.lastIndexOf('message')).toBeLessThan(types.indexOf('function_call_output'));
  });

  it('a cancel right after the parent committed with an accepted steer: a turn with no new prompt delivers it, once', async () => {
    const cancel = new AbortController();
    let parentCommitted = false;
    const { sim, h } = await setUp(CALL_THEN_HEARD, {
      model: 'gpt-6-astra',
      steerAt: (e) => {
        // The parent (with the accepted steer after its output) was just committed: cancel before the continuation.
        if (e.type === 'request.completed' && !parentCommitted && h.events.some((x) => x.type === 'steer.accepted')) {
          parentCommitted = true;
          queueMicrotask(() => cancel.abort());
        }
        return e.type === 'reasoning.done';
      },
    });
    const first = await h.agent.runTurn('Read the notes.', { signal: cancel.signal });
    expect(first.status).toBe('cancelled');
    expect(h.agent.owesSteers).toBe(true);
    const second = await h.agent.runTurn(null);
    expect(second.finalMessage).toBe(`Heard: ${STEER} (seen 1 time)`);
    // Delivered once: by the server (a continuation) or by a request, never both.
    const byServer = sim.log.entries.filter((e) => e.kind === 'steer_committed').length;
    const byRequest = sent(sim).reduce((n, r) => n + occurrences(r.userTexts), 0);
    expect(byServer + byRequest).toBe(1);
    expect(h.agent.owesSteers).toBe(false);
  });
});
