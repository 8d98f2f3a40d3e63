// The plan checklist (plan.updated): live above the prompt and updated in place while the turn
// runs, ✔ ▸ ☐ with colour and [x] [>] [ ] without, within 80 columns; the explanation once in the
// transcript; the final state in the transcript when the turn ends.
import { vi } from 'vitest';

vi.hoisted(() => {
  // The test's stdout is not a terminal: force colour so "colour on" really emits escapes.
  process.env.FORCE_COLOR = '1';
});

import { stripVTControlCharacters } from 'node:util';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, test } from 'vitest';
import type { AgentEvent } from '../../src/agent/events.js';
import { App } from '../../src/ui/App.js';
import { PlanChecklist } from '../../src/ui/components/PlanChecklist.js';
import { planWindow } from '../../src/ui/planState.js';
import { ColorContext } from '../../src/ui/theme.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import type { PlanStep, UiState } from '../../src/ui/uiTypes.js';
import { ANSI, FakeController, keys, testInfo, turnCompleted, waitFor } from './fakeController.js';

type Status = PlanStep['status'];
const plan = (explanation: string | null, ...steps: Array<[string, Status]>): AgentEvent => ({
  type: 'plan.updated',
  explanation,
  plan: steps.map(([step, status]) => ({ step, status })),
});

const mounted: Array<ReturnType<typeof render>> = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

describe('plan state', () => {
  const run = (events: AgentEvent[]): UiState =>
    events.reduce((s, e) => reduce(s, e, 0), reduce(initialUiState(testInfo), { type: 'turn.started', turn: 1, prompt: 'p' }, 0));
  const notices = (s: UiState) => s.items.filter((i) => i.kind === 'notice').map((i) => (i as { text: string }).text);

  test('the latest plan replaces the previous one; an explanation is told once', () => {
    const s = run([
      plan('Three steps: read, fix, test.', ['Read the evaluator', 'in_progress'], ['Fix unary minus', 'pending'], ['Run the tests', 'pending']),
      plan('Three steps: read, fix, test.', ['Read the evaluator', 'completed'], ['Fix unary minus', 'in_progress'], ['Run the tests', 'pending']),
      plan(null, ['Read the evaluator', 'completed'], ['Fix unary minus', 'completed'], ['Run the tests', 'in_progress']),
    ]);
    expect(s.plan?.steps.map((p) => p.status)).toEqual(['completed', 'completed', 'in_progress']);
    expect(notices(s)).toEqual(['plan: Three steps: read, fix, test.']);
    expect(s.items.some((i) => i.kind === 'plan')).toBe(false);
    const changed = reduce(s, plan('The tests need a fixture first.', ['Add a fixture', 'in_progress']), 0);
    expect(notices(changed)).toEqual(['plan: Three steps: read, fix, test.', 'plan: The tests need a fixture first.']);
  });

  test('the turn ends: the plan as it stood goes into the transcript, the live one goes away', () => {
    const s = run([plan(null, ['Read', 'completed'], ['Fix', 'in_progress']), turnCompleted(1)]);
    expect(s.plan).toBeNull();
    expect(s.items.filter((i) => i.kind === 'plan')).toEqual([
      expect.objectContaining({
        steps: [
          { step: 'Read', status: 'completed' },
          { step: 'Fix', status: 'in_progress' },
        ],
      }),
    ]);
  });

  test('a long plan is windowed around the step in progress', () => {
    const steps = Array.from({ length: 20 }, (_, i) => ({
      step: `step ${i}`,
      status: (i < 14 ? 'completed' : i === 14 ? 'in_progress' : 'pending') as Status,
    }));
    const w = planWindow(steps, 5);
    expect(w.steps.map((s) => s.step)).toEqual(['step 12', 'step 13', 'step 14', 'step 15', 'step 16']);
    expect([w.above, w.below]).toEqual([12, 3]);
    expect(planWindow(steps.slice(0, 4), 5)).toMatchObject({ above: 0, below: 0, first: 0 });
  });
});

