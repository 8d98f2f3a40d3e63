// Compaction (on demand, automatic, after a reconnect) and the session file (append as items
// complete, no secret, resume on a new chain).
import { mkdtempSync, readFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ModelSession, type SessionEvent, SessionFile, findSession, listSessions, readSession } from '../../src/session/index.js';
import { createSimulator, loadScenario, type Simulator } from '../../src/simulator/index.js';
import { ledgerShape, playResponses, runScripted, sessionOn } from '../helpers/scriptedAgent.js';

const coding = loadScenario('coding');
const SECRET = 'sk-secret-never-on-disk-0123456789';

let sim: Simulator;
let sessions: ModelSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
  await sim?.close();
});

function newSession(extra: Partial<ConstructorParameters<typeof ModelSession>[0]> = {}, events: SessionEvent[] = []): ModelSession {
  const m = sessionOn(sim, coding, { endpoint: { baseUrl: sim.baseUrl, apiKey: SECRET }, ...extra }, events);
  sessions.push(m);
  return m;
}

const partialRun = (m: ModelSession, responses: number) => playResponses(m, coding, 0, responses);
const partialRun2 = (m: ModelSession, from: number, to: number) => playResponses(m, coding, from, to);

describe('compaction', () => {
  it('compacts on demand: the next request starts a new chain from the window plus the newest items', async () => {
    sim = await createSimulator({ scenario: coding, apiKey: SECRET });
    const events: SessionEvent[] = [];
    const m = newSession({}, events);
    await partialRun(m, 5);
    await m.compact();
    expect(m.ledger.compaction!.window.at(-1)).toMatchObject({ type: 'compaction' });
    const stream = m.respond();
    for (let r = await stream.next(); !r.done; r = await stream.next());
    const log = sim.log.entries;
    const compact = log.find((e) => e.kind === 'compact')!;
    expect(compact.transport).toBe('http');
    const next = log.at(-1)!;
    expect(next).toMatchObject({ inputMode: 'compacted', previousResponseId: null, step: 5 });
    expect(next.inputTypes[0]).toBe('message');
    expect(next.inputTypes).toContain('compaction');
    // The outputs of step 5's calls were in the ledger before compacting: the window covers them.
    expect(next.functionCallOutputIds).toHaveLength(0);
    // A compacted chain is far smaller than the full history would be.
    expect(next.usage!.input).toBeLessThan(log.filter((e) => e.kind === 'response').at(-2)!.usage!.input);
    expect(events.find((e) => e.type === 'compaction.completed')).toMatchObject({ automatic: false });
  });

  it('compacts automatically past the threshold and still finishes the task identically', async () => {
    sim = await createSimulator({ scenario: coding });
    const reference = newSession();
    await runScripted(reference, coding);
    const events: SessionEvent[] = [];
    const m = newSession({ compactThresholdTokens: 6000 }, events);
    const run = await runScripted(m, coding);
    expect(run.finalText).toContain('All 40 tests pass');
    const compactions = events.filter((e) => e.type === 'compaction.completed');
    expect(compactions.length).toBeGreaterThanOrEqual(1);
    expect(compactions.every((e) => e.automatic)).toBe(true);
    expect(ledgerShape(m)).toEqual(ledgerShape(reference));
  });

  it('after a reconnect under store:false, replays the compacted window rather than the full context', async () => {
    sim = await createSimulator({ scenario: coding });
    const events: SessionEvent[] = [];
    const m = newSession({}, events);
    await partialRun(m, 6);
    await m.compact();
    // One request on the compacted chain, then the socket drops on the next.
    sim.injectFault(`drop@${sim.log.entries.length + 2}`);
    await partialRun2(m, 6, 8);
    const log = sim.log.responses();
    const dropped = log.findIndex((e) => e.status === 'dropped');
    expect(log[dropped - 1]).toMatchObject({ inputMode: 'compacted', connectionId: 1 });
    expect(log[dropped]).toMatchObject({ inputMode: 'incremental', connectionId: 1 });
    expect(log[dropped + 1]).toMatchObject({ inputMode: 'compacted', connectionId: 2, status: 'completed' });
    expect(events.filter((e) => e.type === 'recovery').map((e) => e.kind)).toEqual(['reconnect', 'compacted_restart']);
  });

  it('passes context_management through: the server compacts mid-chain and the task finishes the same', async () => {
    sim = await createSimulator({ scenario: coding });
    const reference = newSession();
    await runScripted(reference, coding);
    const m = newSession({ contextManagement: [{ type: 'compaction', compact_threshold: 5000 }] });
    const run = await runScripted(m, coding);
    expect(run.finalText).toContain('All 40 tests pass');
    const withoutCompaction = (shape: unknown[]) => shape.filter((s) => (s as string[])[1] !== 'compaction');
    const shape = ledgerShape(m);
    expect(shape.filter((s) => (s as string[])[1] === 'compaction').length).toBeGreaterThan(0);
    expect(withoutCompaction(shape)).toEqual(withoutCompaction(ledgerShape(reference)));
    // Every request stays incremental: server-side compaction needs no new chain.
    expect(
      sim.log
        .responses()
        .slice(-18)
        .every((e) => e.inputMode === 'incremental'),
    ).toBe(true);
  });
});

