// `POST /responses/compact`, sent and retried under the same recovery policy as a response (the
// transport sends it once): a 5xx, a 429 or a failed connection is sent again after a backoff,
// each attempt reported as a recovery; anything else fails as a SessionError.
import type { ResponseCompactParams } from '../protocol/index.js';
import { type HttpTransport, isTransportError } from '../transport/index.js';
import type { Conversation } from './Conversation.js';
import { type ContextBudgetOptions, type ContextMeter, compactThreshold, contextWindowOf } from './contextBudget.js';
import type { LedgerEntry } from './ConversationLedger.js';
import { type ConversationItem, estimateItemsTokens } from './items.js';
import { decideRecovery, type RecoveryCounters, type RecoveryLimits } from './recoveryPolicy.js';
import { SessionError } from './SessionError.js';
import type { SessionEvent } from './sessionEvents.js';
import { sleep } from './sleep.js';

export interface CompactionRetry {
  limits: Pick<RecoveryLimits, 'maxRetries' | 'maxReconnects' | 'retryBaseDelayMs' | 'retryMaxDelayMs'>;
  store: boolean;
  emit: (event: SessionEvent) => void;
}

/** What the compaction endpoint returned: the window, and the tokens it says its output holds (null: not said). */
export interface CompactionResult {
  window: ConversationItem[];
  outputTokens: number | null;
}

/** The compacted window of `request.input`. */
export async function requestCompaction(
  transport: HttpTransport,
  request: ResponseCompactParams,
  retry: CompactionRetry,
  signal?: AbortSignal,
): Promise<CompactionResult> {
  const counters: RecoveryCounters = { retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0 };
  for (;;) {
    try {
      const compacted = await transport.compact(request, signal ? { signal } : {});
      const outputTokens = compacted.usage?.output_tokens;
      return { window: compacted.output as unknown as ConversationItem[], outputTokens: typeof outputTokens === 'number' ? outputTokens : null };
    } catch (err) {
      if (signal?.aborted || isTransportError(err, 'aborted')) throw new SessionError('aborted', 'cancelled', { cause: err });
      if (!isTransportError(err)) throw err;
      // A plain HTTP request: no connection cache to lose, nothing to fall back to, nothing to compact.
      const decision = decideRecovery(err, false, retry.store, counters, {
        ...retry.limits,
        transportMode: 'http',
        onSocket: false,
        canCompact: false,
        serverReached: true,
      });
      if (decision.action !== 'replay' && decision.action !== 'reconnect') {
        const error = decision.action === 'fail' ? decision.error : new SessionError('network', decision.reason);
        throw new SessionError(error.code, `compaction failed: ${error.message}`, { cause: err });
      }
      const attempt = decision.action === 'replay' ? ++counters.retries : ++counters.reconnects;
      retry.emit({ type: 'recovery', kind: decision.kind, reason: `compaction: ${decision.reason}`, attempt });
      await sleep(decision.delayMs, signal);
    }
  }
}

export interface CompactionOptions {
  signal?: AbortSignal;
  automatic?: boolean;
  /** What the user wants kept (`/compact focus…`): added to the compaction's instructions. */
  focus?: string;
  /** The context's size now (the session's meter), for the events. */
  tokensBefore?: number;
  /** The model's window (null: unknown) and the automatic threshold that was passed, for the events. */
  window?: number | null;
  threshold?: number | null;
  /** Tokens every request carries besides its input (instructions, tool definitions): part of the size after. */
  fixedTokens?: number;
  /** Items to put back after the compacted window (the latest request, the plan, the files changed). */
  carryOver?: (entries: readonly LedgerEntry[]) => ConversationItem[];
}

/** The compaction's instructions: the conversation's own, then the user's focus. */
export function compactionInstructions(instructions: string, focus: string | undefined): string {
  const wanted = focus?.trim();
  if (!wanted) return instructions;
  const ask = `Compaction focus, from the user: keep what concerns ${wanted}`;
  return instructions ? `${instructions}\n\n${ask}` : ask;
}

/**
 * The tokens the next request will send for the window: the compaction item as the server counted
 * it (its encrypted content says nothing of its size), everything else estimated.
 */
function windowTokens(window: readonly ConversationItem[], outputTokens: number | null): number {
  if (outputTokens === null) return estimateItemsTokens(window);
  return outputTokens + estimateItemsTokens(window.filter((item) => (item as { type?: unknown }).type !== 'compaction'));
}

/**
 * Compacts a conversation: its context (or its compacted window and the newest items) goes to
 * `POST /responses/compact`; the next request starts a new chain from the window it returns,
 * followed by what `carryOver` puts back. Returns the tokens the window (and what was put back) holds.
 */
export async function compactConversation(
  conversation: Conversation,
  transport: HttpTransport,
  retry: CompactionRetry,
  options: CompactionOptions,
): Promise<number> {
  const replay = { store: retry.store }; // reasoning items replay as the store setting allows
  const input = conversation.ledger.compactedContext(replay) ?? conversation.ledger.fullContext(replay);
  if (input.length === 0) return 0;
  const automatic = options.automatic === true;
  const tokensBefore = options.tokensBefore ?? estimateItemsTokens(input);
  const focus = options.focus?.trim() || null;
  retry.emit({ type: 'compaction.started', automatic, tokens: tokensBefore, window: options.window ?? null, threshold: options.threshold ?? null, focus });
  const started = performance.now();
  const request: ResponseCompactParams = {
    model: conversation.model,
    input: input as ResponseCompactParams['input'],
    instructions: compactionInstructions(conversation.currentInstructions, focus ?? undefined),
  };
  const result = await requestCompaction(transport, request, retry, options.signal);
  const entries = conversation.ledger.items;
  const carried = options.carryOver?.(entries) ?? [];
  conversation.setCompaction(result.window);
  // After the compacted item, as input items of their own: the model reads them as the newest context.
  if (carried.length > 0) conversation.addItems(carried, 'compaction');
  const tokensAfter = (options.fixedTokens ?? 0) + windowTokens(result.window, result.outputTokens) + estimateItemsTokens(carried);
  retry.emit({
    type: 'compaction.completed',
    automatic,
    tokensBefore,
    tokensAfter,
    durationMs: Math.round(performance.now() - started),
    windowItems: result.window.length,
    carriedOver: carried.length,
  });
  return tokensAfter;
}

/**
 * A session's compaction: the meter gives the size before, the model its window and threshold, and
 * the meter learns the size after (until the next response reports its own usage).
 */
export async function compactSession(
  conversation: Conversation,
  transport: HttpTransport,
  retry: CompactionRetry,
  budget: ContextBudgetOptions & Pick<CompactionOptions, 'carryOver'>,
  meter: ContextMeter,
  options: Pick<CompactionOptions, 'signal' | 'automatic' | 'focus'>,
): Promise<void> {
  const model = conversation.model;
  const tokensAfter = await compactConversation(conversation, transport, retry, {
    ...options,
    tokensBefore: meter.projected(conversation.ledger),
    window: contextWindowOf(model, budget),
    threshold: options.automatic ? compactThreshold(model, budget) : null,
    // What every request carries besides its input, counted as the server counts it.
    fixedTokens: Math.ceil((conversation.currentInstructions.length + JSON.stringify(conversation.currentTools).length) / 4),
    ...(budget.carryOver && { carryOver: budget.carryOver }),
  });
  if (tokensAfter > 0) meter.record(tokensAfter, conversation.ledger.length);
}
