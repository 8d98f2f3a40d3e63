// Markdown → terminal text, via marked + marked-terminal (code blocks highlighted by cli-highlight).
// Width-aware (paragraphs reflow to the width); plain text without any escape sequence when colour
// is off (NO_COLOR). Finished messages are rendered once and cached; the streaming answer renders
// only a window at its end (what the live region can show anyway), so a long answer costs the same
// per frame as a short one.
//
// The renderer (marked-terminal with highlight.js) takes a noticeable time to load, so it is loaded
// after the first frame (preloadMarkdown); until then text shows as typed, and is not cached.
import { stripVTControlCharacters } from 'node:util';
import type { Marked, MarkedExtension } from 'marked';
import { carryStylesAcrossLines } from './ansiLines.js';

type Engine = { Marked: typeof Marked; markedTerminal: (options: Record<string, unknown>) => unknown };
let engine: Engine | null = null;
let loading: Promise<void> | null = null;

/** Starts loading the renderer; resolves when it is ready. */
export function preloadMarkdown(): Promise<void> {
  loading ??= Promise.all([import('marked'), import('marked-terminal')]).then(([m, t]) => {
    engine = { Marked: m.Marked, markedTerminal: t.markedTerminal as unknown as Engine['markedTerminal'] };
  });
  return loading;
}

export interface MarkdownOptions {
  /** Columns available. */
  width: number;
  color: boolean;
}

const MIN_WIDTH = 20;
const CACHE_LIMIT = 200;

const parsers = new Map<string, Marked>();
const cache = new Map<string, string>();

function parserFor(width: number, color: boolean): Marked {
  const key = `${width}:${color ? 1 : 0}`;
  let parser = parsers.get(key);
  if (!parser) {
    const { Marked: MarkedClass, markedTerminal } = engine!;
    parser = new MarkedClass();
    const extension = markedTerminal({
      width,
      reflowText: true,
      tab: 2,
      emoji: false,
      // Without colour the `#` prefix is all that marks a heading.
      showSectionPrefix: !color,
    }) as unknown as MarkedExtension;
    parser.use(extension);
    // marked-terminal prints a tight list item's text raw (`code` and **bold** stay as typed):
    // render its inline tokens, and leave every other text to marked-terminal.
    parser.use({
      renderer: {
        text(token) {
          return 'tokens' in token && token.tokens && token.tokens.length > 0 ? this.parser.parseInline(token.tokens) : false;
        },
      },
    });
    parser.use(plainAddresses);
    parsers.set(key, parser);
  }
  return parser;
}

/**
 * GFM turns anything shaped like `name@host.tld` into a mail link, and marked-terminal prints a
 * link as `text (href)`: `lodash@4.17.21` became `lodash@4.17.21 (mailto:lodash@4.17.21)`. In a
 * coding agent's answers such words are package specs and addresses to read, not to click: a
 * bare one stays text, and an explicit `<admin@example.com>` (or `www.example.com`) shows once. ADDRESS is
 * the shape GFM links as mail (marked's extended email autolink).
 */
const ADDRESS = /^[A-Za-z0-9._+-]+@[a-zA-Z0-9-_]+(?:\.[a-zA-Z0-9-_]*[a-zA-Z0-9])+(?![-_])/;

const plainAddresses: MarkedExtension = {
  extensions: [
    {
      name: 'plainAddress',
      level: 'inline',
      // Extension tokenizers run before marked's own at each position, where GFM's text rule stops.
      tokenizer(src) {
        const match = ADDRESS.exec(src);
        return match ? { type: 'plainAddress', raw: match[0], text: match[0] } : undefined;
      },
      renderer(token) {
        return String(token.text);
      },
    },
  ],
  renderer: {
    link(token) {
      // A link whose text is its own address (`<a@b.cd>`, `www.x.org`) says it once.
      if (token.href !== `mailto:${token.text}` && token.href !== `http://${token.text}`) return false;
      return this.parser.parseInline(token.tokens);
    },
  },
};

/**
 * The highlighter reports unknown languages on the console, which would tear through the Ink
 * frame: keep it quiet while rendering (rendering is synchronous, so nothing else is silenced).
 */
function quietly<T>(fn: () => T): T {
  const { log, warn, error } = console;
  const silent = (): void => undefined;
  console.log = silent;
  console.warn = silent;
  console.error = silent;
  try {
    return fn();
  } finally {
    console.log = log;
    console.warn = warn;
    console.error = error;
  }
}

/** Renders markdown for the terminal. Never throws: on a renderer failure the source is shown. */
export function renderMarkdown(source: string, options: MarkdownOptions): string {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width));
  if (!engine) {
    void preloadMarkdown();
    return source.replace(/^\n+/, '').replace(/\s+$/, '');
  }
  let out: string;
  try {
    out = quietly(() => parserFor(width, options.color).parse(source, { async: false }) as string);
  } catch {
    out = source;
  }
  out = options.color ? carryStylesAcrossLines(out) : stripVTControlCharacters(out);
  return out.replace(/^\n+/, '').replace(/\s+$/, '');
}

/** renderMarkdown, cached: for finished messages, which never change. */
export function renderMarkdownCached(source: string, options: MarkdownOptions): string {
  const key = `${Math.floor(options.width)}:${options.color ? 1 : 0}:${source}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const out = renderMarkdown(source, options);
  if (!engine) return out; // the plain fallback: render again once the renderer is loaded
  cache.set(key, out);
  if (cache.size > CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return out;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The end of a growing markdown text, at least `maxChars` long when the text is, starting at a
 * point where rendering can start: a paragraph boundary, or any line inside a code block with the
 * block's opening fence put back in front.
 */
export function streamingWindow(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const target = text.length - maxChars;
  let start = 0;
  let startOpener: string | null = null;
  let opener: string | null = null;
  let openerFence = '';
  let previousBlank = true;
  let offset = 0;
  while (offset <= target) {
    const end = text.indexOf('\n', offset);
    const line = end === -1 ? text.slice(offset) : text.slice(offset, end);
    if (opener !== null) {
      start = offset;
      startOpener = opener;
    } else if (previousBlank) {
      start = offset;
      startOpener = null;
    }
    const fence = FENCE.exec(line)?.[1];
    if (fence !== undefined) {
      if (opener === null) {
        opener = line.trim();
        openerFence = fence;
      } else if (fence[0] === openerFence[0] && fence.length >= openerFence.length && line.trim() === fence) {
        opener = null;
      }
    }
    previousBlank = line.trim() === '';
    if (end === -1) break;
    offset = end + 1;
  }
  return (startOpener !== null ? `${startOpener}\n` : '') + text.slice(start);
}
