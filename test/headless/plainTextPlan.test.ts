// The plain front end prints the plan (update_plan) as a checklist on stderr, only when it changes;
// and names a fork (exec --fork) there.
import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import type { AgentEvent } from '../../src/agent/events.js';
import { plainTextWriter } from '../../src/headless/plainText.js';

function capture() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += String(c)));
  stderr.on('data', (c) => (err += String(c)));
  return { write: plainTextWriter({ stdout, stderr }), out: () => out, err: () => err };
}

const plan = (explanation: string | null, ...statuses: Array<'pending' | 'in_progress' | 'completed'>): AgentEvent => ({
  type: 'plan.updated',
  explanation,
  plan: statuses.map((status, i) => ({ step: `step ${i + 1}`, status })),
});

describe('plain output: plan.updated', () => {
  it('prints [x] / [>] / [ ] lines, again only when the plan changed', () => {
    const c = capture();
    c.write(plan('Starting.', 'in_progress', 'pending'));
    c.write(plan('Starting.', 'in_progress', 'pending'));
    c.write(plan(null, 'completed', 'in_progress'));
    expect(c.out()).toBe('');
    expect(c.err()).toBe(['  Plan: Starting.', '  [>] step 1', '  [ ] step 2', '  Plan', '  [x] step 1', '  [>] step 2', ''].join('\n'));
  });

  it('ends a streaming answer line on stdout before the checklist', () => {
    const c = capture();
    c.write({ type: 'assistant.delta', text: 'Working on it' });
    c.write(plan(null, 'pending'));
    expect(c.out()).toBe('Working on it\n');
    expect(c.err()).toBe('  Plan\n  [ ] step 1\n');
  });
});

describe('plain output: session.forked', () => {
  it('names the original and the fork on stderr (exec --resume ID --fork), nothing on stdout', () => {
    const c = capture();
    c.write({ type: 'session.forked', sessionId: 'new-id', forkedFrom: 'old-id', lane: null });
    expect(c.out()).toBe('');
    expect(c.err()).toBe('forked session old-id as new-id (the original is unchanged)\n');
  });
});

describe('plain output: compaction (issue 24.6)', () => {
  it('says on stderr when a compaction starts and ends, with the figures', () => {
    const c = capture();
    c.write({ type: 'compaction.started', automatic: true, tokens: 218_400, window: 272_000, percent: 80, threshold: 217_600, focus: null });
    c.write({ type: 'compaction.completed', automatic: true, tokensBefore: 218_400, tokensAfter: 9_400, durationMs: 3_100, windowItems: 5, carriedOver: 1 });
    c.write({ type: 'compaction.started', automatic: true, tokens: 201_000, window: null, percent: null, threshold: 200_000, focus: null });
    expect(c.out()).toBe('');
    expect(c.err()).toBe(
      [
        '  ⇣ compacting the conversation: 218k tokens, 80 % of 272k, over the 80 % threshold…',
        '  ✓ compacted 218k → 9.4k tokens in 3.1 s · the latest request, the plan and the files changed were put back after it',
        '  ⇣ compacting the conversation: 201k tokens, over the 200k-token threshold…',
        '',
      ].join('\n'),
    );
  });
});
