import { vi } from 'vitest';

vi.hoisted(() => {
  // Colour must be possible for the "colour on" cases (the test's stdout is not a terminal).
  process.env.FORCE_COLOR = '1';
});

import { stripVTControlCharacters } from 'node:util';
import { describe, expect, test } from 'vitest';
import { renderMarkdown, renderMarkdownCached, streamingWindow } from '../../src/ui/markdown.js';
import { ANSI } from './fakeController.js';
import { beforeAll as beforeAllMarkdown } from 'vitest';
import { preloadMarkdown } from '../../src/ui/markdown.js';

// The markdown renderer loads lazily in the product (after the first frame); load it up front here.
beforeAllMarkdown(() => preloadMarkdown());

const doc = '# Title\n\nSome **bold** text.\n\n```ts\nconst answer: number = 42;\n```\n\n- one\n- two\n';

describe('renderMarkdown', () => {
  test('with colour: styled text and highlighted code', () => {
    const out = renderMarkdown(doc, { width: 80, color: true });
    expect(out).toMatch(ANSI);
    expect(out).toContain('const');
    expect(out).not.toContain('**bold**');
  });

  test('without colour: no escape sequence at all', () => {
    const out = renderMarkdown(doc, { width: 80, color: false });
    expect(out).not.toMatch(/\u001b/);
    expect(out).toContain('# Title');
    expect(out).toContain('bold');
    expect(out).not.toContain('**');
    expect(out).toContain('const answer: number = 42;');
  });

  test('inline markdown inside list items is rendered, not printed raw', () => {
    const out = renderMarkdown('- a test in `test/x.js` and **bold**\n- two\n', { width: 80, color: false });
    expect(out).toContain('a test in test/x.js and bold');
    expect(out).not.toMatch(/[`*]{1,2}(test|bold)/);
    expect(renderMarkdown('- `code` here\n', { width: 80, color: true })).toContain('\u001b[33mcode');
  });

  test('paragraphs reflow to the width', () => {
    const out = renderMarkdown('word '.repeat(100), { width: 40, color: false });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(40);
  });

  test('an unknown code language stays quiet (nothing on the console)', () => {
    const spy = vi.spyOn(console, 'error');
    const out = renderMarkdown('```nosuchlang\nx = 1\n```', { width: 80, color: true });
    expect(out).toContain('x = 1');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  test('package specs and bare addresses stay text: no (mailto:…) after them [issue 19]', () => {
    const source = 'Pin lodash@4.17.21 and calc-js@1.3.0 (or @scope/pkg@1.2.3), then write to admin@example.com.';
    for (const color of [false, true]) {
      const out = stripVTControlCharacters(renderMarkdown(source, { width: 200, color }));
      expect(out).toBe('Pin lodash@4.17.21 and calc-js@1.3.0 (or @scope/pkg@1.2.3), then write to admin@example.com.');
    }
    // In a list item and in bold too; and an explicit <address> or www. link shows the address once.
    expect(renderMarkdown('- use **lodash@4.17.21** here\n', { width: 80, color: false })).toBe('  * use lodash@4.17.21 here');
    expect(renderMarkdown('mail <admin@example.com> or see www.example.com', { width: 80, color: false })).toBe(
      'mail admin@example.com or see www.example.com',
    );
  });

  test('links that say more than their address keep it', () => {
    const out = renderMarkdown('see [the docs](https://example.com/docs), [mail us](mailto:team@example.com) and https://example.com/x', {
      width: 120,
      color: false,
    });
    expect(out).toBe('see the docs (https://example.com/docs), mail us (mailto:team@example.com) and https://example.com/x');
  });

  test('cached rendering returns the same text', () => {
    const a = renderMarkdownCached(doc, { width: 60, color: false });
    expect(renderMarkdownCached(doc, { width: 60, color: false })).toBe(a);
  });
});

describe('streamingWindow', () => {
  test('short text is kept whole', () => {
    expect(streamingWindow('abc', 100)).toBe('abc');
  });

  test('starts at a paragraph boundary', () => {
    const text = `${'a'.repeat(50)}\n\n${'b'.repeat(50)}\n\n${'c'.repeat(50)}`;
    expect(streamingWindow(text, 60)).toBe(`${'b'.repeat(50)}\n\n${'c'.repeat(50)}`);
  });

  test('inside a code block, the fence is put back in front', () => {
    const code = Array.from({ length: 40 }, (_, i) => `line${i}`).join('\n');
    const text = `intro\n\n\`\`\`js\n${code}`;
    const window = streamingWindow(text, 50);
    expect(window.startsWith('```js\nline')).toBe(true);
    expect(window.endsWith('line39')).toBe(true);
  });

  test('after a closed code block, no fence is added', () => {
    const text = `\`\`\`js\nx\n\`\`\`\n\n${'para '.repeat(5)}\n\n${'tail '.repeat(10)}`;
    const window = streamingWindow(text, 60);
    expect(window.startsWith('```')).toBe(false);
  });
});
