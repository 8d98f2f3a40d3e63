// Interactively (an approver is present), a command the sandbox blocked is offered to the user to
// run once outside it, through the usual approval path: the agent assembled by createAgentApp, as
// the TUI uses it, against the simulator.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent, ApprovalDecision } from '../../src/agent/events.js';
import type { ApprovalRequest } from '../../src/agent/ports.js';
import { createAgentApp } from '../../src/cli/agentApp.js';
import { DEFAULTS } from '../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function runWith(decision: ApprovalDecision['decision']): Promise<{ events: AgentEvent[]; asked: ApprovalRequest[]; target: string }> {
  const outside = mkdtempSync('/var/tmp/wsagent-escape-'); // outside /tmp: the sandbox's /tmp is private
  cleanup.push(outside);
  const target = join(outside, 'out.txt');
  sim = await createSimulator({
    scenario: {
      name: 'escape',
      description: 'a command that writes outside the workspace',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: `echo outside > ${target}`, timeout_ms: null } }] }, { message: 'Done.' }],
    },
  });
  const configDir = mkdtempSync(join(tmpdir(), 'wsagent-escape-config-'));
  cleanup.push(configDir);
  const events: AgentEvent[] = [];
  const asked: ApprovalRequest[] = [];
  const app = await createAgentApp({
    settings: { ...DEFAULTS, apiKey: 'sk-escape-test', baseUrl: sim.baseUrl, approval: 'full-auto', sandbox: 'workspace-write' },
    cwd: copyCalcJs(),
    configDir,
    approver: async (request) => {
      asked.push(request);
      return decision === 'deny' ? { decision: 'deny' } : { decision };
    },
    onEvent: (event) => events.push(event),
  });
  try {
    await app.agent.runTurn('Write the file.');
  } finally {
    await app.close();
  }
  return { events, asked, target };
}

describe.skipIf(!sandboxAvailable)(`a command the sandbox blocked${noSandbox}`, () => {
  it('approved: asked once with the reason, then run once outside the sandbox', async () => {
    const { events, asked, target } = await runWith('approve');
    expect(asked).toHaveLength(1); // full-auto: only the escape asks
    expect(asked[0]).toMatchObject({ name: 'run_command', kind: 'command', display: expect.stringContaining('(outside the sandbox)') });
    const call = events.find((e) => e.type === 'tool.requested') as { callId: string };
    expect(asked[0]?.callId).toBe(`${call.callId}.outside-sandbox`);
    const prompt = events.find((e) => e.type === 'tool.approval_required') as { reason: string };
    expect(prompt.reason).toMatch(/^the workspace-write sandbox blocked this command \(it may not use writing outside the workspace/);
    const done = events.filter((e) => e.type === 'tool.completed') as Array<{ callId: string; ok: boolean; output: string }>;
    expect(done.map((e) => e.callId)).toEqual([`${call.callId}.outside-sandbox`, call.callId]);
    expect(done[1]).toMatchObject({ ok: true });
    expect(done[1]?.output).toContain('The user approved running it once outside the sandbox');
    expect(readFileSync(target, 'utf8')).toBe('outside\n');
  });

  it('denied: the file is not written and the model is told', async () => {
    const { events, target } = await runWith('deny');
    const done = events.filter((e) => e.type === 'tool.completed') as Array<{ ok: boolean; output: string }>;
    expect(done.at(-1)).toMatchObject({ ok: false });
    expect(done.at(-1)?.output).toContain('The user declined to run it outside the sandbox');
    expect(existsSync(target)).toBe(false);
  });
});
