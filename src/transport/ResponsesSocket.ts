/**
 * The Responses API in WebSocket mode, on `ws`: one long-lived connection, one response in flight,
 * every event measured as it arrives.
 *
 * Lanes (protocol.md §9). A request whose body carries `stream_id` runs on that named lane; one
 * without runs on the default lane. Requests of one lane go out one at a time, in call order;
 * requests of different lanes are in flight together, and events are routed by their `stream_id`
 * (default-lane events carry none). An error event naming a lane fails only that lane's request; an
 * error without `stream_id` while named lanes are in flight is a connection-level error, and like a
 * close, a drop, a dead heartbeat or a stall it ends the connection and fails every lane's request.
 * Whether the server serves lanes is learnt from the first named request (it goes out alone; its
 * events either carry its `stream_id` or they do not); a server that rejects `stream_id` is
 * remembered for the life of this object (`lanes` = 'unsupported'), and every named request after
 * that fails at once with the same api_error (requestSent: false), so the session can give each
 * sub-agent its own socket instead.
 *
 * Steering (protocol.md §11). steer() writes a `response.steer` frame on the open connection;
 * `response.steer.*` events never enter a response's stream: they go to the connection listeners
 * with their lane (`steer` notices), for the session's steering owner. A request whose caller asked
 * (StreamOptions.continueAfter) keeps its lane after a terminal event while a steered successor is
 * due, and is asked again after each steer event of its lane; the successor's events follow in the
 * same stream. Which steer goes where, and what it became, is the session's business.
 *
 * Lifecycle. stream() opens a connection when none is open. A connection ends when the server
 * closes or drops it, when the heartbeat declares it dead, when a frame is not protocol, when the
 * caller abandons the in-flight response (there is no cancel event, so abandoning means closing),
 * or on close(). When it ends, the in-flight request fails with the cause (requestSent: true) and
 * every request still waiting for it fails too (requestSent: false): their bodies were planned for
 * that connection (its cache held their previous_response_id), so only the session can re-plan
 * them. The next stream() opens a new connection; ConnectionInfo.id and timings.connectionId tell
 * the session that it is a new one. A response that stops coming while the socket stays alive
 * (see StallWatch) ends the connection too, as `stalled`. Nothing here decides what to send or
 * retries anything.
 */
import WebSocket, { type RawData } from 'ws';
import type { IncomingMessage } from 'node:http';
import { classifyError, isSocketRequestError, isTerminalEvent, parseServerFrame, type ServerEvent } from '../protocol/index.js';
import { abortedError, raceAbort } from './aborting.js';
import { Heartbeat } from './Heartbeat.js';
import { ResponseStreamController } from './ResponseStreamController.js';
import { resolveStreamTimeouts, type StreamTimeouts } from './StallWatch.js';
import { TransportError, type TransportFailure } from './TransportError.js';
import type {
  ConnectionInfo,
  ConnectionNotice,
  ConnectionState,
  EndpointOptions,
  ResponseCreateBody,
  ResponsesTransport,
  ResponseStream,
  SteerBody,
  StreamOptions,
} from './types.js';
import { extraHeaders, keyHeader } from './endpoint.js';
import { connectCause, describeErrorBody, hostPort, isUnreachable } from './failureText.js';
import { websocketUrl } from './websocketUrl.js';

export const RESPONSES_WEBSOCKET_BETA = 'responses_websockets=2026-02-06';

