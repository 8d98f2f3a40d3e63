// Custom (freeform) tools in the simulator, over real HTTP requests: custom_tool_call output items
// and their input events, custom_tool_call_output inputs, the call/output chain check, the function
// form where only a function tool is offered, and a model without custom tools.
import { afterEach, describe, expect, it } from 'vitest';

import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import type { Scenario } from '../../src/simulator/scenario.js';
import { userMessage } from '../helpers/scenarios.js';

type Json = Record<string, any>;
// A model that does not reason: its output holds only the call (no reasoning item first).
const MODEL = 'gpt-4.1';
const PATCH = '*** Begin Patch\n*** Add File: hello.txt\n+Hello, world\n*** End Patch\n';

const SCENARIO: Scenario = {
  name: 'custom',
  description: 'one patch, then an answer',
  steps: [{ calls: [{ name: 'apply_patch', input: PATCH }] }, { expect: { contains: 'Success' }, message: 'Done.' }],
};
const CUSTOM_TOOL = {
  type: 'custom',
  name: 'apply_patch',
  description: 'Edit files with a patch.',
  format: { type: 'grammar', syntax: 'lark', definition: 'start: /.+/' },
};
const FUNCTION_TOOL = {
  type: 'function',
  name: 'apply_patch',
  description: 'Edit files with a patch.',
  strict: true,
  parameters: { type: 'object', properties: { input: { type: 'string' } }, required: ['input'], additionalProperties: false },
};

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function create(body: Json): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${sim!.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

async function stream(body: Json): Promise<Json[]> {
  const res = await fetch(`${sim!.baseUrl}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, stream: true }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((b) => b.includes('data: '))
    .map((b) => JSON.parse(b.slice(b.indexOf('data: ') + 6)) as Json);
}

describe('simulator: custom tools', () => {
  it('emits a custom_tool_call item, its input streamed by custom_tool_call_input.delta and .done', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const events = await stream({ model: MODEL, store: false, tools: [CUSTOM_TOOL], input: [userMessage('add hello.txt')] });
    const added = events.find((e) => e.type === 'response.output_item.added')!;
    expect(added.item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: '' });
    const deltas = events.filter((e) => e.type === 'response.custom_tool_call_input.delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.map((d) => d.delta).join('')).toBe(PATCH);
    for (const d of deltas) expect(d).toMatchObject({ item_id: added.item.id, output_index: 0 });
    const done = events.find((e) => e.type === 'response.custom_tool_call_input.done')!;
    expect(done).toMatchObject({ item_id: added.item.id, output_index: 0, input: PATCH });
    const item = events.find((e) => e.type === 'response.output_item.done')!.item;
    expect(Object.keys(item).sort()).toEqual(['call_id', 'id', 'input', 'name', 'type']);
    expect(item).toMatchObject({ type: 'custom_tool_call', name: 'apply_patch', input: PATCH, call_id: added.item.call_id });
    expect(item.id).toMatch(/^ctc_/);
    expect(events.filter((e) => e.type.startsWith('response.function_call'))).toEqual([]);
  });

  it('answers with the next step once the custom_tool_call_output arrives (incremental and full context)', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const first = await create({ model: MODEL, store: true, tools: [CUSTOM_TOOL], input: [userMessage('add hello.txt')] });
    expect(first.status).toBe(200);
    const call = first.json.output[0];
    const output = { type: 'custom_tool_call_output', call_id: call.call_id, output: 'Success. Applied the patch to 1 file:\nA hello.txt' };
    const next = await create({ model: MODEL, store: true, tools: [CUSTOM_TOOL], previous_response_id: first.json.id, input: [output] });
    expect(next.status).toBe(200);
    expect(next.json.output[0]).toMatchObject({ type: 'message', content: [{ text: 'Done.' }] });
    const replay = await create({
      model: MODEL,
      store: false,
      tools: [CUSTOM_TOOL],
      input: [userMessage('add hello.txt'), { type: 'custom_tool_call', call_id: call.call_id, name: 'apply_patch', input: PATCH }, output],
    });
    expect(replay.status).toBe(200);
    expect(replay.json.output[0]).toMatchObject({ type: 'message', content: [{ text: 'Done.' }] });
  });

  it('rejects a custom tool call without its output with the 400 naming the call_id', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const first = await create({ model: MODEL, store: true, tools: [CUSTOM_TOOL], input: [userMessage('add hello.txt')] });
    const callId = first.json.output[0].call_id as string;
    for (const body of [
      { model: MODEL, store: true, tools: [CUSTOM_TOOL], previous_response_id: first.json.id, input: [userMessage('and now?')] },
      {
        model: MODEL,
        store: false,
        tools: [CUSTOM_TOOL],
        input: [userMessage('add hello.txt'), { type: 'custom_tool_call', call_id: callId, name: 'apply_patch', input: PATCH }],
      },
    ]) {
      const r = await create(body);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ type: 'invalid_request_error', param: 'input', message: `No tool output found for custom tool call ${callId}.` });
    }
    const orphan = await create({
      model: MODEL,
      store: false,
      tools: [CUSTOM_TOOL],
      input: [userMessage('x'), { type: 'custom_tool_call_output', call_id: 'call_nope', output: 'x' }],
    });
    expect(orphan.status).toBe(400);
    expect(orphan.json.error.message).toBe('No tool call found for custom tool call output with call_id call_nope.');
  });

  it('calls the function form with {"input"} arguments where apply_patch is offered as a function tool', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const r = await create({ model: MODEL, store: false, tools: [FUNCTION_TOOL], input: [userMessage('add hello.txt')] });
    expect(r.status).toBe(200);
    expect(r.json.output[0]).toMatchObject({ type: 'function_call', name: 'apply_patch' });
    expect(JSON.parse(r.json.output[0].arguments)).toEqual({ input: PATCH });
  });

  it('a model without custom tools refuses a request offering one, naming the tool', async () => {
    sim = await createSimulator({ scenario: { ...SCENARIO, custom_tools: false } });
    const r = await create({ model: MODEL, store: false, tools: [FUNCTION_TOOL, CUSTOM_TOOL], input: [userMessage('add hello.txt')] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ param: 'tools[1].type' });
    expect(r.json.error.message).toContain("'custom'");
    const ok = await create({ model: MODEL, store: false, tools: [FUNCTION_TOOL], input: [userMessage('add hello.txt')] });
    expect(ok.status).toBe(200);
  });
});
