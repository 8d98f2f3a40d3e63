/**
 * The Responses API over HTTP streaming (`POST {baseUrl}/responses` with `stream:true`, SSE back),
 * through the official `openai` SDK: the fallback when the socket is refused (426) or keeps
 * failing. It yields the same events, timings and TransportErrors as ResponsesSocket, so the session
 * reads a response the same way on either.
 *
 * Differences the session must know: there is no connection cache (a continuation reloads stored
 * state, so it needs `store:true`), and `generate:false` warm-ups do not exist over HTTP (the flag
 * is stripped, so such a request generates normally).
 *
 * It sends each request once: a 5xx, a 429 or a cut connection fails the stream, and the session's
 * recovery policy alone decides whether to send it again (the SDK's own retries are off too), so
 * one failing request costs at most the policy's attempts, never a product of two retry loops.
 * `POST /responses/compact` goes through the same client, with the same endpoint options.
 */
import OpenAI from 'openai';
import type { CompactedResponse, ProtocolError, ResponseCompactParams, ResponseCreateParamsStreaming, ServerEvent } from '../protocol/index.js';
import { raceAbort } from './aborting.js';
import { sdkClientOptions } from './endpoint.js';
import { hostPort } from './failureText.js';
import { beforeStreamFailure, describeFailure, midStreamFailure, notEventStreamFailure } from './httpFailure.js';
import { ResponseStreamController } from './ResponseStreamController.js';
import { type SseItem, sseEvents } from './sseEvents.js';
import { resolveStreamTimeouts, type StreamTimeouts } from './StallWatch.js';
import { TransportError, type TransportFailure } from './TransportError.js';
import type { ConnectionInfo, ConnectionNotice, EndpointOptions, ResponseCreateBody, ResponsesTransport, ResponseStream, StreamOptions } from './types.js';

/**
 * The stall bounds (StreamTimeouts) apply from the send: a server that never sends its headers
 * stalls the same way as one that sends headers and then no event.
 */
export interface HttpTransportOptions extends EndpointOptions, StreamTimeouts {
  /** Time allowed until the response headers arrive (the SDK's timeout; compaction too). Default 10 min. */
  requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
/** After the terminal event, how long to wait for the body to end before cutting it. */
const DRAIN_GRACE_MS = 2_000;

/** Malformed SSE payloads skipped in one response before the stream is treated as broken. */
const MAX_SKIPPED_FRAMES = 10;

/** Carries the last straw of malformed payloads out of the read loop. */
class ProtocolFailure extends Error {
  constructor(readonly protocolError: ProtocolError) {
    super(protocolError.message);
  }
}

/** Socket-only fields (protocol.md §6): the HTTP API rejects or misreads them. */
const SOCKET_ONLY_FIELDS: ReadonlySet<string> = new Set(['type', 'generate', 'stream_id']);

export class HttpTransport implements ResponsesTransport {
  readonly kind = 'http' as const;
  private readonly client: OpenAI;
  private readonly streamTimeouts: Required<StreamTimeouts>;
  /** `host:port` of the endpoint, for messages (never the query: it may hold a secret). */
  private readonly where: string;
  /** Settles when every request issued so far has ended: the next one waits for it. */
  private tail: Promise<void> = Promise.resolve();
  private readonly running = new Set<AbortController>();
  private readonly listeners = new Set<(notice: ConnectionNotice) => void>();

  constructor(options: HttpTransportOptions) {
    this.client = new OpenAI({
      // Base URL without its query (the SDK appends the path after it), query parameters, the key's
      // header and the extra headers; org, project and admin key explicit (see sdkClientOptions).
      ...sdkClientOptions(options),
      maxRetries: 0,
      timeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // The SDK logs unparseable SSE data to the console otherwise; a transport emits nothing.
      logLevel: 'off',
    });
    this.streamTimeouts = resolveStreamTimeouts(options);
    this.where = hostPort(options.baseUrl);
  }

  /** HTTP has no connection to report: always "open", id 0. */
  get connection(): ConnectionInfo {
    return { transport: 'http', state: 'open', id: 0, openedAt: null, ageMs: null };
  }

