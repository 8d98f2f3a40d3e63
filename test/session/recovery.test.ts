// Every recovery path, with its fault injected at the worst moment, asserted on what the
// simulator saw: a reconnect costs exactly one full (or compacted) replay, incremental requests
// carry only new items, no function_call_output is sent twice as a new item, and the ledger ends
// the same as without the fault.
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelSession, SessionEvent } from '../../src/session/index.js';
import { createSimulator, loadScenario, type RequestLogEntry, type Simulator } from '../../src/simulator/index.js';
import { ledgerShape, runScripted, sessionOn } from '../helpers/scriptedAgent.js';

const coding = loadScenario('coding');

let sim: Simulator;
let session: ModelSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
  await sim?.close();
});

function newSession(s: Simulator, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}, events: SessionEvent[] = []): ModelSession {
  return sessionOn(s, coding, { deadAfterMs: 400, ...extra }, events);
}

let baseline: unknown[] | undefined;
/** The ledger of a fault-free run, computed once. */
async function fautlessShape(): Promise<unknown[]> {
  if (baseline) return baseline;
  const s = await createSimulator({ scenario: coding });
  const clean = newSession(s);
  await runScripted(clean, coding);
  baseline = ledgerShape(clean);
  await clean.close();
  await s.close();
  return baseline;
}

const realRequests = (log: RequestLogEntry[]) => log.filter((e) => e.generate);
const replays = (log: RequestLogEntry[]) => realRequests(log).filter((e) => e.inputMode !== 'incremental');

/** Each output is sent once as a new item; full replays resend history by necessity. */
function expectNoOutputSentTwiceIncrementally(log: RequestLogEntry[]): void {
  const incremental = log.filter((e) => e.inputMode === 'incremental' && (e.status === 'completed' || e.status === 'incomplete'));
  const ids = incremental.flatMap((e) => e.functionCallOutputIds);
  expect(new Set(ids).size).toBe(ids.length);
}

async function runWithFault(fault: string, extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}) {
  sim = await createSimulator({ scenario: coding, faults: [fault] });
  const events: SessionEvent[] = [];
  session = newSession(sim, extra, events);
  const run = await runScripted(session, coding);
  return { run, events, log: sim.log.responses() };
}

// Request 1 is the warm-up, 2 the first real request; request 8 carries the outputs of step 6.
describe('recovery, each fault at its worst moment', () => {
  for (const [fault, kind] of [
    ['drop@8', 'reconnect'],
    ['close_1011@8', 'reconnect'],
    ['drop@8,at=start', 'reconnect'],
    ['binary_frame@8', 'reconnect'],
    ['limit@8', 'limit_reached'],
  ] as const) {
    it(`${fault}: reconnects and costs exactly one full replay`, async () => {
      const { run, events, log } = await runWithFault(fault);
      expect(run.finalText).toContain('All 40 tests pass');
      expect(events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind)).toEqual([kind]);
      expect(replays(log)).toHaveLength(1);
      const replay = replays(log)[0]!;
      expect(replay.seq).toBe(9);
      expect(replay.connectionId).toBe(2);
      // The replay carries the outputs the failed request carried: nothing the tools produced is lost.
      expect(replay.functionCallOutputIds).toEqual(expect.arrayContaining(log[7]!.functionCallOutputIds));
      for (const e of realRequests(log).slice(realRequests(log).indexOf(replay) + 1)) expect(e.inputMode).toBe('incremental');
      expectNoOutputSentTwiceIncrementally(log);
      expect(ledgerShape(session!)).toEqual(await fautlessShape());
    });
  }

  it('malformed_frame: the one garbled frame is skipped with a warning; no reconnect, no replay (19)', async () => {
    const { run, events, log } = await runWithFault('malformed_frame@8');
    expect(run.finalText).toContain('All 40 tests pass');
    expect(events.filter((e) => e.type === 'recovery')).toEqual([]);
    expect(events.filter((e) => e.type === 'warning')).toEqual([
      {
        type: 'warning',
        code: 'malformed_frame',
        message: expect.stringMatching(/^skipped a malformed event from the server: WebSocket frame is not valid JSON/),
      },
    ]);
    expect(replays(log)).toHaveLength(0);
    expect(new Set(log.map((e) => e.connectionId))).toEqual(new Set([1]));
    expect(ledgerShape(session!)).toEqual(await fautlessShape());
  });

  it('silent: detects the dead socket within the bound and replays on a new connection', async () => {
    const { run, events, log } = await runWithFault('silent@8');
    expect(run.finalText).toContain('All 40 tests pass');
    const recovery = events.find((e) => e.type === 'recovery') as Extract<SessionEvent, { type: 'recovery' }>;
    expect(recovery.kind).toBe('reconnect');
    expect(recovery.reason).toMatch(/went silent for \d+ ms/);
    expect(replays(log)).toHaveLength(1);
    expect(ledgerShape(session!)).toEqual(await fautlessShape());
  });

  it('drop during the warm-up: the first real request goes out as a full request on a new connection', async () => {
    const { run, log } = await runWithFault('drop@1');
    expect(run.finalText).toContain('All 40 tests pass');
    expect(log[0]).toMatchObject({ generate: false, status: 'dropped' });
    expect(realRequests(log)[0]).toMatchObject({ inputMode: 'full', connectionId: 2 });
    expect(replays(log)).toHaveLength(1);
  });

  it('drop on the first request: replays it in full', async () => {
    const { run, log } = await runWithFault('drop@1', { warmup: false });
    expect(run.finalText).toContain('All 40 tests pass');
    expect(log[0]).toMatchObject({ status: 'dropped', inputMode: 'full', connectionId: 1 });
    expect(log[1]).toMatchObject({ status: 'completed', inputMode: 'full', connectionId: 2 });
    expect(replays(log)).toHaveLength(2);
    expect(log.slice(2).every((e) => e.inputMode === 'incremental')).toBe(true);
  });

  it('previous_response_not_found: one replay without previous_response_id, on the same connection', async () => {
    const { run, events, log } = await runWithFault('prev_not_found@8');
    expect(run.finalText).toContain('All 40 tests pass');
    expect(events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind)).toEqual(['previous_response_not_found']);
    expect(log[7]).toMatchObject({ status: 'error', errorCode: 'previous_response_not_found' });
    expect(log[8]).toMatchObject({ inputMode: 'full', connectionId: 1 });
    expect(replays(log)).toHaveLength(1);
    expect(ledgerShape(session!)).toEqual(await fautlessShape());
  });

  for (const fault of ['failed@8', 'stream_error@8', 'server_error@8', 'rate_limit@8,retry_after=0']) {
    it(`${fault}: retries after a backoff; a failed continuation restarts the chain`, async () => {
      const { run, events, log } = await runWithFault(fault);
      expect(run.finalText).toContain('All 40 tests pass');
      expect(events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind)).toEqual(['retry']);
      // The failed continuation evicted its previous response under store:false: one full replay.
      expect(log[8]).toMatchObject({ inputMode: 'full', connectionId: 1, status: 'completed' });
      expect(replays(log)).toHaveLength(1);
      expect(ledgerShape(session!)).toEqual(await fautlessShape());
    });
  }

  it('stream_error mid-stream: tells the caller to discard the partial attempt', async () => {
    const { run } = await runWithFault('stream_error@5');
    expect(run.discards).toHaveLength(1);
    expect(run.discards[0]!.recovery).toBe('retry');
    expect(ledgerShape(session!)).toEqual(await fautlessShape());
  });

  it('gives up after bounded retries with a clear error', async () => {
    sim = await createSimulator({ scenario: coding, faults: ['server_error@3,times=10'] });
    session = newSession(sim, { maxRetries: 2 });
    await expect(runScripted(session, coding)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'server_error',
      message: expect.stringContaining('kept failing'),
    });
    expect(sim.log.responses().filter((e) => e.errorCode === 'server_error')).toHaveLength(3);
  });

  it('with store:true a reconnect continues with previous_response_id on the new socket', async () => {
    const { run, log } = await runWithFault('drop@8', { store: true });
    expect(run.finalText).toContain('All 40 tests pass');
    expect(log[8]).toMatchObject({ inputMode: 'incremental', cache: 'store', connectionId: 2 });
    expect(replays(log)).toHaveLength(0);
  });
});