export interface ResponsesSocketOptions extends EndpointOptions, StreamTimeouts {
  /** The socket URL; by default derived from `baseUrl` (see websocketUrl). */
  url?: string;
  /** `OpenAI-Beta` header value, or false to leave it out. Default: RESPONSES_WEBSOCKET_BETA. */
  betaHeader?: string | false;
  /** Upper bound on the TCP + TLS + upgrade handshake. Default 10 s. */
  connectTimeoutMs?: number;
  /** Silence (no frame, no pong) after which the connection is declared dead. Default 15 s. */
  deadAfterMs?: number;
  /** Offer permessage-deflate (used only if the server accepts). Default true. */
  perMessageDeflate?: boolean;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_DEAD_AFTER_MS = 15_000;
/** How long a polite close may take before the socket is cut. */
const CLOSE_GRACE_MS = 1_000;
/** A refusal body is only read for its error message; never let a proxy page fill memory. */
const MAX_REFUSAL_BODY_BYTES = 16 * 1024;
/** WebSocket close codes we send. */
const CLOSE_NORMAL = 1000;
const CLOSE_PROTOCOL_ERROR = 1002;
/** What `ws` reports when the TCP connection ended without a close frame. */
const CLOSE_ABNORMAL = 1006;

interface Connection {
  readonly id: number;
  readonly ws: WebSocket;
  readonly openedAt: number;
  readonly heartbeat: Heartbeat;
  /** Resolves on the socket's `close` event. */
  readonly closed: Promise<void>;
  ended: boolean;
  /** Malformed text frames skipped on this connection so far (see MAX_SKIPPED_FRAMES). */
  skippedFrames: number;
}

interface PendingRequest {
  readonly frame: string;
  /** The `stream_id` the body named; '' for the default lane. */
  readonly lane: string;
  readonly controller: ResponseStreamController;
  /**
   * Abandoned by its caller while other lanes were in flight: closing the socket would kill them
   * too, so its events are read and dropped until its response ends, and only then is its lane free.
   */
  draining?: boolean;
}

/** Malformed text frames skipped on one connection before it is treated as broken. */
export const MAX_SKIPPED_FRAMES = 10;

/** Whether the server serves `stream_id` lanes: not known until the first named request is answered. */
export type LaneSupport = 'unknown' | 'supported' | 'unsupported';

/** The server's own ceiling on responses in flight per connection; more would only queue there. */
const MAX_IN_FLIGHT = 16;

interface EndOptions {
  /** What requests still waiting are told, when it differs from the cause (an abort concerns only the request in flight). */
  waitingFailure?: TransportFailure;
  /** The owner asked for it (close()): the state notice carries no error. */
  expected?: boolean;
}

/** How to treat the socket when a connection ends. */
type Teardown = { how: 'none' } | { how: 'terminate' } | { how: 'close'; code: number; reason: string };

export class ResponsesSocket implements ResponsesTransport {
  readonly kind = 'ws' as const;
  readonly url: string;
  /** `host:port`, for messages (never the URL's query: it may hold a secret). */
  private readonly where: string;
  private readonly headers: Record<string, string>;
  private readonly connectTimeoutMs: number;
  private readonly deadAfterMs: number;
  private readonly perMessageDeflate: boolean;
  private readonly streamTimeouts: Required<StreamTimeouts>;

  private state: ConnectionState = 'closed';
  private connectionCount = 0;
  private current: Connection | undefined;
  private opening: { promise: Promise<Connection>; cancel: () => void } | undefined;
  /** Requests not sent yet, every lane, in call order. */
  private readonly waiting: PendingRequest[] = [];
  /** The request in flight on each lane ('' = the default lane). */
  private readonly active = new Map<string, PendingRequest>();
  private laneSupport: LaneSupport = 'unknown';
  /** Why the server refused `stream_id` (failed again for every later named request). */
  private laneRefusal: TransportError | undefined;
  private readonly listeners = new Set<(notice: ConnectionNotice) => void>();

  constructor(options: ResponsesSocketOptions) {
    this.url = options.url ?? websocketUrl(options.baseUrl, options.query);
    this.where = hostPort(this.url);
    this.headers = upgradeHeaders(options);
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.deadAfterMs = options.deadAfterMs ?? DEFAULT_DEAD_AFTER_MS;
    this.perMessageDeflate = options.perMessageDeflate ?? true;
    this.streamTimeouts = resolveStreamTimeouts(options);
  }

