// Pre-connect: the TUI opens the socket and sends the generate:false warm-up (instructions and tools)
// while the user types; the first request then chains from it. A prompt submitted while that
// warm-up is still in flight must wait for it, not send a second one.
import { afterEach, describe, expect, it } from 'vitest';
import { type ModelSession, userMessage } from '../../src/session/index.js';
import { createSimulator, loadScenario, type Simulator } from '../../src/simulator/index.js';
import { sessionOn } from '../helpers/scriptedAgent.js';

const chat = loadScenario('chat');

let sim: Simulator;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  await sim?.close();
});

async function drain(s: ModelSession): Promise<void> {
  const stream = s.respond();
  for (;;) if ((await stream.next()).done) return;
}

describe('pre-connect', () => {
  it('warms up before the prompt exists; the first request chains from that warm-up with only the prompt', async () => {
    sim = await createSimulator({ scenario: chat });
    session = sessionOn(sim, chat);
    await session.connect();
    const before = sim.log.responses();
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ generate: false, inputMode: 'full', inputItems: 0 });

    session.addItems([userMessage(chat.prompt!)], 'user');
    await drain(session);
    const log = sim.log.responses();
    expect(log).toHaveLength(2);
    expect(log[1]).toMatchObject({
      generate: true,
      inputMode: 'incremental',
      continuedFromCache: true,
      previousResponseId: before[0]!.responseId,
      inputItems: 1,
      connectionId: before[0]!.connectionId,
    });
  });

  it('a prompt submitted while the warm-up is in flight waits for it: one warm-up, the request chained from it', async () => {
    // 150 ms one way: the warm-up is still on the wire when the prompt arrives.
    sim = await createSimulator({ scenario: chat, profile: { oneWayMs: 150 } });
    session = sessionOn(sim, chat);
    const connecting = session.connect();
    session.addItems([userMessage(chat.prompt!)], 'user');
    await drain(session);
    await connecting;
    const log = sim.log.responses();
    expect(log.map((e) => e.generate)).toEqual([false, true]);
    expect(log[1]).toMatchObject({ inputMode: 'incremental', continuedFromCache: true, previousResponseId: log[0]!.responseId });
    // The prompt went over once: in the warm-up (it was in the ledger by the time the socket opened) or after it.
    expect(log[0]!.inputItems + log[1]!.inputItems).toBe(1);
  });
});
