// session/load: a saved conversation replayed to the editor as the `session/update`s it would have
// seen live — the user's prompts, the answers, the reasoning summaries, each call with its output —
// so the editor can draw the thread before the next prompt continues it.
import type { SessionUpdate } from '@agentclientprotocol/sdk';
import { webSearchEvent } from '../agent/webSearchEvents.js';
import { webSearchCall } from './eventUpdates.js';
import { toolKind, toolLocations } from './toolCallShape.js';
import { contentText } from '../session/index.js';

type Item = Record<string, unknown>;

function parsed(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output)) return contentText(output, 'input_text') || '[content parts]';
  return '';
}

export function historyUpdates(items: readonly unknown[], root: string, display: (name: string, argumentsJson: string) => string): SessionUpdate[] {
  const updates: SessionUpdate[] = [];
  const kinds = new Map<string, string>();
  for (const raw of items) {
    const item = raw as Item;
    if (item.type === 'message' && item.role === 'user') {
      const text = contentText(item.content, 'input_text');
      if (text) updates.push({ sessionUpdate: 'user_message_chunk', content: { type: 'text', text } });
    } else if (item.type === 'message' && item.role === 'assistant') {
      const text = contentText(item.content, 'output_text');
      if (text) updates.push({ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text } });
    } else if (item.type === 'reasoning') {
      const text = contentText(item.summary, 'summary_text');
      if (text) updates.push({ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text } });
    } else if (item.type === 'web_search_call') {
      updates.push(webSearchCall(webSearchEvent(item)));
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      const name = String(item.name);
      const json = item.type === 'custom_tool_call' ? JSON.stringify({ input: String(item.input ?? '') }) : String(item.arguments ?? '');
      const args = parsed(json);
      const kind = toolKind(name);
      kinds.set(String(item.call_id), kind);
      updates.push({
        sessionUpdate: 'tool_call',
        toolCallId: String(item.call_id),
        title: display(name, json),
        kind,
        status: 'pending',
        locations: toolLocations(name, args, root),
        rawInput: args,
      });
    } else if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const text = outputText(item.output);
      updates.push({
        sessionUpdate: 'tool_call_update',
        toolCallId: String(item.call_id),
        status: 'completed',
        content: [{ type: 'content', content: { type: 'text', text: kinds.get(String(item.call_id)) === 'execute' ? `\`\`\`\n${text}\n\`\`\`` : text } }],
      });
    }
  }
  return updates;
}
