// The TUI after hours: 5,000 transcript items through the UI state and the App. What must stay flat
// is structural (wall-clock times are printed by the benchmark, bench/tuiFrames.tsx, never asserted):
// every frame renders only the items it adds — finished items go into <Static>, written once, never
// re-rendered — and the state holds each finished item once, with nothing left in the streaming tail.
import { beforeAll, describe, expect, test } from 'vitest';
import { feedTranscript, turnEvents } from '../../bench/tuiFrames.js';
import { preloadMarkdown } from '../../src/ui/markdown.js';
import { initialUiState, reduce } from '../../src/ui/uiState.js';
import { FakeController } from './fakeController.js';

beforeAll(() => preloadMarkdown());

const ITEMS = 5_000;

describe('5,000 transcript items', () => {
  test('the reducer keeps each finished item once and nothing in the tail', () => {
    let state = initialUiState(new FakeController().info);
    let turn = 0;
    while (state.items.length < ITEMS) for (const e of turnEvents(++turn)) state = reduce(state, e);
    expect(state.items.length).toBe(turn * 3);
    expect(new Set(state.items.map((i) => i.id)).size).toBe(state.items.length); // no item twice
    expect(state.tail).toEqual({ assistant: '', reasoning: '', tools: [] });
  });

  test('every frame renders only the items it adds, at the start and at the end alike', async () => {
    const frames = await feedTranscript(ITEMS, 10);
    expect(frames.at(-1)!.items).toBeGreaterThanOrEqual(ITEMS);
    // Each frame: exactly its own 30 items rendered, none of the thousands before them.
    expect(frames.every((f) => f.itemsRendered === 30)).toBe(true);
    // What goes to the terminal per frame does not grow with the history (the new items' text only,
    // within a few digits of turn numbers): the last frame writes no more than twice the first.
    expect(frames.at(-1)!.bytes).toBeLessThan(frames[0]!.bytes * 2);
  }, 120_000);
});
