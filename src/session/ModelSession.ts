// The conversation with the model over one long-lived connection. It owns every decision about
// what to send (incremental, full, compacted) and recovers from everything the service and the
// network do — rotation before the connection limit, the limit itself, evicted or unknown previous
// responses, dropped, dead, stalled and garbled connections, failed responses, refused upgrades —
// so that callers only ever see a response or a SessionError they can report. It is the one place
// that retries anything: the transports send each request once.
//
// The work is split: Conversation keeps the ledger and plans each request, ConnectionSupervisor
// keeps the connection, recoveryPolicy decides what a failure means; this class runs a request
// through them and tells its subscribers what happened.
import type { Response, ResponseCompactParams, ServerEvent, Tool } from '../protocol/index.js';
import { isTransportError, type RequestTimings, type TransportKind } from '../transport/index.js';
import { requestCompaction } from './compaction.js';
import { ConnectionSupervisor } from './ConnectionSupervisor.js';
import type { RequestPlan } from './ContinuationPlanner.js';
import { Conversation } from './Conversation.js';
import type { ConversationLedger } from './ConversationLedger.js';
import { type ConversationItem, estimateItemsTokens, type ItemOrigin } from './items.js';
import type { ModelTuning } from './modelTuning.js';
import { decideRecovery, type RecoveryAction, type RecoveryCounters, type RecoveryLimits } from './recoveryPolicy.js';
import { SessionError } from './SessionError.js';
import { type RecoveryKind, type SessionEvent, SessionEventHub, type SessionEventListener } from './sessionEvents.js';
import { type ModelSessionOptions, type ResolvedSessionOptions, withDefaults } from './sessionOptions.js';
import { sleep } from './sleep.js';

export type { TransportMode } from './ConnectionSupervisor.js';
export type { ModelSessionOptions } from './sessionOptions.js';

/** What respond() yields: the events of an attempt, and a note when an attempt is thrown away. */
export type SessionStreamItem =
  | { kind: 'event'; event: ServerEvent }
  /**
   * The attempt so far is discarded (its partial output will never enter the ledger); the events
   * of a new attempt follow. Calls seen in the discarded attempt must not be run twice.
   */
  | { kind: 'discard'; reason: string; recovery: RecoveryKind };

const newCounters = (): RecoveryCounters => ({ retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0 });

export class ModelSession {
  private readonly opts: ResolvedSessionOptions;
  private readonly events = new SessionEventHub();
  private readonly conversation: Conversation;
  private readonly supervisor: ConnectionSupervisor;
  private warmedConnection: string | null = null;

  constructor(options: ModelSessionOptions) {
    const o = withDefaults(options);
    this.opts = o;
    this.conversation = new Conversation(o);
    this.supervisor = new ConnectionSupervisor(o, (event) => this.emit(event));
  }

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

  /** The transport in use now (`ws`, or `http` after a fallback). */
  get transportKind(): TransportKind {
    return this.supervisor.kind;
  }

  get connection() {
    return this.supervisor.connection;
  }

