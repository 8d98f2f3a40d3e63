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
import type { Response, ServerEvent } from '../protocol/index.js';
import { isLaneRefusal, isTransportError, type RequestTimings, type ResponseCreateBody, type TransportKind } from '../transport/index.js';
import { compactSession } from './compaction.js';
import { ContextMeter, compactThreshold, contextWindowOf } from './contextBudget.js';
import { ConnectionSupervisor } from './ConnectionSupervisor.js';
import type { RequestPlan } from './ContinuationPlanner.js';
import { Conversation } from './Conversation.js';
import { decideRecovery, FailedResponse, type RecoveryAction, type RecoveryCounters } from './recoveryPolicy.js';
import { SessionControls } from './SessionControls.js';
import { SessionError } from './SessionError.js';
import type { RecoveryKind, SessionEvent } from './sessionEvents.js';
import { type ModelSessionOptions, type ResolvedSessionOptions, recoveryLimits, withDefaults } from './sessionOptions.js';
import type { ForkOptions, LaneFork } from './sessionFork.js';
import { requestStats } from './requestStats.js';
import { carryOutRecovery } from './recoveryActions.js';
import type { Steering } from './Steering.js';
import { type LaneSteering, laneSteering } from './laneSteering.js';
import { readAttempt } from './attemptStream.js';

export type { TransportMode } from './ConnectionSupervisor.js';
export type { ModelSessionOptions } from './sessionOptions.js';
export type { ForkOptions } from './sessionFork.js';

/** What respond() yields: the events of an attempt, and a note when an attempt is thrown away. */
export type SessionStreamItem =
  | { kind: 'event'; event: ServerEvent }
  /**
   * The attempt so far is discarded (its partial output will never enter the ledger); the events
   * of a new attempt follow. Calls seen in the discarded attempt must not be run twice.
   */
  | { kind: 'discard'; reason: string; recovery: RecoveryKind };

const newCounters = (): RecoveryCounters => ({ retries: 0, reconnects: 0, notFoundReplays: 0, compactions: 0 });

export class ModelSession extends SessionControls {
  private readonly opts: ResolvedSessionOptions;
  protected readonly conversation: Conversation;
  private supervisor: ConnectionSupervisor;
  /** False for a fork on its parent's socket: the parent owns (rotates, closes) the connection. */
  private ownsSupervisor: boolean;
  /** This session's `stream_id` on a shared socket; null on the default lane (the parent, or a fork on its own socket). */
  private lane: string | null;
  private warmedConnection: string | null = null;
  /** Forks probed lanes from this session's latest response (the server's lane support was unknown). */
  private forkedWhileUnknown = false;
  /** A connect() (socket and warm-up) under way. */
  private connecting: Promise<void> | null = null;
  /** The steers of this session's lane (sub-agents are never steered: nothing submits to theirs). */
  readonly steering: Steering;
  private readonly steers: LaneSteering;
  /** How full the context is: the latest response's usage plus what was added since. */
  private readonly meter = new ContextMeter();

  constructor(options: ModelSessionOptions, fork?: LaneFork) {
    super();
    const o = withDefaults(options);
    this.opts = o;
    this.conversation = new Conversation({ ...o, ...(fork?.forkedFrom && { forkedFrom: fork.forkedFrom }) });
    this.supervisor = fork?.supervisor ?? new ConnectionSupervisor(o, (event) => this.emit(event));
    this.ownsSupervisor = fork === undefined;
    this.lane = fork?.lane ?? null;
    const steerDeps = { mode: o.steering, steeringModels: o.steeringModels, sink: o.sessionFile, conversation: this.conversation };
    this.steers = laneSteering({ ...steerDeps, lane: () => this.lane, supervisor: () => this.supervisor, emit: (event) => this.emit(event) });
    this.steering = this.steers.steering;
    this.steers.watch();
  }

  /**
   * A sub-agent's session, forked from this one's latest response (protocol.md §9). Its ledger
   * starts as a copy of this one (so a replay sends the parent's context up to the fork plus its
   * own items) and its chain is its own. While the socket serves lanes (or may: not known yet), it
   * runs on a lane of this session's socket, and its first request names this session's latest
   * response as previous_response_id and sends only what was added to it. Otherwise (HTTP, or a
   * server that refused stream_id) it gets its own connection and starts a new chain with the full
   * context. Call it while this session is idle (the parent waits in its spawn_agents call), so the
   * parent's lane does not advance before the forks have started from its response.
   */
  fork(options: ForkOptions): ModelSession {
    const o = this.opts;
    const childOptions: ModelSessionOptions = {
      ...o,
      model: this.conversation.model,
      instructions: this.conversation.currentInstructions,
      tools: this.conversation.currentTools,
      tuning: this.conversation.tuning,
      ledger: this.ledger.copy(),
      warmup: false,
      ...(options.sessionFile ? { sessionFile: options.sessionFile } : { sessionFile: undefined }),
    };
    if (this.supervisor.kind === 'ws' && this.supervisor.lanes !== 'unsupported') {
      const key = this.supervisor.key;
      const latest = this.conversation.latestOn(key);
      const forkedFrom = latest !== null && !this.conversation.forceNewChain ? { connectionKey: key, responseId: latest } : undefined;
      if (this.supervisor.lanes === 'unknown') this.forkedWhileUnknown = true;
      const child = new ModelSession(childOptions, { supervisor: this.supervisor, lane: options.lane, forkedFrom });
      if (!forkedFrom) child.conversation.forceNewChain = true;
      return child;
    }
    return new ModelSession(childOptions);
  }

