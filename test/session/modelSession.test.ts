// The session over real sockets against the simulator: what goes over the wire on the happy path.
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelSession, SessionEvent } from '../../src/session/index.js';
import { createSimulator, loadScenario, type Simulator } from '../../src/simulator/index.js';
import { ledgerShape, runScripted, sessionOn } from '../helpers/scriptedAgent.js';

const coding = loadScenario('coding');

let sim: Simulator;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  await sim?.close();
});

export function newSession(s: Simulator, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}, events: SessionEvent[] = []): ModelSession {
  return sessionOn(s, coding, extra, events);
}

describe('ModelSession on one socket', () => {
  it('warms up, then sends only new items on one connection for the whole coding scenario', async () => {
    sim = await createSimulator({ scenario: coding });
    const events: SessionEvent[] = [];
    session = newSession(sim, {}, events);
    const run = await runScripted(session, coding);
    expect(run.finalText).toContain('All 40 tests pass');
    expect(run.discards).toEqual([]);

    const log = sim.log.responses();
    expect(new Set(log.map((e) => e.connectionId))).toEqual(new Set([1]));
    expect(log[0]).toMatchObject({ generate: false, inputMode: 'full', inputItems: 1 });
    // Every real request continues from the connection cache and carries only what is new.
    for (const entry of log.slice(1)) {
      expect(entry).toMatchObject({ inputMode: 'incremental', continuedFromCache: true, status: 'completed' });
    }
    expect(log[1]!.inputItems).toBe(0); // chained from the warm-up, which already holds the prompt
    const sent = log.flatMap((e) => e.functionCallOutputIds);
    expect(sent).toHaveLength(28);
    expect(new Set(sent).size).toBe(28);
    expect(sent).toEqual(run.answered);
    // The requests' sizes do not grow with the history: the last is no bigger than the largest early one.
    const sizes = log.slice(1).map((e) => e.bytesUp);
    expect(Math.max(...sizes)).toBeLessThan(20_000);

    const completed = events.filter((e) => e.type === 'request.completed');
    expect(completed).toHaveLength(log.length);
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    expect(ledgerShape(session).filter((s) => (s as string[])[1] === 'call')).toHaveLength(28);
  });

  it('over HTTP with store:false resends the full context each time', async () => {
    sim = await createSimulator({ scenario: coding });
    session = newSession(sim, { transport: 'http' });
    const run = await runScripted(session, coding);
    expect(run.finalText).toContain('All 40 tests pass');
    const log = sim.log.responses();
    expect(log.every((e) => e.transport === 'http' && e.inputMode === 'full')).toBe(true);
    expect(log.at(-1)!.bytesUp).toBeGreaterThan(log[0]!.bytesUp * 10);
  });

  it('over HTTP with store:true continues with previous_response_id from the store', async () => {
    sim = await createSimulator({ scenario: coding });
    session = newSession(sim, { transport: 'http', store: true });
    await runScripted(session, coding);
    const log = sim.log.responses();
    expect(log[0]!.inputMode).toBe('full');
    expect(log.slice(1).every((e) => e.inputMode === 'incremental' && e.cache === 'store')).toBe(true);
  });

  it('restarts the chain with the full context when the model or instructions change', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    session = newSession(sim, { tools: [] });
    const chat = loadScenario('chat');
    await runScripted(session, chat);
    session.setInstructions('Answer in French.');
    session.addItems([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: chat.steps[1]!.user! }] }], 'user');
    const stream = session.respond();
    for (let r = await stream.next(); !r.done; r = await stream.next());
    const last = sim.log.responses().at(-1)!;
    expect(last).toMatchObject({ inputMode: 'full', step: 1 });
  });
});