  /** Reconnects so far (rotations, limits, drops, stalls), for the status bar. */
  get reconnects(): number {
    return this.supervisor.reconnects;
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

  /** Adds items (a user message, tool outputs) that the next request will send. */
  addItems(items: ConversationItem[], origin: ItemOrigin): void {
    this.conversation.addItems(items, origin);
  }

  /** Opens the connection ahead of the first turn and warms it up. Failures are left for respond(). */
  async connect(signal?: AbortSignal): Promise<void> {
    try {
      await this.supervisor.ensureConnected(signal);
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
    const counters = newCounters();
    for (;;) {
      if (signal?.aborted) throw new SessionError('aborted', 'cancelled');
      let plan: RequestPlan | null = null;
      let yielded = false;
      try {
        await this.supervisor.ensureConnected(signal);
        // A fresh connection is warmed up before its first real request, except while recovering
        // inside a request: the replay itself then prepares the state, one round trip sooner.
        const recovering = counters.retries + counters.reconnects + counters.notFoundReplays + counters.compactions > 0;
        if (!recovering) await this.warmUp(signal);
        plan = this.plan();
        const stream = this.supervisor.stream(this.conversation.body(plan, false), signal);
        for await (const event of stream) {
          yielded = true;
          yield { kind: 'event', event };
        }
        const terminal = await stream.done;
        if (terminal.type === 'response.failed') throw new FailedResponse(terminal);
        this.complete(plan, terminal.response as Response, stream.timings, false);
        return terminal.response as Response;
      } catch (err) {
        const failure = err instanceof FailedResponse ? err.event : err;
        if (err instanceof SessionError) throw err;
        if (!(err instanceof FailedResponse) && !isTransportError(err)) throw err;
        if (isTransportError(err, 'aborted') || signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
        const decision = decideRecovery(failure, plan?.mode === 'incremental', this.opts.store, counters, {
          ...this.limits(),
          transportMode: this.supervisor.mode,
          onSocket: this.supervisor.kind === 'ws',
          canCompact: counters.compactions === 0 && this.ledger.length > 0,
        });
        if (decision.action === 'fail') throw decision.error;
        if (yielded) yield { kind: 'discard', reason: decision.reason, recovery: decision.kind };
        await this.carryOut(decision, counters, signal);
      }
    }
  }

  /**
   * Compacts the conversation through `POST /responses/compact`, retried by the same policy as a
   * response; the next request starts a new chain from the compacted window and the newest items.
   */
  async compact(options: { signal?: AbortSignal; automatic?: boolean } = {}): Promise<void> {
    const { signal } = options;
    const replay = { store: this.opts.store }; // reasoning items replay as the store setting allows
    const input = this.ledger.compactedContext(replay) ?? this.ledger.fullContext(replay);
    if (input.length === 0) return;
    const tokensBefore = estimateItemsTokens(input);
    const request: ResponseCompactParams = {
      model: this.conversation.model,
      input: input as ResponseCompactParams['input'],
      instructions: this.conversation.currentInstructions,
    };
    const retry = { limits: this.limits(), store: this.opts.store, emit: (event: SessionEvent) => this.emit(event) };
    const window = await requestCompaction(this.supervisor.compaction, request, retry, signal);
    this.conversation.setCompaction(window);
    this.emit({ type: 'compacted', tokensBefore, windowItems: window.length, automatic: options.automatic === true });
  }

  /** Estimated tokens of the context the next new chain would send (kept up to date as items arrive). */
  contextTokens(): number {
    return this.ledger.estimatedTokens();
  }

  async close(): Promise<void> {
    this.conversation.close();
    await this.supervisor.close();
  }

  // --- internals --------------------------------------------------------------------------------

  private emit(event: SessionEvent): void {
    this.events.emit(event);
  }

  private limits(): Pick<RecoveryLimits, 'maxRetries' | 'maxReconnects' | 'retryBaseDelayMs' | 'retryMaxDelayMs'> {
    const { maxRetries, maxReconnects, retryBaseDelayMs, retryMaxDelayMs } = this.opts;
    return { maxRetries, maxReconnects, retryBaseDelayMs, retryMaxDelayMs };
  }

  private plan(): RequestPlan {
    return this.conversation.plan(this.supervisor.key, this.supervisor.kind === 'ws');
  }

  /** Between requests: rotate an old or expired socket, and compact a context grown too large. */
  private async beforeRequest(signal?: AbortSignal): Promise<void> {
    await this.supervisor.rotateIfDue();
    const threshold = this.opts.compactThresholdTokens;
    if (threshold && this.contextTokens() > threshold) await this.compact({ automatic: true, ...(signal && { signal }) });
  }

  /** A generate:false request that prepares the connection's state; the next request chains from it. */
  private async warmUp(signal?: AbortSignal): Promise<void> {
    if (!this.opts.warmup || this.supervisor.kind !== 'ws') return;
    const key = this.supervisor.key;
    if (this.warmedConnection === key || this.conversation.hasResponseOn(key)) return;
    const plan = this.plan();
    const stream = this.supervisor.stream(this.conversation.body(plan, true), signal);
    try {
      const terminal = await stream.done;
      if (terminal.type !== 'response.failed') this.complete(plan, terminal.response as Response, stream.timings, true);
      this.warmedConnection = key;
    } catch (err) {
      if (signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
      // A failed warm-up costs nothing: the real request will recover from the same failure.
    }
  }

  /** Commits a response to the conversation and reports what it cost. */
  private complete(plan: RequestPlan, response: Response, timings: Readonly<RequestTimings>, warmup: boolean): void {
    this.conversation.commit(response, this.supervisor.key, warmup);
    const usage = response.usage;
    this.emit({
      type: 'request.completed',
      stats: {
        responseId: response.id,
        mode: plan.mode,
        transport: this.supervisor.kind,
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
        if (decision.newChain) this.conversation.forceNewChain = true;
        await this.supervisor.reconnect(decision.kind, decision.reason, counters.reconnects, decision.delayMs, signal);
        break;
      }
      case 'replay': {
        if (decision.kind === 'previous_response_not_found') counters.notFoundReplays++;
        else counters.retries++;
        this.emit({ type: 'recovery', kind: decision.kind, reason: decision.reason, attempt: counters.retries + counters.notFoundReplays });
        if (decision.newChain) this.conversation.forceNewChain = true;
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
        await this.supervisor.fallBackToHttp(decision.reason);
        counters.reconnects = 0;
        break;
      }
    }
    if (this.conversation.forceNewChain && this.ledger.compaction && decision.kind !== 'compacted_restart') {
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
