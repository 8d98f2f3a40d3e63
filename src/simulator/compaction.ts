// POST /v1/responses/compact: folds a conversation into its user messages followed by one opaque
// compaction item. The caller passes `output` back unchanged as the head of its next input.
import type { CompactedResponse } from '../protocol/index.js';
import { type ApiError, invalidRequest, previousResponseNotFound } from './apiErrors.js';
import { encodeCompaction, summaryTokensFor } from './compactionBlob.js';
import { analyseConversation, answeredCallIds, type InputError, normaliseInput, type WireItem } from './conversation.js';
import { newCompactionId, newMessageId } from './ids.js';
import { contextTokens } from './responseEngine.js';
import { usageOf } from './responseObject.js';
import type { ResponseStore } from './stateStores.js';
import { estimateTokens } from './tokens.js';

/**
 * The SDK's `CompactedResponse`, except that its output also holds the user messages the window
 * keeps (input messages, which the SDK's output item union does not describe).
 */
export type CompactionBody = Omit<CompactedResponse, 'output'> & { output: WireItem[] };

export type CompactOutcome = { ok: true; body: CompactionBody; inputItems: WireItem[] } | { ok: false; error: ApiError; inputItems: WireItem[] };

/** A message's content as typed parts: a plain string becomes one `input_text` part. */
function inputParts(content: unknown): unknown[] {
  if (typeof content === 'string') return [{ type: 'input_text', text: content }];
  return Array.isArray(content) ? content : [];
}

export function handleCompact(store: ResponseStore, body: Record<string, unknown>): CompactOutcome {
  let items: WireItem[] = [];
  try {
    items = normaliseInput(body.input);
  } catch (err) {
    return { ok: false, error: invalidRequest((err as InputError).message, (err as InputError).param), inputItems: [] };
  }
  if (typeof body.model !== 'string' || !body.model) {
    return { ok: false, error: invalidRequest("Missing required parameter: 'model'.", 'model'), inputItems: items };
  }
  let previous: WireItem[] = [];
  if (typeof body.previous_response_id === 'string') {
    const stored = store.get(body.previous_response_id);
    if (!stored) return { ok: false, error: previousResponseNotFound(body.previous_response_id), inputItems: items };
    previous = stored.context;
  }
  const context = [...previous, ...items];
  const facts = analyseConversation(context);
  const originalTokens = contextTokens(context) + estimateTokens(typeof body.instructions === 'string' ? body.instructions : '');
  const summaryTokens = summaryTokensFor(originalTokens);
  const userMessages = context
    .filter((i) => i.type === 'message' && i.role === 'user')
    .map((i) => ({ id: typeof i.id === 'string' ? i.id : newMessageId(), type: 'message', status: 'completed', role: 'user', content: inputParts(i.content) }));
  const compaction = {
    id: newCompactionId(),
    type: 'compaction',
    encrypted_content: encodeCompaction({
      modelResponses: facts.modelResponses,
      callIds: [...facts.knownCallIds],
      answeredCallIds: answeredCallIds(context),
      latestInputText: facts.latestInputText.slice(0, 4000),
      summaryTokens,
      origin: 'window',
    }),
  };
  return {
    ok: true,
    inputItems: items,
    body: {
      // Not a response id: a compaction cannot be chained with previous_response_id.
      id: compaction.id.replace('cmp_', 'cr_'),
      object: 'response.compaction',
      created_at: Math.floor(Date.now() / 1000),
      output: [...userMessages, compaction],
      usage: usageOf(originalTokens, 0, summaryTokens, 0),
    },
  };
}