  get connection(): ConnectionInfo {
    const openedAt = this.current?.openedAt ?? null;
    return {
      transport: 'ws',
      state: this.state,
      id: this.connectionCount,
      openedAt,
      ageMs: openedAt === null ? null : performance.now() - openedAt,
    };
  }

  /** Whether the server serves lanes (remembered across reconnects: it is the same server). */
  get lanes(): LaneSupport {
    return this.laneSupport;
  }

  /** Requests in flight now, on every lane. */
  get inFlight(): number {
    return this.active.size;
  }

  onConnection(listener: (notice: ConnectionNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.ensureOpen(signal);
  }

  /** Throws (synchronously) only if `request` cannot be serialised to JSON: a programming error. */
  stream(request: ResponseCreateBody, options: StreamOptions = {}): ResponseStream {
    // Serialise now: the request is what the caller passed at this moment, even if it waits.
    const frame = JSON.stringify({ type: 'response.create', ...request });
    const streamId = (request as { stream_id?: unknown }).stream_id;
    const lane = typeof streamId === 'string' ? streamId : '';
    const controller = new ResponseStreamController('ws', { timeouts: this.streamTimeouts, abandon: (error) => this.abandonStalled(pending, error) });
    controller.timings.streamId = lane === '' ? null : lane;
    if (options.continueAfter) controller.followSuccessors(options.continueAfter);
    const pending: PendingRequest = { frame, lane, controller };
    const { signal } = options;
    if (signal?.aborted) {
      controller.fail(abortedError('ws', 'Request aborted before it was sent', false, null, signal.reason));
      return controller.stream;
    }
    if (signal) {
      const onAbort = (): void => this.abandon(pending, signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      const forget = (): void => signal.removeEventListener('abort', onAbort);
      controller.stream.done.then(forget, forget);
    }
    this.waiting.push(pending);
    this.pump();
    return controller.stream;
  }

  /**
   * Writes a `response.steer` frame (protocol.md §11) on the open connection: exactly `type`,
   * `previous_response_id` and `input` (the target decides the lane). Returns the connection id it
   * went out on, or null when no connection is open (nothing was sent). Its answers arrive as
   * `steer` notices.
   */
  steer(body: SteerBody): number | null {
    const conn = this.current;
    if (!conn || conn.ws.readyState !== WebSocket.OPEN) return null;
    const frame = JSON.stringify({ type: 'response.steer', previous_response_id: body.previous_response_id, input: body.input });
    conn.ws.send(frame, (error) => {
      if (error) this.endConnection(conn, closedError(conn.id, CLOSE_ABNORMAL, `send failed: ${error.message}`, error), { how: 'terminate' });
    });
    return conn.id;
  }

  async close(): Promise<void> {
    this.opening?.cancel();
    const conn = this.current;
    if (!conn) {
      this.failWaiting(abortedError('ws', 'Transport closed', false, null));
      return;
    }
    this.endConnection(
      conn,
      abortedError('ws', 'Transport closed', true, conn.id),
      { how: 'close', code: CLOSE_NORMAL, reason: 'client closing' },
      { expected: true },
    );
    await conn.closed;
  }

  // ── Requests ────────────────────────────────────────────────────────────────────────────────

  /**
   * Sends every waiting request that may go now (its lane idle, fewer than MAX_IN_FLIGHT out, and
   * while lane support is unknown, a named request only alone), opening a connection if needed.
   */
  private pump(): void {
    if (this.waiting.length === 0) return;
    if (this.laneSupport === 'unsupported') this.refuseNamedWaiting();
    const conn = this.current;
    if (!conn) {
      if (this.waiting.length === 0) return;
      this.ensureOpen().then(
        () => this.pump(),
        (error: unknown) => this.failWaiting(error as TransportError),
      );
      return;
    }
    if (conn.ws.readyState !== WebSocket.OPEN) {
      // The server is closing it; its `close` event will end the connection and fail the waiters.
      return;
    }
    // A lane whose earlier request is held keeps its later ones behind it (FIFO per lane).
    const held = new Set<string>();
    for (const request of [...this.waiting]) {
      if (this.active.size >= MAX_IN_FLIGHT) break;
      if (held.has(request.lane) || this.active.has(request.lane) || !this.maySendNow(request)) {
        held.add(request.lane);
        continue;
      }
      this.waiting.splice(this.waiting.indexOf(request), 1);
      this.send(conn, request);
    }
  }

  /** Until the server has shown it serves lanes, a named request goes out only with nothing else in flight, and nothing joins it. */
  private maySendNow(request: PendingRequest): boolean {
    if (this.laneSupport === 'supported') return true;
    if (this.probe() !== undefined) return false;
    return request.lane === '' || this.active.size === 0;
  }

  /** The named request in flight while lane support is still unknown. */
  private probe(): PendingRequest | undefined {
    if (this.laneSupport !== 'unknown') return undefined;
    for (const request of this.active.values()) if (request.lane !== '') return request;
    return undefined;
  }

  private send(conn: Connection, request: PendingRequest): void {
    this.active.set(request.lane, request);
    conn.ws.send(request.frame, (error) => {
      if (error) this.endConnection(conn, closedError(conn.id, CLOSE_ABNORMAL, `send failed: ${error.message}`, error), { how: 'terminate' });
    });
    request.controller.markSent(Buffer.byteLength(request.frame), conn.id);
    request.controller.timings.attempts = 1;
  }

  /** The server refused `stream_id`: every named request still waiting fails the same way, unsent. */
  private refuseNamedWaiting(): void {
    const refusal = this.laneRefusal;
    if (!refusal) return;
    for (const request of [...this.waiting]) {
      if (request.lane === '') continue;
      this.waiting.splice(this.waiting.indexOf(request), 1);
      request.controller.fail(refusal.forUnsentRequest());
    }
  }

  /** The caller's signal fired: drop a waiting request, or close the socket under an in-flight one. */
  private abandon(request: PendingRequest, reason: unknown): void {
    if (request.controller.settled) return;
    const index = this.waiting.indexOf(request);
    if (index >= 0) {
      this.waiting.splice(index, 1);
      request.controller.fail(abortedError('ws', 'Request aborted before it was sent', false, null, reason));
      return;
    }
    const conn = this.current;
    if (this.active.get(request.lane) !== request || !conn) return;
    if (this.active.size > 1) {
      // Other lanes are running: let this response run out unread rather than close the socket under them.
      request.draining = true;
      request.controller.fail(abortedError('ws', 'Request aborted; its response is read and dropped', true, conn.id, reason));
      return;
    }
    // No cancel event exists: the only way to stop the server is to close the connection.
    this.endConnection(
      conn,
      abortedError('ws', 'Request aborted; the connection was closed to abandon the response', true, conn.id, reason),
      { how: 'close', code: CLOSE_NORMAL, reason: 'response abandoned' },
      { waitingFailure: { kind: 'closed', code: CLOSE_NORMAL, reason: 'closed to abandon the response in flight' } },
    );
  }

  /** The response in flight stopped coming: close the connection under it (there is no cancel event). */
  private abandonStalled(request: PendingRequest, error: TransportError): void {
    const conn = this.current;
    if (this.active.get(request.lane) !== request || !conn) return;
    this.endConnection(conn, error, { how: 'close', code: CLOSE_NORMAL, reason: 'response stalled' });
  }

  private failWaiting(error: TransportError): void {
    for (const request of this.waiting.splice(0)) request.controller.fail(error.requestSent ? error.forUnsentRequest() : error);
  }

  // ── Frames ──────────────────────────────────────────────────────────────────────────────────

  private onFrame(conn: Connection, data: RawData, isBinary: boolean): void {
    // Frames still arriving after we gave up on a connection belong to nobody.
    if (conn.ended) return;
    const parsed = parseServerFrame(data, isBinary);
    if (!parsed.ok) {
      this.active.values().next().value?.controller.countBytes(frameBytes(data));
      // One garbled text frame in a healthy stream is skipped, with a notice: dropping the
      // connection would cost a full replay of the context. A binary frame, or garbage that keeps
      // coming, means the peer cannot be trusted to delimit responses any more.
      if (!isBinary && conn.skippedFrames < MAX_SKIPPED_FRAMES) {
        conn.skippedFrames++;
        this.emit({ type: 'skipped_frame', transport: 'ws', connectionId: conn.id, error: parsed.error });
        return;
      }
      const error = new TransportError({ kind: 'protocol', error: parsed.error }, `Protocol error: ${parsed.error.message}`, {
        transport: 'ws',
        requestSent: this.active.size > 0,
        connectionId: conn.id,
        cause: parsed.error,
      });
      this.endConnection(conn, error, { how: 'close', code: CLOSE_PROTOCOL_ERROR, reason: 'protocol error' });
      return;
    }
    const event = parsed.event;
    if (event.type.startsWith('response.steer.')) {
      this.routeSteer(conn, event);
      return;
    }
    const request = this.route(conn, event);
    if (!request) {
      if (!conn.ended) this.emit({ type: 'unsolicited', connectionId: conn.id, event });
      return;
    }
    if (request.draining) {
      if (isTerminalEvent(event) || isSocketRequestError(event)) this.finish(request);
      return;
    }
    if (request.controller.receive(event, frameBytes(data)) === 'ended') this.finish(request);
  }

  /**
   * A steer event goes to the listeners with its lane, never into a response's stream; a response
   * held open for a steered successor is then asked whether one is still expected.
   */
  private routeSteer(conn: Connection, event: ServerEvent): void {
    const streamId = (event as { stream_id?: unknown }).stream_id;
    const lane = typeof streamId === 'string' && streamId !== '' ? streamId : null;
    this.emit({ type: 'steer', connectionId: conn.id, lane, event });
    const request = this.active.get(lane ?? '');
    if (request && !request.draining && request.controller.recheckSuccessor() === 'ended') this.finish(request);
  }

  /** A lane's response ended: free the lane and send what waits. */
  private finish(request: PendingRequest): void {
    if (this.active.get(request.lane) === request) this.active.delete(request.lane);
    this.pump();
  }

  /**
   * Which request an event belongs to; undefined for an unsolicited one (or when it ended the
   * connection). Learns lane support from the probe's first event.
   */
  private route(conn: Connection, event: ServerEvent): PendingRequest | undefined {
    const streamId = (event as { stream_id?: unknown }).stream_id;
    const probe = this.probe();
    if (typeof streamId === 'string' && streamId !== '') {
      if (probe && probe.lane === streamId) {
        this.laneSupport = 'supported';
        queueMicrotask(() => this.pump());
      }
      return this.active.get(streamId);
    }
    if (probe) {
      // The probe went out alone, so this event is its answer: the server does not tag lanes.
      if (isSocketRequestError(event)) this.refuseLanes(conn, event);
      else this.laneSupport = 'unsupported';
      queueMicrotask(() => this.pump());
      return probe;
    }
    const named = [...this.active.values()].some((request) => request.lane !== '');
    if (named && this.laneSupport !== 'supported') {
      // A server that ignored `stream_id`: named requests go out one at a time, so this is the one.
      return this.active.size === 1 ? this.active.values().next().value : undefined;
    }
    if (named && event.type === 'error') {
      // protocol.md §9: on a connection using lanes, an error without stream_id concerns the connection.
      const error = classifyError(event);
      const failure = new TransportError({ kind: 'api_error', error }, `API error: ${error.message}`, {
        transport: 'ws',
        requestSent: true,
        connectionId: conn.id,
      });
      this.endConnection(conn, failure, { how: 'close', code: CLOSE_NORMAL, reason: 'connection-level error' });
      return undefined;
    }
    return this.active.get('');
  }

  /** The probe's request error: if it names `stream_id`, the server does not serve lanes, for good. */
  private refuseLanes(conn: Connection, event: ServerEvent): void {
    const error = classifyError(event);
    if (!namesStreamId(error)) {
      // Some other refusal of the probe itself; lane support stays unknown until a named request succeeds.
      return;
    }
    this.laneSupport = 'unsupported';
    this.laneRefusal = new TransportError({ kind: 'api_error', error }, `API error: ${error.message}`, {
      transport: 'ws',
      requestSent: true,
      connectionId: conn.id,
    });
  }

  // ── Connections ─────────────────────────────────────────────────────────────────────────────

  private ensureOpen(signal?: AbortSignal): Promise<Connection> {
    if (this.current) return Promise.resolve(this.current);
    this.opening ??= this.open();
    const aborted = (): TransportError => abortedError('ws', 'Connect aborted', false, null, signal?.reason);
    return raceAbort(this.opening.promise, signal, aborted);
  }

  private open(): { promise: Promise<Connection>; cancel: () => void } {
    const id = ++this.connectionCount;
    this.setState('connecting');
    const ws = new WebSocket(this.url, {
      headers: this.headers,
      perMessageDeflate: this.perMessageDeflate,
      followRedirects: false,
    });
    let settled = false;
    let cancel: () => void = () => undefined;
    const promise = new Promise<Connection>((resolve, reject) => {
      const fail = (failure: TransportFailure, message: string, cause?: unknown): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.opening = undefined;
        ws.terminate();
        const error = new TransportError(failure, message, { transport: 'ws', requestSent: false, connectionId: id, cause });
        this.setState('closed', error);
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            { kind: 'connect_failed', timedOut: true, where: this.where, cause: 'timed out' },
            `could not connect to ${this.where}: timed out after ${this.connectTimeoutMs} ms`,
          ),
        this.connectTimeoutMs,
      );
      cancel = () => fail({ kind: 'aborted' }, 'Connect aborted: transport closed');
      // Also the one `error` listener for the socket's whole life: after open, `close` follows
      // every error and carries what the session needs.
      ws.on('error', (error) => {
        const cause = connectCause(error);
        fail(
          { kind: 'connect_failed', timedOut: false, where: this.where, cause, unreachable: isUnreachable(error) },
          `could not connect to ${this.where}: ${cause}`,
          error,
        );
      });
      ws.once('unexpected-response', (_request, response) => {
        readRefusal(response).then((body) => {
          const status = response.statusCode ?? 0;
          const classified = classifyError({ status, body, headers: response.headers });
          // A JSON error says why; any other body (a proxy's HTML page) is described, not quoted.
          const error = isJsonBody(body) ? classified : { ...classified, message: describeErrorBody(status, body, response.headers['content-type']) };
          fail({ kind: 'upgrade_refused', status, error }, `WebSocket upgrade refused with HTTP ${status}: ${error.message}`);
        });
      });
      ws.once('close', (code, reason) => fail({ kind: 'closed', code, reason: reason.toString() }, `WebSocket closed during the handshake (${code})`));
      ws.once('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.opening = undefined;
        resolve(this.adopt(ws, id));
      });
    });
    return { promise, cancel: () => cancel() };
  }

