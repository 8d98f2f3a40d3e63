// The parallel-review scenario over lanes: the parent explores calc-js, calls spawn_agents with
// four review tasks, each task is forked onto its own lane (sending only its task), each
// sub-agent plays its branch of the script to its answer, and the parent summarises. Also: the
// fixture's sample outputs are what the tools really return, and scenario branches are chosen
// by content only.
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSimulator, loadScenario, packageRoot, type Simulator } from '../../src/simulator/index.js';
import type { Scenario, ScenarioCall, ScenarioStep } from '../../src/simulator/scenario.js';
import { copyRepo, removeRepo, runTool } from '../fixtures/sim-tools.mjs';
import { RawSocket } from '../helpers/rawSocket.js';
import { userMessage } from '../helpers/scenarios.js';

type Json = Record<string, any>;

const scenario: Scenario = loadScenario('parallel-review');
const fn = (name: string): Json => ({
  type: 'function',
  name,
  description: name,
  strict: false,
  parameters: { type: 'object', properties: {}, additionalProperties: true },
});
const TOOLS = ['list_files', 'read_file', 'search', 'spawn_agents'].map(fn);
const SUB_AGENT_TOOLS = ['list_files', 'read_file', 'search'].map(fn);

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const isEnd = (e: Json): boolean => e.type === 'response.completed' || e.type === 'response.failed' || (e.type === 'error' && e.sequence_number === undefined);

/** A socket whose responses are collected per lane. */
class Lanes {
  private seen = 0;
  private ends = new Map<string | null, Json[]>();
  private constructor(readonly s: RawSocket) {}
  static async open(url: string): Promise<Lanes> {
    return new Lanes(await RawSocket.connect(url));
  }
  private scan(): void {
    for (; this.seen < this.s.frames.length; this.seen++) {
      const e = this.s.frames[this.seen]!.json as Json | null;
      if (!e || !isEnd(e)) continue;
      const lane = (e.stream_id as string | undefined) ?? null;
      this.ends.set(lane, [...(this.ends.get(lane) ?? []), e]);
    }
  }
  /** Sends a request on a lane and waits for its end event. */
  async request(lane: string | null, body: Json): Promise<Json> {
    this.scan();
    const before = this.ends.get(lane)?.length ?? 0;
    this.s.create({ model: 'gpt-4.1', store: false, ...body, ...(lane !== null && { stream_id: lane }) });
    const deadline = Date.now() + 10_000;
    for (;;) {
      this.scan();
      const end = this.ends.get(lane)?.[before];
      if (end) return end;
      if (Date.now() > deadline) throw new Error(`no answer on lane ${lane}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

const calls = (end: Json): Json[] => (end.response.output as Json[]).filter((i) => i.type === 'function_call');
const message = (end: Json): string =>
  (end.response.output as Json[])
    .filter((i) => i.type === 'message')
    .map((i) => (i.content as Json[]).map((c) => c.text).join(''))
    .join('');

/** The scripted call a function call came from, for its sample output. */
function sampleFor(call: Json): string {
  const steps: ScenarioStep[] = [...scenario.steps, ...(scenario.branches ?? []).flatMap((b) => b.steps)];
  const scripted = steps.flatMap((s) => s.calls ?? []).find((c: ScenarioCall) => c.name === call.name && JSON.stringify(c.arguments) === call.arguments);
  if (scripted?.sample_output === undefined) throw new Error(`no scripted call for ${call.name} ${call.arguments}`);
  return scripted.sample_output;
}
const answer = (end: Json): Json[] => calls(end).map((c) => ({ type: 'function_call_output', call_id: c.call_id, output: sampleFor(c) }));

/** Runs a sub-agent's tool loop on its lane until it answers; returns its answer. */
async function runSubAgent(lanes: Lanes, lane: string | null, first: Json): Promise<string> {
  let end = await lanes.request(lane, first);
  while (calls(end).length > 0) {
    end = await lanes.request(lane, { previous_response_id: end.response.id, tools: SUB_AGENT_TOOLS, input: answer(end) });
  }
  expect(end.type).toBe('response.completed');
  return message(end);
}

describe('parallel-review over lanes', () => {
  it('forks four sub-agents from the spawn_agents response; each plays its branch; the parent summarises', async () => {
    sim = await createSimulator({ scenario: 'parallel-review' });
    const lanes = await Lanes.open(sim.wsUrl);
    let end = await lanes.request('main', { tools: TOOLS, input: [userMessage(scenario.prompt!)] });
    for (let i = 0; i < 2; i++) end = await lanes.request('main', { previous_response_id: end.response.id, tools: TOOLS, input: answer(end) });
    const [spawn] = calls(end);
    expect(spawn).toMatchObject({ name: 'spawn_agents' });
    const tasks = JSON.parse(spawn!.arguments).tasks as Array<{ name: string; prompt: string }>;
    expect(tasks.map((t) => t.name)).toEqual(['review-parser', 'review-tokenizer', 'review-evaluator', 'review-functions']);
    const parentId = end.response.id as string;

    // Each fork answers the pending spawn_agents call for its own conversation and carries its task;
    // one of them carries the task in that output alone (no user message): both select the branch.
    const answers = await Promise.all(
      tasks.map((task, i) =>
        runSubAgent(lanes, task.name, {
          previous_response_id: parentId,
          tools: SUB_AGENT_TOOLS,
          input:
            i === 3
              ? [{ type: 'function_call_output', call_id: spawn!.call_id, output: `You are sub-agent ${task.name}. ${task.prompt}` }]
              : [{ type: 'function_call_output', call_id: spawn!.call_id, output: `You are sub-agent ${task.name}.` }, userMessage(task.prompt)],
        }),
      ),
    );
    expect(answers.map((a) => a.split(':')[0])).toEqual(['Parser review', 'Tokenizer review', 'Evaluator review', 'Functions review']);

    // The merged results name every task (prompts included): that selects no branch, so the main script goes on.
    const merged = tasks.map((t, i) => `## ${t.name}\nTask: ${t.prompt}\n${answers[i]}`).join('\n\n');
    const summary = await lanes.request('main', {
      previous_response_id: parentId,
      tools: TOOLS,
      input: [{ type: 'function_call_output', call_id: spawn!.call_id, output: merged }],
    });
    expect(message(summary)).toContain('Summary of the four reviews');

    const log = sim.log.responses();
    const forks = log.filter((e) => e.forked);
    expect(forks.map((e) => [e.streamId, e.forkedFrom, e.cache, e.branch, e.step]).sort()).toEqual(
      tasks.map((t) => [t.name, 'main', 'connection', t.name, 0]).sort(),
    );
    // Each fork sent its task only: no context resend (under 2 KB plus the task).
    for (const [i, task] of tasks.entries()) {
      const fork = forks.find((e) => e.streamId === task.name)!;
      expect(fork.bytesUp).toBeLessThan(2048 + task.prompt.length);
      expect(fork.inputItems).toBe(i === 3 ? 1 : 2);
    }
    // Every sub-agent played its whole branch (6 calls in 3 responses, then the answer) on its own lane.
    for (const task of tasks) {
      const own = log.filter((e) => e.streamId === task.name);
      expect(own.map((e) => [e.branch, e.step, e.status])).toEqual([0, 1, 2, 3].map((step) => [task.name, step, 'completed']));
    }
    expect(log.filter((e) => e.streamId === 'main').map((e) => [e.branch, e.step])).toEqual([
      [null, 0],
      [null, 1],
      [null, 2],
      [null, 3],
    ]);
    expect(sim.connections()).toHaveLength(1);
    lanes.s.close();
  });

  it('without lanes the same sub-agents run as full conversations of their own, one socket each, and still land in their branches', async () => {
    sim = await createSimulator({ scenario: 'parallel-review', lanes: false });
    const lanes = await Lanes.open(sim.wsUrl);
    let end = await lanes.request(null, { tools: TOOLS, input: [userMessage(scenario.prompt!)] });
    const history: Json[] = [userMessage(scenario.prompt!)];
    for (let i = 0; i < 2; i++) {
      const input = answer(end);
      history.push(...(end.response.output as Json[]), ...input);
      end = await lanes.request(null, { previous_response_id: end.response.id, tools: TOOLS, input });
    }
    history.push(...(end.response.output as Json[]));
    const [spawn] = calls(end);
    const task = (JSON.parse(spawn!.arguments).tasks as Array<{ name: string; prompt: string }>)[2]!;
    // A fork is impossible here: the sub-agent replays the parent's whole context on its own socket.
    const own = await Lanes.open(sim.wsUrl);
    const reply = await runSubAgent(own, null, {
      tools: SUB_AGENT_TOOLS,
      input: [...history, { type: 'function_call_output', call_id: spawn!.call_id, output: 'started' }, userMessage(task.prompt)],
    });
    expect(reply).toMatch(/^Evaluator review/);
    const sub = sim.log.responses().filter((e) => e.connectionId === 2);
    expect(sub.map((e) => [e.branch, e.step, e.forked])).toEqual([0, 1, 2, 3].map((step) => ['review-evaluator', step, false]));
    expect(sub[0]!.inputMode).toBe('full');
    lanes.s.close();
    own.s.close();
  });
});

