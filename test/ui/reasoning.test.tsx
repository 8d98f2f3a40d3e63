// The reasoning summary in the TUI: streamed visibly (dim, italic, wrapped so the newest words are
// on screen even in a one-paragraph summary), then committed once to the transcript before the
// answer.
import { vi } from 'vitest';

vi.hoisted(() => {
  // The test's stdout is not a terminal: force colour so the italic style really is emitted.
  process.env.FORCE_COLOR = '1';
});

import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { App } from '../../src/ui/App.js';
import { preloadMarkdown } from '../../src/ui/markdown.js';
import { reasoningPlain, reasoningTail, wrapText } from '../../src/ui/reasoningText.js';
import { FakeController, keys, turnCompleted, waitFor } from './fakeController.js';

beforeAll(() => preloadMarkdown());

describe('reasoning text', () => {
  test('wraps on words to the width, breaking only words longer than a row', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('abcdefghijkl xy', 5)).toEqual(['abcde', 'fghij', 'kl xy']);
    expect(wrapText('one\n\ntwo', 20)).toEqual(['one', '', 'two']);
  });

  test('drops the bold markers of the summary headings and keeps the newest rows', () => {
    expect(reasoningPlain('**Inspecting the parser**\n\nIt reads\ttokens.')).toBe('Inspecting the parser\n\nIt reads    tokens.');
    expect(reasoningTail('aaa bbb ccc ddd eee', 7, 2)).toEqual(['ccc ddd', 'eee']);
    expect(reasoningTail('**Title**\n\nbody text', 20, 3)).toEqual(['Title', 'body text']);
    expect(reasoningTail('  ', 7, 2)).toEqual([]);
  });
});

const ITALIC = '\u001b[3m';
const mounted: Array<ReturnType<typeof render>> = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

describe('the TUI', () => {
  test('streams a long summary in italics, newest words visible, then commits it once before the answer', async () => {
    const c = new FakeController();
    const r = render(<App controller={c} color throttleMs={10} />);
    mounted.push(r);
    const frame = () => r.lastFrame() ?? '';
    await waitFor(() => expect(c.listenerCount).toBe(1));
    r.stdin.write('why does it fail?');
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    c.emit({ type: 'turn.started', turn: 1, prompt: 'why does it fail?' });

    const words =
      'I am reading the evaluator to see how it handles operator precedence, then the tests that exercise unary minus and exponentiation, because the failure mentions both of them in the same expression'.split(
        ' ',
      );
    const summary = `**Tracing the failure**\n\n${words.join(' ')}`;
    c.emit({ type: 'reasoning.delta', text: '**Tracing the failure**\n\n' });
    for (const word of words) c.emit({ type: 'reasoning.delta', text: `${word} ` });
    await waitFor(() => expect(frame()).toContain('same expression'));
    const live = frame();
    expect(live).toContain(ITALIC);
    expect(live).toContain('∴');
    expect(live).not.toContain('**');

    c.emit({ type: 'reasoning.done', text: summary }, { type: 'assistant.done', text: 'Unary minus binds too loosely.' }, turnCompleted(1));
    await waitFor(() => expect(frame()).toContain('Unary minus binds too loosely.'));
    const done = frame();
    // Once in the transcript (the live copy is gone), whole, and before the answer.
    expect(done.split('Tracing the failure')).toHaveLength(2);
    expect(done.indexOf('Tracing the failure')).toBeLessThan(done.indexOf('Unary minus binds'));
    expect(done.replace(/\u001b\[[0-9;]*m/g, '').replace(/\s+/g, ' ')).toContain(words.join(' '));
  });
});