describe('the session file', () => {
  it('is appended as items complete, holds no secret, and resumes on a new chain', async () => {
    sim = await createSimulator({ scenario: coding, apiKey: SECRET });
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-sessions-'));
    const file = SessionFile.create(dir, { model: 'gpt-5.2', cwd: '/repo' });
    const m = newSession({ sessionFile: file });
    await partialRun(m, 4);
    const text = readFileSync(file.path, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/authorization/i);
    const loaded = readSession(file.path);
    expect(loaded.ledger.length).toBe(m.ledger.length);
    expect(loaded.ledger.responses.map((r) => r.responseId)).toEqual(m.ledger.responses.map((r) => r.responseId));

    // A crash mid-write leaves a torn last line: it is skipped, everything before it survives.
    appendFileSync(file.path, '{"t":"item","origin":"tool","item":{"type":"function_');
    expect(listSessions(dir)[0]!.id).toBe(file.header.id);
    const found = findSession(dir, 'last');
    const resumed = readSession(found.path);
    expect(resumed.skippedLines).toBe(1);
    expect(resumed.ledger.length).toBe(m.ledger.length);

    // Resume: a new session on the rebuilt ledger continues the task on a new chain.
    const before = sim.log.responses().length;
    const r = newSession({ ledger: resumed.ledger, sessionFile: SessionFile.open(dir, found.id) });
    await partialRun2(r, 4, 6);
    // The new connection's warm-up carries the whole resumed context; the task then goes on incrementally.
    const after = sim.log.responses().slice(before);
    expect(after.map((e) => [e.generate, e.inputMode, e.step])).toEqual([
      [false, 'full', null],
      [true, 'incremental', 4],
      [true, 'incremental', 5],
    ]);
    expect(readSession(file.path).ledger.length).toBe(r.ledger.length);
  });

  it('finds sessions by unique prefix and explains ambiguity and absence', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsagent-sessions-'));
    expect(() => findSession(dir, 'last')).toThrow(/no saved sessions/);
    const a = SessionFile.create(dir, { id: '20261122-010000-aaaa1111', model: 'm', cwd: '/' });
    SessionFile.create(dir, { id: '20261122-010000-aaaa2222', model: 'm', cwd: '/' });
    expect(findSession(dir, '20261122-010000-aaaa1').id).toBe(a.header.id);
    expect(() => findSession(dir, '20261122-010000-aaaa')).toThrow(/matches 2 sessions/);
    expect(() => findSession(dir, 'zzz')).toThrow(/no session "zzz"/);
  });
});
