// One simulated WebSocket connection. Requests run in lanes (protocol.md §9): each lane (a
// `stream_id`, or the implicit default lane) is first-in first-out, different lanes run
// concurrently up to a cap of responses in flight, and the cache keeps each lane's most recent
// response. Without lanes (or when a client never names one) that is the classic connection:
// one response at a time in arrival order, one cache slot. At its age limit it answers with
// `websocket_connection_limit_reached`, forgets its cache and then behaves as configured.
import type { RawData, WebSocket } from 'ws';
import { connectionLimitReached, invalidRequest, invalidStreamId, socketErrorEvent, streamLimitReached, type ApiError } from './apiErrors.js';
import { type Arrival, baseLogEntry, type EventSink, waitForUplink } from './delivery.js';
import { describeRequest, handleCreate, type EngineOutcome, type RequestFacts } from './responseEngine.js';
import { normaliseInput } from './conversation.js';
import type { SimulatorState } from './simulatorState.js';
import { ConnectionCache, type LaneId } from './stateStores.js';
import { SlotGate } from './slotGate.js';
import { SteeringDesk } from './steeringDesk.js';

/** Bytes of a frame as it was on the wire. */
function frameBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/** What a request asked for, even when it is refused before it is validated. */
function describeRequestSafely(body: Record<string, unknown>): RequestFacts {
  try {
    return describeRequest(body, normaliseInput(body.input));
  } catch {
    return describeRequest(body, null);
  }
}

const STREAM_ID = /^[A-Za-z0-9_.-]{1,256}$/;

/** Client events this server acts on; any other type is unspecified by the API (protocol.md §12). */
const KNOWN_CLIENT_EVENTS = new Set(['response.create', 'response.steer']);

/** A refused stream_id is logged when it can be shown (a non-empty string without control characters); the error never echoes it. */
const printableStreamId = (value: unknown): string | null => (typeof value === 'string' && value !== '' && !/\p{Cc}/u.test(value) ? value : null);

/** Adds the lane's `stream_id` to a serialised event (every event of a named lane carries it). */
function tagged(json: string, lane: LaneId): string {
  return lane === null ? json : `${json.slice(0, -1)},"stream_id":${JSON.stringify(lane)}}`;
}

type ParsedFrame = { ok: true; body: Record<string, unknown> } | { ok: false; error: ApiError };

function parseFrame(data: RawData, isBinary: boolean): ParsedFrame {
  try {
    if (isBinary) throw new Error('binary frames are not supported; send JSON text frames');
    const parsed: unknown = JSON.parse(frameText(data));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return { ok: true, body: parsed as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: invalidRequest(`Invalid message: ${(err as Error).message}.`, null, 'invalid_json') };
  }
}

