/**
 * Why a request or connection failed, in terms the session can act on: reconnect (`closed`,
 * `dead`, `stalled`), fall back to HTTP (`upgrade_refused` 426), replay or back off (`api_error`, by its
 * classified kind), fix configuration (`upgrade_refused` 401/403/404/405), or stop (`aborted`).
 * Each kind carries exactly the facts that decision needs, as a discriminated union.
 */
import type { ClassifiedError, ProtocolError } from '../protocol/index.js';
import type { TransportKind } from './transportKind.js';

export type TransportFailure =
  /**
   * No connection: DNS, refused, TLS, or the connect timeout. `where` is `host:port`, `cause` a few
   * words (`connection refused`, `DNS lookup failed: no such host`, `TLS handshake failed (…)`).
   * `unreachable`: DNS knows no such host or nothing listens there (see isUnreachable).
   */
  | { kind: 'connect_failed'; timedOut: boolean; where?: string; cause?: string; unreachable?: boolean }
  /** The server answered the upgrade with an HTTP status instead of 101. */
  | { kind: 'upgrade_refused'; status: number; error: ClassifiedError }
  /**
   * The connection ended under the request. `code` is the WebSocket close code (1006 when the TCP
   * connection dropped without a close frame); null over HTTP, which has no close codes.
   */
  | { kind: 'closed'; code: number | null; reason: string }
  /** Neither a pong nor any frame arrived within the bound: the connection itself is gone. */
  | { kind: 'dead'; silentMs: number }
  /**
   * The connection is alive but the response is not coming: no event of it within the first-event
   * bound after the send (`first_event`), or no event at all for the idle bound after that (`idle`).
   * `silentSeconds` is the bound that ran out.
   */
  | { kind: 'stalled'; phase: StallPhase; silentSeconds: number }
  /** The peer sent something that is not a Responses API event (binary frame, bad JSON). */
  | { kind: 'protocol'; error: ProtocolError }
  /** The API refused the request: a socket request-error event, or an HTTP error status. */
  | { kind: 'api_error'; error: ClassifiedError }
  /** The caller aborted (signal) or closed the transport. */
  | { kind: 'aborted' };

export type TransportErrorKind = TransportFailure['kind'];

export type StallPhase = 'first_event' | 'idle';

export interface TransportErrorContext {
  transport: TransportKind;
  /**
   * Whether the request reached the wire. False means the server never saw it (it was queued behind
   * a request whose connection died, or the connection never opened), so resending cannot duplicate
   * anything.
   */
  requestSent: boolean;
  /** The socket connection it happened on; null over HTTP or before any connection. */
  connectionId: number | null;
  cause?: unknown;
}

export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly failure: TransportFailure;
  /** Shorthand for `failure.kind`; narrow on `failure` to read the kind's facts. */
  readonly kind: TransportErrorKind;
  readonly transport: TransportKind;
  readonly requestSent: boolean;
  readonly connectionId: number | null;

  constructor(failure: TransportFailure, message: string, context: TransportErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.failure = failure;
    this.kind = failure.kind;
    this.transport = context.transport;
    this.requestSent = context.requestSent;
    this.connectionId = context.connectionId;
  }

  /** The same failure, for a request that was still waiting (never sent) when it happened. */
  forUnsentRequest(): TransportError {
    return new TransportError(this.failure, `Request not sent: ${this.message}`, {
      transport: this.transport,
      requestSent: false,
      connectionId: this.connectionId,
      cause: this,
    });
  }
}

/** Narrows to a TransportError, optionally of one kind, with that kind's facts typed. */
export function isTransportError<K extends TransportErrorKind>(
  value: unknown,
  kind?: K,
): value is TransportError & { failure: Extract<TransportFailure, { kind: K }> } {
  return value instanceof TransportError && (kind === undefined || value.kind === kind);
}
