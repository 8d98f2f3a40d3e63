// The hosted web_search tool's traces in a response, as AgentEvents: each `web_search_call` item
// ("searched: …") and the `url_citation` annotations of the assistant's text (the sources it cites).
import type { AgentEvent, Citation, WebSearchAction } from './events.js';

/** What a search did, in words: "searched: rust async traits", "opened: https://…". */
export function describeSearch(action: WebSearchAction): string {
  switch (action.type) {
    case 'search': {
      const queries = action.queries?.length ? action.queries : action.query ? [action.query] : [];
      return queries.length > 0 ? `searched: ${queries.join(' · ')}` : 'searched the web';
    }
    case 'open_page':
      return action.url ? `opened: ${action.url}` : 'opened a page';
    case 'find_in_page':
      return `looked for "${action.pattern}" in ${action.url}`;
    default:
      return 'searched the web';
  }
}

/** The event for a finished `web_search_call` output item. */
export function webSearchEvent(item: Record<string, unknown>): Extract<AgentEvent, { type: 'web_search' }> {
  const raw = (item.action ?? {}) as Record<string, unknown>;
  const action = { ...raw, type: typeof raw.type === 'string' ? raw.type : 'search' } as WebSearchAction;
  return {
    type: 'web_search',
    id: typeof item.id === 'string' ? item.id : '',
    status: typeof item.status === 'string' ? item.status : 'completed',
    action,
    display: describeSearch(action),
  };
}

/** The url_citation annotations of a message's output_text parts, in order, each with the words it cites. */
export function citationsOf(message: Record<string, unknown>): Citation[] {
  const citations: Citation[] = [];
  for (const part of Array.isArray(message.content) ? (message.content as Array<Record<string, unknown>>) : []) {
    const text = typeof part.text === 'string' ? part.text : '';
    for (const a of Array.isArray(part.annotations) ? (part.annotations as Array<Record<string, unknown>>) : []) {
      if (a.type !== 'url_citation' || typeof a.url !== 'string') continue;
      const start = Number(a.start_index);
      const end = Number(a.end_index);
      citations.push({
        url: a.url,
        title: typeof a.title === 'string' ? a.title : a.url,
        startIndex: start,
        endIndex: end,
        text: Number.isInteger(start) && Number.isInteger(end) ? text.slice(start, end) : '',
      });
    }
  }
  return citations;
}

/** The sources an answer cites, one per URL, numbered in the order they are first cited: `[1] Title: https://…`. */
export function citedSources(citations: readonly Citation[]): Array<{ n: number; url: string; title: string; line: string }> {
  const sources = new Map<string, { n: number; url: string; title: string; line: string }>();
  for (const c of citations) {
    if (sources.has(c.url)) continue;
    const n = sources.size + 1;
    sources.set(c.url, { n, url: c.url, title: c.title, line: `[${n}] ${c.title}: ${c.url}` });
  }
  return [...sources.values()];
}
