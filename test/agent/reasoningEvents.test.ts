// The model's streamed reasoning summary reaches the front ends: `response.reasoning_summary_text.delta`
// becomes `reasoning.delta`, each `.done` one `reasoning.done` with the part's final text, before the answer.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await sim?.close();
  sim = undefined;
});

it('streams the reasoning summary as reasoning.delta and closes it with one reasoning.done before the answer', async () => {
  sim = await createSimulator({
    scenario: { name: 'think', description: 'think, then answer', steps: [{ reasoning: 'The user greets me; answer briefly.', message: 'Hello there.' }] },
  });
  harness = await createHarness(sim, mkdtempSync(join(tmpdir(), 'wsagent-reasoning-')));
  const result = await harness.agent.runTurn('hi');
  expect(result.status).toBe('completed');
  const events = harness.events;
  const deltas = events.filter((e) => e.type === 'reasoning.delta').map((e) => (e as { text: string }).text);
  expect(deltas.length).toBeGreaterThan(1);
  expect(deltas.join('')).toBe('The user greets me; answer briefly.');
  const dones = events.filter((e) => e.type === 'reasoning.done');
  expect(dones).toEqual([{ type: 'reasoning.done', text: 'The user greets me; answer briefly.' }]);
  const order = events.map((e) => e.type);
  expect(order.indexOf('reasoning.done')).toBeLessThan(order.indexOf('assistant.done'));
});
