/**
 * Type guards over server events.
 *
 * They take any `{type}` object rather than `ServerEvent` so the simulator and tests can use them
 * on events they build themselves, and they check only what the narrowing promises.
 */
import type { ResponseErrorEvent, ServerErrorEvent, SocketRequestErrorEvent, TerminalEvent } from './wireTypes.js';

interface Typed {
  readonly type: string;
}

const TERMINAL_TYPES: ReadonlySet<string> = new Set<TerminalEvent['type']>(['response.completed', 'response.incomplete', 'response.failed']);

/** `response.completed`, `response.incomplete` or `response.failed`: the response is over. */
export function isTerminalEvent(event: Typed): event is TerminalEvent {
  return TERMINAL_TYPES.has(event.type);
}

/** Either error shape (socket request error or streaming error). */
export function isErrorEvent(event: Typed): event is ServerErrorEvent {
  return event.type === 'error';
}

/**
 * The socket's request-error shape: `{type:"error", status, error:{code, message, ...}}`.
 * It stands in for an HTTP error status, so no part of the response was generated.
 */
export function isSocketRequestError(event: Typed): event is SocketRequestErrorEvent {
  if (event.type !== 'error') return false;
  const nested: unknown = (event as { error?: unknown }).error;
  return typeof nested === 'object' && nested !== null;
}

/**
 * The streaming error shape: `{type:"error", code, message, param, sequence_number}`, sent during a
 * response and usually followed by `response.failed`.
 */
export function isStreamingErrorEvent(event: Typed): event is ResponseErrorEvent {
  return event.type === 'error' && !isSocketRequestError(event);
}
