// Decides what each request sends. Incremental (only the new items plus previous_response_id)
// when the server can still continue from the previous response; otherwise a new chain with the
// compacted window when one exists, or the full context. All decisions about the chain live here.
import type { ConversationLedger, ResponseRecord } from './ConversationLedger.js';
import type { ConversationItem } from './items.js';

export type RequestMode = 'incremental' | 'full' | 'compacted';

export interface RequestPlan {
  mode: RequestMode;
  previousResponseId: string | null;
  input: ConversationItem[];
  /** Ledger length this request's input reaches: the new response's context starts there. */
  inputEnd: number;
}

export interface PlannerContext {
  ledger: ConversationLedger;
  /** Key of the live connection the request will use (`ws#3`, `http`). */
  connectionKey: string;
  /** The connection keeps the latest response in memory (the socket does; HTTP does not). */
  hasConnectionCache: boolean;
  /** The id of the latest response completed on that live connection (its cache slot). */
  latestOnConnection: string | null;
  /** Model, instructions and tools of this request. */
  fingerprint: string;
  /** Responses are stored server-side (store:true): they survive reconnects and HTTP. */
  store: boolean;
  /** The previous response is known to be unusable (evicted, not found): start a new chain. */
  chainBroken: boolean;
  /** Steers the server holds for the previous response (Steering.serverHeld): left out of an incremental input. */
  serverHeldSteers?: ReadonlySet<string>;
  /**
   * Responses of this conversation that are still the latest of another lane of that connection
   * (the lane it left on /fork): continuing one from this lane forks it (protocol.md §9).
   */
  otherLanesLatest?: ReadonlySet<string>;
}

/** Why the previous response cannot be continued, or null when it can. */
export function whyNotIncremental(prev: ResponseRecord | undefined, ctx: PlannerContext): string | null {
  if (!prev) return 'no previous response';
  if (ctx.chainBroken) return 'the previous response is no longer available';
  if (prev.fingerprint !== ctx.fingerprint) return 'model, instructions or tools changed';
  if (ctx.store && prev.stored) return null; // the server can load it from storage, on any connection
  if (!ctx.hasConnectionCache) return 'over HTTP only stored responses can be continued';
  if (prev.connectionKey !== ctx.connectionKey) return 'the chain lives on another connection';
  if (ctx.latestOnConnection !== prev.responseId && !ctx.otherLanesLatest?.has(prev.responseId)) return 'the connection cache holds another response';
  return null;
}

export function planRequest(ctx: PlannerContext): RequestPlan {
  const { ledger } = ctx;
  const prev = ledger.lastResponse();
  const inputEnd = ledger.length;
  if (prev && whyNotIncremental(prev, ctx) === null) {
    return { mode: 'incremental', previousResponseId: prev.responseId, input: ledger.itemsSince(prev.contextEnd, ctx.serverHeldSteers), inputEnd };
  }
  const compacted = ledger.compactedContext({ store: ctx.store });
  if (compacted) return { mode: 'compacted', previousResponseId: null, input: compacted, inputEnd };
  return { mode: 'full', previousResponseId: null, input: ledger.fullContext({ store: ctx.store }), inputEnd };
}
