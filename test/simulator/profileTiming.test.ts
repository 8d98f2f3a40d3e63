// The network profile prices each request in simulated (model) time: the log's serverMs and
// uplinkMs are computed figures, so they can be asserted exactly without timing anything.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, PROFILES, resolveProfile, type Simulator } from '../../src/simulator/index.js';
import { RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

// wan's model costs without its network delays, so the test stays quick.
const MODEL_ONLY = { ttftMs: 400, tokensPerSecond: 80, rebuildMsPer1kTokens: 10, storeLoadBaseMs: 150, storeLoadMsPer1kTokens: 2 };

describe('the fixed presets', () => {
  it('fast is wan with 150 ms to first token and 1,000 tokens/s; wan is unchanged', () => {
    const wan = { oneWayMs: 40, uplinkBps: 10_000_000, downlinkBps: 50_000_000, rebuildMsPer1kTokens: 10, storeLoadBaseMs: 150, storeLoadMsPer1kTokens: 2 };
    expect(PROFILES.wan).toEqual({ name: 'wan', ...wan, ttftMs: 400, tokensPerSecond: 80 });
    expect(resolveProfile('fast')).toEqual({ name: 'fast', ...wan, ttftMs: 150, tokensPerSecond: 1000 });
  });

  it('under fast, server time is the rebuild, 150 ms and 1 ms per output token', async () => {
    sim = await createSimulator({ scenario: CHAT, profile: 'fast' });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-4.1', store: false, input: [userMessage('hi')] });
    const r = responseOf(await s.response());
    expect(sim.log.responses()[0]!.timings.serverMs).toBe(Math.round((r.usage.input_tokens / 1000) * 10 + 150 + r.usage.output_tokens));
    s.close();
  });
});

describe('network profile costs', () => {
  it('charges time to first token, tokens per second and rebuilding uncached context', async () => {
    sim = await createSimulator({ scenario: CHAT, profile: { ...MODEL_ONLY, ttftMs: 40, tokensPerSecond: 1000 } });
    const s = await RawSocket.connect(sim.wsUrl);
    const big = 'x'.repeat(40_000); // ~10k tokens of uncached context
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage(big)] });
    const first = responseOf(await s.response());
    const entry = sim.log.responses()[0]!;
    const rebuild = (first.usage.input_tokens / 1000) * 10;
    expect(entry.timings.serverMs).toBe(Math.round(rebuild + 40 + first.usage.output_tokens * 1));

    // Continuing from the cache only rebuilds what is new.
    s.create({ model: 'gpt-5.2', store: false, previous_response_id: first.id, input: [userMessage('short')] });
    const second = responseOf(await s.response());
    const uncached = second.usage.input_tokens - second.usage.input_tokens_details.cached_tokens;
    expect(uncached).toBeLessThan(100);
    expect(sim.log.responses()[1]!.timings.serverMs).toBe(Math.round((uncached / 1000) * 10 + 40 + second.usage.output_tokens));
    s.close();
  });

  it('charges the uplink by one-way delay and bandwidth, for every transport alike', async () => {
    sim = await createSimulator({ scenario: CHAT, profile: { oneWayMs: 5, uplinkBps: 8_000_000 } });
    const s = await RawSocket.connect(sim.wsUrl);
    const bytes = s.create({ model: 'gpt-5.2', store: false, input: [userMessage('y'.repeat(20_000))] });
    await s.response();
    // 8 Mbit/s = 1 byte per µs.
    expect(sim.log.responses()[0]!.timings.uplinkMs).toBe(Math.round(5 + bytes / 1000));
    expect(sim.log.responses()[0]!.bytesUp).toBe(bytes);
    const res = await fetch(`${sim.baseUrl}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-5.2', store: false, input: [userMessage('y'.repeat(20_000))] }),
    });
    await res.json();
    const http = sim.log.responses()[1]!;
    expect(http.transport).toBe('http');
    expect(http.timings.uplinkMs).toBe(Math.round(5 + http.bytesUp / 1000));
    s.close();
  });

  it('delivers the first content delta no sooner than the model produced it', async () => {
    sim = await createSimulator({ scenario: CHAT, profile: { ttftMs: 120, oneWayMs: 20 } });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, input: [userMessage('hi')] });
    await s.response();
    const entry = sim.log.responses()[0]!;
    // A lower bound only: the machine may be slower, never faster than the simulated network.
    expect(entry.timings.firstDeltaMs!).toBeGreaterThanOrEqual(20 + 120 + 20 - 2);
    s.close();
  });
});
