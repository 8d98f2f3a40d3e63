// What callers change between requests, the same for every ModelSession: subscriptions to its
// events, the conversation (items, /clear) and what shapes the next request (model, tuning,
// instructions, tools). A change of shape starts a new chain through the request fingerprint;
// running requests is ModelSession's.
import type { Tool } from '../protocol/index.js';
import type { Conversation } from './Conversation.js';
import type { ConversationLedger } from './ConversationLedger.js';
import type { ConversationItem, ItemOrigin } from './items.js';
import type { ModelTuning } from './modelTuning.js';
import { SessionEventHub, type SessionEventListener } from './sessionEvents.js';

export abstract class SessionControls {
  protected readonly events = new SessionEventHub();
  protected abstract readonly conversation: Conversation;

  /** Every session event (connection, recovery, request.completed, compacted), in order. Returns the unsubscribe function. */
  subscribe(listener: SessionEventListener): () => void {
    return this.events.subscribe(listener);
  }

  /** Every item of the conversation so far. */
  get ledger(): ConversationLedger {
    return this.conversation.ledger;
  }

  /** Starts a fresh conversation (/clear): an empty ledger, and a new chain on the next request. */
  clear(): void {
    this.conversation.clear();
  }

  get currentModel(): string {
    return this.conversation.model;
  }

  /** Changes the model for the next request; the chain restarts with the full context. */
  setModel(model: string): void {
    this.conversation.setModel(model);
  }

  get currentTuning(): ModelTuning {
    return this.conversation.tuning;
  }

  /** /effort and friends: like a model change, a new tuning starts a new chain. */
  setTuning(change: Partial<ModelTuning>): void {
    this.conversation.setTuning(change);
  }

  setInstructions(instructions: string): void {
    this.conversation.setInstructions(instructions);
  }

  setTools(tools: Tool[]): void {
    this.conversation.setTools(tools);
  }

  /** The user's prompt starting agent turn `turn` (rewind lists prompts by it); `typed`: as typed, when `item` holds more. */
  addPrompt(item: ConversationItem, turn: number, typed?: string): void {
    this.conversation.addPrompt(item, turn, typed);
  }

  /** Rewind (see Conversation.rewindTo): call between turns only. */
  rewindTo(position: number, turn: number | null, prompt: string): void {
    this.conversation.rewindTo(position, turn, prompt);
  }

  /** Adds items (a user message, tool outputs) that the next request will send. */
  addItems(items: ConversationItem[], origin: ItemOrigin): void {
    this.conversation.addItems(items, origin);
  }
}
