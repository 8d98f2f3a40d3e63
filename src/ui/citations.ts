// The web sources an answer cites (url_citation annotations) as footnotes: a [n] mark after the
// words each backs, and the numbered list of titles and links under the answer.
import type { Citation } from '../agent/events.js';
import { citedSources } from '../agent/webSearchEvents.js';

export function withCitationFootnotes(text: string, citations: readonly Citation[] | undefined): string {
  if (!citations || citations.length === 0) return text;
  const sources = citedSources(citations);
  const numberOf = new Map(sources.map((s) => [s.url, s.n]));
  // Marks go in from the end, so earlier positions stay where they are.
  const marks = citations
    .map((c) => ({ at: c.text ? text.indexOf(c.text) : -1, c }))
    .filter((m) => m.at >= 0)
    .map((m) => ({ at: m.at + m.c.text.length, mark: `[${numberOf.get(m.c.url)}]` }))
    .sort((a, b) => b.at - a.at);
  let marked = text;
  for (const { at, mark } of marks) marked = `${marked.slice(0, at)}${mark}${marked.slice(at)}`;
  return `${marked.replace(/\s+$/, '')}\n\nSources:\n${sources.map((s) => s.line).join('\n')}`;
}
