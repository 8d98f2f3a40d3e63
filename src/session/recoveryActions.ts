// Carrying out what the recovery policy decided for a failed attempt: reconnect, replay after a
// backoff, compact, or move to HTTP. The policy (recoveryPolicy.ts) only decides; this is the one
// place that acts, on the conversation and the connection it is handed.
import type { ConnectionSupervisor } from './ConnectionSupervisor.js';
import type { Conversation } from './Conversation.js';
import type { RecoveryAction, RecoveryCounters } from './recoveryPolicy.js';
import type { SessionEvent } from './sessionEvents.js';
import { sleep } from './sleep.js';

export interface RecoveryContext {
  conversation: Conversation;
  /** The connection now (a fork may leave its parent's for one of its own). */
  supervisor: () => ConnectionSupervisor;
  emit: (event: SessionEvent) => void;
  compact: () => Promise<void>;
  /** Called before a fall-back to HTTP: a fork on its parent's socket leaves it first. */
  leaveSharedSocket: () => void;
  signal?: AbortSignal;
  failedConnectionId: number | null;
}

export async function carryOutRecovery(decision: Exclude<RecoveryAction, { action: 'fail' }>, counters: RecoveryCounters, ctx: RecoveryContext): Promise<void> {
  const { conversation, emit, signal } = ctx;
  switch (decision.action) {
    case 'reconnect': {
      counters.reconnects++;
      if (decision.newChain) conversation.forceNewChain = true;
      await ctx.supervisor().reconnect(decision.kind, decision.reason, counters.reconnects, decision.delayMs, signal, ctx.failedConnectionId);
      break;
    }
    case 'replay': {
      if (decision.kind === 'previous_response_not_found') counters.notFoundReplays++;
      else counters.retries++;
      emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.retries + counters.notFoundReplays });
      if (decision.newChain) conversation.forceNewChain = true;
      await sleep(decision.delayMs, signal);
      break;
    }
    case 'compact': {
      counters.compactions++;
      emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.compactions });
      await ctx.compact();
      break;
    }
    case 'fallback_http': {
      ctx.leaveSharedSocket();
      await ctx.supervisor().fallBackToHttp(decision.reason);
      counters.reconnects = 0;
      break;
    }
  }
  if (conversation.forceNewChain && conversation.ledger.compaction && decision.kind !== 'compacted_restart') {
    emit({ type: 'recovery', kind: 'compacted_restart', reason: 'restarting the chain from the compacted window', attempt: 1 });
  }
}
