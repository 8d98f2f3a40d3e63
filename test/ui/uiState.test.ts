import { describe, expect, test } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import type { ControllerInfo } from '../../src/ui/AgentController.js';
import { CARD_OUTPUT_LINES, LIVE_OUTPUT_LINES } from '../../src/ui/toolCards.js';
import { initialUiState, isUrgent, reduce } from '../../src/ui/uiState.js';
import type { TranscriptItem, UiInput, UiState } from '../../src/ui/uiTypes.js';
import { requestCompleted, turnCompleted } from './fakeController.js';

const info: ControllerInfo = {
  sessionId: 'sess_1',
  model: 'gpt-5.2',
  approval: 'suggest',
  cwd: '/repo',
  connection: { transport: 'ws', state: 'connecting', openedAt: null, reconnects: 0 },
};

function run(events: UiInput[], start: UiState = initialUiState(info), now = 5000): UiState {
  return events.reduce((s, e) => reduce(s, e, now), start);
}

function kinds(state: UiState): string[] {
  return state.items.map((i) => (i.kind === 'notice' ? `notice:${i.level}` : i.kind));
}

function last<T extends TranscriptItem['kind']>(state: UiState, kind: T): Extract<TranscriptItem, { kind: T }> {
  const found = [...state.items].reverse().find((i) => i.kind === kind);
  if (!found) throw new Error(`no ${kind} item`);
  return found as Extract<TranscriptItem, { kind: T }>;
}

describe('initial state', () => {
  test('comes from the controller info', () => {
    const s = initialUiState({ ...info, connection: { transport: 'http', state: 'open', openedAt: 42, reconnects: 3 } });
    expect(s.status).toMatchObject({
      sessionId: 'sess_1',
      model: 'gpt-5.2',
      approval: 'suggest',
      transport: 'http',
      connection: 'open',
      openedAt: 42,
      reconnects: 3,
    });
    expect(s.items).toEqual([]);
    expect(s.busy).toBe(false);
  });

  test('openedAt is ignored unless the connection is open', () => {
    const s = initialUiState({ ...info, connection: { transport: 'ws', state: 'closed', openedAt: 42, reconnects: 0 } });
    expect(s.status.openedAt).toBeNull();
  });
});

describe('session and connection', () => {
  test('session.started sets model, transport, approval, cwd', () => {
    const s = run([
      { type: 'session.started', sessionId: 's2', model: 'gpt-x', transport: 'http', cwd: '/x', approval: 'full-auto', sandbox: 'workspace-write' },
    ]);
    expect(s.status).toMatchObject({ sessionId: 's2', model: 'gpt-x', transport: 'http', cwd: '/x', approval: 'full-auto' });
  });

  test('connection open stamps openedAt; a repeated open keeps it; other states clear it', () => {
    let s = reduce(initialUiState(info), { type: 'connection', state: 'open', transport: 'ws' }, 1000);
    expect(s.status).toMatchObject({ connection: 'open', openedAt: 1000 });
    s = reduce(s, { type: 'connection', state: 'open', transport: 'ws' }, 2000);
    expect(s.status.openedAt).toBe(1000);
    s = reduce(s, { type: 'connection', state: 'reconnecting', transport: 'ws', reason: 'socket closed' }, 3000);
    expect(s.status).toMatchObject({ connection: 'reconnecting', openedAt: null, connectionReason: 'socket closed' });
    s = reduce(s, { type: 'connection', state: 'open', transport: 'ws' }, 4000);
    expect(s.status.openedAt).toBe(4000);
    s = reduce(s, { type: 'connection', state: 'closed', transport: 'ws' }, 5000);
    expect(s.status).toMatchObject({ connection: 'closed', openedAt: null });
  });
});