  /** Wires an open socket up as the current connection. */
  private adopt(ws: WebSocket, id: number): Connection {
    ws.removeAllListeners('close');
    let markClosed!: () => void;
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const conn: Connection = {
      id,
      ws,
      openedAt: performance.now(),
      closed,
      ended: false,
      skippedFrames: 0,
      heartbeat: new Heartbeat({
        deadAfterMs: this.deadAfterMs,
        ping: () => {
          if (ws.readyState === WebSocket.OPEN) ws.ping();
        },
        onDead: (silentMs) =>
          this.endConnection(
            conn,
            new TransportError({ kind: 'dead' as const, silentMs }, `WebSocket dead: nothing received for ${silentMs} ms (no pong)`, {
              transport: 'ws',
              requestSent: this.active.size > 0,
              connectionId: id,
            }),
            { how: 'terminate' },
          ),
      }),
    };
    ws.on('message', (data, isBinary) => {
      conn.heartbeat.heard();
      this.onFrame(conn, data, isBinary);
    });
    ws.on('pong', () => conn.heartbeat.heard());
    ws.on('ping', () => conn.heartbeat.heard());
    ws.on('close', (code, reason) => {
      markClosed();
      const text = reason.toString();
      this.endConnection(conn, closedError(id, code, text), { how: 'none' });
    });
    this.current = conn;
    conn.heartbeat.start();
    this.setState('open');
    return conn;
  }