describe('the checklist', () => {
  const steps: PlanStep[] = [
    { step: 'Read the evaluator and the failing tests', status: 'completed' },
    { step: 'Fix the precedence of unary minus against exponentiation in the parser so that -2^2 is -4 as in maths', status: 'in_progress' },
    { step: 'Run the whole test suite', status: 'pending' },
  ];
  const at80 = (color: boolean) =>
    render(
      <ColorContext.Provider value={color}>
        <Box width={80}>
          <PlanChecklist steps={steps} />
        </Box>
      </ColorContext.Provider>,
    );

  test('with colour: ✔ ▸ ☐, the step in progress highlighted, every row within 80 columns', () => {
    const r = at80(true);
    mounted.push(r);
    const frame = r.lastFrame() ?? '';
    const rows = stripVTControlCharacters(frame).split('\n');
    expect(rows[0]).toBe('Plan · 1/3 done');
    expect(rows[1]).toBe('  ✔ Read the evaluator and the failing tests');
    expect(rows[2]).toMatch(/^ {2}▸ Fix the precedence of unary minus .*…$/);
    expect(rows[3]).toBe('  ☐ Run the whole test suite');
    for (const row of rows) expect([...row].length).toBeLessThanOrEqual(80);
    // Bold on the step in progress (and only colour escapes elsewhere).
    const current = frame.split('\n')[2]!;
    expect(current).toContain('\u001b[1m');
  });

  test('NO_COLOR: plain [x] [>] [ ] and no escapes at all', () => {
    const r = at80(false);
    mounted.push(r);
    const frame = r.lastFrame() ?? '';
    expect(frame).not.toMatch(ANSI);
    expect(
      frame
        .split('\n')
        .slice(1)
        .map((row) => row.slice(0, 5)),
    ).toEqual(['  [x]', '  [>]', '  [ ]']);
  });
});

describe('in the TUI', () => {
  test('shows above the prompt, updates in place, explanation once; the final state stays in the transcript', async () => {
    const c = new FakeController();
    const r = render(<App controller={c} color={false} throttleMs={10} />);
    mounted.push(r);
    const frame = () => r.lastFrame() ?? '';
    await waitFor(() => expect(c.listenerCount).toBe(1));
    r.stdin.write('fix the parser');
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'fix the parser' });
    c.emit(plan('Read first, then fix, then test.', ['Read the parser', 'in_progress'], ['Fix unary minus', 'pending'], ['Run the tests', 'pending']));
    await waitFor(() => expect(frame()).toContain('[>] Read the parser'));
    const first = frame();
    expect(first.indexOf('Plan · 0/3 done')).toBeLessThan(first.indexOf('● working'));

    c.emit(plan('Read first, then fix, then test.', ['Read the parser', 'completed'], ['Fix unary minus', 'in_progress'], ['Run the tests', 'pending']));
    await waitFor(() => expect(frame()).toContain('[>] Fix unary minus'));
    const second = frame();
    expect(second.split('Plan ·')).toHaveLength(2);
    expect(second).toContain('[x] Read the parser');
    expect(second.split('plan: Read first, then fix, then test.')).toHaveLength(2);

    c.emit(
      plan(null, ['Read the parser', 'completed'], ['Fix unary minus', 'completed'], ['Run the tests', 'completed']),
      { type: 'assistant.done', text: 'Fixed.' },
      turnCompleted(1),
    );
    await waitFor(() => expect(frame()).not.toContain('working'));
    const done = frame();
    expect(done.split('Plan ·')).toHaveLength(2);
    expect(done).toContain('Plan · 3/3 done');
    expect(done.indexOf('Plan · 3/3 done')).toBeLessThan(done.indexOf('turn 1 ·'));
    expect(done).toContain('[x] Run the tests');
  });
});