describe('a turn', () => {
  test('turn.started adds the prompt and marks busy', () => {
    const s = run([{ type: 'turn.started', turn: 1, prompt: 'fix the tests' }], initialUiState(info), 777);
    expect(s.items).toEqual([{ id: 1, kind: 'user', text: 'fix the tests' }]);
    expect(s.busy).toBe(true);
    expect(s.busySince).toBe(777);
  });

  test('deltas accumulate in the tail; assistant.done moves the message to the transcript', () => {
    let s = run([
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'assistant.delta', text: 'Hello ' },
      { type: 'assistant.delta', text: 'world' },
    ]);
    expect(s.tail.assistant).toBe('Hello world');
    expect(kinds(s)).toEqual(['user']);
    s = reduce(s, { type: 'assistant.done', text: 'Hello world!' });
    expect(s.tail.assistant).toBe('');
    expect(last(s, 'assistant')).toMatchObject({ text: 'Hello world!', interrupted: false });
  });

  test('assistant.done with empty text uses the streamed text; empty both adds nothing', () => {
    let s = run([
      { type: 'assistant.delta', text: 'streamed' },
      { type: 'assistant.done', text: '' },
    ]);
    expect(last(s, 'assistant').text).toBe('streamed');
    s = run([{ type: 'assistant.done', text: '' }]);
    expect(s.items).toEqual([]);
  });

  test('turn.completed ends the turn with a summary, status figures and idle', () => {
    const s = run([{ type: 'turn.started', turn: 3, prompt: 'p' }, { type: 'assistant.done', text: 'ok' }, turnCompleted(3, 'completed', 8200)]);
    expect(s.busy).toBe(false);
    expect(s.busySince).toBeNull();
    expect(s.status.lastTurn).toMatchObject({ turn: 3, status: 'completed', wallMs: 8200, requests: 2 });
    expect(s.status.turns).toBe(1);
    const summary = last(s, 'notice');
    expect(summary.level).toBe('dim');
    expect(summary.text).toContain('turn 3 · 8.2 s');
    expect(summary.text).toContain('2 requests');
  });

  test('a cancelled turn keeps the partial answer, marked interrupted', () => {
    const s = run([{ type: 'turn.started', turn: 1, prompt: 'p' }, { type: 'assistant.delta', text: 'half an ans' }, turnCompleted(1, 'cancelled', 2100)]);
    expect(last(s, 'assistant')).toMatchObject({ text: 'half an ans', interrupted: true });
    expect(last(s, 'notice').text).toContain('turn 1 cancelled after 2.1 s');
    expect(s.tail.assistant).toBe('');
  });

  test('turn.completed clears running tools and pending approvals', () => {
    const s = run([
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'tool.requested', callId: 'a', name: 'run_command', args: {}, display: 'run_command ls' },
      { type: 'tool.approval_required', callId: 'a', name: 'run_command', args: {}, display: 'run_command ls', reason: 'r' },
      turnCompleted(1, 'failed'),
    ]);
    expect(s.tail.tools).toEqual([]);
    expect(s.approvals).toEqual([]);
    expect(last(s, 'notice').text).toContain('failed');
  });

  test('ui.submitted marks busy at once; ui.idle clears it', () => {
    let s = reduce(initialUiState(info), { type: 'ui.submitted' }, 10);
    expect(s).toMatchObject({ busy: true, busySince: 10 });
    s = reduce(s, { type: 'turn.started', turn: 1, prompt: 'p' }, 20);
    expect(s.busySince).toBe(10);
    s = reduce(s, { type: 'ui.idle' });
    expect(s.busy).toBe(false);
  });
});

describe('reasoning', () => {
  test('reasoning streams in the tail and lands before the answer even when reasoning.done comes last', () => {
    const s = run([
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'reasoning.delta', text: 'Thinking ' },
      { type: 'reasoning.delta', text: 'hard' },
      { type: 'assistant.delta', text: 'Answer' },
      { type: 'assistant.done', text: 'Answer' },
      { type: 'reasoning.done', text: 'Thinking hard' },
    ]);
    expect(kinds(s)).toEqual(['user', 'reasoning', 'assistant']);
    expect(last(s, 'reasoning').text).toBe('Thinking hard');
    expect(s.tail.reasoning).toBe('');
    expect(s.reasoningCommitted).toBe(false);
  });

  test('reasoning.done without deltas adds the summary', () => {
    const s = run([{ type: 'reasoning.done', text: 'Summary' }]);
    expect(kinds(s)).toEqual(['reasoning']);
  });

  test('reasoning before a tool call is committed before the tool card', () => {
    const s = run([
      { type: 'reasoning.delta', text: 'Let me look' },
      { type: 'tool.requested', callId: 'c', name: 'read_file', args: {}, display: 'read_file a.ts' },
      { type: 'reasoning.done', text: 'Let me look' },
      { type: 'tool.completed', callId: 'c', name: 'read_file', ok: true, output: 'x\ny', durationMs: 3 },
    ]);
    expect(kinds(s)).toEqual(['reasoning', 'tool']);
  });
});

