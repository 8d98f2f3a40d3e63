// Approvals per annotation: an MCP tool counts as a command (asks in suggest and auto-edit, so a
// headless run refuses it) unless the server annotates it readOnlyHint: true. "Always" can be
// given for one tool or for every tool of the server.
import { describe, expect, it, afterEach } from 'vitest';
import { ApprovalPolicy } from '../../../src/tools/approvalPolicy.js';
import { createSimulator, type Simulator } from '../../../src/simulator/index.js';
import { runCli } from '../../helpers/cli.js';
import { cliEnv, configWith, emptyRepo, jsonLines, stdioServer } from './mcpHarness.js';
import { sandboxFlags } from '../../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const scenario = {
  name: 'mcp-approvals',
  description: 'a read-only tool and a command-like one',
  steps: [
    {
      calls: [
        { name: 'mcp__demo__echo', arguments: { text: 'read' } },
        { name: 'mcp__demo__add', arguments: { a: 1, b: 1, note: null } },
      ],
    },
    { message: 'done' },
  ],
};

describe('MCP approvals', () => {
  for (const mode of ['suggest', 'auto-edit'] as const) {
    it(`${mode}: the readOnlyHint tool runs, the unannotated one is refused`, async () => {
      sim = await createSimulator({ scenario });
      const r = await runCli(['exec', '--json', '--approval', mode, '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Go.'], {
        env: cliEnv(configWith({ demo: stdioServer() })),
        timeoutMs: 60_000,
      });
      const events = jsonLines(r.stdout);
      const completed = events.filter((e) => e.type === 'tool.completed');
      expect(completed.map((e) => [e.name, e.ok])).toEqual([
        ['mcp__demo__echo', true],
        ['mcp__demo__add', false],
      ]);
      expect(String(completed[1]!.output)).toContain(`approval mode "${mode}" asks before running commands`);
      expect(events.filter((e) => e.type === 'error' && e.code === 'approval_refused')).toHaveLength(1);
    });
  }

  it('full-auto: both run', async () => {
    sim = await createSimulator({ scenario });
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', emptyRepo(), 'Go.'], {
      env: cliEnv(configWith({ demo: stdioServer() })),
      timeoutMs: 60_000,
    });
    const completed = jsonLines(r.stdout).filter((e) => e.type === 'tool.completed');
    expect(completed.map((e) => e.ok)).toEqual([true, true]);
  });

  it('"always" covers one tool, or every tool of the server when given for its scope', () => {
    const policy = new ApprovalPolicy('suggest');
    expect(policy.decide('mcp__demo__add', 'command', 'mcp:demo')).toBe('ask');
    policy.remember('mcp__demo__add');
    expect(policy.decide('mcp__demo__add', 'command', 'mcp:demo')).toBe('allow');
    expect(policy.decide('mcp__demo__other', 'command', 'mcp:demo')).toBe('ask');
    policy.remember('mcp:demo');
    expect(policy.decide('mcp__demo__other', 'command', 'mcp:demo')).toBe('allow');
    expect(policy.decide('mcp__web__other', 'command', 'mcp:web')).toBe('ask');
    expect(policy.decide('run_command', 'command')).toBe('ask');
  });
});
