// Reasoning models (issue 10.4): a reasoning item first, its summary only when asked for, its
// encrypted content only when included; `reasoning` refused for a model that does not reason;
// items given by id only refused under store:false; sealed content the server did not issue refused.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { outputsFor, RawSocket, responseOf } from '../helpers/rawSocket.js';
import { TOOLS, TWO_STEP, userMessage } from '../helpers/scenarios.js';

type Json = Record<string, any>;

let sim: Simulator;
afterEach(async () => sim?.close());

const base = { model: 'gpt-5.2', store: false, tools: TOOLS };
const INCLUDE = ['reasoning.encrypted_content'];
const notPersisted = (id: string): string =>
  `Item with id '${id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`;

async function post(s: Simulator, body: Json): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${s.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Json };
}

describe('reasoning models', () => {
  it('put a reasoning item first, with no summary events and no encrypted content unless asked', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, input: [userMessage('go')] });
    const r = await s.response();
    const response = responseOf(r);
    expect(response.output.map((i: Json) => i.type)).toEqual(['reasoning', 'function_call']);
    const [reasoning] = response.output;
    expect(reasoning).toEqual({ id: expect.stringMatching(/^rs_/), type: 'reasoning', summary: [] });
    expect(r.events.some((e) => String(e.type).startsWith('response.reasoning_summary'))).toBe(false);
    expect(response.usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(response.usage.output_tokens).toBeGreaterThan(response.usage.output_tokens_details.reasoning_tokens);
    expect(response.reasoning).toEqual({ effort: 'medium', summary: null });
    // The scripted step is the same as for a model that does not reason.
    expect(sim.log.responses()[0]!.step).toBe(0);
    s.close();
  });

  it('stream a non-empty summary only when reasoning.summary is set, and seal it when included', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, reasoning: { effort: 'high', summary: 'auto' }, include: INCLUDE, input: [userMessage('go')] });
    const r = await s.response();
    const response = responseOf(r);
    const reasoning = response.output[0];
    expect(reasoning.summary).toHaveLength(1);
    expect(reasoning.summary[0].type).toBe('summary_text');
    expect(reasoning.summary[0].text.length).toBeGreaterThan(0);
    expect(typeof reasoning.encrypted_content).toBe('string');
    const types = r.events.map((e) => e.type);
    const first = types.indexOf('response.reasoning_summary_part.added');
    expect(first).toBe(3);
    expect(types.slice(first, first + 2)).toEqual(['response.reasoning_summary_part.added', 'response.reasoning_summary_text.delta']);
    expect(types).toContain('response.reasoning_summary_text.done');
    expect(types).toContain('response.reasoning_summary_part.done');
    const deltas = r.events
      .filter((e) => e.type === 'response.reasoning_summary_text.delta')
      .map((e) => e.delta)
      .join('');
    expect(deltas).toBe(reasoning.summary[0].text);
    expect(response.reasoning).toEqual({ effort: 'high', summary: 'auto' });
    s.close();
  });

  it('with encryptedReasoning "always", every reasoning item carries its sealed content', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, encryptedReasoning: 'always' });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, input: [userMessage('go')] });
    expect(typeof responseOf(await s.response()).output[0].encrypted_content).toBe('string');
    s.close();
  });

  it('effort none: no reasoning item at all', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, reasoning: { effort: 'none' }, input: [userMessage('go')] });
    const response = responseOf(await s.response());
    expect(response.output.map((i: Json) => i.type)).toEqual(['function_call']);
    expect(response.usage.output_tokens_details.reasoning_tokens).toBe(0);
    s.close();
  });

  it('a model that does not reason has no reasoning item, and refuses the reasoning parameter (ws and HTTP)', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, model: 'gpt-4.1', input: [userMessage('go')] });
    expect(responseOf(await s.response()).output.map((i: Json) => i.type)).toEqual(['function_call']);
    s.create({ ...base, model: 'gpt-4.1', reasoning: { effort: 'medium', summary: 'auto' }, input: [userMessage('go')] });
    const error = {
      type: 'invalid_request_error',
      code: 'unsupported_parameter',
      message: "Unsupported parameter: 'reasoning.effort' is not supported with this model.",
      param: 'reasoning.effort',
    };
    expect((await s.response()).end).toEqual({ type: 'error', status: 400, error });
    s.close();
    const http = await post(sim, { ...base, model: 'gpt-4.1', reasoning: { effort: 'low' }, input: 'go' });
    expect(http).toEqual({ status: 400, json: { error } });
    expect(sim.log.responses().at(-1)).toMatchObject({ httpStatus: 400, errorCode: 'unsupported_parameter' });
  });

  it('a full replay with the encrypted reasoning on a new connection plays the same step', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const a = await RawSocket.connect(sim.wsUrl);
    a.create({ ...base, include: INCLUDE, input: [userMessage('go')] });
    const first = responseOf(await a.response());
    a.close();
    const b = await RawSocket.connect(sim.wsUrl);
    // As a client replays it: the reasoning item with its encrypted content, without its id.
    const replayed = first.output.map((i: Json) =>
      i.type === 'reasoning' ? { type: 'reasoning', summary: i.summary, encrypted_content: i.encrypted_content } : i,
    );
    b.create({ ...base, include: INCLUDE, input: [userMessage('go'), ...replayed, ...outputsFor(first, 'export function a() {}')] });
    const second = responseOf(await b.response());
    expect(second.output.map((i: Json) => i.name ?? i.type)).toEqual(['reasoning', 'run_tests', 'read_file']);
    expect(sim.log.responses().map((e) => e.step)).toEqual([0, 1]);
    b.close();
  });
});

