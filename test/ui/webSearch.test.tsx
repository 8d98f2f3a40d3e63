// The hosted web search in the TUI: each search as a "searched: …" line, and the answer's citations
// as footnote marks after the cited words with the numbered sources under the answer.
import { render } from 'ink-testing-library';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { earlierEntries } from '../../src/cli/earlierTranscript.js';
import { createToolRegistry } from '../../src/tools/index.js';
import { App } from '../../src/ui/App.js';
import { withCitationFootnotes } from '../../src/ui/citations.js';
import { preloadMarkdown } from '../../src/ui/markdown.js';
import { FakeController, keys, turnCompleted, waitFor } from './fakeController.js';

beforeAll(() => preloadMarkdown());
const mounted: Array<ReturnType<typeof render>> = [];
afterEach(() => {
  for (const r of mounted.splice(0)) r.unmount();
});

const TEXT = 'Safari before 14.1 ignores flex gap. Safari 14.1 added it; see the gap table again.';
const CITATIONS = [
  { url: 'https://caniuse.com/flexbox-gap', title: 'Flexbox gap', startIndex: 0, endIndex: 35, text: 'Safari before 14.1 ignores flex gap' },
  { url: 'https://webkit.org/blog/11648/', title: 'Safari 14.1', startIndex: 37, endIndex: 57, text: 'Safari 14.1 added it' },
  { url: 'https://caniuse.com/flexbox-gap', title: 'Flexbox gap', startIndex: 67, endIndex: 76, text: 'gap table' },
];

describe('citations', () => {
  test('one number per source, a mark after each cited passage, the list under the answer', () => {
    expect(withCitationFootnotes(TEXT, CITATIONS)).toBe(
      'Safari before 14.1 ignores flex gap[1]. Safari 14.1 added it[2]; see the gap table[1] again.\n\n' +
        'Sources:\n[1] Flexbox gap: https://caniuse.com/flexbox-gap\n[2] Safari 14.1: https://webkit.org/blog/11648/',
    );
    expect(withCitationFootnotes(TEXT, undefined)).toBe(TEXT);
  });
});

describe('the TUI', () => {
  test('shows the search and the cited sources', async () => {
    const c = new FakeController();
    const r = render(<App controller={c} throttleMs={10} />);
    mounted.push(r);
    const frame = () => r.lastFrame() ?? '';
    await waitFor(() => expect(c.listenerCount).toBe(1));
    r.stdin.write('is it a known bug?');
    r.stdin.write(keys.enter);
    await waitFor(() => expect(c.callsOf('submit')).toHaveLength(1));
    c.emit(
      { type: 'turn.started', turn: 1, prompt: 'is it a known bug?' },
      { type: 'web_search', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'safari flex gap' }, display: 'searched: safari flex gap' },
      { type: 'assistant.done', text: TEXT, citations: CITATIONS },
      turnCompleted(1),
    );
    await waitFor(() => expect(frame()).toContain('https://webkit.org/blog/11648/'));
    const shown = frame();
    expect(shown).toContain('searched: safari flex gap');
    expect(shown).toContain('added it[2]');
    expect(shown.indexOf('searched: safari flex gap')).toBeLessThan(shown.indexOf('Safari before 14.1'));
    expect(shown).toMatch(/\[1\] Flexbox gap: https:\/\/caniuse\.com\/flexbox-gap/);
  });
});

describe('a resumed session', () => {
  test('shows its earlier searches and the sources its answers cited', () => {
    const items = [
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'is it a known bug?' }] },
      { id: 'ws_1', type: 'web_search_call', status: 'completed', action: { type: 'search', query: 'safari flex gap' } },
      {
        type: 'message',
        role: 'assistant',
        content: [
          {
            type: 'output_text',
            text: TEXT,
            annotations: CITATIONS.map((c) => ({ type: 'url_citation', url: c.url, title: c.title, start_index: c.startIndex, end_index: c.endIndex })),
          },
        ],
      },
    ];
    const entries = earlierEntries(items, createToolRegistry());
    expect(entries[1]).toEqual({ kind: 'tool', name: 'web_search', display: 'searched: safari flex gap', outputLines: 0 });
    expect(entries[2]).toEqual({ kind: 'assistant', text: withCitationFootnotes(TEXT, CITATIONS) });
  });
});
