// Where previous-response state lives. Each WebSocket connection caches the most recent
// response of each of its lanes; `store:true` responses also go to a process-wide store that any transport can load
// from, at a cost.
import type { WireItem } from './conversation.js';

export interface ResponseState {
  responseId: string;
  /** The full context after the response: everything it saw, then its output. */
  context: WireItem[];
  /** Estimated tokens of `context`. */
  contextTokens: number;
  /** The whole stored Response object (store:true only), for GET /v1/responses/{id}. */
  response?: unknown;
}

/** The lane of a request: its `stream_id`, or null for the implicit default lane. */
export type LaneId = string | null;

/** A cache hit: the state and the lane whose latest response it is. */
export interface CacheHit {
  state: ResponseState;
  lane: LaneId;
}

/**
 * The connection-local cache: one slot per lane (protocol.md §9), each replaced by that lane's
 * next completed response. Without lanes only the default lane's slot is ever used, which is
 * the classic one-slot cache of §4.
 */
export class ConnectionCache {
  private readonly slots = new Map<LaneId, ResponseState>();

  /** The state of a response that is some lane's latest, and that lane. */
  find(id: string): CacheHit | undefined {
    for (const [lane, state] of this.slots) if (state.responseId === id) return { state, lane };
    return undefined;
  }

  get(id: string): ResponseState | undefined {
    return this.find(id)?.state;
  }

  put(state: ResponseState, lane: LaneId = null): void {
    this.slots.set(lane, state);
  }

  evict(id: string): void {
    for (const [lane, state] of this.slots) if (state.responseId === id) this.slots.delete(lane);
  }

  clear(): void {
    this.slots.clear();
  }

  /** The default lane's latest response id. */
  get currentId(): string | null {
    return this.slots.get(null)?.responseId ?? null;
  }

  /** A lane's latest response id. */
  latestOf(lane: LaneId): string | null {
    return this.slots.get(lane)?.responseId ?? null;
  }
}

export class ResponseStore {
  private readonly states = new Map<string, ResponseState>();
  /** Every item with an id in a stored context, for `item_reference` and reasoning items by id. */
  private readonly items = new Map<string, WireItem>();

  get(id: string): ResponseState | undefined {
    return this.states.get(id);
  }

  put(state: ResponseState): void {
    this.states.set(state.responseId, state);
    for (const item of state.context) if (typeof item.id === 'string') this.items.set(item.id, item);
  }

  item(id: string): WireItem | undefined {
    return this.items.get(id);
  }

  get size(): number {
    return this.states.size;
  }
}
