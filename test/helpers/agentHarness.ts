// The real agent (loop, tools, approvals, undo) on a real repository, driven by the simulator.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from '../../src/agent/Agent.js';
import type { AgentEvent, ApprovalDecision } from '../../src/agent/events.js';
import type { ApprovalRequest, ToolCatalog } from '../../src/agent/ports.js';
import type { Tool } from '../../src/protocol/index.js';
import { ModelSession, type ModelSessionOptions } from '../../src/session/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { ApprovalPolicy, type ApprovalMode } from '../../src/tools/approvalPolicy.js';
import { createToolRegistry, type ToolRegistryOptions, WorkspaceGuard } from '../../src/tools/index.js';
import type { CommandRuleGate } from '../../src/tools/rules/commandRuleGate.js';
import { createWorkspaceSnapshots, type WorkspaceSnapshots } from '../../src/tools/snapshots/index.js';
import { git } from './fixtureRepo.js';

export interface Harness {
  agent: Agent;
  session: ModelSession;
  snapshots: WorkspaceSnapshots;
  events: AgentEvent[];
  root: string;
  close(): Promise<void>;
}

export function copyFixture(name: string, withGit = true): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-agent-')), name);
  cpSync(new URL(`../../fixtures/repos/${name}`, import.meta.url), dir, { recursive: true });
  if (withGit) {
    git(dir, ['init', '-q', '-b', 'main']);
    git(dir, ['add', '-A']);
    git(dir, ['commit', '-q', '-m', 'initial']);
  }
  return dir;
}

export async function createHarness(
  sim: Simulator,
  root: string,
  options: {
    approval?: ApprovalMode;
    approver?: (r: ApprovalRequest) => Promise<ApprovalDecision>;
    maxTurns?: number;
    tools?: ToolRegistryOptions;
    /** Session options beyond the defaults (model, steering, session file…). */
    session?: Partial<ModelSessionOptions>;
    /** Also called with every event, as it is emitted (a test can act at a precise moment). */
    onEvent?: (event: AgentEvent) => void;
    /** Command rules for run_command (absent: none). */
    commandRules?: CommandRuleGate;
  } = {},
): Promise<Harness> {
  const events: AgentEvent[] = [];
  const registry = createToolRegistry(options.tools);
  const workspace = new WorkspaceGuard(root);
  const policy = new ApprovalPolicy(options.approval ?? 'full-auto');
  const session = new ModelSession({
    endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-agent-test' },
    model: 'gpt-5.2',
    instructions: 'You are a coding agent.',
    tools: registry.definitions() as unknown as Tool[],
    retryBaseDelayMs: 5,
    ...options.session,
  });
  const snapshots = await createWorkspaceSnapshots(workspace.root);
  const agent = new Agent({
    session,
    catalog: registry as unknown as ToolCatalog,
    approvals: policy,
    workspace,
    changes: snapshots,
    approver: options.approver ? (r) => options.approver!(r) : null,
    commandRules: options.commandRules ?? null,
    maxTurns: options.maxTurns ?? 100,
    onEvent: (e) => {
      events.push(e);
      options.onEvent?.(e);
    },
  });
  return {
    agent,
    session,
    snapshots,
    events,
    root: workspace.root,
    close: async () => {
      await session.close();
      await snapshots.dispose();
    },
  };
}
