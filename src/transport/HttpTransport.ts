/**
 * The Responses API over HTTP streaming (`POST {baseUrl}/responses` with `stream:true`, SSE back),
 * through the official `openai` SDK: the fallback when the socket is refused (426) or keeps
 * failing. It yields the same events, timings and TransportErrors as ResponsesSocket, so the session
 * reads a response the same way on either.
 *
 * Differences the session must know: there is no connection cache (a continuation reloads stored
 * state, so it needs `store:true`), and `generate:false` warm-ups do not exist over HTTP (the flag
 * is stripped, so such a request generates normally).
 */
import OpenAI from 'openai';
import type { ResponseCreateParamsStreaming, ServerEvent } from '../protocol/index.js';
import { abortableSleep, abortedError, raceAbort } from './aborting.js';
import { sdkClientOptions } from './endpoint.js';
import { hostPort } from './failureText.js';
import { beforeStreamFailure, describeFailure, midStreamFailure, notEventStreamFailure } from './httpFailure.js';
import { ResponseStreamController } from './ResponseStreamController.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retryPolicy.js';
import { TransportError, type TransportFailure } from './TransportError.js';
import type {
  ConnectionInfo,
  ConnectionNotice,
  EndpointOptions,
  ResponseCreateBody,
  ResponsesTransport,
  ResponseStream,
  StreamOptions,
} from './types.js';

export interface HttpTransportOptions extends EndpointOptions {
  /** Attempts in all for failures before the stream starts (429, 5xx). Default 3. */
  maxAttempts?: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Time allowed until the response headers arrive, per attempt. Default 10 min (the SDK's). */
  requestTimeoutMs?: number;
  /**
   * Silence between events after which the stream is declared dead. HTTP has no pings, and a
   * reasoning model may think quietly, so the default is generous: 5 min.
   */
  idleTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 600_000;
const DEFAULT_IDLE_TIMEOUT_MS = 300_000;
/** After the terminal event, how long to wait for the body to end before cutting it. */
const DRAIN_GRACE_MS = 2_000;

/** Socket-only fields (protocol.md §6): the HTTP API rejects or misreads them. */
const SOCKET_ONLY_FIELDS: ReadonlySet<string> = new Set(['type', 'generate', 'stream_id']);

export class HttpTransport implements ResponsesTransport {
  readonly kind = 'http' as const;
  private readonly client: OpenAI;
  private readonly retry: RetryPolicy;
  private readonly idleTimeoutMs: number;
  /** `host:port` of the endpoint, for messages (never the query: it may hold a secret). */
  private readonly where: string;
  /** Settles when every request issued so far has ended: the next one waits for it. */
  private tail: Promise<void> = Promise.resolve();
  private readonly running = new Set<AbortController>();

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
    this.retry = {
      maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts),
      baseDelayMs: options.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    };
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.where = hostPort(options.baseUrl);
  }

  /** HTTP has no connection to report: always "open", id 0. */
  get connection(): ConnectionInfo {
    return { transport: 'http', state: 'open', id: 0, openedAt: null, ageMs: null };
  }

  onConnection(_listener: (notice: ConnectionNotice) => void): () => void {
    return () => undefined;
  }

  async connect(): Promise<void> {
    // Nothing to open: each request makes (or reuses) its own HTTP connection.
  }

