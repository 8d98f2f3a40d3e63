// The hosted web_search tool, offered as Codex offers it: `cached` keeps the model to cached and
// indexed results (`external_web_access: false`), `live` lets it fetch pages, `off` offers nothing.
// The service runs the searches; wsagent only shows them and keeps what they add to the answer.
import type { HostedWebSearchTool } from '../protocol/index.js';

export const WEB_SEARCH_MODES = ['off', 'cached', 'live'] as const;
export type WebSearchMode = (typeof WEB_SEARCH_MODES)[number];

/** The tools a request carries for this mode (none when off). */
export function webSearchTools(mode: WebSearchMode): HostedWebSearchTool[] {
  if (mode === 'off') return [];
  return [{ type: 'web_search', external_web_access: mode === 'live' }];
}
