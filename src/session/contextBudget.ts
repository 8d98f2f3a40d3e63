// How full the model's context is, and when to compact. The figure is the latest response's own
// usage (input + output tokens, as the server counted them) plus an estimate of what was added
// since (tool outputs, the next prompt): what the next request would hold. Before any response,
// and for a ledger read back on resume, the ledger's own estimate stands in.
import { knownContextWindow } from '../protocol/index.js';
import type { ConversationLedger } from './ConversationLedger.js';

/** Where no window is known and no threshold set: the fixed threshold wsagent always had. */
export const FALLBACK_COMPACT_THRESHOLD = 200_000;

export interface ContextBudgetOptions {
  /** The window of every model (a setting for models the table does not know); null/absent: the table. */
  contextWindow?: number | null;
  /** Compact automatically once the context passes this share of the window (1–100; 0 or absent: never). */
  autoCompactPercent?: number;
  /** An explicit threshold in tokens, whatever the window (null/absent: the share of the window). */
  compactThresholdTokens?: number | null;
}

/** The context window of `model`: the setting, else the table of known models, else null. */
export function contextWindowOf(model: string, options: ContextBudgetOptions): number | null {
  return options.contextWindow ?? knownContextWindow(model);
}

/** Tokens past which the next request is compacted first, or null for never. */
export function compactThreshold(model: string, options: ContextBudgetOptions): number | null {
  if (options.compactThresholdTokens) return options.compactThresholdTokens;
  const percent = options.autoCompactPercent ?? 0;
  if (percent <= 0) return null;
  const window = contextWindowOf(model, options);
  return window === null ? FALLBACK_COMPACT_THRESHOLD : Math.floor((window * percent) / 100);
}

/** The latest known size of the context: a response's usage, or a compaction's result. */
export class ContextMeter {
  private known: { tokens: number; ledgerLength: number } | null = null;

  /** A response completed (its input + output tokens), or a compaction left this many tokens. */
  record(tokens: number, ledgerLength: number): void {
    this.known = { tokens, ledgerLength };
  }

  /** The ledger was replaced (/clear): only its own estimate counts again. */
  reset(): void {
    this.known = null;
  }

  /** The latest figure a response or compaction gave (null before either). */
  get latest(): number | null {
    return this.known?.tokens ?? null;
  }

  /** What the next request would hold: the latest figure plus the items added since. */
  projected(ledger: ConversationLedger): number {
    if (!this.known || this.known.ledgerLength > ledger.length) return ledger.estimatedTokens();
    return this.known.tokens + ledger.estimatedTokensSince(this.known.ledgerLength);
  }
}
