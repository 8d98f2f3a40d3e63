// The --resume picker as a user drives it: what a row says, moving through a list longer than the
// screen, and each key's choice.
import { render } from 'ink-testing-library';
import { describe, expect, test } from 'vitest';
import { type PickerChoice, type PickerSession, SessionPicker, timeAgo } from '../../src/ui/components/SessionPicker.js';
import { ColorContext } from '../../src/ui/theme.js';
import { waitFor } from './fakeController.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');
const DOWN = '\u001b[B';
const UP = '\u001b[A';

function sessions(n: number): PickerSession[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `s${i}`,
    modifiedAt: new Date(NOW - i * 3_600_000),
    firstPrompt: `prompt number ${i}`,
    turns: i + 1,
  }));
}

function picker(list: PickerSession[], rows = 10) {
  const choices: PickerChoice[] = [];
  const view = render(
    <ColorContext.Provider value={false}>
      <SessionPicker sessions={list} workspace="/repo" width={100} rows={rows} now={NOW} onChoice={(c) => choices.push(c)} />
    </ColorContext.Provider>,
  );
  return { ...view, choices };
}

/** Ink reads keys once its input handler is installed (after the first render). */
async function ready(view: ReturnType<typeof picker>): Promise<void> {
  await waitFor(() => expect(view.stdin.listenerCount('readable')).toBeGreaterThan(0));
}

describe('the --resume picker', () => {
  test('rows: how long ago, how many prompts, the first prompt; the newest highlighted', () => {
    const { lastFrame } = picker(sessions(3));
    const frame = lastFrame() ?? '';
    expect(frame).toContain('Resume a session in /repo (newest first)');
    expect(frame).toMatch(/^› just now\s+1 turn {2}prompt number 0$/m);
    expect(frame).toMatch(/^ {2}1 h ago\s+2 turns {2}prompt number 1$/m);
    expect(frame).toContain('Enter resumes · Esc starts a new session · Ctrl-C quits');
  });

  test('a list longer than the screen scrolls with the highlight and says what is above and below', async () => {
    const view = picker(sessions(30), 5);
    const { lastFrame, stdin } = view;
    await ready(view);
    expect(lastFrame()).toContain('↓ 25 older');
    for (let i = 1; i <= 12; i++) {
      stdin.write(DOWN);
      await waitFor(() => expect(lastFrame()).toMatch(new RegExp(`^› .*prompt number ${i}$`, 'm')));
    }
    const frame = lastFrame() ?? '';
    expect(frame).toMatch(/↑ \d+ newer/);
    expect(frame).toMatch(/↓ \d+ older/);
    expect(frame.split('\n').filter((l) => l.includes('prompt number'))).toHaveLength(5);
    stdin.write(UP);
    await waitFor(() => expect(lastFrame()).toMatch(/^› .*prompt number 11$/m));
  });

  test('Enter resumes the highlighted one, Esc asks for a new session, Ctrl-C leaves', async () => {
    const enter = picker(sessions(3));
    await ready(enter);
    enter.stdin.write(DOWN);
    await waitFor(() => expect(enter.lastFrame()).toMatch(/^› .*prompt number 1$/m));
    enter.stdin.write('\r');
    await waitFor(() => expect(enter.choices).toEqual([{ kind: 'resume', id: 's1' }]));
    // The picker erases itself once chosen.
    await waitFor(() => expect((enter.lastFrame() ?? '').trim()).toBe(''));

    const esc = picker(sessions(3));
    await ready(esc);
    esc.stdin.write('\u001b');
    await waitFor(() => expect(esc.choices).toEqual([{ kind: 'new' }]));

    const quit = picker(sessions(3));
    await ready(quit);
    quit.stdin.write('\u0003');
    await waitFor(() => expect(quit.choices).toEqual([{ kind: 'quit' }]));
  });

  test('times: minutes and hours ago, yesterday, then the date', () => {
    expect(timeAgo(new Date(NOW - 30_000), NOW)).toBe('just now');
    expect(timeAgo(new Date(NOW - 5 * 60_000), NOW)).toBe('5 min ago');
    expect(timeAgo(new Date(NOW - 30 * 3_600_000), NOW)).toBe('yesterday');
    expect(timeAgo(new Date(2026, 0, 2, 9, 5), NOW)).toBe('2026-01-02 09:05');
  });
});
