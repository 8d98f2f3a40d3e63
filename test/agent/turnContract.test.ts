// The loop's contract: a turn never throws, whatever a tool does, and the agent's overhead is only
// its own time between a terminal event and the next send — never the user's idle time.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/Agent.js';
import type { AgentEvent } from '../../src/agent/events.js';
import type { ParsedCall, ToolCatalog } from '../../src/agent/ports.js';
import type { Tool as WireTool } from '../../src/protocol/index.js';
import { ModelSession } from '../../src/session/index.js';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { ApprovalPolicy } from '../../src/tools/approvalPolicy.js';
import { createToolRegistry, WorkspaceGuard } from '../../src/tools/index.js';
import type { Tool } from '../../src/tools/types.js';
import { createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
let session: ModelSession | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await session?.close();
  session = undefined;
  await sim?.close();
  sim = undefined;
});

/** A read-only tool with a bug: its display text throws (or its execute does). */
function buggyTool(where: 'display' | 'execute' | 'parse'): Tool<Record<string, never>> {
  return {
    name: 'buggy',
    description: 'a tool with a bug',
    kind: 'read',
    parameters: { type: 'object', properties: {}, required: [], additionalProperties: false },
    validate: () => ({ ok: true, args: {} }),
    display: () => {
      if (where === 'display') throw new TypeError("Cannot read properties of undefined (reading 'length')");
      return 'buggy';
    },
    execute: async () => {
      if (where === 'execute') throw new Error('execute exploded');
      return { ok: true, output: 'fine' };
    },
  };
}

describe('Agent.runTurn never throws', () => {
  for (const where of ['display', 'execute', 'parse'] as const) {
    it(`a tool whose ${where} throws becomes that call's error output, and the turn completes`, async () => {
      const scenario: Scenario = {
        name: 'buggy',
        description: 'one call of a buggy tool next to a good one, then an answer',
        steps: [
          {
            calls: [
              { name: 'buggy', arguments: {} },
              { name: 'read_file', arguments: { path: 'a.txt', start_line: null, end_line: null } },
            ],
          },
          { expect: { contains: 'hello' }, message: 'Done despite the bug.' },
        ],
      };
      sim = await createSimulator({ scenario });
      const dir = mkdtempSync(join(tmpdir(), 'wsagent-buggy-'));
      writeFileSync(join(dir, 'a.txt'), 'hello\n');
      const registry = createToolRegistry();
      const tool = buggyTool(where);
      const catalog: ToolCatalog = {
        definitions: () =>
          [...registry.definitions(), { type: 'function', name: tool.name, parameters: tool.parameters }] as ReturnType<ToolCatalog['definitions']>,
        parseArguments: (name, json): ParsedCall => {
          if (name !== tool.name) return (registry as unknown as ToolCatalog).parseArguments(name, json);
          if (where === 'parse') throw new Error('parser exploded');
          return { ok: true, tool: tool as Tool, args: {} };
        },
      };
      const events: AgentEvent[] = [];
      session = new ModelSession({
        endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-contract' },
        model: 'gpt-5.2',
        instructions: 'test',
        tools: catalog.definitions() as unknown as WireTool[],
      });
      const agent = new Agent({
        session,
        catalog,
        approvals: new ApprovalPolicy('full-auto'),
        workspace: new WorkspaceGuard(dir),
        onEvent: (e) => events.push(e),
      });
      const result = await agent.runTurn('go');
      expect(result.status).toBe('completed');
      expect(result.finalMessage).toBe('Done despite the bug.');
      const done = events.filter((e): e is Extract<AgentEvent, { type: 'tool.completed' }> => e.type === 'tool.completed');
      const buggy = done.find((e) => e.name === 'buggy')!;
      expect(buggy.ok).toBe(false);
      expect(buggy.output).toMatch(where === 'parse' ? /could not be checked: parser exploded/ : /The tool buggy failed unexpectedly: /);
      // Every call was announced before it completed, and the model got both outputs.
      expect(
        events
          .filter((e) => e.type === 'tool.requested')
          .map((e) => (e as { callId: string }).callId)
          .sort(),
      ).toEqual(done.map((e) => e.callId).sort());
      expect(sim.log.responses().at(-1)!.functionCallOutputIds).toHaveLength(2);
    });
  }
});

describe('agent overhead', () => {
  it("a cancelled turn's idle time is not the next turn's overhead", async () => {
    const scenario: Scenario = {
      name: 'cancel-then-chat',
      description: 'a slow command the user cancels, then a plain answer',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: 'sleep 5', timeout_ms: null } }] }, { message: 'Here I am again.' }],
    };
    sim = await createSimulator({ scenario });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-overhead-'));
    harness = await createHarness(sim, dir);
    const controller = new AbortController();
    const first = harness.agent.runTurn('run the slow thing', { signal: controller.signal });
    while (!harness.events.some((e) => e.type === 'tool.started')) await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect((await first).status).toBe('cancelled');
    // The user thinks for a while before typing the next prompt.
    await new Promise((r) => setTimeout(r, 1500));
    const from = harness.events.length;
    const second = await harness.agent.runTurn('are you there?');
    expect(second.status).toBe('completed');
    const requests = harness.events
      .slice(from)
      .filter((e): e is Extract<AgentEvent, { type: 'request.completed' }> => e.type === 'request.completed' && !e.stats.warmup);
    expect(requests).toHaveLength(1);
    // The first request of a turn follows the user's prompt, not a terminal event: no overhead to measure.
    expect(requests[0]!.overheadMs).toBeNull();
    expect(second.timings.overheadMs).toBe(0);
  });
});