  /**
   * The one way a connection ends. Idempotent: the first cause wins (a dead socket we terminate
   * later reports 1006, which must not replace "dead").
   */
  private endConnection(conn: Connection, cause: TransportError, teardown: Teardown, options: EndOptions = {}): void {
    if (conn.ended) return;
    conn.ended = true;
    conn.heartbeat.stop();
    this.current = undefined;

    const active = [...this.active.values()];
    this.active.clear();
    for (const request of active) request.controller.fail(cause);
    const forWaiting = options.waitingFailure
      ? new TransportError(options.waitingFailure, `Request not sent: ${cause.message}`, {
          transport: 'ws',
          requestSent: false,
          connectionId: conn.id,
          cause,
        })
      : cause.forUnsentRequest();
    this.failWaiting(forWaiting);

    if (teardown.how === 'terminate') conn.ws.terminate();
    if (teardown.how === 'close') {
      conn.ws.close(teardown.code, teardown.reason);
      // A peer that never answers the close frame must not hold the socket open.
      setTimeout(() => conn.ws.terminate(), CLOSE_GRACE_MS).unref();
    }
    this.setState('closed', options.expected ? undefined : cause);
  }

  private setState(state: ConnectionState, error?: TransportError): void {
    this.state = state;
    this.emit(error ? { type: 'state', info: this.connection, error } : { type: 'state', info: this.connection });
  }

