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

  get(id: string): ResponseState | undefined {
    return this.states.get(id);
  }

  put(state: ResponseState): void {
    this.states.set(state.responseId, state);
  }

  get size(): number {
    return this.states.size;
  }
}
