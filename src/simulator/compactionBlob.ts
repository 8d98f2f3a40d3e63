// The content of a compaction item. The real service encrypts it; clients must treat it as
// opaque. The simulator encodes just enough to continue the script after a compacted restart:
// how many model responses were folded in, which calls exist and which were answered.
import { seal, unseal } from './encryptedContent.js';
import { estimateTokens } from './tokens.js';

export interface CompactionBlob {
  v: 1;
  modelResponses: number;
  callIds: string[];
  answeredCallIds: string[];
  latestInputText: string;
  /** Tokens the compacted window stands for once rebuilt (a summary is far smaller). */
  summaryTokens: number;
  /**
   * `window`: made by /responses/compact, whose output keeps the user messages ahead of the item;
   * `inline`: made during generation (context_management), standing for everything before it.
   */
  origin?: 'window' | 'inline';
}

export function encodeCompaction(blob: Omit<CompactionBlob, 'v'>): string {
  return seal({ kind: 'compaction', v: 1, ...blob });
}

/** The blob of a compaction item this simulator issued, or null (foreign or altered content). */
export function decodeCompaction(content: unknown): CompactionBlob | null {
  const parsed = unseal(content) as (CompactionBlob & { kind?: string }) | null;
  return parsed?.kind === 'compaction' && parsed.v === 1 ? parsed : null;
}

/** A compaction summary costs about a twentieth of what it replaces, at least 200 tokens. */
export function summaryTokensFor(originalTokens: number): number {
  return Math.max(200, Math.round(originalTokens / 20));
}

export function compactionItemTokens(content: unknown): number {
  const blob = decodeCompaction(content);
  return blob ? blob.summaryTokens : typeof content === 'string' ? estimateTokens(content) : 0;
}