describe('tools', () => {
  const requested: AgentEvent = { type: 'tool.requested', callId: 'c1', name: 'run_command', args: { command: 'npm test' }, display: 'run_command npm test' };

  test('requested → started → output → completed', () => {
    let s = run([requested]);
    expect(s.tail.tools).toMatchObject([{ callId: 'c1', status: 'queued', display: 'run_command npm test' }]);
    s = reduce(s, { type: 'tool.started', callId: 'c1', name: 'run_command', display: 'run_command npm test' }, 100);
    expect(s.tail.tools[0]).toMatchObject({ status: 'running', startedAt: 100 });
    s = reduce(s, { type: 'tool.output', callId: 'c1', chunk: 'one\ntw' });
    s = reduce(s, { type: 'tool.output', callId: 'c1', chunk: 'o\nthree' });
    expect(s.tail.tools[0]!.output).toEqual({ lines: ['one', 'two'], partial: 'three', omitted: 0 });
    s = reduce(s, { type: 'tool.completed', callId: 'c1', name: 'run_command', ok: true, output: 'one\ntwo\nthree\n', durationMs: 1234 });
    expect(s.tail.tools).toEqual([]);
    expect(last(s, 'tool').card).toMatchObject({
      callId: 'c1',
      status: 'ok',
      durationMs: 1234,
      display: 'run_command npm test',
      output: { lines: ['one', 'two', 'three'], omitted: 0 },
      diff: null,
    });
  });

  test('the live output tail stays bounded however much output streams', () => {
    let s = run([requested, { type: 'tool.started', callId: 'c1', name: 'run_command', display: 'x' }]);
    for (let i = 0; i < 1000; i++) s = reduce(s, { type: 'tool.output', callId: 'c1', chunk: `line ${i}\n` });
    const tail = s.tail.tools[0]!.output;
    expect(tail.lines).toHaveLength(LIVE_OUTPUT_LINES);
    expect(tail.lines[tail.lines.length - 1]).toBe('line 999');
    expect(tail.omitted).toBe(1000 - LIVE_OUTPUT_LINES);
  });

  test('a finished card keeps only the last lines of long output, cleaned of escapes', () => {
    const output = Array.from({ length: 50 }, (_, i) => `\u001b[32mrow ${i}\u001b[39m`).join('\n');
    const s = run([requested, { type: 'tool.completed', callId: 'c1', name: 'run_command', ok: false, output, durationMs: 5 }]);
    const card = last(s, 'tool').card;
    expect(card.status).toBe('failed');
    expect(card.output.lines).toHaveLength(CARD_OUTPUT_LINES);
    expect(card.output.lines[0]).toBe('row 38');
    expect(card.output.lines[11]).toBe('row 49');
    expect(card.output.omitted).toBe(38);
  });

  test('an edit keeps its diff (classified) instead of the output', () => {
    const diff = '--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,2 +1,2 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n';
    const s = run([
      { type: 'tool.requested', callId: 'e', name: 'edit_file', args: {}, display: 'edit_file src/a.ts' },
      { type: 'tool.completed', callId: 'e', name: 'edit_file', ok: true, output: 'Edited src/a.ts', durationMs: 2, diff },
    ]);
    const card = last(s, 'tool').card;
    expect(card.diff!.lines.map((l) => l.kind)).toEqual(['header', 'header', 'hunk', 'context', 'del', 'add']);
    expect(card.output.lines).toEqual([]);
  });

  test('a successful read_file shows only how many lines it read', () => {
    const s = run([{ type: 'tool.completed', callId: 'r', name: 'read_file', ok: true, output: 'a\nb\nc', durationMs: 1 }]);
    expect(last(s, 'tool').card.output).toEqual({ lines: [], omitted: 3 });
    expect(last(s, 'tool').card.display).toBe('read_file');
  });

  test('approval_required queues an approval; answering or starting removes it', () => {
    const ask = (callId: string): AgentEvent => ({
      type: 'tool.approval_required',
      callId,
      name: 'run_command',
      args: { command: 'rm -rf build' },
      display: 'run_command rm -rf build',
      reason: 'mode suggest asks',
    });
    let s = run([requested, ask('c1'), ask('c1'), ask('c2')]);
    expect(s.approvals.map((a) => a.callId)).toEqual(['c1', 'c2']);
    expect(s.tail.tools.find((t) => t.callId === 'c1')!.status).toBe('waiting');
    s = reduce(s, { type: 'ui.approval_answered', callId: 'c1' });
    expect(s.approvals.map((a) => a.callId)).toEqual(['c2']);
    expect(s.tail.tools.find((t) => t.callId === 'c1')!.status).toBe('queued');
    s = reduce(s, { type: 'tool.started', callId: 'c2', name: 'run_command', display: 'x' });
    expect(s.approvals).toEqual([]);
  });

  test('a denied call completes and drops its approval', () => {
    const s = run([
      requested,
      { type: 'tool.approval_required', callId: 'c1', name: 'run_command', args: {}, display: 'd', reason: 'r' },
      { type: 'tool.completed', callId: 'c1', name: 'run_command', ok: false, output: 'The user denied this call.', durationMs: 0 },
    ]);
    expect(s.approvals).toEqual([]);
    expect(last(s, 'tool').card.status).toBe('failed');
  });
});