  /** HTTP has no connection states; its one notice is a skipped malformed payload. */
  onConnection(listener: (notice: ConnectionNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async connect(): Promise<void> {
    // Nothing to open: each request makes (or reuses) its own HTTP connection.
  }

  /** Throws (synchronously) only if `request` cannot be serialised to JSON: a programming error. */
  stream(request: ResponseCreateBody, options: StreamOptions = {}): ResponseStream {
    const body = httpBody(request);
    const bytesUp = Buffer.byteLength(JSON.stringify(body));
    // A stall fails the stream at once; the abort stops the fetch (see run()).
    const abandon = new AbortController();
    const controller = new ResponseStreamController('http', { timeouts: this.streamTimeouts, abandon: () => abandon.abort() });
    const previous = this.tail;
    const ended = controller.stream.done.then(
      () => undefined,
      () => undefined,
    );
    // Wait for everything before, not just the previous request: one that was aborted while
    // waiting ends early, and must not let the next one overtake a request still in flight.
    this.tail = Promise.all([previous, ended]).then(() => undefined);
    void this.run(previous, body, bytesUp, controller, options.signal, abandon.signal);
    return controller.stream;
  }

  /**
   * `POST /responses/compact`: the compacted window of a conversation. Sent once, like a stream;
   * throws a TransportError (the same kinds as before a stream starts).
   */
  async compact(request: ResponseCompactParams, options: StreamOptions = {}): Promise<CompactedResponse> {
    try {
      return await this.client.responses.compact(request, options.signal ? { signal: options.signal } : {});
    } catch (error) {
      const failure = options.signal?.aborted ? ({ kind: 'aborted' } as const) : beforeStreamFailure(error, this.where);
      throw new TransportError(failure, describeFailure(failure), { transport: 'http', requestSent: true, connectionId: null, cause: error });
    }
  }

  /** Aborts every request not yet ended, waiting ones included. Later requests work as usual. */
  async close(): Promise<void> {
    for (const abort of this.running) abort.abort(new Error('transport closed'));
  }

  private async run(
    previous: Promise<void>,
    body: ResponseCreateParamsStreaming,
    bytesUp: number,
    controller: ResponseStreamController,
    signal: AbortSignal | undefined,
    stalled: AbortSignal,
  ): Promise<void> {
    // One controller for the whole request, waiting included: the caller's signal, close(), a stall
    // and the drain bound all end it. `why` remembers which, because the SDK ends its iteration
    // quietly when aborted once the stream has started. (A stall has already failed the stream.)
    const abort = new AbortController();
    let why: 'caller' | 'drained' | undefined;
    const onCallerAbort = (): void => abort.abort(signal?.reason);
    const onStalled = (): void => abort.abort(new Error('stalled'));
    abort.signal.addEventListener('abort', () => (why ??= 'caller'), { once: true });
    if (signal?.aborted) onCallerAbort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    stalled.addEventListener('abort', onStalled, { once: true });
    this.running.add(abort);

    const fail = (failure: TransportFailure, requestSent: boolean, cause?: unknown): void =>
      controller.fail(new TransportError(failure, describeFailure(failure), { transport: 'http', requestSent, connectionId: null, cause }));

    let drainTimer: NodeJS.Timeout | undefined;
    try {
      try {
        await raceAbort(previous, abort.signal, () => new Error('aborted'));
      } catch {
        fail({ kind: 'aborted' }, false, signal?.reason);
        return;
      }
      const events = await this.send(body, bytesUp, controller, abort.signal, fail);
      if (!events) return;

      let skipped = 0;
      try {
        for await (const item of events) {
          if (controller.settled) continue; // draining after the terminal event
          if (item.kind === 'malformed') {
            // One garbled payload is skipped with a notice; garbage that keeps coming fails the stream.
            if (++skipped > MAX_SKIPPED_FRAMES) throw new ProtocolFailure(item.error);
            for (const listener of this.listeners) listener({ type: 'skipped_frame', transport: 'http', connectionId: null, error: item.error });
            continue;
          }
          const event = item.event;
          const bytes = Buffer.byteLength(JSON.stringify(event));
          if (controller.receive(event as ServerEvent, bytes) === 'ended') {
            // Read the body to its end so the keep-alive connection can be reused, but not forever.
            // The response is complete: this bound must not keep the process alive (a run that is
            // over exited ~2 s late over HTTP), and closing the transport ends it at once.
            drainTimer = setTimeout(() => {
              why ??= 'drained';
              abort.abort();
            }, DRAIN_GRACE_MS).unref();
            abort.signal.addEventListener('abort', () => clearTimeout(drainTimer), { once: true });
          }
        }
      } catch (error) {
        if (error instanceof ProtocolFailure) fail({ kind: 'protocol', error: error.protocolError }, true, error.protocolError);
        else if (!controller.settled && !abort.signal.aborted) fail(midStreamFailure(error), true, error);
      }
      if (controller.settled) return;
      // The stream stopped short of a terminal event: say why.
      if (why === 'caller') fail({ kind: 'aborted' }, true, signal?.reason);
      else fail({ kind: 'closed', code: null, reason: 'the body ended' }, true);
    } finally {
      clearTimeout(drainTimer);
      signal?.removeEventListener('abort', onCallerAbort);
      stalled.removeEventListener('abort', onStalled);
      this.running.delete(abort);
    }
  }

  /** Sends the request once. Returns the SDK's event stream, or undefined after failing the controller. */
  private async send(
    body: ResponseCreateParamsStreaming,
    bytesUp: number,
    controller: ResponseStreamController,
    signal: AbortSignal,
    fail: (failure: TransportFailure, requestSent: boolean, cause?: unknown) => void,
  ): Promise<AsyncIterable<SseItem> | undefined> {
    if (signal.aborted) {
      fail({ kind: 'aborted' }, false, signal.reason);
      return undefined;
    }
    // The raw response: its body is read by sseEvents (the SDK still throws for an error status).
    const request = this.client.responses.create(body, { signal }).asResponse();
    controller.markSent(bytesUp, null);
    controller.timings.attempts = 1;
    try {
      const response = await request;
      // A 200 that is not an event stream (a web page, a JSON API of another kind) is not a
      // Responses API server: say so instead of reading its body as an empty stream.
      const contentType = response.headers.get('content-type');
      if (!contentType?.toLowerCase().includes('text/event-stream')) {
        await response.body?.cancel().catch(() => undefined);
        fail(notEventStreamFailure(this.where, response.status, contentType), true);
        return undefined;
      }
      if (!response.body) {
        fail({ kind: 'closed', code: null, reason: 'the response has no body' }, true);
        return undefined;
      }
      return sseEvents(response.body, response.headers);
    } catch (error) {
      fail(signal.aborted ? { kind: 'aborted' } : beforeStreamFailure(error, this.where), true, error);
      return undefined;
    }
  }
}

/** The HTTP body: the request without socket-only fields, with `stream:true`. */
function httpBody(request: ResponseCreateBody): ResponseCreateParamsStreaming {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(request)) {
    if (!SOCKET_ONLY_FIELDS.has(key)) body[key] = value;
  }
  body['stream'] = true;
  // The socket's create frame and the HTTP body share their fields (protocol.md §2).
  return body as unknown as ResponseCreateParamsStreaming;
}
