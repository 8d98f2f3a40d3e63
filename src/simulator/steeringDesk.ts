// Steering on one WebSocket connection (protocol.md §11). `response.steer` is handled the moment
// it arrives, beside the lane queues: refused (`response.steer.failed` without an id) or accepted
// into the target response's stream. When that response ends, its steers go one of two ways:
// the interrupting path (an automatic successor whose input is the steers; its
// `response.created` commits them) or the tool-call path (`response.steer.pending`, then the
// client's continuation gets the steers put before its input; its `response.created` commits
// them). Steers live and die with their connection.
import { itemText, type WireItem } from './conversation.js';
import { type Arrival, deliver, type EventSink } from './delivery.js';
import type { SteerFaultKind } from './faults.js';
import { newSteerId } from './ids.js';
import { sleep, uplinkMs } from './pacing.js';
import { type EngineOutcome, handleCreate } from './responseEngine.js';
import type { SimulatorState } from './simulatorState.js';
import type { ConnectionCache, LaneId } from './stateStores.js';
import { isSteerableModel } from './steerableModels.js';
import { isClientCall } from './steerBoundary.js';
import { failedEvent, pendingEvent, type SteerErrorCode, type SteerEvent } from './steerEvents.js';
import { recordSteer } from './steerLog.js';
import { type AcceptedSteer, SteerTarget } from './steerTarget.js';
import { checkSteer } from './steerValidation.js';

type StreamOutcome = Extract<EngineOutcome, { kind: 'stream' }>;

/** What a `response.create` continues: a response whose steers wait for the client's tool outputs. */
export interface Continuation {
  parent: SteerTarget | null;
  /** The steer messages the server puts before the request's input. */
  prependInput?: WireItem[];
}

export class SteeringDesk {
  /** Every response of this connection, by id (steers name them; the ended ones are refused). */
  private readonly targets = new Map<string, SteerTarget>();
  /** Responses that ended on a client-owned call with steers pending, by id. */
  private readonly pending = new Map<string, SteerTarget>();

  constructor(
    private readonly state: SimulatorState,
    private readonly cache: ConnectionCache,
    private readonly connectionId: number,
    private readonly sinkFor: (lane: LaneId) => EventSink,
  ) {}

  /** A `response.steer` frame: refused or accepted at once, whatever the lanes are doing. */
  onSteer(body: Record<string, unknown>, bytes: number, arrivedAt: number): void {
    const no = this.state.nextSteerNo();
    const check = checkSteer(body);
    const targetId = typeof body.previous_response_id === 'string' ? body.previous_response_id : null;
    const target = targetId ? this.targets.get(targetId) : undefined;
    const landingWall = arrivedAt + uplinkMs(this.state.profile, bytes);
    const landing = target ? target.modelTimeOf(landingWall) : 0;
    const laneSteerNo = target?.lane ? this.state.nextLaneSteerNo(target.lane) : 0;
    const sent = { previousResponseId: body.previous_response_id, input: body.input };
    const texts = check.ok ? check.messages.map(itemText) : [];
    let code: SteerErrorCode | null = null;
    if (!check.ok) code = 'invalid_input';
    else if (!target) code = 'response_not_found';
    else if (target.refusal) code = target.refusal;
    else if (target.endedBy(landing)) code = target.failed ? 'response_not_active' : 'response_already_completed';
    else if (target.steers.length >= this.state.settings.steerMaxPending) code = 'too_many_pending_steers';
    const logged = { no, connectionId: this.connectionId, targetId, model: target?.model ?? null, lane: target?.lane ?? null, bytesUp: bytes };
    if (code !== null) {
      const detail = check.ok ? undefined : { detail: check.message, param: check.param };
      this.emit(target, landing, landingWall, failedEvent(code, sent, detail));
      recordSteer(this.state, { ...logged, kind: 'steer', status: 'refused', errorCode: code, steer: { id: null, fields: Object.keys(body), texts } });
      return;
    }
    const accepted = target!;
    const lane = accepted.lane === null ? undefined : { streamId: accepted.lane, laneRequestNo: laneSteerNo };
    const spec = this.state.faults.forSteer(no, this.state.elapsed(), lane);
    const fault = spec?.kind as SteerFaultKind | undefined;
    const steer: AcceptedSteer = { id: newSteerId(), no, targetId: accepted.id, messages: check.ok ? check.messages : [], texts, sent, fault };
    // `steer_drop,at=accepted`: the socket dies as soon as the client has been told.
    const sink = this.sinkFor(accepted.lane);
    accepted.accept(steer, landing, spec?.at === 'accepted' ? () => sink.drop() : undefined);
    recordSteer(this.state, { ...logged, kind: 'steer', status: 'accepted', fault: fault ?? null, steer: { id: steer.id, fields: Object.keys(body), texts } });
  }