describe('recovery', () => {
  test('discards the partial answer and reasoning, adds a notice, counts reconnects', () => {
    let s = run([
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'reasoning.delta', text: 'hm' },
      { type: 'assistant.delta', text: 'partial' },
    ]);
    s = reduce(s, { type: 'recovery', kind: 'reconnect', reason: 'the connection was cut' });
    expect(s.tail.assistant).toBe('');
    expect(s.tail.reasoning).toBe('');
    expect(last(s, 'notice')).toMatchObject({ level: 'recovery', text: '↻ reconnected: the connection was cut' });
    expect(s.status.reconnects).toBe(1);
    // The replay streams the answer again, whole.
    s = run(
      [
        { type: 'assistant.delta', text: 'full answer' },
        { type: 'assistant.done', text: 'full answer' },
      ],
      s,
    );
    expect(s.items.filter((i) => i.kind === 'assistant')).toHaveLength(1);
    expect(last(s, 'assistant').text).toBe('full answer');
  });

  test('only connection-level recoveries count as reconnects', () => {
    const kinds = ['reconnect', 'limit_reached', 'fallback_http', 'previous_response_not_found', 'compacted_restart', 'retry'] as const;
    const s = run(kinds.map((kind) => ({ type: 'recovery', kind, reason: '' }) as AgentEvent));
    expect(s.status.reconnects).toBe(3);
    expect(s.items.filter((i) => i.kind === 'notice')).toHaveLength(6);
    expect((s.items[3] as { text: string }).text).toContain('replayed');
  });

  test('session.completed can raise the reconnect count', () => {
    const s = run([
      {
        type: 'session.completed',
        status: 'completed',
        finalMessage: '',
        stats: { turns: 1, requests: 1, toolCalls: 0, reconnects: 4, tokens: { input: 0, cached: 0, output: 0 } },
      },
    ]);
    expect(s.status.reconnects).toBe(4);
  });
});

describe('status figures', () => {
  test('request.completed gives time to first token, total and bytes; warm-ups are ignored', () => {
    let s = run([requestCompleted({ sendAt: 1000, firstDeltaAt: 1412, doneAt: 2300, bytesUp: 1229 })]);
    expect(s.status.lastRequest).toMatchObject({ ttftMs: 412, totalMs: 1300, bytesUp: 1229, mode: 'incremental', transport: 'ws' });
    expect(s.status.requests).toBe(1);
    s = reduce(s, requestCompleted({ sendAt: 0, doneAt: 5, warmup: true, bytesUp: 10 }));
    expect(s.status.lastRequest!.bytesUp).toBe(1229);
    expect(s.status.requests).toBe(1);
  });

  test('a request without any delta has no time to first token', () => {
    const s = run([requestCompleted({ firstDeltaAt: null })]);
    expect(s.status.lastRequest!.ttftMs).toBeNull();
  });

  test('usage accumulates tokens', () => {
    const s = run([
      { type: 'usage', input: 1000, cached: 800, output: 50 },
      { type: 'usage', input: 2000, cached: 1900, output: 70 },
    ]);
    expect(s.status.tokens).toEqual({ input: 3000, cached: 2700, output: 120 });
  });

  test('ui.settings changes model and approval', () => {
    const s = run([
      { type: 'ui.settings', model: 'gpt-next' },
      { type: 'ui.settings', approval: 'auto-edit' },
    ]);
    expect(s.status).toMatchObject({ model: 'gpt-next', approval: 'auto-edit' });
  });
});

