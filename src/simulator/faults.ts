// Fault injection: the bad things the real service and the network do, scheduled by request
// number, connection number or time, so every recovery path can be tested at its worst moment.

export const REQUEST_FAULTS = [
  'limit', // websocket_connection_limit_reached, as if the 60 minutes were up
  'drop', // abrupt TCP drop (no close frame)
  'close_1011', // close frame 1011 (internal error)
  'silent', // stop sending and stop answering pings; the socket stays open
  'prev_not_found', // previous_response_not_found, whatever the cache holds
  'failed', // response.failed (server_error) after response.in_progress
  'stream_error', // a streaming `error` event mid-stream, then response.failed
  'rate_limit', // 429 rate_limit_exceeded with retry-after
  'server_error', // 500 server_error before the stream
  'malformed_frame', // a text frame that is not JSON, mid-stream (the stream then goes on)
  'binary_frame', // a binary frame mid-stream (the stream then goes on)
  'stall', // the request is accepted, then nothing more but pongs (at=start|created|mid)
  'unknown_event', // one event of a type no client knows, then nothing more but pongs
] as const;

export const CONNECTION_FAULTS = [
  'upgrade_426', // 426 Upgrade Required: no WebSocket mode on this endpoint
  'upgrade_404', // 404 from a proxy
  'upgrade_405',
  'upgrade_403',
  'accept_close', // the upgrade succeeds, then the server closes at once (1011)
] as const;

/** Faults of a steer (protocol.md §11), counted by steer number: every `response.steer` received, from 1. */
export const STEER_FAULTS = [
  'steer_drop', // the socket dies after the steer was accepted, before its successor (or continuation) commits it
  'steer_fail', // after acceptance: response.steer.failed WITH steer.id (successor_creation_failed), no successor
] as const;

export type RequestFaultKind = (typeof REQUEST_FAULTS)[number];
export type ConnectionFaultKind = (typeof CONNECTION_FAULTS)[number];
export type SteerFaultKind = (typeof STEER_FAULTS)[number];
export type FaultKind = RequestFaultKind | ConnectionFaultKind | SteerFaultKind;

export interface FaultSpec {
  kind: FaultKind;
  /**
   * 1-based number of the request (response.create, POST /v1/responses or /v1/responses/compact)
   * it strikes; for a steer fault, the number of the `response.steer`.
   */
  request?: number;
  /** 1-based number of the WebSocket upgrade attempt it strikes. */
  connection?: number;
  /** Strikes the first request (or upgrade) that arrives at least this many ms after start. */
  afterMs?: number;
  /**
   * `start`: before any event; `created`: right after `response.created`; `mid`: after the first
   * output item is done (default). `steer_drop` takes only `accepted`: right after the steer's
   * `response.steer.accepted` went out (default: after the target's terminal event).
   */
  at?: 'start' | 'created' | 'mid' | 'accepted';
  /** How many times it strikes (default 1; consecutive matching requests). */
  times?: number;
  /** For rate_limit: seconds to wait (default 1). */
  retryAfterS?: number;
  /**
   * Strikes only requests of this lane (`stream_id`); `request` and `times` then count that
   * lane's requests (1 = its first), across all connections.
   */
  lane?: string;
}

/** Which lane a request is on, and how many requests that lane has had (this one included). */
export interface LaneOfRequest {
  streamId: string | null;
  laneRequestNo: number;
}

export class FaultSpecError extends Error {}

const isConnectionFault = (k: string): k is ConnectionFaultKind => (CONNECTION_FAULTS as readonly string[]).includes(k);
export const isSteerFault = (k: string): k is SteerFaultKind => (STEER_FAULTS as readonly string[]).includes(k);
const isRequestFault = (k: string): boolean => !isConnectionFault(k) && !isSteerFault(k);
const isKnownFault = (k: string): k is FaultKind => isConnectionFault(k) || isSteerFault(k) || (REQUEST_FAULTS as readonly string[]).includes(k);

/**
 * Parses a fault spec: `KIND[@WHEN][,at=start|mid][,times=N][,retry_after=S][,lane=STREAM_ID]` where WHEN is
 * `N` or `req:N` (request number), `conn:N` (upgrade attempt) or `+MS` (time since start).
 * With `lane=`, N counts that lane's requests only (`failed@2,lane=review-1`: its second).
 * Without WHEN, a request fault strikes the first request and a connection fault the first upgrade.
 * A steer fault (`steer_drop`, `steer_fail`) counts steers instead of requests: `steer_fail@2` is the
 * second `response.steer` received (the fault acts only if that steer is accepted).
 * Examples: `drop@3`, `close_1011@req:5,at=start`, `upgrade_426@conn:1`, `limit@+5000`.
 */