  /**
   * Before a `response.create` runs: a continuation of a response whose steers are pending (same
   * lane) gets them before its input. Any other request on that lane abandons them: they fail.
   */
  continuationOf(body: Record<string, unknown>, lane: LaneId): Continuation {
    const previous = typeof body.previous_response_id === 'string' ? body.previous_response_id : null;
    for (const parent of [...this.pending.values()]) {
      if (parent.lane !== lane || parent.id === previous) continue;
      this.pending.delete(parent.id);
      this.failSteers(parent, `The lane went on without continuing ${parent.id}.`);
    }
    const parent = previous ? this.pending.get(previous) : undefined;
    if (!parent || parent.lane !== lane) return { parent: null };
    return { parent, prependInput: parent.steers.flatMap((s) => s.messages) };
  }

  /** Delivers a response (or a request error), then whatever its steers make follow: pending events or successors. */
  async deliverCreate(
    sink: EventSink,
    arrival: Arrival,
    first: EngineOutcome,
    uplink: number,
    body: Record<string, unknown>,
    lane: LaneId,
    continuation: Continuation,
  ): Promise<void> {
    const parent = continuation.parent;
    if (first.kind === 'error') {
      await deliver(this.state, sink, arrival, first, uplink);
      if (parent) {
        this.pending.delete(parent.id);
        this.failSteers(parent, `The continuation of ${parent.id} was refused (${first.error.error.code ?? first.error.status}).`);
      }
      return;
    }
    let outcome: StreamOutcome = first;
    let target = this.register(outcome, body, lane);
    if (parent) {
      this.pending.delete(parent.id);
      this.carry(target, parent.steers.splice(0), 'continuation');
    }
    let entryArrival = arrival;
    let entryUplink = uplink;
    for (;;) {
      await deliver(this.state, sink, entryArrival, outcome, entryUplink, target);
      const next = this.afterTerminal(target, sink, lane);
      if (!next) return;
      ({ outcome, target } = next);
      entryArrival = { requestNo: arrival.requestNo, bytes: 0, at: performance.now(), fault: undefined };
      entryUplink = 0;
    }
  }

  /** The connection closed: steers accepted and not committed died with it. */
  connectionClosed(): void {
    for (const target of this.targets.values()) {
      for (const steer of [...target.carried.splice(0), ...target.steers.splice(0)]) this.logSettled(target, steer, 'steer_lost', 'lost');
    }
    this.pending.clear();
  }

  private register(outcome: StreamOutcome, body: Record<string, unknown>, lane: LaneId): SteerTarget {
    const response = outcome.stream.response;
    const { settings } = this.state;
    // Steering is not for responses with automatic compaction or a conversation (protocol.md §11), nor for a warm-up.
    const refusal: SteerErrorCode | null = !isSteerableModel(response.model, settings.steerableModels)
      ? 'steering_not_supported'
      : body.context_management !== undefined || body.conversation !== undefined
        ? 'steering_not_supported'
        : body.generate === false
          ? 'response_not_active'
          : null;
    const target = new SteerTarget(response.id, lane, response.model, body, outcome.stream, refusal, settings.steerBoundary);
    this.targets.set(target.id, target);
    return target;
  }

