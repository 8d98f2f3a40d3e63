// Pure parts of the simulator: fault specs, profiles, conversation analysis, compaction blobs.
import { describe, expect, it } from 'vitest';
import { decodeCompaction, encodeCompaction } from '../../src/simulator/compactionBlob.js';
import { analyseConversation, normaliseInput } from '../../src/simulator/conversation.js';
import { FaultSchedule, FaultSpecError, parseFault } from '../../src/simulator/faults.js';
import { PROFILES, ProfileError, resolveProfile } from '../../src/simulator/profiles.js';
import { ScenarioError, validateScenario } from '../../src/simulator/scenario.js';

describe('fault specs', () => {
  it('parses request, connection and time schedules with options', () => {
    expect(parseFault('drop@3')).toEqual({ kind: 'drop', request: 3 });
    expect(parseFault('close_1011@req:5,at=start')).toEqual({ kind: 'close_1011', request: 5, at: 'start' });
    expect(parseFault('upgrade_426@conn:2')).toEqual({ kind: 'upgrade_426', connection: 2 });
    expect(parseFault('upgrade_404')).toEqual({ kind: 'upgrade_404', connection: 1 });
    expect(parseFault('limit@+5000')).toEqual({ kind: 'limit', afterMs: 5000 });
    expect(parseFault('rate_limit,retry_after=2.5,times=3')).toEqual({ kind: 'rate_limit', request: 1, retryAfterS: 2.5, times: 3 });
  });

  it('rejects what it does not understand, naming the valid choices', () => {
    expect(() => parseFault('explode@1')).toThrow(/unknown fault "explode".*drop/);
    expect(() => parseFault('drop@x')).toThrow(FaultSpecError);
    expect(() => parseFault('drop@1,at=end')).toThrow(/bad option "at=end"/);
    expect(() => parseFault('upgrade_426@3')).toThrow(/conn:N/);
  });

  it('strikes the scheduled requests only, times=N consecutive ones', () => {
    const schedule = new FaultSchedule([parseFault('drop@2,times=2'), parseFault('upgrade_426@conn:1'), parseFault('failed@+100')]);
    expect(schedule.forRequest(1, 0)).toBeUndefined();
    expect(schedule.forRequest(2, 0)?.kind).toBe('drop');
    expect(schedule.forRequest(3, 0)?.kind).toBe('drop');
    expect(schedule.forRequest(4, 50)).toBeUndefined();
    expect(schedule.forRequest(5, 150)?.kind).toBe('failed');
    expect(schedule.forRequest(6, 200)).toBeUndefined();
    expect(schedule.forUpgrade(1, 0)?.kind).toBe('upgrade_426');
    expect(schedule.forUpgrade(2, 0)).toBeUndefined();
  });
});

describe('network profiles', () => {
  it('has the fixed wan preset and an all-zero local one', () => {
    expect(PROFILES.wan).toEqual({
      name: 'wan',
      oneWayMs: 40,
      uplinkBps: 10_000_000,
      downlinkBps: 50_000_000,
      ttftMs: 400,
      tokensPerSecond: 80,
      rebuildMsPer1kTokens: 10,
      storeLoadBaseMs: 150,
      storeLoadMsPer1kTokens: 2,
    });
    expect(Object.values(PROFILES.local!).filter((v) => typeof v === 'number' && v !== 0)).toEqual([]);
  });

  it('accepts overrides and JSON, and rejects nonsense', () => {
    expect(resolveProfile('wan,ttft_ms=100').ttftMs).toBe(100);
    expect(resolveProfile('wan,ttft_ms=100').oneWayMs).toBe(40);
    expect(resolveProfile('{"oneWayMs": 5}').oneWayMs).toBe(5);
    expect(() => resolveProfile('moon')).toThrow(ProfileError);
    expect(() => resolveProfile('wan,speed=3')).toThrow(/unknown profile field "speed"/);
    expect(() => resolveProfile('wan,ttft_ms=-1')).toThrow(/number ≥ 0/);
  });
});

describe('conversation analysis', () => {
  const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
  const call = (id: string) => ({ type: 'function_call', call_id: id, name: 'read_file', arguments: '{}' });
  const output = (id: string, text: string) => ({ type: 'function_call_output', call_id: id, output: text });

  it('counts model responses as runs of model output, whatever their size', () => {
    const items = normaliseInput([
      user('go'),
      { type: 'reasoning', id: 'rs_1', summary: [] },
      call('a'),
      call('b'),
      output('a', 'A'),
      output('b', 'B'),
      call('c'),
      output('c', 'C text'),
    ]);
    const facts = analyseConversation(items);
    expect(facts.modelResponses).toBe(2);
    expect(facts.latestInputText).toBe('C text');
    expect(facts.pendingCallIds).toEqual([]);
  });

  it('finds pending calls and orphan outputs', () => {
    const facts = analyseConversation(normaliseInput([user('go'), call('a'), output('zzz', 'x')]));
    expect(facts.pendingCallIds).toEqual(['a']);
    expect(facts.orphanOutputIds).toEqual(['zzz']);
  });

  it('accepts a string input and easy messages without a type', () => {
    expect(normaliseInput('hi')).toEqual([{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }]);
    expect(normaliseInput([{ role: 'user', content: 'yo' }])[0]).toMatchObject({ type: 'message', content: [{ type: 'input_text', text: 'yo' }] });
    expect(() => normaliseInput([{ foo: 1 }])).toThrow(/input\[0\]\.type/);
    expect(() => normaliseInput(42)).toThrow(/input/);
  });

  it('continues counting through a compaction item', () => {
    const blob = encodeCompaction({ modelResponses: 7, callIds: ['a', 'b'], answeredCallIds: ['a'], latestInputText: '', summaryTokens: 300 });
    expect(decodeCompaction(blob)?.modelResponses).toBe(7);
    expect(decodeCompaction('garbage')).toBeNull();
    const facts = analyseConversation(normaliseInput([user('go'), { type: 'compaction', encrypted_content: blob }, output('b', 'B out')]));
    expect(facts.modelResponses).toBe(7);
    expect(facts.pendingCallIds).toEqual([]);
    expect(facts.orphanOutputIds).toEqual([]);
    expect(facts.latestInputText).toBe('B out');
  });
});

describe('scenario validation', () => {
  it('explains what is wrong with a scenario', () => {
    expect(() => validateScenario({ name: 'x', steps: [] })).toThrow(/"steps" must be a non-empty array/);
    expect(() => validateScenario({ name: 'x', steps: [{}] })).toThrow(/step 0 needs "calls", "message" or "refusal"/);
    expect(() => validateScenario({ name: 'x', steps: [{ calls: [{ name: 'a' }] }] })).toThrow(/"arguments" must be an object \(or a string sent verbatim\)/);
    expect(() => validateScenario({ name: 'x', steps: [{ message: 'm', expect: { contains: 3 } }] })).toThrow(ScenarioError);
  });
});
