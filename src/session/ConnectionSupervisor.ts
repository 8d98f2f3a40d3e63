// Connection supervision for one session: which transport carries requests (the socket, or HTTP
// after a fallback), opening it, rotating it before the server's connection limit, noticing that
// limit told to an idle socket, reconnecting after a failure, and the stall bounds every request
// runs under. It knows nothing of the conversation; ModelSession asks it for a live connection and
// tells it which recovery to carry out.
import { classifyError } from '../protocol/index.js';
import {
  type ConnectionInfo,
  type EndpointOptions,
  HttpTransport,
  type ResponseCreateBody,
  ResponsesSocket,
  type ResponsesTransport,
  type ResponseStream,
  type StreamTimeouts,
  type TransportKind,
  type LaneSupport,
  type SteerBody,
} from '../transport/index.js';
import type { ServerEvent, TerminalEvent } from '../protocol/index.js';

/** What the steering owner hears from the transport: steer events by lane, and connections that ended. */
export type SteerNotice = { type: 'steer'; connectionKey: string; lane: string | null; event: ServerEvent } | { type: 'closed'; connectionKey: string };
import type { RecoveryKind, SessionEvent } from './sessionEvents.js';
import { sleep } from './sleep.js';

export type TransportMode = 'auto' | 'ws' | 'http';

export interface ConnectionOptions extends StreamTimeouts {
  endpoint: EndpointOptions;
  /** `auto`: the socket, falling back to HTTP for the rest of the session when needed. */
  transport: TransportMode;
  /** Rotate the socket between turns once it is this old. */
  rotateAfterMs: number;
  /** Declare a silent socket dead after this long (the socket's default when absent). */
  deadAfterMs?: number;
  connectTimeoutMs?: number;
  /** `OpenAI-Beta` upgrade header, or false to omit it. */
  betaHeader?: string | false;
}

export class ConnectionSupervisor {
  private transport: ResponsesTransport;
  /** The server told an idle socket that its time is up. */
  private connectionExpired = false;
  /** Something answered at the endpoint in this session (see RecoveryLimits.serverReached); lanes share it. */
  serverReached = false;
  private reconnectCount = 0;
  private unwatch: () => void = () => undefined;
  private compactor: HttpTransport | null = null;
  private readonly steerListeners = new Set<(notice: SteerNotice) => void>();

  constructor(
    private readonly opts: ConnectionOptions,
    private readonly emit: (event: SessionEvent) => void,
    /** True for a fork leaving its parent's socket: the same server answered there. */
    serverReached = false,
  ) {
    this.serverReached = serverReached;
    this.transport = opts.transport === 'http' ? this.newHttp() : this.newSocket();
    this.watch(this.transport);
  }

  get kind(): TransportKind {
    return this.transport.kind;
  }

  get connection(): ConnectionInfo {
    return this.transport.connection;
  }

  /** Reconnects so far (rotations, limits, drops, stalls), for the status bar. */
  get reconnects(): number {
    return this.reconnectCount;
  }

  /** The key of the live connection (`ws#3`, `http`): a chain lives on one. */
  get key(): string {
    return this.transport.kind === 'ws' ? `ws#${this.transport.connection.id}` : 'http';
  }

  /** Whether the socket serves `stream_id` lanes ('unsupported' over HTTP: lanes are socket-only). */
  get lanes(): LaneSupport {
    return this.transport instanceof ResponsesSocket ? this.transport.lanes : 'unsupported';
  }

  /** `auto` may still leave the socket for HTTP. */
  get mode(): TransportMode {
    return this.opts.transport;
  }

  stream(body: ResponseCreateBody, signal?: AbortSignal, continueAfter?: (terminal: TerminalEvent) => boolean): ResponseStream {
    return this.transport.stream(body, { ...(signal && { signal }), ...(continueAfter && { continueAfter }) });
  }

  /** Sends `response.steer` on the open socket; the key of the connection it went out on, or null (HTTP, or no socket open). */
  steer(body: SteerBody): string | null {
    if (!(this.transport instanceof ResponsesSocket)) return null;
    const id = this.transport.steer(body);
    return id === null ? null : `ws#${id}`;
  }

  /** Steer events and connection ends, for every lane of this connection (forks share it). */
  onSteer(listener: (notice: SteerNotice) => void): () => void {
    this.steerListeners.add(listener);
    return () => this.steerListeners.delete(listener);
  }

  /** The transport that carries `POST /responses/compact` (HTTP whatever carries responses). */
  get compaction(): HttpTransport {
    this.compactor ??= this.newHttp();
    return this.compactor;
  }

  /** Opens the socket if none is open (a no-op over HTTP). */
  async ensureConnected(signal?: AbortSignal): Promise<void> {
    if (this.transport.kind !== 'ws' || this.transport.connection.state === 'open') return;
    this.emit({ type: 'connection', state: 'connecting', transport: 'ws' });
    await this.transport.connect(signal);
    this.serverReached = true;
    this.connectionExpired = false;
    this.emit({ type: 'connection', state: 'open', transport: 'ws' });
  }

