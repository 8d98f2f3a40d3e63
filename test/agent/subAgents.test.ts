// Sub-agents on lanes (issue 15): the real agent runs the parallel-review scenario against the
// simulator; spawn_agents forks four sub-agents. The simulator's request log shows what each fork
// sent: with lanes, one connection, previous_response_id = the parent's response and only the
// task (incremental); with --no-lanes, one socket each and the full context. Answers come back to
// the parent merged in task order. A connection dropped under three lanes is recovered per lane;
// cancel stops them all; their ledgers go to the session file under their names.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/Agent.js';
import type { AgentEvent } from '../../src/agent/events.js';
import type { ToolCatalog } from '../../src/agent/ports.js';
import { SubAgents } from '../../src/agent/SubAgents.js';
import type { Tool } from '../../src/protocol/index.js';
import { ModelSession, readSession, SessionFile } from '../../src/session/index.js';
import { createSimulator, type FaultSpec, loadScenario, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { ApprovalPolicy } from '../../src/tools/approvalPolicy.js';
import { createSpawnAgentsTool, createToolRegistry, defaultTools, WorkspaceGuard } from '../../src/tools/index.js';
import { copyFixture } from '../helpers/agentHarness.js';

const NAMES = ['review-parser', 'review-tokenizer', 'review-evaluator', 'review-functions'];

let sim: Simulator | undefined;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  await sim?.close();
  sim = session = undefined;
});

/** The scenario, its spawn_agents call cut down to the first `count` tasks. */
function reviewScenario(count = 4): Scenario {
  const scenario = structuredClone(loadScenario('parallel-review'));
  for (const step of scenario.steps) {
    for (const call of step.calls ?? []) {
      const args = call.arguments as { tasks?: unknown[] };
      if (call.name === 'spawn_agents' && args.tasks) args.tasks = args.tasks.slice(0, count);
    }
  }
  return scenario;
}

async function runReview(options: {
  lanes: boolean;
  tasks?: number;
  faults?: FaultSpec[];
  profile?: string;
  sessionFile?: SessionFile;
  cancelOn?: (e: AgentEvent) => boolean;
  model?: string;
  /** Text the user types (a steer) at the first event that matches. */
  steer?: { at: (e: AgentEvent) => boolean; text: string };
}) {
  sim = await createSimulator({
    scenario: reviewScenario(options.tasks),
    lanes: options.lanes,
    ...(options.faults && { faults: options.faults }),
    ...(options.profile && { profile: options.profile }),
  });
  const root = copyFixture('calc-js');
  const events: AgentEvent[] = [];
  let subAgents: SubAgents | undefined;
  const registry = createToolRegistry({ tools: [...defaultTools(), createSpawnAgentsTool({ run: (tasks, ctx) => subAgents!.run(tasks, ctx) })] });
  const workspace = new WorkspaceGuard(root);
  const approvals = new ApprovalPolicy('suggest');
  session = new ModelSession({
    endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-agent-test' },
    model: options.model ?? 'gpt-5.2',
    instructions: 'You are a coding agent.',
    tools: registry.definitions() as unknown as Tool[],
    retryBaseDelayMs: 5,
  });
  let steered = false;
  const catalog = registry as unknown as ToolCatalog;
  const cancel = new AbortController();
  const onEvent = (e: AgentEvent): void => {
    events.push(e);
    if (options.cancelOn?.(e)) cancel.abort();
    if (options.steer && !steered && options.steer.at(e)) {
      steered = true;
      agent.steer(options.steer.text);
    }
  };
  const agent = new Agent({ session, catalog, approvals, workspace, onEvent });
  subAgents = new SubAgents({
    session,
    catalog,
    approvals,
    workspace,
    parentTurn: () => agent.currentTurn,
    onEvent,
    ...(options.sessionFile && { sessionFile: options.sessionFile }),
  });
  const result = await agent.runTurn(loadScenario('parallel-review').prompt!, { signal: cancel.signal });
  return { result, events, log: sim.log.responses().filter((e) => e.generate) };
}

