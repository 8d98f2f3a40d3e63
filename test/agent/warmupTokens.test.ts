// Tokens are counted once they were sent with a real request (issue 19): the warm-up that
// prepares the socket (generate:false) is not a request of the user's, and the first real request
// reports the same input again, so counting it showed `tok 3.0k in` before anything was asked.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { copyFixture, createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  await sim?.close();
  if (harness) rmSync(dirname(harness.root), { recursive: true, force: true });
  harness = undefined;
  sim = undefined;
});

const usages = (events: AgentEvent[]) => events.filter((e): e is Extract<AgentEvent, { type: 'usage' }> => e.type === 'usage');

describe('token counts', () => {
  it('the warm-up counts no tokens; each real request counts its own once', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    harness = await createHarness(sim, copyFixture('calc-js'));
    await harness.session.connect();
    const warmups = sim.log.responses().filter((e) => !e.generate);
    expect(warmups).toHaveLength(1);
    expect(warmups[0]!.status).toBe('completed');
    // Connected and warmed up: nothing was asked yet, so nothing is counted.
    expect(usages(harness.events)).toEqual([]);
    expect(harness.agent.sessionStats.tokens).toEqual({ input: 0, cached: 0, output: 0 });
    expect(harness.agent.sessionStats.requests).toBe(0);

    const result = await harness.agent.runTurn('What is the difference between debounce and throttle?');
    expect(result.status).toBe('completed');
    const real = sim.log.responses().filter((e) => e.generate);
    const counted = usages(harness.events);
    expect(counted).toHaveLength(real.length);
    const stats = harness.agent.sessionStats;
    expect(stats.requests).toBe(real.length);
    expect(stats.tokens.input).toBe(counted.reduce((n, u) => n + u.input, 0));
    expect(stats.tokens.input).toBeGreaterThan(0);
    // The wire's account agrees: what the simulator reported for the generating requests alone.
    expect(stats.tokens.input).toBe(real.reduce((n, e) => n + (e.usage?.input ?? 0), 0));
    expect(stats.tokens.output).toBe(real.reduce((n, e) => n + (e.usage?.output ?? 0), 0));
  });
});