  /** Between turns: close an old or expired socket; the next request opens (and warms up) a new one. */
  async rotateIfDue(): Promise<void> {
    if (this.transport.kind !== 'ws') return;
    const { state, ageMs } = this.transport.connection;
    const tooOld = state === 'open' && ageMs !== null && ageMs >= this.opts.rotateAfterMs;
    if (!this.connectionExpired && !tooOld) return;
    const kind: RecoveryKind = this.connectionExpired ? 'limit_reached' : 'reconnect';
    const reason = this.connectionExpired ? 'the server ended the idle connection at its limit' : 'rotating the connection before its 60-minute limit';
    this.connectionExpired = false;
    this.reconnectCount++;
    this.emit({ type: 'recovery', kind, reason, attempt: 1 });
    this.emit({ type: 'connection', state: 'reconnecting', transport: 'ws', reason });
    await this.transport.close();
  }

  /**
   * Drops the connection that failed (`failedConnectionId`; null: the current one) and waits out
   * the backoff; the next request reconnects. Lanes share the supervisor: when several lanes lose
   * one connection, each recovers, but only the connection that failed is closed — never a newer
   * one another lane has opened (or is opening) meanwhile.
   */
  async reconnect(
    kind: RecoveryKind,
    reason: string,
    attempt: number,
    delayMs: number,
    signal?: AbortSignal,
    failedConnectionId: number | null = null,
  ): Promise<void> {
    this.reconnectCount++;
    this.emit({ type: 'recovery', kind, reason, attempt });
    this.emit({ type: 'connection', state: 'reconnecting', transport: this.transport.kind, reason });
    const { state, id } = this.transport.connection;
    const failedIsCurrent = failedConnectionId === null || failedConnectionId === id;
    // A socket already closed (or being reopened by another lane) has nothing to drop.
    if (this.transport.kind !== 'ws' || (state === 'open' && failedIsCurrent)) {
      await this.transport.close();
    }
    await sleep(delayMs, signal);
  }

  /** Leaves the socket for HTTP, for the rest of the session. */
  async fallBackToHttp(reason: string): Promise<void> {
    this.emit({ type: 'recovery', kind: 'fallback_http', reason, attempt: 1 });
    await this.transport.close();
    this.transport = this.newHttp();
    this.watch(this.transport);
    this.emit({ type: 'connection', state: 'open', transport: 'http', reason });
  }

  async close(): Promise<void> {
    this.unwatch();
    await this.compactor?.close();
    await this.transport.close();
    this.emit({ type: 'connection', state: 'closed', transport: this.transport.kind });
  }

  private newSocket(): ResponsesSocket {
    const o = this.opts;
    return new ResponsesSocket({
      ...o.endpoint,
      ...this.streamTimeouts(),
      ...(o.deadAfterMs !== undefined && { deadAfterMs: o.deadAfterMs }),
      ...(o.connectTimeoutMs !== undefined && { connectTimeoutMs: o.connectTimeoutMs }),
      ...(o.betaHeader !== undefined && { betaHeader: o.betaHeader }),
    });
  }

  private newHttp(): HttpTransport {
    return new HttpTransport({ ...this.opts.endpoint, ...this.streamTimeouts() });
  }

  private streamTimeouts(): StreamTimeouts {
    const o = this.opts;
    return {
      ...(o.firstEventTimeoutMs !== undefined && { firstEventTimeoutMs: o.firstEventTimeoutMs }),
      ...(o.streamIdleTimeoutMs !== undefined && { streamIdleTimeoutMs: o.streamIdleTimeoutMs }),
    };
  }

  private watch(transport: ResponsesTransport): void {
    this.unwatch();
    this.unwatch = transport.onConnection((notice) => {
      if (notice.type === 'skipped_frame') {
        // The message names what was wrong and quotes the start of the frame, on one line.
        this.emit({ type: 'warning', code: 'malformed_frame', message: `skipped a malformed event from the server: ${notice.error.message}` });
        return;
      }
      if (notice.type === 'steer') {
        const steer: SteerNotice = { type: 'steer', connectionKey: `ws#${notice.connectionId}`, lane: notice.lane, event: notice.event };
        for (const listener of this.steerListeners) listener(steer);
        return;
      }
      if (notice.type === 'state') {
        if (notice.info.state === 'closed' && transport.kind === 'ws' && notice.info.id > 0) {
          for (const listener of this.steerListeners) listener({ type: 'closed', connectionKey: `ws#${notice.info.id}` });
        }
        return;
      }
      const event = notice.event as { type?: string };
      if (event.type === 'error' && classifyError(notice.event).kind === 'connection_limit') this.connectionExpired = true;
    });
  }
}
