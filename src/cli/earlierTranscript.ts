// A resumed session's conversation, as the TUI draws it before the prompt: the user's prompts, the
// assistant's answers (with the sources they cite), and each tool call or web search summarised to
// one line (what it did, how long its output was). Read from the ledger items the session restored.
import { citationsOf, webSearchEvent } from '../agent/webSearchEvents.js';
import type { EarlierEntry } from '../ui/AgentController.js';
import { withCitationFootnotes } from '../ui/citations.js';
import type { ToolRegistry } from '../tools/index.js';
import { contentText } from '../session/index.js';

type Item = Record<string, unknown>;

export function earlierEntries(items: readonly unknown[], registry: Pick<ToolRegistry, 'parseArguments'>): EarlierEntry[] {
  const entries: EarlierEntry[] = [];
  const calls = new Map<string, number>();
  for (const raw of items) {
    const item = raw as Item;
    if (item.type === 'message' && item.role === 'user') {
      const text = contentText(item.content, 'input_text').trim();
      if (text) entries.push({ kind: 'user', text });
    } else if (item.type === 'message' && item.role === 'assistant') {
      const text = contentText(item.content, 'output_text').trim();
      if (text) entries.push({ kind: 'assistant', text: withCitationFootnotes(text, citationsOf(item)) });
    } else if (item.type === 'web_search_call') {
      entries.push({ kind: 'tool', name: 'web_search', display: webSearchEvent(item).display, outputLines: 0 });
    } else if (item.type === 'function_call') {
      const name = String(item.name);
      const parsed = registry.parseArguments(name, String(item.arguments ?? ''));
      const display = parsed.ok ? parsed.tool.display(parsed.args) : name;
      calls.set(String(item.call_id), entries.length);
      entries.push({ kind: 'tool', name, display, outputLines: 0 });
    } else if (item.type === 'function_call_output') {
      const at = calls.get(String(item.call_id));
      const entry = at === undefined ? undefined : entries[at];
      if (entry?.kind === 'tool') {
        const output = typeof item.output === 'string' ? item.output : '';
        entries[at!] = { ...entry, outputLines: output === '' ? 0 : output.replace(/\n$/, '').split('\n').length };
      }
    }
  }
  return entries;
}
