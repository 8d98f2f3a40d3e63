// The conversation with the model over one long-lived connection. It owns every decision about
// what to send (incremental, full, compacted), keeps the ledger and the session file, and
// recovers from everything the service and the network do — rotation before the connection
// limit, the limit itself, evicted or unknown previous responses, dropped, dead and garbled
// sockets, failed responses, refused upgrades — so that callers only ever see a response or a
// SessionError they can report.
import OpenAI from 'openai';
import type { Response, ServerEvent, Tool } from '../protocol/index.js';
import { classifyError } from '../protocol/index.js';
import {
  type EndpointOptions,
  HttpTransport,
  isTransportError,
  type RequestTimings,
  type ResponseCreateBody,
  ResponsesSocket,
  type ResponsesTransport,
  sdkClientOptions,
  type TransportKind,
} from '../transport/index.js';
import { type RequestPlan, planRequest } from './ContinuationPlanner.js';
import { ConversationLedger } from './ConversationLedger.js';
import { requestFingerprint } from './fingerprint.js';
import { type ConversationItem, estimateItemsTokens, type ItemOrigin } from './items.js';
import { DEFAULT_TUNING, type ModelTuning, modelRequestFields, tuningFields } from './modelTuning.js';
import { decideRecovery, type RecoveryAction, type RecoveryCounters } from './recoveryPolicy.js';
import { SessionError } from './SessionError.js';
import type { SessionFile } from './SessionFile.js';
import type { RecoveryKind, SessionEvent } from './sessionEvents.js';

export type TransportMode = 'auto' | 'ws' | 'http';

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
  /** Retries of failed responses, 5xx and 429, per request (default 3). */
  maxRetries?: number;
  /** Reconnects per request before giving up or falling back to HTTP (default 3). */
  maxReconnects?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Compact automatically once the context is estimated above this many tokens (null: never). */
  compactThresholdTokens?: number | null;
  /** Passed through as `context_management` on every request (server-side compaction). */
  contextManagement?: unknown[] | null;
  /** Other request fields (max_output_tokens, metadata, …). */
  extraBody?: Record<string, unknown>;
  // [wire] request tuning: reasoning / include / text.verbosity per model, and the prompt cache key.
  /** Reasoning effort and summary, verbosity, which models reason (default: DEFAULT_TUNING). */
  tuning?: ModelTuning;
  /** `prompt_cache_key` on every request (the session id: HTTP requests land on a warm prompt cache). */
  promptCacheKey?: string;
  /** An existing ledger (resume); the first request then starts a new chain. */
  ledger?: ConversationLedger;
  sessionFile?: SessionFile;
  onEvent?: (event: SessionEvent) => void;
}

/** What respond() yields: the events of an attempt, and a note when an attempt is thrown away. */
export type SessionStreamItem =
  | { kind: 'event'; event: ServerEvent }
  /**
   * The attempt so far is discarded (its partial output will never enter the ledger); the events
   * of a new attempt follow. Calls seen in the discarded attempt must not be run twice.
   */
  | { kind: 'discard'; reason: string; recovery: RecoveryKind };

