// Issue 24.6 at the session and the simulator: the simulator refuses a context over the model's
// window as the service does (the response fails with context_length_exceeded), the session
// recovers from that refusal by compacting, and `/compact FOCUS` reaches the compaction's
// instructions on the wire.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { knownContextWindow } from '../../src/protocol/index.js';
import { type ConversationItem, type ModelSession, readSession, type SessionEvent, SessionFile, userMessage } from '../../src/session/index.js';
import { createSimulator, loadScenario, type Simulator } from '../../src/simulator/index.js';
import { playResponses, sessionOn } from '../helpers/scriptedAgent.js';

const coding = loadScenario('coding');

let sim: Simulator | undefined;
let session: ModelSession | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await session?.close();
  await sim?.close();
  session = undefined;
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The SSE events of one streamed POST /v1/responses. */
async function streamedEvents(s: Simulator, input: string, model = 'gpt-4.1'): Promise<Array<Record<string, any>>> {
  const res = await fetch(`${s.baseUrl}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' },
    body: JSON.stringify({ model, input, stream: true, store: false }),
  });
  const text = await res.text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)));
}

describe('the model context window (24.6)', () => {
  it('knows the real windows of the models it serves, and none for a name it does not know', () => {
    expect(knownContextWindow('gpt-5.2')).toBe(272_000);
    expect(knownContextWindow('gpt-5-chat-latest')).toBe(128_000);
    expect(knownContextWindow('gpt-4.1-mini')).toBe(1_047_576);
    expect(knownContextWindow('o4-mini')).toBe(200_000);
    expect(knownContextWindow('gpt-6-astra')).toBe(272_000);
    expect(knownContextWindow('my-local-llama')).toBeNull();
  });

  it('the simulator fails a request over the window with context_length_exceeded, and serves one under it', async () => {
    sim = await createSimulator({ scenario: 'chat', contextWindow: 500 });
    const over = await streamedEvents(sim, 'word '.repeat(3000));
    expect(over.map((e) => e.type)).toEqual(['response.created', 'response.in_progress', 'error', 'response.failed']);
    expect(over[2]).toMatchObject({ error: { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'input' } });
    expect(over[3]!.response).toMatchObject({ status: 'failed', error: { code: 'context_length_exceeded' } });
    const under = await streamedEvents(sim, 'hello');
    expect(under.at(-1)).toMatchObject({ type: 'response.completed' });
    expect(sim.log.responses().map((e) => e.errorCode)).toEqual(['context_length_exceeded', null]);
  });

  it("without a window setting the simulator holds each model to its own: gpt-4o's 128k", async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const over = await streamedEvents(sim, 'word '.repeat(110_000), 'gpt-4o'); // ~137k tokens
    expect(over.at(-1)).toMatchObject({ type: 'response.failed', response: { error: { code: 'context_length_exceeded' } } });
    const fits = await streamedEvents(sim, 'word '.repeat(110_000), 'gpt-4.1');
    expect(fits.at(-1)).toMatchObject({ type: 'response.completed' });
  });

  it('a session whose context outgrew the window compacts and goes on (no automatic threshold set)', async () => {
    sim = await createSimulator({ scenario: coding, contextWindow: 6000 });
    const events: SessionEvent[] = [];
    session = sessionOn(sim, coding, {}, events);
    await playResponses(session, coding, 0, 8);
    const refused = sim.log.responses().filter((e) => e.errorCode === 'context_length_exceeded');
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind)).toContain('compacted_restart');
    expect(events.find((e) => e.type === 'compaction.completed')).toMatchObject({ automatic: true });
    // Every step was still played, the one after the refusal on the compacted chain.
    const played = sim.log.responses().filter((e) => e.status === 'completed' && e.generate);
    expect(played.map((e) => e.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('/compact FOCUS: the focus is in the compaction request, after the instructions, and in the events', async () => {
    sim = await createSimulator({ scenario: coding });
    const events: SessionEvent[] = [];
    session = sessionOn(sim, coding, {}, events);
    await playResponses(session, coding, 0, 3);
    await session.compact({ focus: 'the failing date parser tests' });
    const compact = sim.log.entries.find((e) => e.kind === 'compact')!;
    expect(compact.instructions).toBe('You are a coding agent.\n\nCompaction focus, from the user: keep what concerns the failing date parser tests');
    expect(events.find((e) => e.type === 'compaction.started')).toMatchObject({ automatic: false, focus: 'the failing date parser tests', threshold: null });
    // Without a focus the compaction gets the conversation's instructions alone.
    session.addItems([userMessage('and now?')], 'user');
    await session.compact();
    expect(sim.log.entries.filter((e) => e.kind === 'compact').at(-1)!.instructions).toBe('You are a coding agent.');
  });

  it('what is put back follows the compacted item in the next request, and in the session file for --resume', async () => {
    sim = await createSimulator({ scenario: coding });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-carry-'));
    dirs.push(dir);
    const file = SessionFile.create(dir, { model: 'gpt-5.2', cwd: '/repo' });
    const note: ConversationItem = { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'carried: the plan and the files' }] };
    const seen: number[] = [];
    session = sessionOn(sim, coding, {
      sessionFile: file,
      carryOver: (entries) => {
        seen.push(entries.length);
        return [note];
      },
    });
    await playResponses(session, coding, 0, 3);
    const before = session.ledger.length;
    await session.compact();
    expect(seen).toEqual([before]); // it saw the whole conversation the window stands for
    await playResponses(session, coding, 3, 4);
    const next = sim.log.entries.filter((e) => e.kind === 'response' && e.generate).at(-1)!;
    expect(next.inputMode).toBe('compacted');
    expect(next.inputTypes.at(next.inputTypes.indexOf('compaction') + 1)).toBe('message');
    expect(next.developerTexts).toEqual(['carried: the plan and the files']);
    const resumed = readSession(file.path).ledger;
    expect(resumed.compaction!.coversUpTo).toBe(before);
    expect(resumed.items[before]).toMatchObject({ origin: 'compaction', item: note });
    // A rewind leaves the latest usage behind: the meter counts what the ledger keeps, even once
    // the conversation has grown past where that usage was measured.
    const measuredAt = session.ledger.length;
    expect(session.contextTokens()).not.toBe(session.ledger.estimatedTokens());
    session.rewindTo(1, 1, coding.prompt ?? 'go');
    while (session.ledger.length <= measuredAt) session.addItems([userMessage('more')], 'user');
    expect(session.contextTokens()).toBe(session.ledger.estimatedTokens());
  });
});
