// What the session tells the layers above (the agent forwards these as AgentEvents): connection
// state, recoveries, and the cost of every request. None of them is a failure the user must act on.
// Listeners subscribe to the session (ModelSession.subscribe) and get every event in order.
import type { RequestTimings, TransportKind } from '../transport/index.js';
import type { RequestMode } from './ContinuationPlanner.js';
import type { SteerStatus } from './steerTypes.js';

export type RecoveryKind =
  | 'reconnect'
  | 'limit_reached'
  | 'previous_response_not_found'
  | 'fallback_http'
  | 'compacted_restart'
  /** A failed response, a 5xx or a 429 sent again after a backoff (a recovery kind of its own). */
  | 'retry'
  /** The response stopped coming (no first event, or a silent stream): replayed on a new connection. */
  | 'stalled';

export interface RequestStats {
  responseId: string;
  mode: RequestMode;
  transport: TransportKind;
  connectionId: number | null;
  warmup: boolean;
  status: string;
  timings: RequestTimings;
  /** `reasoning`: the part of `output` the model spent reasoning (`output_tokens_details.reasoning_tokens`). */
  usage: { input: number; cached: number; output: number; reasoning?: number } | null;
}

/** A compaction ended: tokens before and after (the window and what was put back after it), its duration, items put back. */
export interface CompactionCompleted {
  type: 'compaction.completed';
  automatic: boolean;
  tokensBefore: number;
  tokensAfter: number;
  durationMs: number;
  windowItems: number;
  carriedOver: number;
}

export type SessionEvent =
  | { type: 'connection'; state: 'connecting' | 'open' | 'reconnecting' | 'closed'; transport: TransportKind; reason?: string }
  | { type: 'recovery'; kind: RecoveryKind; reason: string; attempt: number }
  | { type: 'request.completed'; stats: RequestStats }
  /** A compaction begins: the context's size now, the model's window (null: unknown), the threshold passed (automatic). */
  | { type: 'compaction.started'; automatic: boolean; tokens: number; window: number | null; threshold: number | null; focus: string | null }
  | CompactionCompleted
  /** Something odd the session got past on its own (`malformed_frame`: one garbled event was skipped). */
  | { type: 'warning'; code: 'malformed_frame'; message: string }
  /** A steer changed state (see Steering). */
  | { type: 'steer'; steer: SteerStatus };

export type SessionEventListener = (event: SessionEvent) => void;

/** The listeners of one session. */
export class SessionEventHub {
  private readonly listeners = new Set<SessionEventListener>();

  /** Returns the unsubscribe function. */
  subscribe(listener: SessionEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: SessionEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
