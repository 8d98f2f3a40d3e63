// Plan mode with an MCP server, in-process: the server's tools marked readOnlyHint are offered in
// plan mode beside the built-in read-only tools, its other tools only once plan mode ends; each
// switch is one new chain and a mode.changed event.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../../src/agent/events.js';
import { createAgentApp, type AgentApp } from '../../../src/cli/agentApp.js';
import { resolveSettings } from '../../../src/config/settings.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { sandboxSetting } from '../../helpers/sandboxAvailable.js';
import { configWith, emptyRepo, stdioServer } from './mcpHarness.js';

let sim: Simulator | undefined;
let app: AgentApp | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  await sim?.close();
  sim = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('plan mode with MCP tools', () => {
  it('offers the read-only MCP tools in plan mode and every tool after it, one new chain each way', async () => {
    sim = await createSimulator({ scenario: null });
    const configDir = configWith({ demo: stdioServer() });
    const cwd = emptyRepo();
    dirs.push(configDir, cwd);
    const events: AgentEvent[] = [];
    const settings = { ...resolveSettings({}, {}, {}).settings, apiKey: 'sk-plan-mcp', baseUrl: sim.baseUrl, sandbox: sandboxSetting };
    app = await createAgentApp({ settings, cwd, configDir, approver: null, onEvent: (e) => events.push(e) });
    await app.connect();

    app.setWorkMode('plan');
    expect(await app.agent.runTurn('plan a greeting')).toMatchObject({ status: 'completed' });
    const planned = sim.log.responses().filter((e) => e.generate);
    const offered = planned[0]!.tools ?? [];
    expect(offered).toEqual(expect.arrayContaining(['read_file', 'update_plan', 'mcp__demo__echo', 'mcp__demo__picture']));
    for (const name of ['mcp__demo__add', 'mcp__demo__note', 'apply_patch', 'run_command', 'spawn_agents']) expect(offered).not.toContain(name);
    for (const request of planned) expect(request.tools).toEqual(offered);
    expect(planned[0]!.previousResponseId).toBeNull();
    expect(events.filter((e) => e.type === 'mode.changed')).toEqual([{ type: 'mode.changed', mode: 'plan', tools: offered }]);

    app.setWorkMode('normal');
    await app.agent.runTurn('go');
    const after = sim.log
      .responses()
      .filter((e) => e.generate)
      .slice(planned.length);
    expect(after[0]!.tools).toEqual(expect.arrayContaining(['mcp__demo__add', 'mcp__demo__note', 'mcp__demo__echo', 'apply_patch', 'run_command']));
    expect(after[0]!.previousResponseId).toBeNull();
    expect(events.filter((e) => e.type === 'mode.changed').map((e) => (e as { mode: string }).mode)).toEqual(['plan', 'normal']);
  }, 30_000);
});
