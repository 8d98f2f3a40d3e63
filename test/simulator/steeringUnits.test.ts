// The pure parts of the simulator's steering (protocol.md §11): which models steer, where a
// steered stream ends, which scenario step a steered conversation is at, and what a scripted
// message quotes.
import { describe, expect, it } from 'vitest';
import { analyseConversation, type WireItem } from '../../src/simulator/conversation.js';
import { buildStream } from '../../src/simulator/eventStream.js';
import { baseResponse, usageOf } from '../../src/simulator/responseObject.js';
import type { ScenarioStep } from '../../src/simulator/scenario.js';
import { fillPlaceholders, type OutputPlan, stepPosition } from '../../src/simulator/scriptedModel.js';
import { isSteerableModel } from '../../src/simulator/steerableModels.js';
import { endAtBoundary } from '../../src/simulator/steerBoundary.js';

const user = (text: string): WireItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const assistant = (text: string): WireItem => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });
const call = (name: string, id: string): WireItem => ({ type: 'function_call', call_id: id, name, arguments: '{}' });
const output = (id: string): WireItem => ({ type: 'function_call_output', call_id: id, output: 'ok' });
const reasoning: WireItem = { type: 'reasoning', id: 'rs_1', summary: [] };

/** A stream of `plan` at one token per 10 ms of model time. */
function streamOf(plan: OutputPlan) {
  return buildStream({
    response: baseResponse({ id: 'resp_1', body: { model: 'gpt-6-astra' }, createdAt: 0 }),
    plan,
    timing: { firstTokenMs: 0, msPerToken: 10 },
    maxOutputTokens: null,
    includeEncryptedReasoning: false,
    reasoningSummary: true,
    usage: (out, r) => usageOf(100, 0, out, r),
  });
}

const types = (events: Array<{ event: { type: string } }>): string[] => events.map((e) => e.event.type);

describe('steerable models', () => {
  it('matches globs, * alone a wildcard', () => {
    expect(isSteerableModel('gpt-6-astra', ['gpt-6*'])).toBe(true);
    expect(isSteerableModel('gpt-5.2', ['gpt-6*'])).toBe(false);
    expect(isSteerableModel('gpt-5x2', ['gpt-5.2'])).toBe(false);
    expect(isSteerableModel('gpt-5.2', ['gpt-5.2'])).toBe(true);
    expect(isSteerableModel('gpt-6-astra', [])).toBe(false);
  });
});

