// A minimal agent loop for session tests: sends the prompt, answers every function call with the
// scenario's sample output (matched by name and arguments), and repeats until the model answers
// with a message. It counts what it saw so tests can check nothing ran twice.
import type { Response } from '../../src/protocol/index.js';
import type { Scenario } from '../../src/simulator/scenario.js';
import { functionCallOutput, ModelSession, type ModelSessionOptions, type SessionEvent, type SessionStreamItem, userMessage } from '../../src/session/index.js';
import type { Simulator } from '../../src/simulator/index.js';

export interface AgentRun {
  responses: Response[];
  discards: Extract<SessionStreamItem, { kind: 'discard' }>[];
  /** call_ids answered, in order. */
  answered: string[];
  finalText: string;
}

/** A session on the simulator with quick retries; `extra` overrides anything, `events` collects. */
export function sessionOn(sim: Simulator, scenario: Scenario, extra: Partial<ModelSessionOptions> = {}, events: SessionEvent[] = []): ModelSession {
  const session = new ModelSession({
    endpoint: { baseUrl: sim.baseUrl, apiKey: 'sk-test' },
    model: 'gpt-5.2',
    instructions: 'You are a coding agent.',
    tools: toolsFor(scenario),
    retryBaseDelayMs: 5,
    ...extra,
  });
  session.subscribe((e) => events.push(e));
  return session;
}

/** Loose function tool definitions for every tool a scenario calls (the simulator checks names only). */
export function toolsFor(scenario: Scenario) {
  return [...new Set(scenario.steps.flatMap((s) => (s.calls ?? []).map((c) => c.name)))].map((name) => ({
    type: 'function' as const,
    name,
    description: name,
    strict: false,
    parameters: { type: 'object', properties: {}, additionalProperties: true },
  }));
}

/**
 * Plays model responses `from` to `to` (exclusive) of a single-prompt scenario, answering each
 * call with its sample output; with `from` 0 it sends the prompt first.
 */
export async function playResponses(session: ModelSession, scenario: Scenario, from: number, to: number): Promise<void> {
  if (from === 0) session.addItems([userMessage(scenario.prompt ?? 'go')], 'user');
  for (let step = from; step < to; step++) {
    const stream = session.respond();
    let r = await stream.next();
    while (!r.done) r = await stream.next();
    const calls = (r.value.output as unknown as Array<Record<string, string>>).filter((o) => o.type === 'function_call');
    session.addItems(
      calls.map((c) => functionCallOutput(c.call_id!, sampleOutputFor(scenario, step, c.name!, c.arguments!))),
      'tool',
    );
  }
}

/** The sample output of the call with this name and arguments in scenario step `step`. */
export function sampleOutputFor(scenario: Scenario, step: number, name: string, args: string): string {
  const call = scenario.steps[step]?.calls?.find((c) => c.name === name && JSON.stringify(c.arguments) === args);
  return call ? (call.sample_output ?? `${name} ok`) : `no sample output for ${name} in step ${step + 1}`;
}

export async function runScripted(session: ModelSession, scenario: Scenario, prompt = scenario.prompt ?? 'go', maxResponses = 500): Promise<AgentRun> {
  const run: AgentRun = { responses: [], discards: [], answered: [], finalText: '' };
  session.addItems([userMessage(prompt)], 'user');
  for (let i = 0; i < maxResponses; i++) {
    const stream = session.respond();
    let next = await stream.next();
    while (!next.done) {
      if (next.value.kind === 'discard') run.discards.push(next.value);
      next = await stream.next();
    }
    const response = next.value;
    run.responses.push(response);
    const calls = (response.output as unknown as Array<Record<string, string>>).filter((o) => o.type === 'function_call');
    if (calls.length === 0) {
      const message = (response.output as unknown as Array<Record<string, unknown>>).find((o) => o.type === 'message') as
        | { content: Array<{ text: string }> }
        | undefined;
      run.finalText = message?.content.map((c) => c.text).join('') ?? '';
      return run;
    }
    // In a single-prompt scenario the nth model response plays step n.
    const step = run.responses.length - 1;
    const outputs = calls.map((c) => functionCallOutput(c.call_id!, sampleOutputFor(scenario, step, c.name!, c.arguments!)));
    run.answered.push(...calls.map((c) => c.call_id!));
    session.addItems(outputs, 'tool');
  }
  throw new Error('scenario did not finish');
}

/** The conversation as content, without ids: equal for two runs that said the same things. */
export function ledgerShape(session: ModelSession): unknown[] {
  return session.ledger.items.map(({ item, origin }) => {
    const i = item as Record<string, unknown>;
    if (i.type === 'function_call') return [origin, 'call', i.name, i.arguments];
    if (i.type === 'function_call_output') return [origin, 'output', i.output];
    if (i.type === 'message') return [origin, 'message', i.role, JSON.stringify((i.content as Array<{ text?: string }>).map((c) => c.text))];
    return [origin, i.type];
  });
}