  /**
   * /fork: from now on this session's requests go on a lane of their own (`lane`) of the same
   * socket, so the first one forks the conversation from its latest response there, sending only
   * what is new (protocol.md §9), and the lane left behind keeps that response for whoever resumes
   * the original. Returns the lane, or null where there are no lanes (HTTP, a server that refused
   * them): the conversation then simply goes on as it is.
   */
  moveToNewLane(lane: string): string | null {
    if (!this.ownsSupervisor || this.supervisor.kind !== 'ws' || this.supervisor.lanes === 'unsupported') return null;
    if (this.supervisor.lanes === 'unknown') this.forkedWhileUnknown = true;
    this.conversation.leaveLane(this.supervisor.key);
    this.lane = lane;
    return lane;
  }

  /** The lane this session's requests run on (null: the default lane). */
  get streamId(): string | null {
    return this.lane;
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

  /** Opens the connection ahead of the first turn and warms it up. Failures are left for respond(). */
  connect(signal?: AbortSignal): Promise<void> {
    // Kept so that a request made while it is under way waits for it and chains from its warm-up
    // instead of sending a second one (the TUI pre-connects while the user types the first prompt).
    this.connecting ??= this.connectAndWarmUp(signal).finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connectAndWarmUp(signal?: AbortSignal): Promise<void> {
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
    if (this.connecting) await this.connecting.catch(() => undefined); // its own cancellation is not this request's
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
        this.steering.boardNextRequest();
        plan = this.plan();
        const stream = this.supervisor.stream(this.requestBody(plan, false), signal, (terminal) => this.steering.expectsSuccessor(terminal));
        const attempt = readAttempt(stream, this.supervisor.key, this.steering, (response) => this.complete(plan!, response, stream.timings, false));
        for (let next = await attempt.next(); ; next = await attempt.next()) {
          if (next.done) return next.value;
          yielded = true;
          this.supervisor.serverReached = true;
          yield { kind: 'event', event: next.value };
        }
      } catch (err) {
        const failure = err instanceof FailedResponse ? err.event : err;
        if (err instanceof SessionError) throw err;
        if (!(err instanceof FailedResponse) && !isTransportError(err)) throw err;
        // Whatever the server held for this lane is ours again: the replay (or the next request) carries it once.
        this.steering.connectionLost(isTransportError(err) && err.connectionId !== null ? `ws#${err.connectionId}` : null);
        if (isTransportError(err, 'aborted') || signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
        if (this.lane !== null && isLaneRefusal(err)) {
          // The server does not serve lanes (the socket remembers it): this fork gets a socket of
          // its own and starts a new chain there with the full context (the seeds' rule).
          // The socket's owner (a /fork that probed lanes) stays on it, on the default lane.
          if (this.ownsSupervisor) {
            this.lane = null;
            this.conversation.forgetOtherLanes();
          } else this.leaveSharedSocket();
          if (yielded) yield { kind: 'discard', reason: 'the server does not serve stream_id lanes', recovery: 'reconnect' };
          continue;
        }
        const failedConnectionId = isTransportError(err) ? err.connectionId : null;
        const decision = decideRecovery(failure, plan?.mode === 'incremental', this.opts.store, counters, {
          ...recoveryLimits(this.opts),
          transportMode: this.supervisor.mode,
          onSocket: this.supervisor.kind === 'ws',
          canCompact: counters.compactions === 0 && this.ledger.length > 0,
          serverReached: this.supervisor.serverReached || !isTransportError(err, 'connect_failed'),
        });
        if (decision.action === 'fail') throw decision.error;
        if (yielded) yield { kind: 'discard', reason: decision.reason, recovery: decision.kind };
        await this.carryOut(decision, counters, signal, failedConnectionId);
      }
    }
  }

  /**
   * Compacts the conversation through `POST /responses/compact`, retried by the same policy as a
   * response; the next request starts a new chain from the compacted window and the newest items.
   */
  async compact(options: { signal?: AbortSignal; automatic?: boolean; focus?: string } = {}): Promise<void> {
    const retry = { limits: recoveryLimits(this.opts), store: this.opts.store, emit: (event: SessionEvent) => this.emit(event) };
    await this.opts.beforeCompact?.(options.automatic === true, options.focus ?? '').catch(() => undefined);
    await compactSession(this.conversation, this.supervisor.compaction, retry, this.opts, this.meter, options);
  }

  /** Tokens the next request's context holds: the latest response's usage plus the items added since (an estimate before any). */
  contextTokens(): number {
    return this.meter.projected(this.ledger);
  }

  /** The latest response's input + output tokens (after a compaction: what the window holds); null before any. */
  get contextUsed(): number | null {
    return this.meter.latest;
  }

  /** The current model's context window in tokens (the setting, else the table of known models); null: unknown. */
  get contextWindow(): number | null {
    return contextWindowOf(this.conversation.model, this.opts);
  }

  override clear(): void {
    super.clear();
    this.meter.reset();
  }

  /** A rewind drops what the latest usage counted: the meter goes back to the ledger's estimate until the next response. */
  override rewindTo(position: number, turn: number | null, prompt: string): void {
    super.rewindTo(position, turn, prompt);
    this.meter.reset();
  }

  async close(): Promise<void> {
    this.steers.unwatch();
    this.conversation.close();
    // A fork on its parent's socket leaves the connection to the parent.
    if (this.ownsSupervisor) await this.supervisor.close();
  }

  // --- internals --------------------------------------------------------------------------------

  private emit(event: SessionEvent): void {
    this.events.emit(event);
  }

  private plan(): RequestPlan {
    if (this.forkedWhileUnknown && this.supervisor.lanes !== 'unknown') {
      // A server without lanes refused the probing fork, a failed continuation of our latest
      // response: under store:false that evicts it, so the chain restarts at once rather than
      // after a previous_response_not_found.
      if (this.supervisor.lanes === 'unsupported' && !this.opts.store) this.conversation.forceNewChain = true;
      this.forkedWhileUnknown = false;
    }
    const key = this.supervisor.key;
    return this.conversation.plan(key, this.supervisor.kind === 'ws', this.steering.serverHeld(key));
  }

  /** The request as sent: a fork on a shared socket names its lane (never over HTTP). */
  private requestBody(plan: RequestPlan, warmup: boolean): ResponseCreateBody {
    const body = this.conversation.body(plan, warmup);
    if (this.lane === null || this.supervisor.kind !== 'ws') return body;
    return { ...body, stream_id: this.lane } as ResponseCreateBody;
  }

  /** A fork leaves its parent's socket for one of its own; its chain restarts there with the full context. */
  private leaveSharedSocket(): void {
    this.supervisor = new ConnectionSupervisor(this.opts, (event) => this.emit(event), this.supervisor.serverReached);
    this.ownsSupervisor = true;
    this.lane = null;
    this.conversation.forceNewChain = true;
    this.steers.watch();
  }

  /** Between requests: rotate an old or expired socket, and compact a context grown too large. */
  private async beforeRequest(signal?: AbortSignal): Promise<void> {
    // Only the owner rotates: other lanes may be in flight on a shared socket.
    if (this.ownsSupervisor) await this.supervisor.rotateIfDue();
    const threshold = compactThreshold(this.conversation.model, this.opts);
    if (threshold !== null && this.contextTokens() > threshold) await this.compact({ automatic: true, ...(signal && { signal }) });
  }

  /** A generate:false request that prepares the connection's state; the next request chains from it. */
  private async warmUp(signal?: AbortSignal): Promise<void> {
    if (!this.opts.warmup || this.supervisor.kind !== 'ws') return;
    const key = this.supervisor.key;
    if (this.warmedConnection === key || this.conversation.hasResponseOn(key)) return;
    const plan = this.plan();
    const stream = this.supervisor.stream(this.requestBody(plan, true), signal);
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
    if (!warmup && usage) this.meter.record(usage.input_tokens + usage.output_tokens, this.ledger.length);
    this.emit({ type: 'request.completed', stats: requestStats(plan, response, timings, warmup, this.supervisor.kind) });
  }

  private async carryOut(
    decision: Exclude<RecoveryAction, { action: 'fail' }>,
    counters: RecoveryCounters,
    signal?: AbortSignal,
    failedConnectionId: number | null = null,
  ): Promise<void> {
    await carryOutRecovery(decision, counters, {
      conversation: this.conversation,
      supervisor: () => this.supervisor,
      emit: (event) => this.emit(event),
      compact: () => this.compact({ automatic: true, ...(signal && { signal }) }),
      // A fork must not move its parent's connection to HTTP: it leaves for a transport of its own.
      leaveSharedSocket: () => {
        if (!this.ownsSupervisor) this.leaveSharedSocket();
      },
      ...(signal && { signal }),
      failedConnectionId,
    });
  }
}
