// Scheduled faults over the WebSocket: each one does what it says, at the moment it says.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { outputsFor, RawSocket, responseOf } from '../helpers/rawSocket.js';
import { CHAT, TOOLS, TWO_STEP, userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

const chat = (s: RawSocket, extra: Record<string, unknown> = {}) => s.create({ model: 'gpt-5.2', store: false, input: [userMessage('hi')], ...extra });

describe('faults on the socket', () => {
  it('drop: the TCP connection dies mid-stream without a close frame', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['drop@1'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const r = await s.response();
    expect(r.closed).toBe(true);
    expect(r.end).toBeNull();
    // Mid-stream: the first output item was complete, the response never was.
    expect(r.events.some((e) => e.type === 'response.output_item.done')).toBe(true);
    expect(await s.closed).toBe(1006);
    expect(sim.log.responses()[0]).toMatchObject({ status: 'dropped', fault: 'drop' });
  });

  it('drop at=start: nothing at all is sent', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['drop@1,at=start'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const r = await s.response();
    expect(r.frames).toHaveLength(0);
    expect(await s.closed).toBe(1006);
  });

  it('close_1011: a close frame with code 1011 mid-stream', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['close_1011@2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    expect(responseOf(await s.response()).status).toBe('completed');
    chat(s);
    const r = await s.response();
    expect(r.closed).toBe(true);
    expect(await s.closed).toBe(1011);
  });

  it('silent: events stop, later requests are ignored and pings go unanswered', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['silent@1'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    await expect(s.response(400)).rejects.toThrow(/no frame/);
    let pong = false;
    s.ws.on('pong', () => (pong = true));
    s.ws.ping();
    chat(s);
    await new Promise((r) => setTimeout(r, 300));
    expect(pong).toBe(false);
    expect(s.closeCode).toBeNull();
    expect(sim.log.responses()).toHaveLength(1);
    expect(sim.log.responses()[0]!.status).toBe('silenced');
    s.ws.terminate();
  });

  it('a healthy socket answers pings', async () => {
    sim = await createSimulator({ scenario: CHAT });
    const s = await RawSocket.connect(sim.wsUrl);
    const pong = new Promise<boolean>((resolve) => s.ws.once('pong', () => resolve(true)));
    s.ws.ping();
    expect(await pong).toBe(true);
    s.close();
  });

  it('prev_not_found: previous_response_not_found even when the cache holds the id', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['prev_not_found@2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const first = responseOf(await s.response());
    chat(s, { previous_response_id: first.id });
    expect((await s.response()).end).toMatchObject({ type: 'error', status: 400, error: { code: 'previous_response_not_found' } });
    // And the id is evicted, as after any error on a continuation.
    chat(s, { previous_response_id: first.id });
    expect((await s.response()).end).toMatchObject({ error: { code: 'previous_response_not_found' } });
    expect(sim.log.responses().map((e) => e.fault)).toEqual([null, 'prev_not_found', null]);
    s.close();
  });

  it('stream_error: an error event with a sequence number, then response.failed', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['stream_error@1'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const r = await s.response();
    const types = r.events.map((e) => e.type);
    expect(types.slice(-2)).toEqual(['error', 'response.failed']);
    const error = r.events.at(-2)!;
    expect(error).toEqual({ type: 'error', code: 'server_error', message: expect.any(String), param: null, sequence_number: r.events.length - 2 });
    expect(types).toContain('response.output_item.done');
    expect(r.events.map((e) => e.sequence_number)).toEqual(r.events.map((_, i) => i));
    s.close();
  });

  it('stream_error with streamErrorShape nested: the Open Responses shape, error object inside', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['stream_error@1'], streamErrorShape: 'nested' });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const r = await s.response();
    expect(r.events.map((e) => e.type).slice(-2)).toEqual(['error', 'response.failed']);
    expect(r.events.at(-2)).toEqual({
      type: 'error',
      sequence_number: r.events.length - 2,
      error: { type: 'server_error', code: 'server_error', message: expect.any(String), param: null },
    });
    s.close();
  });

  it('rate_limit: a 429 error event whose message says when to retry', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['rate_limit@1,retry_after=3'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const end = (await s.response()).end!;
    expect(end).toMatchObject({ type: 'error', status: 429, error: { code: 'rate_limit_exceeded' } });
    expect((end.error as { message: string }).message).toContain('try again in 3s');
    chat(s);
    expect(responseOf(await s.response()).status).toBe('completed');
    s.close();
  });

  it('server_error: a 500 error event; times=N repeats it', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['server_error@1,times=2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    for (let i = 0; i < 2; i++) {
      chat(s);
      expect((await s.response()).end).toMatchObject({ type: 'error', status: 500, error: { code: 'server_error', type: 'server_error' } });
    }
    chat(s);
    expect(responseOf(await s.response()).status).toBe('completed');
    s.close();
  });

  it('malformed_frame and binary_frame: a bad frame mid-stream, then the stream goes on', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['malformed_frame@1', 'binary_frame@2'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    const a = await s.response();
    expect(a.frames.filter((f) => f.json === null && !f.binary)).toHaveLength(1);
    expect(responseOf(a).status).toBe('completed');
    chat(s);
    const b = await s.response();
    expect(b.frames.filter((f) => f.binary)).toHaveLength(1);
    expect(responseOf(b).status).toBe('completed');
    s.close();
  });

  it('accept_close: the upgrade succeeds and the server closes at once', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['accept_close@conn:1'] });
    const s = await RawSocket.connect(sim.wsUrl);
    expect(await s.closed).toBe(1011);
    const again = await RawSocket.connect(sim.wsUrl);
    chat(again);
    expect(responseOf(await again.response()).status).toBe('completed');
    again.close();
  });

  it('faults scheduled by time strike the first request after that moment', async () => {
    sim = await createSimulator({ scenario: CHAT, faults: ['server_error@+150'] });
    const s = await RawSocket.connect(sim.wsUrl);
    chat(s);
    expect(responseOf(await s.response()).status).toBe('completed');
    await new Promise((r) => setTimeout(r, 200));
    chat(s);
    expect((await s.response()).end).toMatchObject({ status: 500 });
    s.close();
  });

  it('faults can be injected while running, and a fault between a tool call and its output leaves the chain intact', async () => {
    sim = await createSimulator({ scenario: TWO_STEP });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create({ model: 'gpt-5.2', store: false, tools: TOOLS, input: [userMessage('go')] });
    const first = responseOf(await s.response());
    sim.injectFault('drop@2,at=start');
    s.create({ model: 'gpt-5.2', store: false, tools: TOOLS, previous_response_id: first.id, input: outputsFor(first, 'export function a') });
    expect((await s.response()).closed).toBe(true);
    expect(sim.log.responses()[1]!.functionCallOutputIds).toEqual(outputsFor(first).map((o) => o.call_id));
  });
});