describe('transport selection', () => {
  it('auto falls back to HTTP for the rest of the session on a 426', async () => {
    const { run, events, log } = await runWithFault('upgrade_426@conn:1,times=100');
    expect(run.finalText).toContain('All 40 tests pass');
    expect(events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind)).toEqual(['fallback_http']);
    expect(log.every((e) => e.transport === 'http')).toBe(true);
    expect(session!.transportKind).toBe('http');
  });

  it('ws mode refuses to fall back and says what to do', async () => {
    sim = await createSimulator({ scenario: coding, faults: ['upgrade_426@conn:1,times=100'] });
    session = newSession(sim, { transport: 'ws' });
    await expect(runScripted(session, coding)).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('--transport auto or http') });
  });

  it('auto falls back to HTTP after repeated connection failures', async () => {
    const { run, events, log } = await runWithFault('accept_close@conn:1,times=4', { maxReconnects: 2 });
    expect(run.finalText).toContain('All 40 tests pass');
    const kinds = events.filter((e) => e.type === 'recovery').map((e) => (e as { kind: string }).kind);
    expect(kinds.at(-1)).toBe('fallback_http');
    expect(log.filter((e) => e.transport === 'http').length).toBeGreaterThanOrEqual(18);
  });

  it('a rejected key is fatal at once, with one clear message', async () => {
    sim = await createSimulator({ scenario: coding, apiKey: 'sk-right' });
    session = newSession(sim);
    await expect(runScripted(session, coding)).rejects.toMatchObject({ code: 'auth', message: expect.stringContaining('OPENAI_API_KEY') });
    expect(sim.log.responses()).toHaveLength(0);
  });
});

// Issue 19, new-user item 7: a refused first connect fails at once (test/cli/firstConnect.test.ts);
// a server that answered before and then refuses is retried, as a dropped connection always was.
describe('a refused connection after the server answered', () => {
  it('is retried with reconnects before the session gives up', async () => {
    sim = await createSimulator({ scenario: loadScenario('chat') });
    const events: SessionEvent[] = [];
    session = sessionOn(sim, loadScenario('chat'), { maxReconnects: 2, transport: 'ws' }, events);
    await runScripted(session, loadScenario('chat'));
    await sim.close(); // nothing listens on the port any more: every connect is refused
    session.addItems([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'again' }] } as never], 'user');
    const stream = session.respond();
    await expect(
      (async () => {
        for (let next = await stream.next(); !next.done; next = await stream.next());
      })(),
    ).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('gave up after 3 attempts') });
    const reconnects = events.filter((e) => e.type === 'recovery' && e.kind === 'reconnect');
    expect(reconnects.length).toBeGreaterThanOrEqual(2);
    // The closed server's port refuses every new connect: those refusals were retried, not reported at once.
    expect(reconnects.some((e) => e.type === 'recovery' && /connection refused/.test(e.reason))).toBe(true);
  });
});
