// The hosted web_search tool as the simulator plays it: scenario data becomes `web_search_call`
// output items (with the `action` the real service reports) and `url_citation` annotations on the
// message. Nothing is searched. A model only searches when the request offers the tool, so a step's
// searches and citations are dropped from a request without it.
import type { ScenarioCitation, ScenarioSearch } from './scenario.js';
import type { OutputPlan } from './scriptedModel.js';
import type { WireItem } from './conversation.js';
import { randomBytes } from 'node:crypto';

/** The hosted search tool types of the SDK's Tool union. */
const SEARCH_TOOL_TYPES = new Set(['web_search', 'web_search_2025_08_26', 'web_search_preview', 'web_search_preview_2025_03_11']);

export const newWebSearchCallId = (): string => `ws_${randomBytes(24).toString('hex')}`;

export function offersWebSearch(tools: unknown): boolean {
  return Array.isArray(tools) && tools.some((t) => SEARCH_TOOL_TYPES.has(String((t as { type?: unknown } | null)?.type)));
}

/** The plan as a model with (or without) the search tool plays it. */
export function withOfferedSearch(plan: OutputPlan, tools: unknown): OutputPlan {
  if (offersWebSearch(tools) || (!plan.searches && !plan.citations)) return plan;
  const { searches: _searches, citations: _citations, ...rest } = plan;
  return rest;
}

/** A finished search: `action.sources` only when the request's `include` asked for them. */
export function searchCallItem(id: string, search: ScenarioSearch, withSources: boolean): WireItem {
  const sources = withSources && search.sources ? { sources: search.sources.map((url) => ({ type: 'url', url })) } : {};
  return { id, type: 'web_search_call', status: 'completed', action: { type: 'search', query: search.query, queries: [search.query], ...sources } };
}

/** The url_citation annotations of a message text: each over the first occurrence of its cited words. */
export function citationAnnotations(text: string, citations: readonly ScenarioCitation[] | undefined): Array<Record<string, unknown>> {
  const annotations: Array<Record<string, unknown>> = [];
  for (const cite of citations ?? []) {
    const start = text.indexOf(cite.text);
    if (start < 0) continue; // cut off (max_output_tokens): nothing left to cite
    annotations.push({ type: 'url_citation', start_index: start, end_index: start + cite.text.length, url: cite.url, title: cite.title });
  }
  return annotations;
}
