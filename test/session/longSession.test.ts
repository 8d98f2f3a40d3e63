// Long sessions: rotation before the limit, the limit told to an idle socket, and 300 requests
// through repeated connection limits ending with the same ledger as without them.
import { afterEach, describe, expect, it } from 'vitest';
import { ModelSession, type SessionEvent, userMessage } from '../../src/session/index.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { ledgerShape, runScripted } from '../helpers/scriptedAgent.js';

const TOOL = {
  type: 'function' as const,
  name: 'read_file',
  description: 'read',
  strict: false,
  parameters: { type: 'object', properties: {}, additionalProperties: true },
};

/** 299 one-call steps and a final message: 300 model requests. */
const LONG: Scenario = {
  name: 'long',
  description: '300 requests',
  prompt: 'Read every file.',
  steps: [
    ...Array.from({ length: 299 }, (_, i) => ({
      ...(i > 0 && { expect: { contains: `contents of file ${i - 1}` } }),
      calls: [{ name: 'read_file', arguments: { path: `src/file${i}.js` }, sample_output: `contents of file ${i}\n${'x'.repeat(200)}` }],
    })),
    { expect: { contains: 'contents of file 298' }, message: 'Read all 299 files.' },
  ],
};

const CHAT: Scenario = { name: 'chat', description: 'turns', steps: [{ message: 'one' }, { message: 'two' }, { message: 'three' }] };

let sims: Simulator[] = [];
let sessions: ModelSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close();
  for (const s of sims) await s.close();
  sessions = [];
  sims = [];
});

async function sim(options: Parameters<typeof createSimulator>[0]): Promise<Simulator> {
  const s = await createSimulator(options);
  sims.push(s);
  return s;
}

function session(s: Simulator, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}, events: SessionEvent[] = []): ModelSession {
  const m = new ModelSession({
    endpoint: { baseUrl: s.baseUrl, apiKey: 'sk-test' },
    model: 'gpt-5.2',
    instructions: 'Read files.',
    tools: [TOOL],
    ...extra,
  });
  m.subscribe((e) => events.push(e));
  sessions.push(m);
  return m;
}

async function turn(m: ModelSession, text: string): Promise<void> {
  m.addItems([userMessage(text)], 'user');
  const stream = m.respond();
  for (let r = await stream.next(); !r.done; r = await stream.next());
}

describe('long sessions', () => {
  it('300 requests through repeated connection limits end with the same ledger as without them', async () => {
    const clean = await sim({ scenario: LONG });
    const reference = session(clean);
    await runScripted(reference, LONG);

    const limited = await sim({ scenario: LONG, limitMs: 400, profile: { ttftMs: 5 } });
    const events: SessionEvent[] = [];
    const m = session(limited, {}, events);
    const run = await runScripted(m, LONG);
    expect(run.finalText).toBe('Read all 299 files.');
    expect(ledgerShape(m)).toEqual(ledgerShape(reference));

    const log = limited.log.responses();
    const limitErrors = log.filter((e) => e.errorCode === 'websocket_connection_limit_reached');
    expect(limitErrors.length).toBeGreaterThanOrEqual(2);
    const recoveries = events.filter((e) => e.type === 'recovery');
    expect(recoveries.every((e) => e.kind === 'limit_reached')).toBe(true);
    expect(recoveries).toHaveLength(limitErrors.length);
    // Each limit costs exactly one full replay; everything else is incremental.
    const full = log.filter((e) => e.generate && e.inputMode === 'full');
    expect(full).toHaveLength(limitErrors.length);
    expect(new Set(log.map((e) => e.connectionId)).size).toBe(limitErrors.length + 1);
    const incrementalOutputs = log.filter((e) => e.inputMode === 'incremental' && e.status === 'completed').flatMap((e) => e.functionCallOutputIds);
    expect(new Set(incrementalOutputs).size).toBe(incrementalOutputs.length);
  }, 60_000);

  it('rotates the socket between turns before the limit, warming the new one up', async () => {
    const s = await sim({ scenario: CHAT });
    const events: SessionEvent[] = [];
    const m = session(s, { tools: [], rotateAfterMs: 150 }, events);
    await turn(m, 'first');
    await new Promise((r) => setTimeout(r, 200));
    await turn(m, 'second');
    const log = s.log.responses();
    expect(log.map((e) => [e.connectionId, e.generate, e.inputMode])).toEqual([
      [1, false, 'full'],
      [1, true, 'incremental'],
      [2, false, 'full'],
      [2, true, 'incremental'],
    ]);
    expect(log[3]!.step).toBe(1);
    expect(events.filter((e) => e.type === 'recovery')).toEqual([
      { type: 'recovery', kind: 'reconnect', reason: 'rotating the connection before its 60-minute limit', attempt: 1 },
    ]);
    expect(m.reconnects).toBe(1);
  });

  it('reconnects between turns when the server told the idle socket its time was up', async () => {
    const s = await sim({ scenario: CHAT, limitMs: 150, limitNotifyIdle: true });
    const events: SessionEvent[] = [];
    const m = session(s, { tools: [] }, events);
    await turn(m, 'first');
    await new Promise((r) => setTimeout(r, 300));
    await turn(m, 'second');
    const log = s.log.responses();
    expect(log.filter((e) => e.errorCode)).toEqual([]);
    expect(log.at(-1)).toMatchObject({ connectionId: 2, inputMode: 'incremental', step: 1 });
    expect(events.filter((e) => e.type === 'recovery').map((e) => e.kind)).toEqual(['limit_reached']);
  });
});
