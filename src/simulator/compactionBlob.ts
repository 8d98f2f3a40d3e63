// The content of a compaction item. The real service encrypts it; clients must treat it as
// opaque. The simulator encodes just enough to continue the script after a compacted restart:
// how many model responses were folded in, which calls exist and which were answered.
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

const PREFIX = 'wsasim1.';

export function encodeCompaction(blob: Omit<CompactionBlob, 'v'>): string {
  return PREFIX + Buffer.from(JSON.stringify({ v: 1, ...blob })).toString('base64url');
}

export function decodeCompaction(content: unknown): CompactionBlob | null {
  if (typeof content !== 'string' || !content.startsWith(PREFIX)) return null;
  try {
    const parsed = JSON.parse(Buffer.from(content.slice(PREFIX.length), 'base64url').toString('utf8')) as CompactionBlob;
    return parsed.v === 1 ? parsed : null;
  } catch {
    return null;
  }
}

/** A compaction summary costs about a twentieth of what it replaces, at least 200 tokens. */
export function summaryTokensFor(originalTokens: number): number {
  return Math.max(200, Math.round(originalTokens / 20));
}

export function compactionItemTokens(content: unknown): number {
  const blob = decodeCompaction(content);
  return blob ? blob.summaryTokens : typeof content === 'string' ? estimateTokens(content) : 0;
}
