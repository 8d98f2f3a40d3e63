// What the real service checks in tool outputs with images, replayed web searches, replayed
// citations and the web_search tool, the simulator checks too (so a client that only works because
// the simulator forgives would fail here first), over HTTP: the same validation serves the socket.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { CHAT, userMessage } from '../helpers/scenarios.js';

type Json = Record<string, any>;

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function post(body: Json): Promise<{ status: number; error: Json | null }> {
  sim ??= await createSimulator({ scenario: CHAT });
  const res = await fetch(`${sim.baseUrl}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Json;
  return { status: res.status, error: json.error ?? null };
}

const call = { type: 'function_call', call_id: 'call_1', name: 'view_image', arguments: '{"path":"a.png"}' };
const IMAGE = 'data:image/png;base64,iVBORw0KGgo=';
const request = (input: Json[], extra: Json = {}): Json => ({ model: 'gpt-4.1', store: false, input: [userMessage('look'), ...input], ...extra });
const search = { type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'safari flexbox gap' } };
const cited = (annotations: unknown[]): Json => ({
  type: 'message',
  role: 'assistant',
  content: [{ type: 'output_text', text: 'Safari 14.1 added it.', annotations }],
});

describe('function_call_output with content parts', () => {
  it('takes input_text and input_image parts', async () => {
    const output = [
      { type: 'input_text', text: 'a.png: PNG image' },
      { type: 'input_image', image_url: IMAGE, detail: 'auto' },
    ];
    expect((await post(request([call, { type: 'function_call_output', call_id: 'call_1', output }]))).status).toBe(200);
  });

  it('refuses an image part that is not a data URL or a link, an unknown part and a wrong detail, naming the path', async () => {
    const refused = async (part: Json) => (await post(request([call, { type: 'function_call_output', call_id: 'call_1', output: [part] }]))).error;
    expect(await refused({ type: 'input_image', image_url: '/tmp/a.png' })).toMatchObject({ param: 'input[2].output[0].image_url' });
    expect(await refused({ type: 'input_image' })).toMatchObject({ code: 'missing_required_parameter', param: 'input[2].output[0].image_url' });
    expect(await refused({ type: 'output_text', text: 'x' })).toMatchObject({ code: 'invalid_value', param: 'input[2].output[0].type' });
    expect(await refused({ type: 'input_image', image_url: IMAGE, detail: 'huge' })).toMatchObject({ param: 'input[2].output[0].detail' });
  });
});

describe('replayed web_search_call items and citations (store:false)', () => {
  it('takes a search without its id and an answer with url_citation annotations', async () => {
    const annotation = { type: 'url_citation', start_index: 0, end_index: 11, url: 'https://webkit.org/blog/11648/', title: 'Safari 14.1' };
    expect((await post(request([search, cited([annotation]), userMessage('and then?')]))).status).toBe(200);
  });

  it('refuses a search given with its id: nothing was stored to find it by', async () => {
    const { status, error } = await post(request([{ ...search, id: 'ws_123' }]));
    expect(status).toBe(404);
    expect(error?.message).toContain("Item with id 'ws_123' not found");
  });

  it('refuses a search without its action and a citation without its url', async () => {
    expect((await post(request([{ type: 'web_search_call', status: 'completed' }]))).error).toMatchObject({ param: 'input[1].action' });
    const broken = { type: 'url_citation', start_index: 0, end_index: 11, title: 'Safari 14.1' };
    expect((await post(request([cited([broken])]))).error).toMatchObject({ param: 'input[1].content[0].annotations[0].url' });
  });
});

describe('the web_search tool', () => {
  it('takes external_web_access (cached: false) and refuses fields the tool does not have', async () => {
    expect((await post(request([], { tools: [{ type: 'web_search', external_web_access: false }] }))).status).toBe(200);
    expect((await post(request([], { tools: [{ type: 'web_search', live: true }] }))).error).toMatchObject({
      code: 'unknown_parameter',
      param: 'tools[0].live',
    });
    expect((await post(request([], { tools: [{ type: 'web_search', external_web_access: 'no' }] }))).error).toMatchObject({
      param: 'tools[0].external_web_access',
    });
  });
});