  private emit(notice: ConnectionNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (error) {
        // A broken listener is a bug to surface, but not mid-way through a state change.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

function upgradeHeaders(options: ResponsesSocketOptions): Record<string, string> {
  // The key only in the header the provider names (Authorization: Bearer by default).
  const headers: Record<string, string> = { ...extraHeaders(options), ...keyHeader(options) };
  const beta = options.betaHeader ?? RESPONSES_WEBSOCKET_BETA;
  if (beta !== false) headers['OpenAI-Beta'] = beta;
  if (options.organization) headers['OpenAI-Organization'] = options.organization;
  if (options.project) headers['OpenAI-Project'] = options.project;
  return headers;
}

function closedError(connectionId: number, code: number, reason: string, cause?: unknown): TransportError {
  const detail = reason === '' ? `code ${code}` : `code ${code}, ${JSON.stringify(reason)}`;
  return new TransportError({ kind: 'closed', code, reason }, `WebSocket closed (${detail})`, {
    transport: 'ws',
    requestSent: true,
    connectionId,
    cause,
  });
}

/** The start of a refused upgrade's body (its JSON error says why); never rejects. */
function readRefusal(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => resolve(Buffer.concat(chunks).toString('utf8'));
    response.on('data', (chunk: Buffer) => {
      if (size >= MAX_REFUSAL_BODY_BYTES) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    response.once('end', done);
    response.once('error', done);
    response.once('close', done);
  });
}

function isJsonBody(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null;
  } catch {
    return false;
  }
}

/** Payload bytes of a received frame, as `ws` delivers it. */
function frameBytes(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/** A refusal that names `stream_id` (an unknown or unsupported parameter): the server does not serve lanes. */
export function namesStreamId(error: { param?: string | null; message?: string }): boolean {
  return error.param === 'stream_id' || /stream_id/.test(error.message ?? '');
}

/** A transport failure that says the server refused `stream_id` (see ResponsesSocket.lanes). */
export function isLaneRefusal(error: unknown): boolean {
  if (!(error instanceof TransportError) || error.failure.kind !== 'api_error') return false;
  return namesStreamId(error.failure.error);
}
