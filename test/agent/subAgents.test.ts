// Sub-agents on lanes (issue 15): the real agent runs the parallel-review scenario against the
// simulator; spawn_agents forks four sub-agents. The simulator's request log shows what each fork
// sent: with lanes, one connection, previous_response_id = the parent's response and only the
// task (incremental); with --no-lanes, one socket each and the full context. Answers come back to
// the parent merged in task order. A connection dropped under three lanes is recovered per lane;
// cancel stops them all; their ledgers go to the session file under their names.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
  scenario?: Scenario;
  approval?: 'suggest' | 'auto-edit' | 'full-auto';
  faults?: FaultSpec[];
  profile?: string;
  sessionFile?: SessionFile;
  cancelOn?: (e: AgentEvent) => boolean;
  model?: string;
  /** Text the user types (a steer) at the first event that matches. */
  steer?: { at: (e: AgentEvent) => boolean; text: string };
}) {
  sim = await createSimulator({
    scenario: options.scenario ?? reviewScenario(options.tasks),
    lanes: options.lanes,
    ...(options.faults && { faults: options.faults }),
    ...(options.profile && { profile: options.profile }),
  });
  const root = copyFixture('calc-js');
  const events: AgentEvent[] = [];
  let subAgents: SubAgents | undefined;
  const registry = createToolRegistry({ tools: [...defaultTools(), createSpawnAgentsTool({ run: (tasks, ctx) => subAgents!.run(tasks, ctx) })] });
  const workspace = new WorkspaceGuard(root);
  const approvals = new ApprovalPolicy(options.approval ?? 'suggest');
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
    onEvent,
    ...(options.sessionFile && { sessionFile: options.sessionFile }),
  });
  const result = await agent.runTurn(loadScenario('parallel-review').prompt!, { signal: cancel.signal });
  return { result, events, root, log: sim.log.responses().filter((e) => e.generate) };
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

  it('two spawn_agents calls in one response put their sub-agents on four distinct lanes: no shared lane, no replay', async () => {
    const scenario = reviewScenario(4);
    const step = scenario.steps[2]!;
    const [spawn] = step.calls!;
    const tasks = (spawn!.arguments as { tasks: unknown[] }).tasks;
    step.calls = [
      { ...spawn!, arguments: { tasks: tasks.slice(0, 2) } },
      { ...spawn!, arguments: { tasks: tasks.slice(2) } },
    ];
    const { result, events, log } = await runReview({ lanes: true, scenario });
    expect(result.status).toBe('completed');
    const forks = log.filter((e) => e.forked);
    expect(forks.map((e) => e.streamId).sort()).toEqual(['agent-1', 'agent-2', 'agent-3', 'agent-4']);
    expect(new Set(log.filter((e) => e.branch !== null).map((e) => `${e.branch}@${e.streamId}`)).size).toBe(4);
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    expect(
      events
        .filter((e) => e.type === 'agent.started')
        .map((e) => (e as { lane: string }).lane)
        .sort(),
    ).toEqual(['agent-1', 'agent-2', 'agent-3', 'agent-4']);
  });

  it("a finished sub-agent's lane is used again by the next spawn_agents call", async () => {
    const scenario = reviewScenario(4);
    const spawnStep = scenario.steps[2]!;
    const [spawn] = spawnStep.calls!;
    const tasks = (spawn!.arguments as { tasks: unknown[] }).tasks;
    const final = scenario.steps[3]!;
    scenario.steps = [
      scenario.steps[0]!,
      scenario.steps[1]!,
      { ...spawnStep, calls: [{ ...spawn!, arguments: { tasks: tasks.slice(0, 2) } }] },
      { expect: { contains: ['Parser review', 'Tokenizer review'] }, calls: [{ ...spawn!, arguments: { tasks: tasks.slice(2) } }] },
      { ...final, expect: { contains: ['Evaluator review', 'Functions review'] } },
    ];
    const { result, events, log } = await runReview({ lanes: true, scenario });
    expect(result.status).toBe('completed');
    expect(events.filter((e) => e.type === 'agent.started').map((e) => (e as { lane: string }).lane)).toEqual(['agent-1', 'agent-2', 'agent-1', 'agent-2']);
    const forks = log.filter((e) => e.forked).map((e) => e.streamId);
    expect([forks.slice(0, 2).sort(), forks.slice(2).sort()]).toEqual([
      ['agent-1', 'agent-2'],
      ['agent-1', 'agent-2'],
    ]);
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    expect(events.filter((e) => e.type === 'agent.completed').every((e) => (e as { status: string }).status === 'completed')).toBe(true);
  });

  for (const approval of ['auto-edit', 'full-auto'] as const) {
    it(`sub-agents are read-only in ${approval}: write_file, edit_file and run_command are refused and nothing changes`, async () => {
      const scenario = reviewScenario(1);
      scenario.branches![0]!.steps[0]!.calls = [
        { name: 'write_file', arguments: { path: 'HACKED.txt', content: 'x\n' } },
        { name: 'edit_file', arguments: { path: 'src/parser.js', old_string: 'const MAX_DEPTH = 200;', new_string: 'const MAX_DEPTH = 1;' } },
        { name: 'run_command', arguments: { command: 'touch RAN.txt', timeout_ms: null } },
      ];
      const { events, root } = await runReview({ lanes: true, scenario, approval });
      const done = events.filter((e) => e.type === 'tool.completed' && 'agent' in e && e.name !== 'read_file' && e.name !== 'search');
      expect(done.map((e) => [(e as { name: string }).name, (e as { ok: boolean }).ok])).toEqual([
        ['write_file', false],
        ['edit_file', false],
        ['run_command', false],
      ]);
      expect((done[0] as { output: string }).output).toContain('sub-agents have read-only tools and cannot edit files, whatever the approval mode');
      expect((done[2] as { output: string }).output).toContain('cannot run commands');
      expect(existsSync(join(root, 'HACKED.txt'))).toBe(false);
      expect(existsSync(join(root, 'RAN.txt'))).toBe(false);
      expect(readFileSync(join(root, 'src/parser.js'), 'utf8')).toContain('const MAX_DEPTH = 200;');
    });
  }

  it('the spawn_agents description says the same as the README: read-only, the parent edits', () => {
    const tool = createSpawnAgentsTool({ run: async () => ({ ok: true, output: '' }) });
    expect(tool.description).toContain('Sub-agents are read-only whatever the approval mode');
    expect(readFileSync(new URL('../../README.md', import.meta.url), 'utf8')).toMatch(/read-only sub-agents[^.]*whatever the approval mode/);
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
