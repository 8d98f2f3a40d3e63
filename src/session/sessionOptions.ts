// The options of a ModelSession, and their defaults.
import type { Tool } from '../protocol/index.js';
import type { EndpointOptions } from '../transport/index.js';
import type { TransportMode } from './ConnectionSupervisor.js';
import type { ConversationLedger, LedgerEntry } from './ConversationLedger.js';
import type { ConversationItem } from './items.js';
import type { ModelTuning, SteeringMode } from './modelTuning.js';
import type { RecoveryLimits } from './recoveryPolicy.js';
import type { SessionSink } from './SessionFile.js';

export interface ModelSessionOptions {
  endpoint: EndpointOptions;
  model: string;
  instructions: string;
  tools: Tool[];
  /** `auto` (default): the socket, falling back to HTTP for the rest of the session when needed. */
  transport?: TransportMode;
  /** Ask the server to store responses (default false: state lives only in the connection). */
  store?: boolean;
  /** A generate:false warm-up after each planned connect (default true; socket only). */
  warmup?: boolean;
  /** Rotate the socket between turns once it is this old (default 55 minutes). */
  rotateAfterMs?: number;
  /** Declare a silent socket dead after this long (default 15 s). */
  deadAfterMs?: number;
  connectTimeoutMs?: number;
  /** `OpenAI-Beta` upgrade header, or false to omit it. */
  betaHeader?: string | false;
  /** No event of the response this long after the send: replay it on a new connection (default 30 s). */
  firstEventTimeoutMs?: number;
  /** No event for this long after the first one: the same (default 300 s). */
  streamIdleTimeoutMs?: number;
  /** Retries of failed responses, 5xx and 429, per request (default 3). */
  maxRetries?: number;
  /** Reconnects per request (drops, stalls, failed connects) before giving up or falling back to HTTP (default 3). */
  maxReconnects?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Compact automatically once the context passes this many tokens, whatever the window (null/absent: autoCompactPercent decides). */
  compactThresholdTokens?: number | null;
  /** Compact automatically once the context passes this share of the model's window (1–100; absent or 0: never, unless compactThresholdTokens). */
  autoCompactPercent?: number;
  /** The context window of every model (a setting, for models the table does not know); absent: the table. */
  contextWindow?: number | null;
  /** What to put back after a compacted window (the latest request, the plan, the files changed). */
  carryOver?: (entries: readonly LedgerEntry[]) => ConversationItem[];
  /** Runs before every compaction, on demand or automatic (PreCompact hooks); its failure never stops the compaction. */
  beforeCompact?: (automatic: boolean, focus: string) => Promise<void>;
  /** Passed through as `context_management` on every request (server-side compaction). */
  contextManagement?: unknown[] | null;
  /** Other request fields (max_output_tokens, metadata, …). */
  extraBody?: Record<string, unknown>;
  /** Reasoning effort and summary, verbosity, which models reason (default: DEFAULT_TUNING). */
  tuning?: ModelTuning;
  /** `prompt_cache_key` on every request (the session id: HTTP requests land on a warm prompt cache). */
  promptCacheKey?: string;
  /** An existing ledger (resume); the first request then starts a new chain. */
  ledger?: ConversationLedger;
  sessionFile?: SessionSink;
  /** `text.format` on every request (--output-schema). */
  textFormat?: Record<string, unknown>;
  /** `auto` (default): native `response.steer` for models that can steer; `queue`: always the next request. */
  steering?: SteeringMode;
  /** Per-model overrides of whether a model can be steered natively (exact model names). */
  steeringModels?: Record<string, boolean>;
}

export const SESSION_DEFAULTS = {
  transport: 'auto' as TransportMode,
  store: false,
  warmup: true,
  rotateAfterMs: 55 * 60 * 1000,
  maxRetries: 3,
  maxReconnects: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
};

export type ResolvedSessionOptions = ModelSessionOptions & typeof SESSION_DEFAULTS;

/** The retry budgets and backoff the recovery policy reads. */
export function recoveryLimits(o: ResolvedSessionOptions): Pick<RecoveryLimits, 'maxRetries' | 'maxReconnects' | 'retryBaseDelayMs' | 'retryMaxDelayMs'> {
  const { maxRetries, maxReconnects, retryBaseDelayMs, retryMaxDelayMs } = o;
  return { maxRetries, maxReconnects, retryBaseDelayMs, retryMaxDelayMs };
}

export function withDefaults(options: ModelSessionOptions): ResolvedSessionOptions {
  return { ...SESSION_DEFAULTS, ...stripUndefined(options) } as ResolvedSessionOptions;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
