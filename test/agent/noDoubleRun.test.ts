// A retried request never runs a tool twice: a call that already started in an attempt the
// session threw away answers the same call in the retried response.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  await sim?.close();
});

const SCENARIO: Scenario = {
  name: 'append',
  description: 'an edit that would fail if it ran twice, followed by more output in the same response',
  steps: [
    {
      calls: [
        { name: 'edit_file', arguments: { path: 'log.txt', old_string: 'entries:\n', new_string: 'entries:\n- one\n' } },
        { name: 'read_file', arguments: { path: 'log.txt', start_line: null, end_line: null } },
      ],
    },
    { message: 'Added the entry.' },
  ],
};

describe('retries and tool calls', () => {
  for (const fault of ['stream_error@2', 'drop@2', 'close_1011@2']) {
    it(`${fault} after the edit call was streamed: the edit runs once and its result answers the retried call`, async () => {
      sim = await createSimulator({ scenario: SCENARIO, faults: [fault] });
      const dir = mkdtempSync(join(tmpdir(), 'wsagent-once-'));
      writeFileSync(join(dir, 'log.txt'), 'entries:\n');
      harness = await createHarness(sim, dir);
      const result = await harness.agent.runTurn('add an entry');
      expect(result.status).toBe('completed');
      expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('entries:\n- one\n');
      const started = harness.events.filter((e) => e.type === 'tool.started' && e.name === 'edit_file');
      expect(started).toHaveLength(1);
      const done = harness.events.filter((e): e is Extract<AgentEvent, { type: 'tool.completed' }> => e.type === 'tool.completed' && e.name === 'edit_file');
      expect(done.every((e) => e.ok)).toBe(true);
      expect(harness.events.some((e) => e.type === 'recovery')).toBe(true);
      // Every call of the final response got exactly one output, sent once.
      const last = sim.log.responses().at(-1)!;
      expect(last.functionCallOutputIds).toHaveLength(2);
      expect(result.finalMessage).toBe('Added the entry.');
    });
  }
});