describe('notices and UI items', () => {
  test('errors: fatal in red with the code, non-fatal as a warning', () => {
    const s = run([
      { type: 'error', code: 'network', message: 'gave up reconnecting', fatal: true },
      { type: 'error', code: 'approval_refused', message: 'refused', fatal: false },
    ]);
    expect(s.items).toMatchObject([
      { kind: 'notice', level: 'error', text: '✗ gave up reconnecting (network)' },
      { kind: 'notice', level: 'warn', text: '! refused' },
    ]);
  });

  test('items are append-only with increasing ids', () => {
    const s = run([
      { type: 'ui.help' },
      { type: 'ui.notice', level: 'info', text: 'x' },
      { type: 'ui.block', title: 'T', body: 'B', format: 'text' },
      { type: 'ui.cleared' },
    ]);
    expect(s.items.map((i) => i.id)).toEqual([1, 2, 3, 4]);
    expect(kinds(s)).toEqual(['help', 'notice:info', 'block', 'notice:info']);
  });

  test('the reducer never mutates its input', () => {
    const before = run([
      { type: 'turn.started', turn: 1, prompt: 'p' },
      { type: 'assistant.delta', text: 'a' },
    ]);
    const frozen = JSON.stringify(before);
    run([{ type: 'assistant.delta', text: 'b' }, { type: 'assistant.done', text: 'ab' }, turnCompleted(1)], before);
    expect(JSON.stringify(before)).toBe(frozen);
  });

  test('unchanged parts keep their identity (cheap memoised rendering)', () => {
    const s1 = run([{ type: 'ui.notice', level: 'info', text: 'x' }]);
    const s2 = reduce(s1, { type: 'assistant.delta', text: 'hi' });
    expect(s2.items).toBe(s1.items);
    expect(s2.status).toBe(s1.status);
    const s3 = reduce(s2, { type: 'usage', input: 1, cached: 0, output: 1 });
    expect(s3.tail).toBe(s2.tail);
  });
});

test('only deltas and tool output wait for the throttle', () => {
  expect(isUrgent({ type: 'assistant.delta', text: 'x' })).toBe(false);
  expect(isUrgent({ type: 'reasoning.delta', text: 'x' })).toBe(false);
  expect(isUrgent({ type: 'tool.output', callId: 'c', chunk: 'x' })).toBe(false);
  expect(isUrgent({ type: 'assistant.done', text: 'x' })).toBe(true);
  expect(isUrgent({ type: 'ui.help' })).toBe(true);
});

describe('the context meter (issue 24.6)', () => {
  const usage = (tokens: number): UiInput => ({
    type: 'usage',
    input: tokens - 100,
    cached: 0,
    output: 100,
    context: { tokens, window: 20_000, percent: Math.round(tokens / 200) },
  });

  test('follows each response, drops with a compaction, and is gone after /clear until the next response', () => {
    let s = run([usage(4_000), usage(9_000)]);
    expect(s.status.context).toEqual({ tokens: 9_000, window: 20_000, percent: 45 });
    s = run(
      [
        { type: 'compaction.started', automatic: true, tokens: 16_500, window: 20_000, percent: 83, threshold: 16_000, focus: null },
        { type: 'compaction.completed', automatic: true, tokensBefore: 16_500, tokensAfter: 2_000, durationMs: 40, windowItems: 3, carriedOver: 1 },
      ],
      s,
    );
    expect(s.status.context).toEqual({ tokens: 2_000, window: 20_000, percent: 10 });
    expect(s.items.slice(-2).map((i) => (i as { text?: string }).text)).toEqual([
      '⇣ compacting the conversation: 17k tokens, 83 % of 20k, over the 80 % threshold…',
      '✓ compacted 17k → 2.0k tokens in 40 ms · the latest request, the plan and the files changed were put back after it',
    ]);
    s = run([{ type: 'ui.cleared' }], s);
    expect(s.status.context).toBeUndefined();
    s = run([usage(9_000), { type: 'session.rewound', sessionId: 's', turn: 1, prompt: 'p', mode: 'conversation', keptItems: 0, files: null }], s);
    expect(s.status.context).toBeUndefined();
  });
});
