// Faults the real world has (issue 10.8): `stall` (the request is accepted, then nothing but
// pongs) and `unknown_event` (one event of a type no client knows, then nothing), over the socket
// and over HTTP.
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, parseFault, type Simulator } from '../../src/simulator/index.js';
import { RawSocket } from '../helpers/rawSocket.js';
import { TOOLS, TWO_STEP, userMessage } from '../helpers/scenarios.js';

let sim: Simulator;
afterEach(async () => sim?.close());

const request = { model: 'gpt-4.1', store: false, tools: TOOLS, input: [userMessage('go')] };
/** How long "nothing more" is watched for. */
const QUIET_MS = 300;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function stalledEntry(s: Simulator) {
  for (let i = 0; i < 100 && !s.log.responses().some((e) => e.status === 'stalled'); i++) await pause(10);
  return s.log.responses().find((e) => e.status === 'stalled');
}

function pong(s: RawSocket): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), 2000);
    s.ws.once('pong', () => {
      clearTimeout(t);
      resolve(true);
    });
    s.ws.ping();
  });
}

const types = (s: RawSocket): unknown[] => s.frames.map((f) => f.json?.type);

describe('stall over the socket', () => {
  it('at=start: nothing at all, not even for a later request, but pings are answered', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['stall@1,at=start'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create(request);
    expect(await stalledEntry(sim)).toMatchObject({ fault: 'stall', status: 'stalled', transport: 'ws' });
    s.create(request);
    await pause(QUIET_MS);
    expect(s.frames).toEqual([]);
    expect(await pong(s)).toBe(true);
    expect(s.closeCode).toBeNull();
    s.close();
  });

  it('at=created: response.created, then nothing', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['stall@1,at=created'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create(request);
    await stalledEntry(sim);
    await pause(QUIET_MS);
    expect(types(s)).toEqual(['response.created']);
    expect(await pong(s)).toBe(true);
    s.close();
  });

  it('at=mid (the default): the stream up to the first output item, then nothing', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['stall@1'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create(request);
    await stalledEntry(sim);
    await pause(QUIET_MS);
    expect(types(s).at(-1)).toBe('response.output_item.done');
    expect(types(s)).not.toContain('response.completed');
    expect(await pong(s)).toBe(true);
    s.close();
  });
});

describe('unknown_event', () => {
  it('over the socket: one event of an unknown type with the next sequence number, then nothing', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['unknown_event@1,at=created'] });
    const s = await RawSocket.connect(sim.wsUrl);
    s.create(request);
    await stalledEntry(sim);
    await pause(QUIET_MS);
    expect(types(s)).toEqual(['response.created', 'response.future_thing']);
    expect(s.frames[1]!.json).toMatchObject({ type: 'response.future_thing', sequence_number: 1 });
    expect(sim.log.responses()[0]).toMatchObject({ fault: 'unknown_event', status: 'stalled' });
    expect(await pong(s)).toBe(true);
    s.close();
  });

  it('over HTTP (mid-stream): the unknown event follows the first output item, and the body never ends', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['unknown_event@1'] });
    const { status, text, ended } = await readFor(sim, QUIET_MS);
    expect(status).toBe(200);
    expect(ended).toBe(false);
    const events = text
      .split('\n')
      .filter((l) => l.startsWith('event: '))
      .map((l) => l.slice(7));
    expect(events.at(-2)).toBe('response.output_item.done');
    expect(events.at(-1)).toBe('response.future_thing');
  });
});

describe('stall over HTTP', () => {
  it('at=start: the 200 and its headers, then silence with the connection held open', async () => {
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['stall@1,at=start'] });
    const { status, contentType, text, ended } = await readFor(sim, QUIET_MS);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(text).toBe('');
    expect(ended).toBe(false);
    expect(sim.log.responses()[0]).toMatchObject({ transport: 'http', fault: 'stall', status: 'stalled' });
  });

  it('the schedule takes at=created, and the next request is served normally', async () => {
    expect(parseFault('stall@2,at=created')).toEqual({ kind: 'stall', request: 2, at: 'created' });
    expect(() => parseFault('stall,at=later')).toThrow(/at=start\|created\|mid/);
    sim = await createSimulator({ scenario: TWO_STEP, faults: ['stall@1,at=created'] });
    const first = await readFor(sim, QUIET_MS);
    expect(first.text.split('\n').filter((l) => l.startsWith('event: '))).toEqual(['event: response.created']);
    const second = await readFor(sim, 5000);
    expect(second.ended).toBe(true);
    expect(second.text).toContain('event: response.completed');
  });
});

/** Streams a request and reads its body for up to `ms`, then gives up (aborting the request). */
async function readFor(s: Simulator, ms: number): Promise<{ status: number; contentType: string | null; text: string; ended: boolean }> {
  const abort = new AbortController();
  const res = await fetch(`${s.baseUrl}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...request, stream: true }),
    signal: abort.signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let ended = false;
  const deadline = setTimeout(() => abort.abort(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        ended = true;
        break;
      }
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // aborted: the body did not end within `ms`
  } finally {
    clearTimeout(deadline);
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, ended };
}
