/**
 * The contract both transports (ResponsesSocket over `ws`, HttpTransport over SSE) fulfil, so the
 * session can switch between them (a 426 or repeated socket failures → HTTP) without changing how
 * it reads a response. A transport only moves bytes and measures; what to send is session/'s call.
 */
import type { ProtocolError, ResponseCreateFrame, ServerEvent, TerminalEvent } from '../protocol/index.js';
import type { TransportError } from './TransportError.js';
import type { TransportKind } from './transportKind.js';

export type { TransportKind } from './transportKind.js';

/**
 * One request: the flat body of `POST /v1/responses`, plus the socket-only `generate` flag. The
 * transport adds the envelope (`type:"response.create"` on the socket, `stream:true` over HTTP).
 */
export type ResponseCreateBody = Omit<ResponseCreateFrame, 'type'>;

/**
 * What one request cost. Instants are `performance.now()` milliseconds, null until they happen.
 * Instants are taken when the transport sees the bytes, not when the consumer reads the event,
 * so a slow consumer does not inflate them.
 */
export interface RequestTimings {
  /** When stream() was called; `sendAt - queuedAt` is time spent waiting (FIFO, connect). */
  queuedAt: number;
  /** Right after the request was written to the socket (HTTP: handed to fetch). */
  sendAt: number | null;
  firstEventAt: number | null;
  /** The first `*.delta` event (text, arguments, reasoning summary…): time to first token. */
  firstDeltaAt: number | null;
  /** When the stream ended: terminal event, request error or failure. */
  doneAt: number | null;
  /** Payload bytes of the request as sent (UTF-8, before any permessage-deflate). */
  bytesUp: number;
  /** Payload bytes received for this request (socket: frame bytes; HTTP: event JSON bytes). */
  bytesDown: number;
  /** The socket connection that carried the request (see ConnectionInfo.id); null over HTTP. */
  connectionId: number | null;
  /** The lane (`stream_id`) the request ran on; null for the default lane and over HTTP. */
  streamId?: string | null;
  /** 1 once the request was sent (on either transport; retries are the session's, each a new request). */
  attempts: number;
}

/**
 * The events of one response, in order, ending after its terminal event (`response.completed`,
 * `response.incomplete` or `response.failed`, which is yielded). Iteration throws a TransportError
 * when the stream ends any other way. A streaming `error` event is yielded like any other event
 * (its `response.failed` follows); a request-error event (`{type:"error", status, error}`) is not
 * yielded: it ends the stream as an `api_error`.
 *
 * Iterate it once. Breaking out early does not cancel the response (there is no cancel event):
 * the transport reads and discards the rest. To abandon it, abort the request's signal.
 */
export interface ResponseStream extends AsyncIterable<ServerEvent> {
  /** Live: filled in as the request progresses; final once `done` has settled. */
  readonly timings: Readonly<RequestTimings>;
  /**
   * Settles when the stream ends, whether or not anyone iterates: resolves with the terminal event,
   * rejects with the same TransportError iteration throws. Ignoring it is safe (no unhandled
   * rejection).
   */
  readonly done: Promise<TerminalEvent>;
}

export interface StreamOptions {
  /** Aborting fails the stream with kind `aborted`; on the socket it also closes the connection. */
  signal?: AbortSignal;
  /**
   * Asked at each terminal event (and again after each steer event of the lane while it waits):
   * true keeps the stream open for a response the server starts by itself on the same lane, the
   * successor of a steered response (protocol.md §11). Its events follow the terminal one in the
   * same stream; `done` settles with the last terminal. Socket only; the session decides.
   */
  continueAfter?: (terminal: TerminalEvent) => boolean;
}

/** `response.steer`'s body, without its envelope: exactly these two fields and `type` go out. */
export interface SteerBody {
  previous_response_id: string;
  input: string | unknown[];
}

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface ConnectionInfo {
  transport: TransportKind;
  state: ConnectionState;
  /** 1 for the first connection this transport opened, 2 after a reconnect…; 0 before any (HTTP: always 0). */
  id: number;
  /** performance.now() when the current connection opened; null when none is open. */
  openedAt: number | null;
  /** Milliseconds since openedAt, at the time of the call; null when none is open. */
  ageMs: number | null;
}

/** What a front end wants to know about the connection without owning a request. */
export type ConnectionNotice =
  | { type: 'state'; info: ConnectionInfo; error?: TransportError }
  /**
   * A frame that arrived while no request was in flight, e.g. the 60-minute limit error sent to an
   * idle socket. The transport does not interpret it; the session decides what it means.
   */
  | { type: 'unsolicited'; connectionId: number; event: ServerEvent }
  /**
   * A text frame (or SSE payload) that was not a protocol event, e.g. one line of invalid JSON, was
   * skipped and the stream went on, as Codex does. `connectionId` is null over HTTP.
   */
  | { type: 'skipped_frame'; transport: TransportKind; connectionId: number | null; error: ProtocolError }
  /** A `response.steer.*` event, routed by lane (null: the default lane); never part of a response's stream. */
  | { type: 'steer'; connectionId: number; lane: string | null; event: ServerEvent };

export interface ResponsesTransport {
  readonly kind: TransportKind;
  /** A snapshot of the current connection. */
  readonly connection: ConnectionInfo;
  /**
   * Opens the connection if none is open (the socket; a no-op over HTTP). stream() does this on its
   * own, so calling it is only needed to connect ahead of time (or to reopen after close()).
   */
  connect(signal?: AbortSignal): Promise<void>;
  /**
   * Sends one request and streams its response. Requests run one at a time in call order: a second
   * call waits until the first's terminal event — per lane on the socket, where a body's `stream_id`
   * names its lane and lanes run concurrently (protocol.md §9). Never throws synchronously; failures surface
   * through the returned stream.
   */
  stream(request: ResponseCreateBody, options?: StreamOptions): ResponseStream;
  /** Ends the connection (a close frame on the socket); requests still running fail as `aborted`. */
  close(): Promise<void>;
  /** Subscribes to connection notices; returns the unsubscribe function. */
  onConnection(listener: (notice: ConnectionNotice) => void): () => void;
}

/** Where and as whom to connect; shared by both transports. */
export interface EndpointOptions {
  /** The HTTP base URL, e.g. `https://api.openai.com/v1` or the simulator's `http://127.0.0.1:PORT/v1`. */
  baseUrl: string;
  /** Sent only in the header `apiKeyHeader` names; never logged, never put in an error message. */
  apiKey: string;
  /**
   * The header that carries the key: `authorization` (default) sends `Bearer <key>`; any other
   * name (Azure's `api-key`) sends the key raw there, and no Authorization header at all.
   */
  apiKeyHeader?: string;
  /** Query parameters added to every request URL (Azure's `api-version`); merged over the base URL's own. */
  query?: Record<string, string>;
  /** `OpenAI-Organization` header. */
  organization?: string;
  /** `OpenAI-Project` header. */
  project?: string;
  /** Extra headers (e.g. a User-Agent). They cannot replace the key's header. */
  headers?: Record<string, string>;
}
