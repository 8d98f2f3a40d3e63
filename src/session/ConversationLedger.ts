// The ledger: every item of the conversation in order, every completed response with the
// connection its chain lives on, and the compacted window once there is one. It is the single
// source of truth for what the server has seen; the planner derives each request from it.
import { type ConversationItem, type ItemOrigin, type ReplayOptions, toReplayItem } from './items.js';

export interface LedgerEntry {
  item: ConversationItem;
  origin: ItemOrigin;
  /** The response that produced it (model items only). */
  responseId?: string;
  /** A steer's user message: the steer's id (see Steering). */
  steerId?: string;
  /** A prompt the user typed: the agent's turn it started (rewind lists these, and finds that turn's undo record). */
  turn?: number;
  /** The prompt as typed, when the message holds more (a hook's context): what a rewind puts back in the editor. */
  typed?: string;
}

export interface ResponseRecord {
  responseId: string;
  /** `ws#3` for the third socket connection, `http` for HTTP: where the chain's state lives. */
  connectionKey: string;
  /** Whether the server was asked to store it (store:true survives a reconnect). */
  stored: boolean;
  /** Model, instructions and tools the response was made with; a change starts a new chain. */
  fingerprint: string;
  /** Ledger length once the response's output was appended: its context ends here. */
  contextEnd: number;
  /** A generate:false warm-up. */
  warmup: boolean;
}

export interface CompactedWindow {
  /** The compaction endpoint's `output`, passed back unchanged. */
  window: ConversationItem[];
  /** Ledger length the window stands for; items from here on follow it. */
  coversUpTo: number;
}

export class ConversationLedger {
  private readonly entries: LedgerEntry[] = [];
  private readonly responseRecords: ResponseRecord[] = [];
  private compactedWindow: CompactedWindow | null = null;
  /** Compactions the current one replaced, oldest first: a rewind to before the current one goes back to them. */
  private readonly earlierWindows: CompactedWindow[] = [];
  /** Characters of every item's JSON, by ledger position, summed as items arrive. */
  private charsUpTo: number[] = [0];
  private windowChars = 0;

  get length(): number {
    return this.entries.length;
  }

  get items(): readonly LedgerEntry[] {
    return this.entries;
  }

  get responses(): readonly ResponseRecord[] {
    return this.responseRecords;
  }

  get compaction(): CompactedWindow | null {
    return this.compactedWindow;
  }

  /** An independent copy (a sub-agent's ledger starts as its parent's: the context it forks). */
  copy(): ConversationLedger {
    const copy = new ConversationLedger();
    for (const entry of this.entries) {
      const copied = copy.append(entry.item, entry.origin, entry.responseId);
      if (entry.steerId !== undefined) copied.steerId = entry.steerId;
      if (entry.turn !== undefined) copied.turn = entry.turn;
      if (entry.typed !== undefined) copied.typed = entry.typed;
    }
    for (const record of this.responseRecords) copy.restoreResponse(record);
    if (this.compactedWindow) copy.setCompaction(this.compactedWindow.window, this.compactedWindow.coversUpTo);
    return copy;
  }

  lastResponse(): ResponseRecord | undefined {
    return this.responseRecords[this.responseRecords.length - 1];
  }

  /**
   * `chars`: the item's JSON length when the caller already knows it (a session file line being
   * read back), so that resuming does not serialise every item of the history a second time.
   */
  append(item: ConversationItem, origin: ItemOrigin, responseId?: string, chars?: number): LedgerEntry {
    const entry: LedgerEntry = responseId ? { item, origin, responseId } : { item, origin };
    this.entries.push(entry);
    this.charsUpTo.push(this.charsUpTo[this.charsUpTo.length - 1]! + (chars ?? JSON.stringify(item).length));
    return entry;
  }

  /** Records a completed response after its output items were appended. */
  recordResponse(record: Omit<ResponseRecord, 'contextEnd'>): ResponseRecord {
    const full: ResponseRecord = { ...record, contextEnd: this.entries.length };
    this.responseRecords.push(full);
    return full;
  }

  /** Re-adds a response read back from a session file, as it was recorded. */
  restoreResponse(record: ResponseRecord): void {
    this.responseRecords.push(record);
  }

  /**
   * Rewind: keeps the first `length` items and forgets the rest, with the responses whose context
   * reached past them and a compaction that stands for any of them (it would bring them back).
   */
  truncate(length: number): void {
    const keep = Math.max(0, Math.min(length, this.entries.length));
    this.entries.length = keep;
    this.charsUpTo.length = keep + 1;
    const kept = this.responseRecords.filter((r) => r.contextEnd <= keep);
    this.responseRecords.length = 0;
    this.responseRecords.push(...kept);
    if (this.compactedWindow && this.compactedWindow.coversUpTo > keep) {
      let earlier = this.earlierWindows.pop();
      while (earlier && earlier.coversUpTo > keep) earlier = this.earlierWindows.pop();
      this.compactedWindow = null;
      this.windowChars = 0;
      if (earlier) this.showWindow(earlier.window, earlier.coversUpTo);
    }
  }

  setCompaction(window: ConversationItem[], coversUpTo: number): void {
    if (this.compactedWindow) this.earlierWindows.push(this.compactedWindow);
    this.showWindow(window, coversUpTo);
  }

  private showWindow(window: ConversationItem[], coversUpTo: number): void {
    this.compactedWindow = { window, coversUpTo };
    this.windowChars = window.reduce((n, item) => n + JSON.stringify(item).length, 0);
  }

  /**
   * Estimated tokens (4 characters each) of the context a new chain would send: the compacted
   * window plus what follows it, or everything. Constant time: it is checked before every request.
   */
  estimatedTokens(): number {
    const total = this.charsUpTo[this.entries.length]!;
    const chars = this.compactedWindow ? this.windowChars + total - this.charsUpTo[this.compactedWindow.coversUpTo]! : total;
    return Math.ceil(chars / 4);
  }

  /** Estimated tokens (4 characters each) of the items appended since ledger position `from`. */
  estimatedTokensSince(from: number): number {
    const total = this.charsUpTo[this.entries.length]!;
    return Math.ceil((total - this.charsUpTo[Math.min(from, this.entries.length)]!) / 4);
  }

  /**
   * Items appended since ledger position `from` (as sent in an incremental request), less the
   * steers whose message the server already holds (it puts them before this input itself).
   */
  itemsSince(from: number, serverHeldSteers?: ReadonlySet<string>): ConversationItem[] {
    const entries = this.entries.slice(from);
    const sent = serverHeldSteers?.size ? entries.filter((e) => e.steerId === undefined || !serverHeldSteers.has(e.steerId)) : entries;
    return sent.map((e) => e.item);
  }

  /** The whole conversation, in the form a new chain sends it (reasoning items in their place). */
  fullContext(options: ReplayOptions = {}): ConversationItem[] {
    return this.replayable(0, options);
  }

  /** The compacted window followed by everything after it, or null without a compaction. */
  compactedContext(options: ReplayOptions = {}): ConversationItem[] | null {
    if (!this.compactedWindow) return null;
    return [...this.compactedWindow.window, ...this.replayable(this.compactedWindow.coversUpTo, options)];
  }

  private replayable(from: number, options: ReplayOptions): ConversationItem[] {
    const out: ConversationItem[] = [];
    for (const entry of this.entries.slice(from)) {
      const item = entry.origin === 'model' ? toReplayItem(entry.item, options) : entry.item;
      if (item) out.push(item);
    }
    return out;
  }
}
