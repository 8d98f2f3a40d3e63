// One simulated WebSocket connection: requests run one at a time in arrival order, the
// connection caches only its most recent response, and at its age limit it answers with
// `websocket_connection_limit_reached`, forgets its cache and then behaves as configured.
import type { RawData, WebSocket } from 'ws';
import { connectionLimitReached, invalidRequest, socketErrorEvent, type ApiError } from './apiErrors.js';
import { type Arrival, baseLogEntry, deliver, type EventSink, waitForUplink } from './delivery.js';
import { describeRequest, handleCreate, type EngineOutcome, type RequestFacts } from './responseEngine.js';
import { normaliseInput } from './conversation.js';
import type { SimulatorState } from './simulatorState.js';
import { ConnectionCache } from './stateStores.js';

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

export class SimSocketConnection {
  readonly cache = new ConnectionCache();
  readonly openedAt = performance.now();
  private queue: Promise<void> = Promise.resolve();
  private busy = false;
  private silenced = false;
  private limitReported = false;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: SimulatorState,
    private readonly ws: WebSocket,
    readonly id: number,
  ) {
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    // The server answers pings itself (autoPong is off) so that `silent` can stop answering.
    ws.on('ping', (data) => {
      if (!this.silenced && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('close', () => clearTimeout(this.idleTimer));
    ws.on('error', () => undefined);
    if (state.settings.limitNotifyIdle) {
      this.idleTimer = setTimeout(() => this.onIdleLimit(), state.settings.limitMs);
      this.idleTimer.unref();
    }
  }

  get ageMs(): number {
    return performance.now() - this.openedAt;
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    const at = performance.now();
    const bytes = frameBytes(data);
    if (this.silenced) return;
    // Frames are queued in arrival order; only one response runs at a time.
    this.queue = this.queue.then(() => this.handleFrame(data, isBinary, bytes, at)).catch(() => undefined);
  }

  private async handleFrame(data: RawData, isBinary: boolean, bytes: number, at: number): Promise<void> {
    if (this.silenced || this.ws.readyState !== this.ws.OPEN) return;
    const requestNo = this.state.nextRequestNo();
    const arrival: Arrival = { requestNo, bytes, at, fault: undefined };
    let body: Record<string, unknown>;
    try {
      if (isBinary) throw new Error('binary frames are not supported; send JSON text frames');
      const parsed: unknown = JSON.parse(frameText(data));
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
      body = parsed as Record<string, unknown>;
    } catch (err) {
      return this.refuse(arrival, invalidRequest(`Invalid message: ${(err as Error).message}.`, null, 'invalid_json'));
    }
    if (body.type !== 'response.create') {
      return this.refuse(arrival, invalidRequest(`Invalid event type '${String(body.type)}'. Only 'response.create' is supported.`, 'type', 'invalid_event_type'));
    }
    arrival.fault = this.state.faults.forRequest(requestNo, this.state.elapsed());

    if (this.limitReported || this.ageMs >= this.state.settings.limitMs || arrival.fault?.kind === 'limit') {
      return this.reportLimit(arrival, body);
    }

    this.busy = true;
    try {
      const uplink = await waitForUplink(this.state, arrival);
      const outcome = handleCreate(this.state, body, { cache: this.cache, fault: arrival.fault });
      await deliver(this.state, this.sink(), arrival, outcome, uplink);
    } finally {
      this.busy = false;
    }
  }

  private refuse(arrival: Arrival, error: ApiError): void {
    const entry = baseLogEntry(this.state, this.sink(), arrival, null);
    entry.bytesDown = this.sendJson(socketErrorEvent(error, this.state.settings.errorStatusField));
    entry.httpStatus = error.status;
    entry.errorCode = error.error.code;
    entry.timings.doneMs = Math.round(performance.now() - arrival.at);
    this.state.log.record(entry);
  }

  private reportLimit(arrival: Arrival, body: Record<string, unknown> | null): void {
    const entry = baseLogEntry(this.state, this.sink(), arrival, body ? describeRequestSafely(body) : null);
    entry.bytesDown = this.sendLimitError();
    entry.httpStatus = 400;
    entry.errorCode = 'websocket_connection_limit_reached';
    entry.timings.doneMs = Math.round(performance.now() - arrival.at);
    this.state.log.record(entry);
    this.afterLimit();
  }

  private sendLimitError(): number {
    this.limitReported = true;
    this.cache.clear();
    return this.sendJson(socketErrorEvent(connectionLimitReached(), this.state.settings.errorStatusField));
  }

  private afterLimit(): void {
    const { limitClose, limitCloseCode } = this.state.settings;
    if (limitClose === 'close') this.ws.close(limitCloseCode, 'websocket connection limit reached');
    else if (limitClose === 'drop') this.ws.terminate();
  }

  private onIdleLimit(): void {
    if (this.busy || this.limitReported || this.ws.readyState !== this.ws.OPEN) return;
    this.sendLimitError();
    this.afterLimit();
  }

  private sendJson(value: unknown): number {
    const json = JSON.stringify(value);
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(json);
    return Buffer.byteLength(json);
  }

  private sink(): EventSink {
    const ws = this.ws;
    return {
      transport: 'ws',
      connectionId: this.id,
      isOpen: () => ws.readyState === ws.OPEN && !this.silenced,
      sendEvent: (_type, json) => {
        ws.send(json);
        return Buffer.byteLength(json);
      },
      sendError: (outcome: Extract<EngineOutcome, { kind: 'error' }>) =>
        this.sendJson(socketErrorEvent(outcome.error, this.state.settings.errorStatusField)),
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
