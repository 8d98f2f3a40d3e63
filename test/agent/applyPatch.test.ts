// The real agent applies patches sent as custom tool calls: the patch scenario on a copy of
// calc-js, with approvals (the prompt shows the real diff), the undo snapshot, the answers going
// back as custom_tool_call_output, no tool run twice on a retried attempt, and the fall back to the
// function form when the server has no custom tools.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { AgentEvent } from '../../src/agent/events.js';
import type { ApprovalRequest } from '../../src/agent/ports.js';
import { createSimulator, loadScenario, type Simulator } from '../../src/simulator/index.js';
import { copyFixture, createHarness, type Harness } from '../helpers/agentHarness.js';

let sim: Simulator | undefined;
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  await sim?.close();
  sim = undefined;
});

const of = <T extends AgentEvent['type']>(events: AgentEvent[], type: T) => events.filter((e): e is Extract<AgentEvent, { type: T }> => e.type === type);

describe('the agent with apply_patch and update_plan', () => {
  it('fixes calc-js with patches: approvals show the real diff, plans are emitted, undo restores everything', async () => {
    const scenario = loadScenario('patch');
    sim = await createSimulator({ scenario });
    const repo = copyFixture('calc-js');
    const requests: ApprovalRequest[] = [];
    harness = await createHarness(sim, repo, {
      approval: 'suggest',
      tools: { applyPatch: 'custom', updatePlan: true },
      approver: async (r) => {
        requests.push(r);
        return { decision: 'approve' };
      },
    });
    const result = await harness.agent.runTurn(scenario.prompt!);
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toContain('All 40 tests pass');
    expect(sim.log.responses().every((e) => e.step !== -1)).toBe(true);
    expect(spawnSync('npm', ['test'], { cwd: repo }).status).toBe(0);

    // The outputs went back as custom_tool_call_output items, one per patch.
    const inputTypes = sim.log.responses().flatMap((e) => e.inputTypes);
    expect(inputTypes.filter((t) => t === 'custom_tool_call_output')).toHaveLength(2);

    // update_plan never asks; the two patches and run_tests do in suggest mode.
    expect(requests.map((r) => r.name)).toEqual(['run_tests', 'apply_patch', 'apply_patch', 'run_tests']);
    const firstPatch = requests[1]!;
    expect(firstPatch.display).toBe('apply_patch src/evaluator.js, src/functions.js');
    // The real diff with the files' own line numbers (lookupVariable is at line 46, roundTo at 38).
    expect(firstPatch.diff).toContain('--- a/src/evaluator.js\n+++ b/src/evaluator.js\n@@ -44,8 +44,9 @@');
    expect(firstPatch.diff).toContain('-  if (!value) {\n');
    expect(firstPatch.diff).toContain('--- a/src/functions.js\n+++ b/src/functions.js\n@@ -38,7 +38,9 @@\n export function roundTo(value, digits = 0) {\n');
    expect(of(harness.events, 'tool.approval_required').find((e) => e.name === 'apply_patch')?.diff).toBe(firstPatch.diff);

    const plans = of(harness.events, 'plan.updated');
    expect(plans).toHaveLength(5);
    expect(plans[0]!.plan.map((p) => p.status)).toEqual(['in_progress', 'pending', 'pending', 'pending']);
    expect(plans.at(-1)).toEqual({ type: 'plan.updated', explanation: 'All tests pass.', plan: expect.any(Array) });
    expect(plans.at(-1)!.plan.every((p) => p.status === 'completed')).toBe(true);

    const undone = await harness.snapshots.undo();
    expect(undone).toMatchObject({ turn: 1 });
    expect([...undone!.restored].sort()).toEqual(['CHANGELOG.md', 'src/evaluator.js', 'src/functions.js']);
    expect([...undone!.removed]).toEqual(['test/rounding.test.js']);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
  }, 90_000);

  it('a patch that fails to apply changes nothing and the model reads which hunk and why', async () => {
    const bad = '*** Begin Patch\n*** Update File: src/evaluator.js\n@@\n-  const value = scope[node.nme];\n+  const value = 1;\n*** End Patch\n';
    sim = await createSimulator({
      scenario: {
        name: 'bad',
        description: '',
        steps: [{ calls: [{ name: 'apply_patch', input: bad }] }, { expect: { contains: 'Hunk 1' }, message: 'It did not apply.' }],
      },
    });
    const repo = copyFixture('calc-js');
    harness = await createHarness(sim, repo, { tools: { applyPatch: 'custom' } });
    const result = await harness.agent.runTurn('patch it');
    expect(result.finalMessage).toBe('It did not apply.');
    const done = of(harness.events, 'tool.completed')[0]!;
    expect(done.ok).toBe(false);
    expect(done.output).toContain("The patch was not applied; no file was changed. Hunk 1 of '*** Update File: src/evaluator.js' (patch line 3)");
    expect(done.output).toContain('    47\t  const value = scope[node.name];');
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
  });

  it('the approval prompt of a move onto an existing file says that file will be overwritten; denied, nothing changes', async () => {
    const move = '*** Begin Patch\n*** Update File: CHANGELOG.md\n*** Move to: README.md\n@@\n+# Moved\n*** End Patch\n';
    sim = await createSimulator({
      scenario: {
        name: 'move',
        description: '',
        steps: [{ calls: [{ name: 'apply_patch', input: move }] }, { expect: { contains: 'denied' }, message: 'Left alone.' }],
      },
    });
    const repo = copyFixture('calc-js');
    const requests: ApprovalRequest[] = [];
    harness = await createHarness(sim, repo, {
      approval: 'suggest',
      tools: { applyPatch: 'custom' },
      approver: async (r) => {
        requests.push(r);
        return { decision: 'deny' };
      },
    });
    await harness.agent.runTurn('rename it');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.diff?.split('\n')[0]).toBe('! README.md exists and will be overwritten by CHANGELOG.md (its current content is lost)');
    expect(of(harness.events, 'tool.approval_required')[0]?.diff).toBe(requests[0]!.diff);
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo, encoding: 'utf8' })).toBe('');
  });

  it('falls back to the function form when the server refuses custom tools, for the rest of the session', async () => {
    const scenario = { ...loadScenario('patch'), custom_tools: false };
    sim = await createSimulator({ scenario });
    const repo = copyFixture('calc-js');
    harness = await createHarness(sim, repo, { tools: { applyPatch: 'custom', updatePlan: true } });
    const result = await harness.agent.runTurn(scenario.prompt!);
    expect(result.status).toBe('completed');
    expect(result.finalMessage).toContain('All 40 tests pass');
    // Refused once (the warm-up and the first request carry the custom tool), never again after.
    const log = sim.log.responses();
    const firstOk = log.findIndex((e) => e.status === 'completed');
    expect(log.slice(0, firstOk).map((e) => e.httpStatus)).toEqual(log.slice(0, firstOk).map(() => 400));
    expect(log.slice(0, firstOk).filter((e) => e.generate)).toHaveLength(1);
    expect(log.slice(firstOk).every((e) => e.status === 'completed')).toBe(true);
    expect(of(harness.events, 'error')).toEqual([expect.objectContaining({ code: 'custom_tools_unsupported', fatal: false })]);
    // The patches came back as function calls: their outputs are function_call_output items.
    expect(sim.log.responses().flatMap((e) => e.inputTypes)).not.toContain('custom_tool_call_output');
    expect(spawnSync('npm', ['test'], { cwd: repo }).status).toBe(0);
    expect(readFileSync(join(repo, 'test', 'rounding.test.js'), 'utf8')).toContain('roundTo(1.005, 2), 1.01');
  }, 90_000);

  for (const fault of ['stream_error@2', 'drop@2']) {
    it(`${fault} after the patch call was streamed: the patch applies once and its result answers the retried call`, async () => {
      const input = '*** Begin Patch\n*** Update File: log.txt\n@@\n entries:\n+- one\n*** End Patch\n';
      const scenario = {
        name: 'append',
        description: '',
        steps: [
          {
            calls: [
              { name: 'apply_patch', input },
              { name: 'read_file', arguments: { path: 'log.txt', start_line: null, end_line: null } },
            ],
          },
          { message: 'Added.' },
        ],
      };
      sim = await createSimulator({ scenario, faults: [fault] });
      const dir = mkdtempSync(join(tmpdir(), 'wsagent-once-'));
      writeFileSync(join(dir, 'log.txt'), 'entries:\n');
      harness = await createHarness(sim, dir, { tools: { applyPatch: 'custom' } });
      const result = await harness.agent.runTurn('add an entry');
      expect(result.status).toBe('completed');
      expect(readFileSync(join(dir, 'log.txt'), 'utf8')).toBe('entries:\n- one\n');
      expect(harness.events.filter((e) => e.type === 'tool.started' && e.name === 'apply_patch')).toHaveLength(1);
      expect(harness.events.some((e) => e.type === 'recovery')).toBe(true);
      const last = sim.log.responses().at(-1)!;
      expect(last.inputTypes.filter((t) => t === 'custom_tool_call_output')).toHaveLength(1);
      expect(last.functionCallOutputIds).toHaveLength(1);
    });
  }
});
