// Where previous-response state lives. Each WebSocket connection caches only its most recent
// response; `store:true` responses also go to a process-wide store that any transport can load
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

/** The connection-local cache: one slot, replaced by each completed response. */
export class ConnectionCache {
  private slot: ResponseState | null = null;

  get(id: string): ResponseState | undefined {
    return this.slot?.responseId === id ? this.slot : undefined;
  }

  put(state: ResponseState): void {
    this.slot = state;
  }

  evict(id: string): void {
    if (this.slot?.responseId === id) this.slot = null;
  }

  clear(): void {
    this.slot = null;
  }

  get currentId(): string | null {
    return this.slot?.responseId ?? null;
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