  /** After a response's terminal event: what its accepted steers make happen. */
  private afterTerminal(target: SteerTarget, sink: EventSink, lane: LaneId): { outcome: StreamOutcome; target: SteerTarget } | null {
    const steers = target.steers;
    const done = <T>(value: T): T => {
      target.finish();
      return value;
    };
    if (!sink.isOpen()) {
      // The socket died first: what this response held or carried is lost (unless the close was seen already).
      for (const steer of [...target.carried.splice(0), ...steers.splice(0)]) this.logSettled(target, steer, 'steer_lost', 'lost');
      return done(null);
    }
    if (steers.length === 0) return done(null);
    if (target.terminalType === null || target.failed) return done(this.failSteers(target, `The response ${target.id} did not complete.`));
    if (steers.some((s) => s.fault === 'steer_drop')) {
      sink.drop();
      return done(null);
    }
    if (steers.some((s) => s.fault === 'steer_fail')) return done(this.failSteers(target, ''));
    const output = target.output;
    if (output.some(isClientCall)) {
      for (const steer of steers) this.send(sink, target.numbered(pendingEvent(steer.id, target.id, output)));
      this.pending.set(target.id, target);
      return done(null);
    }
    // The interrupting path: a successor with the parent's settings, on its lane, the steers its input.
    const taken = steers.splice(0);
    const hide = this.state.settings.steerSuccessorPrevious === 'null';
    const body = { ...target.body, previous_response_id: target.id, input: taken.flatMap((s) => s.messages) };
    const outcome = handleCreate(this.state, body, {
      transport: 'ws',
      cache: this.cache,
      fault: undefined,
      ...(this.state.settings.lanes && { lane }),
      hidePreviousResponseId: hide,
    });
    if (outcome.kind === 'error') {
      target.steers.push(...taken);
      return done(this.failSteers(target, outcome.error.error.message));
    }
    const successor = this.register(outcome, body, lane);
    successor.logFields = { kind: 'successor', successorOf: target.id };
    this.carry(successor, taken, 'successor');
    return done({ outcome, target: successor });
  }

  /** `target` applies these steers: its `response.created` commits them. */
  private carry(target: SteerTarget, steers: AcceptedSteer[], via: 'successor' | 'continuation'): void {
    target.carried = steers;
    target.logFields.steerIds = steers.map((s) => s.id);
    target.onCreated = () => this.commit(target.carried.splice(0), via, target.id);
  }

  private commit(steers: AcceptedSteer[], via: 'successor' | 'continuation', responseId: string): void {
    for (const steer of steers) {
      const target = this.targets.get(steer.targetId);
      recordSteer(this.state, {
        kind: 'steer_committed',
        no: steer.no,
        connectionId: this.connectionId,
        status: 'committed',
        targetId: steer.targetId,
        model: target?.model ?? null,
        lane: target?.lane ?? null,
        responseId,
        steer: { id: steer.id, texts: steer.texts, via },
      });
    }
  }

  /** Every accepted steer of `target` comes back (`steer.failed` with its id): the server will not apply it. */
  private failSteers(target: SteerTarget, detail: string): null {
    const sink = this.sinkFor(target.lane);
    for (const steer of target.steers.splice(0)) {
      if (sink.isOpen()) this.send(sink, target.numbered(failedEvent('successor_creation_failed', steer.sent, { steerId: steer.id, detail })));
      this.logSettled(target, steer, 'steer_failed', 'failed', 'successor_creation_failed');
    }
    return null;
  }

  private logSettled(target: SteerTarget, steer: AcceptedSteer, kind: 'steer_failed' | 'steer_lost', status: 'failed' | 'lost', code?: string): void {
    recordSteer(this.state, {
      kind,
      no: steer.no,
      connectionId: this.connectionId,
      status,
      targetId: steer.targetId,
      model: target.model,
      lane: target.lane,
      errorCode: code ?? null,
      fault: steer.fault ?? null,
      steer: { id: steer.id, texts: steer.texts },
    });
  }

  /**
   * A refusal: into the target's stream when it is still going at the steer's landing, else
   * sent after it (and what follows its end) went out, one network delay after the landing.
   */
  private emit(target: SteerTarget | undefined, landing: number, landingWall: number, event: SteerEvent): void {
    if (target && !target.endedBy(landing)) {
      target.insert(landing, event);
      return;
    }
    const sink = this.sinkFor(target?.lane ?? null);
    const after = target ? target.settled : Promise.resolve();
    void after
      .then(() => sleep(landingWall + this.state.profile.oneWayMs - performance.now()))
      .then(() => {
        if (sink.isOpen()) this.send(sink, target ? target.numbered(event) : event);
      });
  }

  private send(sink: EventSink, event: SteerEvent): void {
    sink.sendEvent(event.type, JSON.stringify(event));
  }
}