const DEFAULTS = {
  transport: 'auto' as TransportMode,
  store: false,
  warmup: true,
  rotateAfterMs: 55 * 60 * 1000,
  maxRetries: 3,
  maxReconnects: 3,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
};

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(timer);
      reject(new SessionError('aborted', 'cancelled'));
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class ModelSession {
  private conversation: ConversationLedger;
  private readonly opts: ModelSessionOptions & typeof DEFAULTS;
  private transport: ResponsesTransport;
  private model: string;
  private instructions: string;
  private tools: Tool[];
  private tuning: ModelTuning; // [wire]
  /** The id of the latest response completed on each connection (its cache slot). */
  private readonly latestOnConnection = new Map<string, string>();
  /** The next request must start a new chain (evicted, unknown, compacted, resumed). */
  private forceNewChain: boolean;
  /** The server told an idle socket that its time is up. */
  private connectionExpired = false;
  private warmedConnection: string | null = null;
  private reconnectCount = 0;
  private unsubscribe: () => void = () => undefined;
  private compactClient: OpenAI | null = null;
  private cachedFingerprint: string | null = null;

  constructor(options: ModelSessionOptions) {
    this.opts = { ...DEFAULTS, ...stripUndefined(options) } as ModelSessionOptions & typeof DEFAULTS;
    this.model = options.model;
    this.instructions = options.instructions;
    this.tools = options.tools;
    this.tuning = options.tuning ?? DEFAULT_TUNING; // [wire]
    this.conversation = options.ledger ?? new ConversationLedger();
    this.forceNewChain = options.ledger !== undefined;
    this.transport = this.opts.transport === 'http' ? this.newHttp() : this.newSocket();
    this.watch(this.transport);
  }

  /** Every item of the conversation so far. */
  get ledger(): ConversationLedger {
    return this.conversation;
  }

  /** Starts a fresh conversation (/clear): an empty ledger, and a new chain on the next request. */
  clear(): void {
    this.conversation = new ConversationLedger();
    this.latestOnConnection.clear();
    this.forceNewChain = true;
    this.opts.sessionFile?.appendClear();
  }

  /** The transport in use now (`ws`, or `http` after a fallback). */
  get transportKind(): TransportKind {
    return this.transport.kind;
  }

  get connection() {
    return this.transport.connection;
  }

  /** Reconnects so far (rotations, limits, drops), for the status bar. */
  get reconnects(): number {
    return this.reconnectCount;
  }

  get currentModel(): string {
    return this.model;
  }

  /** Changes the model for the next request; the chain restarts with the full context. */
  setModel(model: string): void {
    this.model = model;
    this.cachedFingerprint = null;
  }

  // [wire] /effort and friends: like a model change, a new tuning starts a new chain.
  get currentTuning(): ModelTuning {
    return this.tuning;
  }

  setTuning(change: Partial<ModelTuning>): void {
    this.tuning = { ...this.tuning, ...change };
    this.cachedFingerprint = null;
  }

  setInstructions(instructions: string): void {
    this.instructions = instructions;
    this.cachedFingerprint = null;
  }

  setTools(tools: Tool[]): void {
    this.tools = tools;
    this.cachedFingerprint = null;
  }

  /** Model, instructions, tools and tuning (reasoning, verbosity) hashed once per change, not once per request. */
  private fingerprint(): string {
    this.cachedFingerprint ??= requestFingerprint(this.model, this.instructions, this.tools, tuningFields(this.model, this.tuning)); // [wire] tuning
    return this.cachedFingerprint;
  }

  /** Adds items (a user message, tool outputs) that the next request will send. */
  addItems(items: ConversationItem[], origin: ItemOrigin): void {
    for (const item of items) {
      this.ledger.append(item, origin);
      this.opts.sessionFile?.appendItem(item, origin);
    }
  }

  /** Opens the connection ahead of the first turn and warms it up. Failures are left for respond(). */
  async connect(signal?: AbortSignal): Promise<void> {
    try {
      await this.ensureConnected(signal);
      await this.warmUp(signal);
    } catch (err) {
      if (err instanceof SessionError && err.code === 'aborted') throw err;
      // respond() meets the same failure and recovers from it (or reports it) there.
    }
  }

  /**
   * Sends the next request (whatever items were added since the last one) and streams the
   * response, recovering as needed. Returns the final Response (completed or incomplete), whose
   * output is already in the ledger. Throws SessionError when it cannot recover.
   */
  async *respond(options: { signal?: AbortSignal } = {}): AsyncGenerator<SessionStreamItem, Response> {
    const { signal } = options;
    await this.beforeRequest(signal);
    const counters: RecoveryCounters = { retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0 };
    for (;;) {
      if (signal?.aborted) throw new SessionError('aborted', 'cancelled');
      let plan: RequestPlan | null = null;
      let yielded = false;
      try {
        await this.ensureConnected(signal);
        // A fresh connection is warmed up before its first real request, except while recovering
        // inside a request: the replay itself then prepares the state, one round trip sooner.
        const recovering = counters.retries + counters.reconnects + counters.notFoundReplays + counters.compactions > 0;
        if (!recovering) await this.warmUp(signal);
        plan = this.plan();
        const stream = this.transport.stream(this.body(plan, false), signal ? { signal } : {});
        for await (const event of stream) {
          yielded = true;
          yield { kind: 'event', event };
        }
        const terminal = await stream.done;
        if (terminal.type === 'response.failed') throw new FailedResponse(terminal);
        this.commit(plan, terminal.response as Response, stream.timings, false);
        return terminal.response as Response;
      } catch (err) {
        const failure = err instanceof FailedResponse ? err.event : err;
        if (err instanceof SessionError) throw err;
        if (!(err instanceof FailedResponse) && !isTransportError(err)) throw err;
        if (isTransportError(err, 'aborted') || signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
        const incremental = plan?.mode === 'incremental';
        const decision = decideRecovery(failure, incremental, this.opts.store, counters, {
          maxRetries: this.opts.maxRetries,
          maxReconnects: this.opts.maxReconnects,
          retryBaseDelayMs: this.opts.retryBaseDelayMs,
          retryMaxDelayMs: this.opts.retryMaxDelayMs,
          transportMode: this.opts.transport,
          onSocket: this.transport.kind === 'ws',
          canCompact: counters.compactions === 0 && this.ledger.length > 0,
        });
        if (decision.action === 'fail') throw decision.error;
        if (yielded) yield { kind: 'discard', reason: decision.reason, recovery: decision.kind };
        await this.carryOut(decision, counters, signal);
      }
    }
  }

  /**
   * Compacts the conversation through `POST /responses/compact`; the next request starts a new
   * chain from the compacted window followed by the newest items.
   */
  async compact(options: { signal?: AbortSignal; automatic?: boolean } = {}): Promise<void> {
    const replay = { store: this.opts.store }; // [wire] reasoning items replay per store
    const input = this.ledger.compactedContext(replay) ?? this.ledger.fullContext(replay);
    if (input.length === 0) return;
    const tokensBefore = estimateItemsTokens(input);
    this.compactClient ??= new OpenAI({
      ...sdkClientOptions(this.opts.endpoint), // [wire] query, headers and the key's header, as the transports
      maxRetries: 2,
      logLevel: 'off',
    });
    let output: ConversationItem[];
    try {
      const compacted = await this.compactClient.responses.compact(
        { model: this.model, input: input as never, instructions: this.instructions } as never,
        options.signal ? { signal: options.signal } : {},
      );
      output = compacted.output as unknown as ConversationItem[];
    } catch (err) {
      if (options.signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
      const error = classifyError(err);
      throw new SessionError(error.kind === 'auth' ? 'auth' : 'network', `compaction failed: ${error.message}`, { cause: err });
    }
    const coversUpTo = this.ledger.length;
    this.ledger.setCompaction(output, coversUpTo);
    this.opts.sessionFile?.appendCompaction(output, coversUpTo);
    this.forceNewChain = true;
    this.emit({ type: 'compacted', tokensBefore, windowItems: output.length, automatic: options.automatic === true });
  }

  /** Estimated tokens of the context the next new chain would send (kept up to date as items arrive). */
  contextTokens(): number {
    return this.ledger.estimatedTokens();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    this.opts.sessionFile?.close();
    await this.transport.close();
    this.emit({ type: 'connection', state: 'closed', transport: this.transport.kind });
  }

  // --- internals --------------------------------------------------------------------------------

  private newSocket(): ResponsesSocket {
    const o = this.opts;
    return new ResponsesSocket({
      ...o.endpoint,
      ...(o.deadAfterMs !== undefined && { deadAfterMs: o.deadAfterMs }),
      ...(o.connectTimeoutMs !== undefined && { connectTimeoutMs: o.connectTimeoutMs }),
      ...(o.betaHeader !== undefined && { betaHeader: o.betaHeader }),
    });
  }

  private newHttp(): HttpTransport {
    return new HttpTransport({ ...this.opts.endpoint, retryBaseDelayMs: this.opts.retryBaseDelayMs, retryMaxDelayMs: this.opts.retryMaxDelayMs });
  }

  private watch(transport: ResponsesTransport): void {
    this.unsubscribe();
    this.unsubscribe = transport.onConnection((notice) => {
      if (notice.type !== 'unsolicited') return;
      const event = notice.event as { type?: string };
      if (event.type === 'error' && classifyError(notice.event).kind === 'connection_limit') this.connectionExpired = true;
    });
  }

  private connectionKey(): string {
    return this.transport.kind === 'ws' ? `ws#${this.transport.connection.id}` : 'http';
  }

  private emit(event: SessionEvent): void {
    this.opts.onEvent?.(event);
  }

  private async ensureConnected(signal?: AbortSignal): Promise<void> {
    if (this.transport.kind !== 'ws' || this.transport.connection.state === 'open') return;
    this.emit({ type: 'connection', state: 'connecting', transport: 'ws' });
    await this.transport.connect(signal);
    this.connectionExpired = false;
    this.emit({ type: 'connection', state: 'open', transport: 'ws' });
  }

  /** Between requests: rotate an old or expired socket, and compact a context grown too large. */
  private async beforeRequest(signal?: AbortSignal): Promise<void> {
    if (this.transport.kind === 'ws') {
      const { state, ageMs } = this.transport.connection;
      const tooOld = state === 'open' && ageMs !== null && ageMs >= this.opts.rotateAfterMs;
      if (this.connectionExpired || tooOld) {
        const kind: RecoveryKind = this.connectionExpired ? 'limit_reached' : 'reconnect';
        const reason = this.connectionExpired ? 'the server ended the idle connection at its limit' : 'rotating the connection before its 60-minute limit';
        this.connectionExpired = false;
        this.reconnectCount++;
        this.emit({ type: 'recovery', kind, reason, attempt: 1 });
        this.emit({ type: 'connection', state: 'reconnecting', transport: 'ws', reason });
        // The next connection is opened (and warmed up) by respond(), between turns.
        await this.transport.close();
      }
    }
    const threshold = this.opts.compactThresholdTokens;
    if (threshold && this.contextTokens() > threshold) await this.compact({ automatic: true, ...(signal && { signal }) });
  }

  /** A generate:false request that prepares the connection's state; the next request chains from it. */
  private async warmUp(signal?: AbortSignal): Promise<void> {
    if (!this.opts.warmup || this.transport.kind !== 'ws') return;
    const key = this.connectionKey();
    if (this.warmedConnection === key || this.latestOnConnection.has(key)) return;
    const plan = this.plan();
    const stream = this.transport.stream(this.body(plan, true), signal ? { signal } : {});
    try {
      const terminal = await stream.done;
      if (terminal.type !== 'response.failed') this.commit(plan, terminal.response as Response, stream.timings, true);
      this.warmedConnection = key;
    } catch (err) {
      if (signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
      // A failed warm-up costs nothing: the real request will recover from the same failure.
    }
  }

  private plan(): RequestPlan {
    const key = this.connectionKey();
    const plan = planRequest({
      ledger: this.ledger,
      connectionKey: key,
      hasConnectionCache: this.transport.kind === 'ws',
      latestOnConnection: this.latestOnConnection.get(key) ?? null,
      fingerprint: this.fingerprint(),
      store: this.opts.store,
      chainBroken: this.forceNewChain,
    });
    return plan;
  }

  private body(plan: RequestPlan, warmup: boolean): ResponseCreateBody {
    const body: Record<string, unknown> = {
      ...this.opts.extraBody,
      model: this.model,
      instructions: this.instructions,
      tools: this.tools,
      // [wire] reasoning / include / text, parallel calls (the agent runs them concurrently), cache key.
      ...modelRequestFields(this.model, this.tuning, this.opts.store),
      parallel_tool_calls: true,
      ...(this.opts.promptCacheKey !== undefined && { prompt_cache_key: this.opts.promptCacheKey }),
      store: this.opts.store,
      input: plan.input,
    };
    if (plan.previousResponseId) body.previous_response_id = plan.previousResponseId;
    if (this.opts.contextManagement) body.context_management = this.opts.contextManagement;
    if (warmup) body.generate = false;
    return body as unknown as ResponseCreateBody;
  }

  private commit(plan: RequestPlan, response: Response, timings: Readonly<RequestTimings>, warmup: boolean): void {
    const file = this.opts.sessionFile;
    for (const item of response.output as unknown as ConversationItem[]) {
      this.ledger.append(item, 'model', response.id);
      file?.appendItem(item, 'model', response.id);
    }
    const key = this.connectionKey();
    const record = this.ledger.recordResponse({
      responseId: response.id,
      connectionKey: key,
      stored: this.opts.store,
      fingerprint: this.fingerprint(),
      warmup,
    });
    file?.appendResponse(record);
    this.latestOnConnection.set(key, response.id);
    this.forceNewChain = false;
    const usage = response.usage;
    this.emit({
      type: 'request.completed',
      stats: {
        responseId: response.id,
        mode: plan.mode,
        transport: this.transport.kind,
        connectionId: timings.connectionId,
        warmup,
        status: response.status ?? 'completed',
        timings: { ...timings },
        usage: usage ? { input: usage.input_tokens, cached: usage.input_tokens_details?.cached_tokens ?? 0, output: usage.output_tokens } : null,
      },
    });
  }

  private async carryOut(decision: Exclude<RecoveryAction, { action: 'fail' }>, counters: RecoveryCounters, signal?: AbortSignal): Promise<void> {
    switch (decision.action) {
      case 'reconnect': {
        counters.reconnects++;
        this.reconnectCount++;
        this.emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.reconnects });
        this.emit({ type: 'connection', state: 'reconnecting', transport: this.transport.kind, reason: decision.reason });
        if (decision.newChain) this.forceNewChain = true;
        await this.transport.close();
        await sleep(decision.delayMs, signal);
        break;
      }
      case 'replay': {
        if (decision.kind === 'previous_response_not_found') counters.notFoundReplays++;
        else counters.retries++;
        this.emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.retries + counters.notFoundReplays });
        if (decision.newChain) this.forceNewChain = true;
        await sleep(decision.delayMs, signal);
        break;
      }
      case 'compact': {
        counters.compactions++;
        this.emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.compactions });
        await this.compact({ automatic: true, ...(signal && { signal }) });
        break;
      }
      case 'fallback_http': {
        this.emit({ type: 'recovery', kind: 'fallback_http', reason: decision.reason, attempt: 1 });
        await this.transport.close();
        this.transport = this.newHttp();
        this.watch(this.transport);
        counters.reconnects = 0;
        this.emit({ type: 'connection', state: 'open', transport: 'http', reason: decision.reason });
        break;
      }
    }
    if (this.forceNewChain && this.ledger.compaction && decision.kind !== 'compacted_restart') {
      this.emit({ type: 'recovery', kind: 'compacted_restart', reason: 'restarting the chain from the compacted window', attempt: 1 });
    }
  }
}

/** The terminal response.failed event, carried through the catch block. */
class FailedResponse extends Error {
  constructor(readonly event: unknown) {
    super('response failed');
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