/** The spawn_agents call's output as the parent sent it back. */
function spawnOutput(events: AgentEvent[]): string {
  const done = events.find((e) => e.type === 'tool.completed' && e.name === 'spawn_agents' && !('agent' in e));
  if (done?.type !== 'tool.completed') throw new Error('no spawn_agents output');
  return done.output;
}

describe('sub-agents', () => {
  it('forks four sub-agents onto lanes of one connection, each sending only its task, and merges their answers in order', async () => {
    const sessionFile = SessionFile.create(mkdtempSync(join(tmpdir(), 'wsagent-sub-')), { model: 'gpt-5.2', cwd: '/repo' });
    const { result, events, log } = await runReview({ lanes: true, sessionFile });
    expect(result.status).toBe('completed');
    // Each sub-agent's ledger went to the session file under its name; a resume reads only the parent's.
    const lines = readFileSync(sessionFile.path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { t: string; agent?: string; kind?: string });
    for (const name of NAMES) expect(lines.filter((l) => l.t === 'agent' && l.agent === name && l.kind === 'response').length).toBeGreaterThanOrEqual(4);
    expect(readSession(sessionFile.path).ledger.responses).toHaveLength(0);
    const spawnResponse = log.find((e) => e.branch === null && e.step === 2)!.responseId;
    const forks = log.filter((e) => e.forked);
    expect(forks.map((e) => e.streamId).sort()).toEqual(['agent-1', 'agent-2', 'agent-3', 'agent-4']);
    for (const fork of forks) {
      expect(fork.previousResponseId).toBe(spawnResponse);
      expect(fork.inputMode).toBe('incremental');
      expect(fork.connectionId).toBe(1);
      // The spawn call's output and the task: two items, no context resend.
      expect(fork.inputItems).toBe(2);
    }
    const parentFull = log.find((e) => e.branch === null && e.step === 2)!;
    // A fork's frame carries instructions and tools as always, but none of the context.
    for (const fork of forks) expect(fork.bytesUp).toBeLessThan(parentFull.bytesUp);
    // Every sub-agent request ran on its lane of connection 1, concurrently with the others.
    const subRequests = log.filter((e) => e.branch !== null);
    expect(new Set(subRequests.map((e) => e.connectionId))).toEqual(new Set([1]));
    expect(new Set(subRequests.map((e) => e.branch))).toEqual(new Set(NAMES));
    expect(subRequests.filter((e) => !e.forked).every((e) => e.inputMode === 'incremental')).toBe(true);

    const output = spawnOutput(events);
    const positions = NAMES.map((name) => output.indexOf(`## ${name}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(events.filter((e) => e.type === 'agent.completed').map((e) => (e as { status: string }).status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    // Sub-agents' tool events are tagged with their names.
    const tagged = events.filter((e) => e.type === 'tool.completed' && 'agent' in e).map((e) => (e as { agent: string }).agent);
    expect(new Set(tagged)).toEqual(new Set(NAMES));
    expect(result.finalMessage).toContain('Summary of the four reviews');
  });

  it('without lanes (--no-lanes) gives each sub-agent its own socket and the full context', async () => {
    const { result, events, log } = await runReview({ lanes: false });
    expect(result.status).toBe('completed');
    const subFirst = NAMES.map((name) => log.find((e) => e.branch === name)!);
    expect(subFirst.every((e) => e.inputMode === 'full' && e.previousResponseId === null && e.streamId === null)).toBe(true);
    const parentConnection = log[0]!.connectionId;
    const connections = new Set(subFirst.map((e) => e.connectionId));
    expect(connections.size).toBe(4);
    expect(connections.has(parentConnection)).toBe(false);
    // One probe named a lane and was refused; it was never run twice.
    const refused = sim!.log.responses().filter((e) => e.errorCode === 'unknown_parameter');
    expect(refused).toHaveLength(1);
    // The refusal was a failed continuation of the parent's response (evicted): its summary request restarts the chain at once.
    expect(sim!.log.responses().filter((e) => e.errorCode === 'previous_response_not_found')).toHaveLength(0);
    expect(log.at(-1)).toMatchObject({ branch: null, inputMode: 'full', connectionId: parentConnection });
    const output = spawnOutput(events);
    const positions = NAMES.map((name) => output.indexOf(`## ${name}\n`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('recovers each of three lanes from one dropped connection: one full replay per live lane, no tool run twice', async () => {
    // Slow first tokens keep the other two lanes in flight when the third lane's connection drops.
    const { result, events, log } = await runReview({
      lanes: true,
      tasks: 3,
      profile: 'local,ttft_ms=300',
      faults: [{ kind: 'drop', lane: 'agent-3', request: 1, at: 'created' }],
    });
    expect(result.status).toBe('completed');
    const all = sim!.log.responses();
    const dropped = all.filter((e) => e.status === 'dropped');
    expect(dropped.map((e) => e.streamId).sort()).toEqual(['agent-1', 'agent-2', 'agent-3']);
    for (const lane of ['agent-1', 'agent-2', 'agent-3']) {
      const after = log.filter((e) => e.streamId === lane && e.connectionId === 2);
      // The lane's first request on the new connection replays its whole context (the parent's up to the fork, then its own).
      expect(after[0]!.inputMode).toBe('full');
      expect(after[0]!.previousResponseId).toBeNull();
      expect(after.filter((e) => e.inputMode === 'full')).toHaveLength(1);
    }
    expect(new Set(log.filter((e) => e.streamId !== null).map((e) => e.connectionId))).toEqual(new Set([1, 2]));
    const started = events
      .filter((e) => e.type === 'tool.started')
      .map((e) => `${(e as { callId: string; agent?: string }).agent}:${(e as { callId: string }).callId}`);
    expect(new Set(started).size).toBe(started.length);
    expect(events.filter((e) => e.type === 'agent.completed').map((e) => (e as { status: string }).status)).toEqual(['completed', 'completed', 'completed']);
  });

  it('cancel stops every sub-agent', async () => {
    const { result, events } = await runReview({ lanes: true, profile: 'local,ttft_ms=300', cancelOn: (e) => e.type === 'tool.started' && 'agent' in e });
    expect(result.status).toBe('cancelled');
    const completed = events.filter((e) => e.type === 'agent.completed').map((e) => (e as { status: string }).status);
    expect(completed).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    // Nothing ran after the cancel: every sub-agent tool that started also completed, and the parent sent no summary.
    const started = events.filter((e) => e.type === 'tool.started').length;
    expect(events.filter((e) => e.type === 'tool.completed').length).toBeGreaterThanOrEqual(started);
    expect(sim!.log.responses().filter((e) => e.branch === null && e.step === 3)).toHaveLength(0);
  });
});

describe('steering while sub-agents run', () => {
  it('a steer goes to the parent’s lane (its next request, once), never to a sub-agent, even with a steerable model', async () => {
    const text = 'Mention the tokenizer first.';
    const { result, events, log } = await runReview({
      lanes: true,
      model: 'gpt-6-astra',
      steer: { at: (e) => e.type === 'agent.started', text },
    });
    expect(result.status).toBe('completed');
    // No response.steer went out: the parent was waiting in spawn_agents, and sub-agents are not steered.
    expect(sim!.log.entries.filter((e) => e.kind.startsWith('steer'))).toHaveLength(0);
    const carrying = log.filter((e) => (e.userTexts ?? []).includes(text));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]!.branch).toBeNull();
    expect(carrying[0]!.streamId).toBeNull();
    expect(events.filter((e) => e.type === 'steer.committed')).toEqual([expect.objectContaining({ via: 'queued' })]);
  });
});