export function parseFault(spec: string): FaultSpec {
  const [head = '', ...options] = spec.trim().split(',');
  const [kind = '', when] = head.split('@');
  if (!isKnownFault(kind)) {
    throw new FaultSpecError(`unknown fault "${kind}" (known: ${[...REQUEST_FAULTS, ...CONNECTION_FAULTS, ...STEER_FAULTS].join(', ')})`);
  }
  const fault: FaultSpec = { kind };
  const badWhen = (): never => {
    throw new FaultSpecError(`fault "${spec}": "@${when}" must be N, req:N, conn:N or +MS`);
  };
  if (when !== undefined) {
    const num = (s: string): number => (/^\d+$/.test(s) ? Number(s) : badWhen());
    if (when.startsWith('+')) fault.afterMs = num(when.slice(1));
    else if (when.startsWith('conn:')) fault.connection = num(when.slice(5));
    else if (when.startsWith('req:')) fault.request = num(when.slice(4));
    else fault.request = num(when);
  } else if (isConnectionFault(kind)) fault.connection = 1;
  else fault.request = 1;
  if (isConnectionFault(kind) && fault.request !== undefined) {
    throw new FaultSpecError(`fault "${spec}": an upgrade fault is scheduled by conn:N or +MS, not by request`);
  }
  for (const opt of options) {
    const [key = '', value = ''] = opt.split('=');
    if (key === 'at' && (value === 'start' || value === 'created' || value === 'mid') && !isSteerFault(kind)) fault.at = value;
    else if (key === 'at' && value === 'accepted' && kind === 'steer_drop') fault.at = value;
    else if (key === 'times' && /^\d+$/.test(value) && Number(value) > 0) fault.times = Number(value);
    else if (key === 'retry_after' && Number(value) >= 0) fault.retryAfterS = Number(value);
    else if (key === 'lane' && /^[A-Za-z0-9_.-]{1,256}$/.test(value)) fault.lane = value;
    else
      throw new FaultSpecError(`fault "${spec}": bad option "${opt}" (at=start|created|mid, steer_drop: at=accepted, times=N, retry_after=S, lane=STREAM_ID)`);
  }
  if (fault.lane !== undefined && isConnectionFault(kind)) throw new FaultSpecError(`fault "${spec}": an upgrade fault cannot target a lane`);
  return fault;
}

/** Decides which scheduled fault, if any, strikes a given request or upgrade. */
export class FaultSchedule {
  private readonly pending: Array<FaultSpec & { remaining: number }>;

  constructor(faults: FaultSpec[]) {
    this.pending = faults.map((f) => ({ ...f, remaining: f.times ?? 1 }));
  }

  add(fault: FaultSpec): void {
    this.pending.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** A lane-targeted fault strikes only a request of its lane, counted by that lane's number. */
  forRequest(requestNo: number, elapsedMs: number, lane?: LaneOfRequest): FaultSpec | undefined {
    const onLane = (f: FaultSpec): boolean => f.lane === undefined || f.lane === lane?.streamId;
    const untargeted = this.take(
      (f) => isRequestFault(f.kind) && f.lane === undefined,
      (f) => f.request,
      requestNo,
      elapsedMs,
    );
    if (untargeted || !lane?.streamId) return untargeted;
    return this.take(
      (f) => isRequestFault(f.kind) && f.lane !== undefined && onLane(f),
      (f) => f.request,
      lane.laneRequestNo,
      elapsedMs,
    );
  }

  /**
   * The steer fault that strikes a steer: `steerNo` counts every `response.steer` received; with
   * `lane=`, only steers whose target runs on that lane, counted by that lane's steer number.
   */
  forSteer(steerNo: number, elapsedMs: number, lane?: LaneOfRequest): FaultSpec | undefined {
    const untargeted = this.take(
      (f) => isSteerFault(f.kind) && f.lane === undefined,
      (f) => f.request,
      steerNo,
      elapsedMs,
    );
    if (untargeted || !lane?.streamId) return untargeted;
    return this.take(
      (f) => isSteerFault(f.kind) && f.lane === lane.streamId,
      (f) => f.request,
      lane.laneRequestNo,
      elapsedMs,
    );
  }

  forUpgrade(connectionNo: number, elapsedMs: number): FaultSpec | undefined {
    return this.take(
      (f) => isConnectionFault(f.kind),
      (f) => f.connection,
      connectionNo,
      elapsedMs,
    );
  }

  private take(applies: (f: FaultSpec) => boolean, numberOf: (f: FaultSpec) => number | undefined, n: number, elapsed: number): FaultSpec | undefined {
    for (const f of this.pending) {
      if (f.remaining <= 0 || !applies(f)) continue;
      const at = numberOf(f);
      // `times` extends a numbered fault over the following requests.
      const hit = at !== undefined ? n >= at && n < at + (f.times ?? 1) : f.afterMs !== undefined && elapsed >= f.afterMs;
      if (hit) {
        f.remaining--;
        return f;
      }
    }
    return undefined;
  }
}
