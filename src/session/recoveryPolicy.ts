// What to do when a request fails: a pure decision from the failure, the request's shape and how
// often we have already tried, so every path can be tested on its own. Nothing here touches the
// network; ModelSession carries the decision out.
import { classifyError, type ClassifiedError } from '../protocol/index.js';
import { describeStall, isTransportError, NOT_A_RESPONSES_SERVER } from '../transport/index.js';
import { backoffMs } from './backoff.js';
import type { RecoveryKind } from './sessionEvents.js';
import { SessionError } from './SessionError.js';

export interface RecoveryCounters {
  /** Retries of failed responses, 5xx and 429 in this request. */
  retries: number;
  /** Reconnects after a dropped, dead, stalled or garbled connection (or a failed connect) in this request. */
  reconnects: number;
  /** Replays after previous_response_not_found in this request. */
  notFoundReplays: number;
  /** Compactions forced by context_length_exceeded in this request. */
  compactions: number;
}

export interface RecoveryLimits {
  maxRetries: number;
  maxReconnects: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** `auto` may fall back to HTTP; `ws` must not. */
  transportMode: 'auto' | 'ws' | 'http';
  /** The session is on the socket right now. */
  onSocket: boolean;
  /** A compaction can be attempted (not yet compacted in this request, and one is possible). */
  canCompact: boolean;
  /**
   * The server answered at least once in this session (a socket opened, an event or an HTTP status
   * came back). Until it has, a host that does not resolve or refuses the connection is a wrong
   * address, reported at once: retries are for connections that worked before. (Any failure other
   * than a failed connect is itself an answer.)
   */
  serverReached: boolean;
}

export type RecoveryAction =
  /** Start over on a new connection (the current one is gone or must go). */
  | { action: 'reconnect'; kind: RecoveryKind; reason: string; delayMs: number; newChain: boolean }
  /** Send again on the same connection, as a new chain when `newChain`. */
  | { action: 'replay'; kind: RecoveryKind; reason: string; delayMs: number; newChain: boolean }
  /** Compact the context, then replay from the window. */
  | { action: 'compact'; kind: RecoveryKind; reason: string }
  /** Leave the socket for HTTP for the rest of the session. */
  | { action: 'fallback_http'; kind: 'fallback_http'; reason: string }
  | { action: 'fail'; error: SessionError };

function failFromApiError(error: ClassifiedError): SessionError {
  const detail = error.message ? `: ${error.message}` : '';
  switch (error.kind) {
    case 'auth': {
      // The server's message is a sentence of its own ("… api-keys."): one full stop, not two.
      const said = error.message ? `: ${error.message.trim().replace(/[.\s]+$/, '')}` : '';
      return new SessionError(
        'auth',
        `the API rejected the credentials (HTTP ${error.status ?? 401})${said}. Check OPENAI_API_KEY or \`wsagent config set apiKey\`.`,
      );
    }
    case 'quota':
      return new SessionError('quota', `the account has no quota left${detail}`);
    case 'model_not_found':
      return new SessionError(
        'model_not_found',
        `the server does not serve this model${detail} Choose another with --model or WSAGENT_MODEL (/model lists the server's).`,
      );
    case 'rate_limit':
      return new SessionError('rate_limit', `still rate limited after retrying${detail}`);
    case 'server_error':
      return new SessionError('server_error', `the server kept failing${detail}`);
    case 'context_length_exceeded':
      return new SessionError('context_length_exceeded', `the conversation no longer fits the model's context${detail}. Try /compact or a new session.`);
    default:
      return new SessionError('invalid_request', `the API refused the request${detail}`);
  }
}

/**
 * @param failure a TransportError, or the terminal `response.failed` event
 * @param incremental whether the failed request continued from a previous response
 * @param store whether responses are stored server-side (they survive reconnects)
 */
