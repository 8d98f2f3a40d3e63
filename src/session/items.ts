// Conversation items as the session keeps them: exactly what went over the wire, so a replay
// sends the same conversation the server saw incrementally.
import type { ResponseInputItem } from '../protocol/index.js';

/** Any input or output item, kept as plain JSON. */
export type ConversationItem = ResponseInputItem | (Record<string, unknown> & { type: string });

export type ItemOrigin = 'user' | 'model' | 'tool' | 'compaction';

export const userMessage = (text: string): ConversationItem => ({
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text }],
});

export const functionCallOutput = (callId: string, output: string): ConversationItem => ({
  type: 'function_call_output',
  call_id: callId,
  output,
});

export interface ReplayOptions {
  /** Responses are stored (store:true): the server can resolve a reasoning item by its id. */
  store?: boolean;
}

export const customToolCallOutput = (callId: string, output: string): ConversationItem => ({
  type: 'custom_tool_call_output',
  call_id: callId,
  output,
});

/**
 * The form of a model output item that goes back as input in a new chain. Under store:false the
 * server cannot resolve item ids it never stored, so ids and statuses are dropped, and reasoning
 * items are kept only when they carry their encrypted content (protocol.md §10: an id-only one is a
 * 404). Under store:true a reasoning item goes back as the ledger holds it, id included.
 */
export function toReplayItem(item: ConversationItem, options: ReplayOptions = {}): ConversationItem | null {
  const raw = item as Record<string, unknown>;
  switch (raw.type) {
    case 'reasoning':
      if (options.store === true) return item;
      if (typeof raw.encrypted_content !== 'string') return null;
      return { type: 'reasoning', summary: raw.summary ?? [], encrypted_content: raw.encrypted_content } as ConversationItem;
    case 'function_call':
      return { type: 'function_call', call_id: raw.call_id, name: raw.name, arguments: raw.arguments } as ConversationItem;
    case 'custom_tool_call':
      return { type: 'custom_tool_call', call_id: raw.call_id, name: raw.name, input: raw.input } as ConversationItem;
    case 'web_search_call':
      // The search and what it did stay in the context; its id names an item only a store holds (Codex sends none).
      if (options.store === true) return item;
      return { type: 'web_search_call', status: raw.status ?? 'completed', action: raw.action } as ConversationItem;
    case 'message':
      if (raw.role === 'assistant') {
        const content = Array.isArray(raw.content)
          ? raw.content.map((p) => {
              const part = p as Record<string, unknown>;
              return { type: 'output_text', text: part.text ?? '', annotations: part.annotations ?? [] };
            })
          : raw.content;
        return { type: 'message', role: 'assistant', content } as ConversationItem;
      }
      return item;
    default:
      return item;
  }
}

/** Rough token estimate (4 characters a token) for compaction thresholds. */
export function estimateItemsTokens(items: readonly ConversationItem[]): number {
  let chars = 0;
  for (const item of items) chars += JSON.stringify(item).length;
  return Math.ceil(chars / 4);
}

/** The text parts of a message's content of one type (`input_text` / `output_text`), or the string itself. */
export function contentText(content: unknown, type: string): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part): part is { type: string; text: string } => typeof part === 'object' && part !== null && (part as Record<string, unknown>).type === type)
    .map((part) => part.text)
    .join('');
}
