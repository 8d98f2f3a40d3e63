// `POST /responses/compact`, sent and retried under the same recovery policy as a response (the
// transport sends it once): a 5xx, a 429 or a failed connection is sent again after a backoff,
// each attempt reported as a recovery; anything else fails as a SessionError.
import type { ResponseCompactParams } from '../protocol/index.js';
import { type HttpTransport, isTransportError } from '../transport/index.js';
import type { Conversation } from './Conversation.js';
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

/** The compacted window of `request.input`. */
export async function requestCompaction(
  transport: HttpTransport,
  request: ResponseCompactParams,
  retry: CompactionRetry,
  signal?: AbortSignal,
): Promise<ConversationItem[]> {
  const counters: RecoveryCounters = { retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0 };
  for (;;) {
    try {
      const compacted = await transport.compact(request, signal ? { signal } : {});
      return compacted.output as unknown as ConversationItem[];
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

/**
 * Compacts a conversation: its context (or its compacted window and the newest items) goes to
 * `POST /responses/compact`; the next request starts a new chain from the window it returns.
 */
export async function compactConversation(
  conversation: Conversation,
  transport: HttpTransport,
  retry: CompactionRetry,
  options: { signal?: AbortSignal; automatic?: boolean },
): Promise<void> {
  const replay = { store: retry.store }; // reasoning items replay as the store setting allows
  const input = conversation.ledger.compactedContext(replay) ?? conversation.ledger.fullContext(replay);
  if (input.length === 0) return;
  const tokensBefore = estimateItemsTokens(input);
  const request: ResponseCompactParams = {
    model: conversation.model,
    input: input as ResponseCompactParams['input'],
    instructions: conversation.currentInstructions,
  };
  const window = await requestCompaction(transport, request, retry, options.signal);
  conversation.setCompaction(window);
  retry.emit({ type: 'compacted', tokensBefore, windowItems: window.length, automatic: options.automatic === true });
}