export function decideRecovery(failure: unknown, incremental: boolean, store: boolean, counters: RecoveryCounters, limits: RecoveryLimits): RecoveryAction {
  // A failed continuation evicts its previous response; only a stored one can still be loaded.
  const afterFailure = incremental && !store;
  const socketTrouble = (reason: string, kind: RecoveryKind = 'reconnect'): RecoveryAction => {
    if (counters.reconnects < limits.maxReconnects) {
      return {
        action: 'reconnect',
        kind,
        reason,
        delayMs: counters.reconnects === 0 ? 0 : backoffMs(counters.reconnects, limits.retryBaseDelayMs, limits.retryMaxDelayMs),
        newChain: !store,
      };
    }
    if (limits.onSocket && limits.transportMode === 'auto') {
      return { action: 'fallback_http', kind: 'fallback_http', reason: `${reason}, ${counters.reconnects + 1} times in a row` };
    }
    return { action: 'fail', error: new SessionError('network', `${reason}; gave up after ${counters.reconnects + 1} attempts`) };
  };

  if (!isTransportError(failure)) {
    // response.failed: the response ran and failed server-side.
    const error = classifyError(failure);
    if ((error.kind === 'server_error' || error.kind === 'rate_limit') && counters.retries < limits.maxRetries) {
      return {
        action: 'replay',
        kind: 'retry',
        reason: `response failed (${error.code ?? error.kind})`,
        delayMs: backoffMs(counters.retries + 1, limits.retryBaseDelayMs, limits.retryMaxDelayMs, error.retryAfterMs),
        newChain: afterFailure,
      };
    }
    if (error.kind === 'context_length_exceeded' && limits.canCompact) {
      return { action: 'compact', kind: 'compacted_restart', reason: 'context length exceeded' };
    }
    return { action: 'fail', error: failFromApiError(error) };
  }

  const f = failure.failure;
  switch (f.kind) {
    case 'aborted':
      return { action: 'fail', error: new SessionError('aborted', 'cancelled') };
    case 'upgrade_refused': {
      if ((f.status === 426 || f.status === 404 || f.status === 405) && limits.transportMode === 'auto') {
        return { action: 'fallback_http', kind: 'fallback_http', reason: `the server refused the WebSocket upgrade (HTTP ${f.status})` };
      }
      if (f.status === 401 || f.status === 403) return { action: 'fail', error: failFromApiError(f.error) };
      return {
        action: 'fail',
        error: new SessionError(
          'network',
          `the server refused the WebSocket upgrade (HTTP ${f.status}); it may have no WebSocket mode: use --transport auto or http`,
        ),
      };
    }
    case 'connect_failed': {
      // [wire] name the host and port and the cause (refused, DNS, TLS, timeout)
      const to = f.where ? ` to ${f.where}` : '';
      const reason = f.timedOut ? `connecting${to} timed out` : `could not connect${to}${f.cause ? ` (${f.cause})` : ''}`;
      if (f.unreachable && !limits.serverReached) {
        return {
          action: 'fail',
          error: new SessionError('network', `${reason}; check the base URL (--base-url, OPENAI_BASE_URL) and that the server is running`),
        };
      }
      return socketTrouble(reason);
    }
    case 'closed':
      return socketTrouble(f.code === null ? 'the connection was cut' : `the connection closed (${f.code}${f.reason ? ` ${f.reason}` : ''})`);
    case 'dead':
      return socketTrouble(`the connection went silent for ${Math.round(f.silentMs)} ms`);
    case 'stalled':
      // The connection may be fine (pongs kept coming) but this response is not: start it over.
      return socketTrouble(`the response stalled: ${describeStall(f.phase, f.silentSeconds)}`, 'stalled');
    case 'protocol':
      return socketTrouble(`the server sent a malformed frame (${f.error.kind})`);
    case 'api_error': {
      const error = f.error;
      switch (error.kind) {
        case 'connection_limit':
          if (counters.reconnects < limits.maxReconnects) {
            return { action: 'reconnect', kind: 'limit_reached', reason: 'the connection reached its 60-minute limit', delayMs: 0, newChain: !store };
          }
          return { action: 'fail', error: new SessionError('network', 'the server keeps reporting the connection limit on new connections') };
        case 'previous_response_not_found':
          if (incremental && counters.notFoundReplays < 1) {
            return {
              action: 'replay',
              kind: 'previous_response_not_found',
              reason: 'the server no longer holds the previous response',
              delayMs: 0,
              newChain: true,
            };
          }
          return { action: 'fail', error: failFromApiError({ ...error, kind: 'invalid_request' }) };
        case 'rate_limit':
        case 'server_error':
          if (counters.retries < limits.maxRetries) {
            return {
              action: 'replay',
              kind: 'retry',
              reason: error.kind === 'rate_limit' ? 'rate limited' : `server error (${error.status ?? error.code ?? '5xx'})`,
              delayMs: backoffMs(counters.retries + 1, limits.retryBaseDelayMs, limits.retryMaxDelayMs, error.retryAfterMs),
              newChain: afterFailure,
            };
          }
          return { action: 'fail', error: failFromApiError(error) };
        case 'context_length_exceeded':
          if (limits.canCompact) return { action: 'compact', kind: 'compacted_restart', reason: 'context length exceeded' };
          return { action: 'fail', error: failFromApiError(error) };
        default:
          // [wire] a 200 that is not an event stream: the base URL points at something else.
          if (error.code === NOT_A_RESPONSES_SERVER) return { action: 'fail', error: new SessionError('network', error.message) };
          return { action: 'fail', error: failFromApiError(error) };
      }
    }
  }
}

/** A terminal response.failed event, carried from the stream to the recovery decision as an error. */
export class FailedResponse extends Error {
  constructor(readonly event: unknown) {
    super('response failed');
  }
}