describe('the safe boundary', () => {
  const plan: OutputPlan = { stepIndex: 0, reasoning: 'think think think think', calls: [], message: 'one two three four five six seven eight' };

  it('a steer landing in the reasoning finishes it and drops the message: incomplete, reason steered, usage of what was made', () => {
    const stream = streamOf(plan);
    const landed = stream.events.findIndex((e) => e.event.type === 'response.reasoning_summary_text.delta');
    endAtBoundary(stream, landed, stream.events[landed]!.atMs, 'item');
    const end = stream.events.at(-1)!.event as unknown as { type: string; response: { status: string; incomplete_details: unknown; output: WireItem[] } };
    expect(end.type).toBe('response.incomplete');
    expect(end.response.incomplete_details).toEqual({ reason: 'steered' });
    expect(end.response.output.map((i) => i.type)).toEqual(['reasoning']);
    expect(types(stream.events)).not.toContain('response.output_text.delta');
    expect(stream.response.usage?.output_tokens).toBe(stream.reasoningTokens);
    expect(stream.reasoningTokens).toBeGreaterThan(0);
  });

  it('a steer landing mid-message in item mode changes nothing: the message was the last item', () => {
    const stream = streamOf(plan);
    const before = types(stream.events);
    const landed = stream.events.findIndex((e) => e.event.type === 'response.output_text.delta');
    endAtBoundary(stream, landed, stream.events[landed]!.atMs, 'item');
    expect(types(stream.events)).toEqual(before);
    expect(stream.events.at(-1)!.event.type).toBe('response.completed');
  });

  it('in token mode the message is closed at the steer with what was written', () => {
    const stream = streamOf(plan);
    const landed = stream.events.findIndex((e) => e.event.type === 'response.output_text.delta') + 1;
    endAtBoundary(stream, landed, stream.events[landed]!.atMs, 'token');
    const done = stream.events.find((e) => e.event.type === 'response.output_item.done' && (e.event as unknown as { item: WireItem }).item.type === 'message');
    const item = (done!.event as unknown as { item: { status: string; content: Array<{ text: string }> } }).item;
    expect(item.status).toBe('incomplete');
    expect(item.content[0]!.text).toBe('one two');
    expect(stream.events.at(-1)!.event.type).toBe('response.incomplete');
  });

  it('a steer landing in the first of two calls finishes it and drops the second: completed (the tool-call path)', () => {
    const stream = streamOf({
      stepIndex: 0,
      calls: [
        { name: 'write_file', arguments: '{"path":"a long path to write"}' },
        { name: 'run_tests', arguments: '{}' },
      ],
    });
    const landed = stream.events.findIndex((e) => e.event.type === 'response.function_call_arguments.delta');
    endAtBoundary(stream, landed, stream.events[landed]!.atMs, 'token');
    const end = stream.events.at(-1)!.event as unknown as { type: string; response: { output: WireItem[] } };
    expect(end.type).toBe('response.completed');
    expect(end.response.output.map((i) => i.name)).toEqual(['write_file']);
    expect(JSON.parse(String(end.response.output[0]!.arguments))).toEqual({ path: 'a long path to write' });
  });

  it('a steer landing before any output ends the response at once, empty', () => {
    const stream = streamOf(plan);
    endAtBoundary(stream, 1, 0, 'item');
    expect(types(stream.events)).toEqual(['response.created', 'response.in_progress', 'response.incomplete']);
  });
});

describe('the step of a steered conversation', () => {
  const steps: ScenarioStep[] = [
    {
      calls: [
        { name: 'read_file', arguments: {} },
        { name: 'run_tests', arguments: {} },
      ],
    },
    { message: 'done' },
    { message: 'after' },
  ];

  it('one step per response, as without steering', () => {
    const facts = analyseConversation([user('go'), call('read_file', 'c1'), call('run_tests', 'c2'), output('c1'), output('c2')]);
    expect(stepPosition(steps, facts, 0)).toEqual({ index: 1, callsDone: 0 });
  });

  it('a response cut after its first call leaves the step open for the rest of its calls', () => {
    const facts = analyseConversation([user('go'), call('read_file', 'c1'), user('steer'), output('c1')]);
    expect(stepPosition(steps, facts, 0)).toEqual({ index: 0, callsDone: 1 });
    const after = analyseConversation([user('go'), call('read_file', 'c1'), user('steer'), output('c1'), call('run_tests', 'c2'), output('c2')]);
    expect(stepPosition(steps, after, 0)).toEqual({ index: 1, callsDone: 0 });
  });

  it('a response of reasoning alone is part of the next one, and does not split the input it follows', () => {
    const facts = analyseConversation([user('go'), call('read_file', 'c1'), call('run_tests', 'c2'), output('c1'), output('c2'), reasoning, user('steer')]);
    expect(facts.modelResponses).toBe(1);
    expect(stepPosition(steps, facts, 0)).toEqual({ index: 1, callsDone: 0 });
    expect(facts.latestInputText).toBe('ok\nok\nsteer');
  });

  it('quotes the latest user message and counts it in the whole context', () => {
    const facts = analyseConversation([user('go'), assistant('a'), user('again'), assistant('b'), user('again')]);
    expect(fillPlaceholders('Heard {{latest_user_message}} x{{latest_user_message_count}}', facts)).toBe('Heard again x2');
  });
});