describe('the parallel-review fixture', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) removeRepo(d);
  });

  it('every sample output is what the call really returns, and every expectation holds on the outputs before it', () => {
    const dir = copyRepo(join(packageRoot(), 'fixtures', 'repos', 'calc-js'));
    dirs.push(dir);
    const scripts: Array<[string, ScenarioStep[]]> = [
      ['main', scenario.steps],
      ...(scenario.branches ?? []).map((b): [string, ScenarioStep[]] => [b.name, b.steps]),
    ];
    let reads = 0;
    for (const [name, steps] of scripts) {
      let previous: string | null = null;
      for (const [i, step] of steps.entries()) {
        const delegated = steps[i - 1]?.calls?.some((c) => c.name === 'spawn_agents');
        if (step.expect && !delegated) {
          for (const w of [step.expect.contains].flat()) expect(previous ?? '', `${name} step ${i}: ${w}`).toContain(w);
        }
        const outputs: string[] = [];
        for (const call of step.calls ?? []) {
          if (call.name === 'spawn_agents') continue;
          expect(call.sample_output, `${name} step ${i} ${call.name}`).toBe(runTool(dir, call.name, call.arguments as Record<string, unknown>).output);
          outputs.push(call.sample_output!);
          if (name !== 'main') reads++;
        }
        previous = outputs.join('\n');
      }
    }
    expect(reads).toBe(24); // 4 sub-agents × 6 reads and searches
    // A branch's trigger is not in the main conversation's inputs, nor in another branch's answers.
    const mainText = JSON.stringify(scenario.steps.map((s) => s.calls?.map((c) => c.sample_output)));
    const answers = (scenario.branches ?? []).map((b) => b.steps.at(-1)!.message ?? '').join('\n');
    for (const b of scenario.branches ?? []) {
      for (const w of [b.when.contains].flat()) {
        expect(mainText.includes(w), `${b.name}: ${w} in the main steps' outputs`).toBe(false);
        expect(answers.includes(w), `${b.name}: ${w} in the answers`).toBe(false);
      }
    }
  });
});