  /** Throws (synchronously) only if `request` cannot be serialised to JSON: a programming error. */
  stream(request: ResponseCreateBody, options: StreamOptions = {}): ResponseStream {
    const body = httpBody(request);
    const bytesUp = Buffer.byteLength(JSON.stringify(body));
    const controller = new ResponseStreamController('http');
    const previous = this.tail;
    const ended = controller.stream.done.then(
      () => undefined,
      () => undefined,
    );
    // Wait for everything before, not just the previous request: one that was aborted while
    // waiting ends early, and must not let the next one overtake a request still in flight.
    this.tail = Promise.all([previous, ended]).then(() => undefined);
    void this.run(previous, body, bytesUp, controller, options.signal);
    return controller.stream;
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
  ): Promise<void> {
    // One controller for the whole request, waiting included: the caller's signal, close(), and the
    // idle bound all end it. `why` remembers which, because the SDK ends its iteration quietly when
    // aborted once the stream has started.
    const abort = new AbortController();
    let why: 'caller' | 'idle' | 'drained' | undefined;
    const onCallerAbort = (): void => abort.abort(signal?.reason);
    abort.signal.addEventListener('abort', () => (why ??= 'caller'), { once: true });
    if (signal?.aborted) onCallerAbort();
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    this.running.add(abort);

    const fail = (failure: TransportFailure, requestSent: boolean, cause?: unknown): void =>
      controller.fail(new TransportError(failure, describeFailure(failure), { transport: 'http', requestSent, connectionId: null, cause }));

    let idleTimer: NodeJS.Timeout | undefined;
    try {
      try {
        await raceAbort(previous, abort.signal, () => new Error('aborted'));
      } catch {
        fail({ kind: 'aborted' }, false, signal?.reason);
        return;
      }
      const events = await this.send(body, bytesUp, controller, abort.signal, fail);
      if (!events) return;

      let lastEventAt = performance.now();
      const armIdle = (): void => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => {
          why ??= 'idle';
          abort.abort();
        }, this.idleTimeoutMs);
      };
      armIdle();
      try {
        for await (const event of events) {
          lastEventAt = performance.now();
          if (controller.settled) continue; // draining after the terminal event
          armIdle();
          const bytes = Buffer.byteLength(JSON.stringify(event));
          if (controller.receive(event as ServerEvent, bytes) === 'ended') {
            clearTimeout(idleTimer);
            // Read the body to its end so the keep-alive connection can be reused, but not forever.
            idleTimer = setTimeout(() => {
              why ??= 'drained';
              abort.abort();
            }, DRAIN_GRACE_MS);
          }
        }
      } catch (error) {
        if (!controller.settled && !abort.signal.aborted) fail(midStreamFailure(error), true, error);
      }
      if (controller.settled) return;
      // The stream stopped short of a terminal event: say why.
      if (why === 'idle') fail({ kind: 'dead', silentMs: Math.round(performance.now() - lastEventAt) }, true);
      else if (why === 'caller') fail({ kind: 'aborted' }, true, signal?.reason);
      else fail({ kind: 'closed', code: null, reason: 'the body ended' }, true);
    } finally {
      clearTimeout(idleTimer);
      signal?.removeEventListener('abort', onCallerAbort);
      this.running.delete(abort);
    }
  }

  /**
   * Sends until a stream starts or the retry policy gives up. Returns the SDK's event stream, or
   * undefined after failing the controller.
   */
  private async send(
    body: ResponseCreateParamsStreaming,
    bytesUp: number,
    controller: ResponseStreamController,
    signal: AbortSignal,
    fail: (failure: TransportFailure, requestSent: boolean, cause?: unknown) => void,
  ): Promise<AsyncIterable<unknown> | undefined> {
    for (let attempt = 1; ; attempt++) {
      controller.timings.attempts = attempt;
      if (signal.aborted) {
        fail({ kind: 'aborted' }, attempt > 1, signal.reason);
        return undefined;
      }
      const request = this.client.responses.create(body, { signal }).withResponse();
      // sendAt is the last attempt's: the one whose response the timings describe.
      controller.markSent(bytesUp, null);
      try {
        const { data, response } = await request;
        // A 200 that is not an event stream (a web page, a JSON API of another kind) is not a
        // Responses API server: say so instead of reading its body as an empty stream.
        const contentType = response.headers.get('content-type');
        if (!contentType?.toLowerCase().includes('text/event-stream')) {
          await response.body?.cancel().catch(() => undefined);
          fail(notEventStreamFailure(this.where, response.status, contentType), true);
          return undefined;
        }
        return data;
      } catch (error) {
        const failure = signal.aborted ? ({ kind: 'aborted' } as const) : beforeStreamFailure(error, this.where);
        const delay = failure.kind === 'api_error' ? retryDelayMs(failure.error, attempt, this.retry) : undefined;
        if (delay === undefined) {
          fail(failure, true, error);
          return undefined;
        }
        try {
          await abortableSleep(delay, signal, () => abortedError('http', 'Request aborted while waiting to retry', true, null));
        } catch (aborted) {
          controller.fail(aborted as TransportError);
          return undefined;
        }
      }
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
