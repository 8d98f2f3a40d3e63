// "waiting for the model · N s" on the working line: only while a turn runs with no tool running
// and no approval pending, after more than 10 s without any event; updated each second. The clock
// is vitest's fake one (performance.now and the 1 s interval), so nothing here waits for real time.
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { App } from '../../src/ui/App.js';
import { modelWaitText, waitingOnModelSince } from '../../src/ui/modelWait.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import { FakeController, keys, testInfo, turnCompleted, waitFor } from './fakeController.js';

describe('waitingOnModelSince / modelWaitText', () => {
  const started = () => reduce(reduce(initialUiState(testInfo), { type: 'ui.submitted' }, 100), { type: 'turn.started', turn: 1, prompt: 'go' }, 200);

  test('counts from the last event of a running turn', () => {
    let s = started();
    expect(waitingOnModelSince(s)).toBe(200);
    s = reduce(s, { type: 'assistant.delta', text: 'Hel' }, 5_000);
    expect(waitingOnModelSince(s)).toBe(5_000);
    expect(modelWaitText(5_000, 15_000)).toBeNull();
    expect(modelWaitText(5_000, 15_001)).toBe('waiting for the model · 10 s');
    expect(modelWaitText(5_000, 47_000)).toBe('waiting for the model · 42 s');
    expect(modelWaitText(5_000, 5_000 + 125_000)).toBe('waiting for the model · 2m05s');
  });

  test('not while a tool runs, an approval is pending, or no turn runs', () => {
    let s = started();
    s = reduce(s, { type: 'tool.requested', callId: 'c1', name: 'run_command', args: {}, display: '$ sleep 30' }, 300);
    s = reduce(s, { type: 'tool.started', callId: 'c1', name: 'run_command', display: '$ sleep 30' }, 400);
    expect(waitingOnModelSince(s)).toBeNull();
    s = reduce(s, { type: 'tool.completed', callId: 'c1', name: 'run_command', ok: true, output: '', durationMs: 30_000 }, 30_400);
    // The next request goes out after the tool: the silence counts from its completion.
    expect(waitingOnModelSince(s)).toBe(30_400);
    s = reduce(s, { type: 'tool.approval_required', callId: 'c2', name: 'edit_file', args: {}, display: 'edit a.js', reason: 'suggest' }, 31_000);
    expect(waitingOnModelSince(s)).toBeNull();
    s = reduce(s, { type: 'ui.approval_answered', callId: 'c2' }, 40_000);
    expect(waitingOnModelSince(s)).toBe(31_000);
    s = reduce(s, turnCompleted(1), 50_000);
    expect(waitingOnModelSince(s)).toBeNull();
  });

  test('a stalled recovery is told in the transcript like the others', () => {
    const s = reduce(started(), { type: 'recovery', kind: 'stalled' as never, reason: 'no event within 30 s of the request' }, 31_000);
    expect(s.items.at(-1)).toMatchObject({ kind: 'notice', level: 'recovery', text: '↻ the model went silent, retried: no event within 30 s of the request' });
    expect(waitingOnModelSince(s)).toBe(31_000);
  });
});

describe('the working line', () => {
  beforeEach(() => {
    // Only the clock and the 1 s ticks are fake; Ink's and React's own scheduling stays real.
    vi.useFakeTimers({ toFake: ['performance', 'setInterval', 'clearInterval'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  test('says how long the model has been silent, updating each second, and stops when it speaks', async () => {
    const c = new FakeController();
    const r = render(<App controller={c} color={false} throttleMs={10} />);
    try {
      const frame = () => r.lastFrame() ?? '';
      await waitFor(() => expect(c.listenerCount).toBe(1));
      r.stdin.write('explain the code');
      r.stdin.write(keys.enter);
      await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
      c.emit({ type: 'turn.started', turn: 1, prompt: 'explain the code' });
      await waitFor(() => expect(frame()).toContain('● working'));

      vi.advanceTimersByTime(9_000);
      await waitFor(() => expect(frame()).toContain('working 9s'));
      expect(frame()).not.toContain('waiting for the model');

      vi.advanceTimersByTime(3_000);
      await waitFor(() => expect(frame()).toContain('waiting for the model · 12 s'));
      vi.advanceTimersByTime(30_000);
      await waitFor(() => expect(frame()).toContain('waiting for the model · 42 s'));

      // A delta is a sign of life: the notice goes, and the silence counts again from it.
      c.emit({ type: 'reasoning.delta', text: 'Reading the code' });
      vi.advanceTimersByTime(1_000);
      await waitFor(() => expect(frame()).not.toContain('waiting for the model'));
      expect(frame()).toContain('working 43s');

      // A running tool is not the model's silence.
      c.emit({ type: 'tool.requested', callId: 'c1', name: 'run_tests', args: {}, display: 'run the tests' });
      c.emit({ type: 'tool.started', callId: 'c1', name: 'run_tests', display: 'run the tests' });
      await waitFor(() => expect(frame()).toContain('run the tests'));
      vi.advanceTimersByTime(20_000);
      await waitFor(() => expect(frame()).toContain('working 1m03s'));
      expect(frame()).not.toContain('waiting for the model');

      c.emit({ type: 'tool.completed', callId: 'c1', name: 'run_tests', ok: true, output: 'ok', durationMs: 20_000 });
      await waitFor(() => expect(frame()).toContain('✓'));
      vi.advanceTimersByTime(11_000);
      await waitFor(() => expect(frame()).toContain('waiting for the model · 11 s'));

      c.emit({ type: 'assistant.done', text: 'Done.' }, turnCompleted(1));
      await waitFor(() => expect(frame()).not.toContain('working'));
      expect(frame()).not.toContain('waiting for the model');
    } finally {
      r.unmount();
    }
  });
});