describe('items by id only under store:false', () => {
  it('a reasoning item without encrypted content is a 404 naming the item (ws and HTTP)', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ ...base, input: [userMessage('go')] });
    const first = responseOf(await s.response());
    const id = first.output[0].id as string;
    s.create({ ...base, input: [userMessage('go'), ...first.output, ...outputsFor(first, 'export function a() {}')] });
    const error = { type: 'invalid_request_error', code: null, message: notPersisted(id), param: 'input' };
    expect((await s.response()).end).toEqual({ type: 'error', status: 404, error });
    s.close();
    const http = await post(sim, { ...base, input: [userMessage('go'), ...first.output, ...outputsFor(first, 'export function a() {}')] });
    expect(http).toEqual({ status: 404, json: { error } });
  });

  it('an item_reference is a 404 under store:false and resolves under store:true', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const refused = await post(sim, { ...base, input: [userMessage('go'), { type: 'item_reference', id: 'fc_abc' }] });
    expect(refused).toEqual({ status: 404, json: { error: { type: 'invalid_request_error', code: null, message: notPersisted('fc_abc'), param: 'input' } } });
    // Without its optional type, too.
    expect((await post(sim, { ...base, input: [userMessage('go'), { id: 'rs_abc' }] })).json.error.message).toBe(notPersisted('rs_abc'));

    const stored = await post(sim, { ...base, store: true, input: [userMessage('go')] });
    expect(stored.status).toBe(200);
    const refs = (stored.json.output as Json[]).map((i) => ({ type: 'item_reference', id: i.id }));
    const next = await post(sim, { ...base, store: true, input: [userMessage('go'), ...refs, ...outputsFor(stored.json, 'export function a() {}')] });
    expect(next.status).toBe(200);
    expect((next.json.output as Json[]).filter((i) => i.type === 'function_call').map((i) => i.name)).toEqual(['run_tests', 'read_file']);
    const unknown = await post(sim, { ...base, store: true, input: [userMessage('go'), { type: 'item_reference', id: 'msg_nope' }] });
    expect(unknown).toEqual({
      status: 404,
      json: { error: { type: 'invalid_request_error', code: null, message: "Item with id 'msg_nope' not found.", param: 'input' } },
    });
  });
});

describe('encrypted content the server did not issue', () => {
  it('a forged or altered reasoning or compaction item is a 400 invalid_encrypted_content', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const forged = 'gAAAAABforgedcontentthatnobodyissuedQ==';
    const r = await post(sim, { ...base, input: [userMessage('go'), { type: 'reasoning', summary: [], encrypted_content: forged }] });
    expect(r).toEqual({
      status: 400,
      json: {
        error: {
          type: 'invalid_request_error',
          code: 'invalid_encrypted_content',
          message: 'The encrypted content gAAA...dQ== could not be verified.',
          param: null,
        },
      },
    });

    const first = await post(sim, { ...base, include: INCLUDE, input: [userMessage('go')] });
    const sealed = first.json.output[0].encrypted_content as string;
    const altered = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    const bad = await post(sim, { ...base, input: [userMessage('go'), { ...first.json.output[0], encrypted_content: altered }] });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_encrypted_content');

    const compaction = await post(sim, { ...base, input: [userMessage('go'), { type: 'compaction', encrypted_content: 'not-ours' }] });
    expect(compaction.status).toBe(400);
    expect(compaction.json.error).toMatchObject({ code: 'invalid_encrypted_content', message: 'The encrypted content not-ours could not be verified.' });
  });
});