export class SimSocketConnection {
  readonly cache = new ConnectionCache();
  readonly openedAt = performance.now();
  /** The tail of each lane's queue: a lane's next request starts after its previous one ended. */
  private readonly lanes = new Map<LaneId, Promise<void>>();
  /** Every named lane this connection has used (the limit counts distinct stream IDs). */
  private readonly namedLanes = new Set<string>();
  private readonly gate: SlotGate;
  /** `response.steer` (protocol.md §11): handled on arrival, beside the lane queues. */
  private readonly steering: SteeringDesk;
  private inFlight = 0;
  private silenced = false;
  private limitReported = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: SimulatorState,
    private readonly ws: WebSocket,
    readonly id: number,
  ) {
    this.gate = new SlotGate(Math.max(1, state.settings.laneMaxInFlight));
    this.steering = new SteeringDesk(state, this.cache, id, (lane) => this.sink(lane));
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    // The server answers pings itself (autoPong is off) so that `silent` can stop answering.
    ws.on('ping', (data) => {
      if (!this.silenced && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('close', () => {
      clearTimeout(this.idleTimer);
      this.steering.connectionClosed();
    });
    ws.on('error', () => undefined);
    if (state.settings.limitNotifyIdle) {
      this.idleTimer = setTimeout(() => this.onIdleLimit(), state.settings.limitMs);
      this.idleTimer.unref();
    }
  }

  get ageMs(): number {
    return performance.now() - this.openedAt;
  }

  /** The named lanes this connection has used so far. */
  get streamIds(): string[] {
    return [...this.namedLanes];
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const at = performance.now();
    const bytes = frameBytes(data);
    if (this.silenced) return;
    const frame = parseFrame(data, isBinary);
    // A steer acts on a response that is streaming: it cannot wait in a lane's queue.
    // A server from before steering (`steering: false`) knows no such event.
    if (frame.ok && frame.body.type === 'response.steer' && this.state.settings.steering) {
      this.steering.onSteer(frame.body, bytes, at);
      return;
    }
    if (frame.ok && (!KNOWN_CLIENT_EVENTS.has(frame.body.type as string) || frame.body.type === 'response.steer')) {
      this.onUnknownEvent(frame.body, bytes, at);
      return;
    }
    const lanesOn = this.state.settings.lanes;
    const streamId = frame.ok ? frame.body.stream_id : undefined;
    let lane: LaneId = null;
    // `stream_id: null` is taken as no stream_id: the default lane.
    if (lanesOn && streamId !== undefined && streamId !== null) {
      // A bad stream_id or one lane too many is refused at once: it belongs to no lane's queue.
      if (typeof streamId !== 'string' || !STREAM_ID.test(streamId)) {
        this.refuse(this.arrive(bytes, at), invalidStreamId(), null, printableStreamId(streamId));
        return;
      }
      if (!this.namedLanes.has(streamId)) {
        if (this.namedLanes.size >= this.state.settings.laneMaxStreams) {
          this.refuse(this.arrive(bytes, at), streamLimitReached(this.state.settings.laneMaxStreams), streamId, streamId);
          return;
        }
        this.namedLanes.add(streamId);
      }
      lane = streamId;
    }
    // Numbered when it starts, as a classic connection numbers its queue (refusals above: at once).
    const arrival: Arrival = { requestNo: 0, bytes, at, fault: undefined };
    // Each lane is FIFO; the gate caps the responses in flight across lanes (the rest wait, in order).
    const tail = this.lanes.get(lane) ?? Promise.resolve();
    const next = tail
      .then(async () => {
        await this.gate.acquire();
        try {
          await this.handleFrame(frame, lane, arrival);
        } finally {
          this.gate.release();
        }
      })
      .catch(() => undefined);
    this.lanes.set(lane, next);
  }

  /**
   * An event type the server does not know (Codex once sent an optional `response.processed`):
   * ignored and logged by default; with `unknownEvents: 'error'` answered at once with a 400.
   */
  private onUnknownEvent(body: Record<string, unknown>, bytes: number, at: number): void {
    const type = body.type;
    if (typeof type !== 'string') {
      this.refuse(this.arrive(bytes, at), invalidRequest("Missing required parameter: 'type'.", 'type', 'missing_required_parameter'), null, null);
      return;
    }
    if (this.state.settings.unknownEvents === 'error') {
      const supported = this.state.settings.steering ? "'response.create' and 'response.steer'" : "'response.create'";
      const error = invalidRequest(`Invalid event type '${type}'. Supported types are ${supported}.`, 'type', 'invalid_event_type');
      this.refuse(this.arrive(bytes, at), error, null, null);
      return;
    }
    const entry = baseLogEntry(this.state, this.sink(null), { requestNo: 0, bytes, at, fault: undefined }, null);
    entry.kind = 'event';
    entry.status = 'ignored';
    entry.eventType = type;
    entry.generate = false;
    this.state.log.record(entry);
  }

  /** A request refused on arrival, numbered then (faults count the numbers). */
  private arrive(bytes: number, at: number): Arrival {
    return { requestNo: this.state.nextRequestNo(), bytes, at, fault: undefined };
  }

  private async handleFrame(frame: ParsedFrame, lane: LaneId, arrival: Arrival): Promise<void> {
    if (this.silenced || this.ws.readyState !== this.ws.OPEN) return;
    arrival.requestNo = this.state.nextRequestNo();
    if (!frame.ok) return this.refuse(arrival, frame.error, null, null);
    const body = frame.body;
    if (body.type !== 'response.create') {
      return this.refuse(
        arrival,
        invalidRequest(`Invalid event type '${String(body.type)}'. Only 'response.create' is supported.`, 'type', 'invalid_event_type'),
        lane,
        lane,
      );
    }
    const laneOfRequest = lane === null ? undefined : { streamId: lane, laneRequestNo: this.state.nextLaneRequestNo(lane) };
    arrival.fault = this.state.faults.forRequest(arrival.requestNo, this.state.elapsed(), laneOfRequest);

    if (this.limitReported || this.ageMs >= this.state.settings.limitMs || arrival.fault?.kind === 'limit') {
      return this.reportLimit(arrival, body);
    }

    this.inFlight++;
    try {
      const uplink = await waitForUplink(this.state, arrival);
      const continuation = this.steering.continuationOf(body, lane);
      const outcome = handleCreate(this.state, body, {
        transport: 'ws',
        cache: this.cache,
        fault: arrival.fault,
        ...(this.state.settings.lanes && { lane }),
        prependInput: continuation.prependInput,
      });
      await this.steering.deliverCreate(this.sink(lane), arrival, outcome, uplink, body, lane, continuation);
    } finally {
      this.inFlight--;
    }
  }

  /** A request refused before it ran; `tag` is the stream_id the error event carries, `logged` the one logged. */
  private refuse(arrival: Arrival, error: ApiError, tag: string | null, logged: string | null): void {
    const entry = baseLogEntry(this.state, this.sink(null), arrival, null);
    entry.streamId = logged;
    entry.bytesDown = this.sendJson(socketErrorEvent(error, this.state.settings.errorStatusField), tag);
    entry.httpStatus = error.status;
    entry.errorCode = error.error.code;
    entry.timings.doneMs = Math.round(performance.now() - arrival.at);
    this.state.log.record(entry);
  }

  private reportLimit(arrival: Arrival, body: Record<string, unknown> | null): void {
    const entry = baseLogEntry(this.state, this.sink(null), arrival, body ? describeRequestSafely(body) : null);
    entry.bytesDown = this.sendLimitError();
    entry.httpStatus = 400;
    entry.errorCode = 'websocket_connection_limit_reached';
    entry.timings.doneMs = Math.round(performance.now() - arrival.at);
    this.state.log.record(entry);
    this.afterLimit();
  }

  /** The connection limit is connection-level: its error carries no stream_id. */
  private sendLimitError(): number {
    this.limitReported = true;
    this.cache.clear();
    return this.sendJson(socketErrorEvent(connectionLimitReached(), this.state.settings.errorStatusField), null);
  }

  private afterLimit(): void {
    const { limitClose, limitCloseCode } = this.state.settings;
    if (limitClose === 'close') this.ws.close(limitCloseCode, 'websocket connection limit reached');
    else if (limitClose === 'drop') this.ws.terminate();
  }

  private onIdleLimit(): void {
    if (this.inFlight > 0 || this.limitReported || this.ws.readyState !== this.ws.OPEN) return;
    this.sendLimitError();
    this.afterLimit();
  }

  private sendJson(value: object, lane: LaneId): number {
    const json = JSON.stringify(lane === null ? value : { ...value, stream_id: lane });
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(json);
    return Buffer.byteLength(json);
  }

  /** How one lane's responses go on the wire: named lanes' events and errors carry the stream_id. */
  private sink(lane: LaneId): EventSink {
    const ws = this.ws;
    return {
      transport: 'ws',
      connectionId: this.id,
      deflate: ws.extensions.includes('permessage-deflate'),
      isOpen: () => ws.readyState === ws.OPEN && !this.silenced,
      sendEvent: (_type, json) => {
        const out = tagged(json, lane);
        ws.send(out);
        return Buffer.byteLength(out);
      },
      sendError: (outcome: Extract<EngineOutcome, { kind: 'error' }>) =>
        this.sendJson(socketErrorEvent(outcome.error, this.state.settings.errorStatusField), lane),
      // Transport faults strike the connection, so every lane.
      drop: () => ws.terminate(),
      close1011: () => ws.close(1011, 'internal error'),
      silence: () => {
        // From now on nothing is sent: no events, no pongs, no answers to further requests, as
        // with a dead peer. The socket still reads, so it notices when the client gives up.
        this.silenced = true;
      },
      sendMalformed: () => {
        const junk = '{"type":"response.output_text.delta","delta":';
        ws.send(junk);
        return junk.length;
      },
      sendBinary: () => {
        const bytes = Buffer.from([0x00, 0xff, 0x13, 0x37]);
        ws.send(bytes, { binary: true });
        return bytes.length;
      },
      finish: () => undefined,
      whenClosed: () => (ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise((resolve) => ws.once('close', () => resolve()))),
    };
  }
}
