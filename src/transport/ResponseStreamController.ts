/**
 * The producer side of a ResponseStream, shared by both transports: the transport feeds it what
 * arrives, it records the timings at arrival, buffers events until the consumer reads them, and
 * decides where the response ends (terminal event, request-error event, or a failure).
 *
 * Keeping this in one place means the two transports cannot disagree about what ends a stream or
 * when `firstDeltaAt` is taken.
 */
import { classifyError, isSocketRequestError, isTerminalEvent } from '../protocol/index.js';
import type { ServerEvent, TerminalEvent } from '../protocol/index.js';
import { describeStall, StallWatch, type StreamTimeouts } from './StallWatch.js';
import { type StallPhase, TransportError } from './TransportError.js';
import type { RequestTimings, ResponseStream, TransportKind } from './types.js';

/**
 * Stall bounds for one request. On a stall the controller fails the stream as `stalled` and calls
 * `abandon`, so the transport stops waiting for it (closes the socket, aborts the fetch).
 */
export interface StallOptions {
  timeouts: Required<StreamTimeouts>;
  abandon: (error: TransportError) => void;
}

/** What the transport should do after handing over an event. */
export type ReceiveResult = 'more' | 'ended';

type Outcome = { ok: true; terminal: TerminalEvent } | { ok: false; error: TransportError };

export class ResponseStreamController {
  readonly timings: RequestTimings;
  readonly stream: ResponseStream;
  private readonly buffer: ServerEvent[] = [];
  private outcome: Outcome | undefined;
  private wake: (() => void) | undefined;
  private iterated = false;
  /** The consumer stopped reading (break): keep measuring, stop buffering. */
  private detached = false;
  private errorDelivered = false;
  private settleDone!: (outcome: Outcome) => void;
  private readonly stallWatch: StallWatch | undefined;
  /** Decides at a terminal event whether a steered successor follows in this stream. */
  private continueAfter: ((terminal: TerminalEvent) => boolean) | undefined;
  /** The terminal event the stream is held open after, waiting for a successor. */
  private heldAfter: TerminalEvent | undefined;

  constructor(
    private readonly transport: TransportKind,
    stall?: StallOptions,
  ) {
    this.stallWatch = stall && new StallWatch(stall.timeouts, (phase, silentSeconds) => this.stalled(phase, silentSeconds, stall.abandon));
    this.timings = {
      queuedAt: performance.now(),
      sendAt: null,
      firstEventAt: null,
      firstDeltaAt: null,
      doneAt: null,
      bytesUp: 0,
      bytesDown: 0,
      connectionId: null,
      streamId: null,
      attempts: 0,
    };
    const done = new Promise<TerminalEvent>((resolve, reject) => {
      this.settleDone = (outcome) => (outcome.ok ? resolve(outcome.terminal) : reject(outcome.error));
    });
    // Consumers that only iterate must not get an unhandled rejection from `done`.
    done.catch(() => undefined);
    const timings = this.timings;
    const iterator = (): AsyncIterator<ServerEvent, void> => this.iterator();
    this.stream = {
      timings,
      done,
      [Symbol.asyncIterator]: iterator,
    };
  }

  get settled(): boolean {
    return this.outcome !== undefined;
  }

  /** Records the moment the request went out. */
  markSent(bytesUp: number, connectionId: number | null): void {
    this.timings.sendAt = performance.now();
    this.timings.bytesUp = bytesUp;
    this.timings.connectionId = connectionId;
    this.stallWatch?.sent();
  }

  /** See StreamOptions.continueAfter. */
  followSuccessors(decide: (terminal: TerminalEvent) => boolean): void {
    this.continueAfter = decide;
  }

  /**
   * While held open after a terminal event: asks again whether a successor is still expected (a
   * steer failed after acceptance: none will come) and ends the stream with that terminal if not.
   */
  recheckSuccessor(): ReceiveResult {
    if (this.outcome) return 'ended';
    const held = this.heldAfter;
    if (!held || this.continueAfter?.(held)) return 'more';
    this.settle({ ok: true, terminal: held });
    return 'ended';
  }

  /** Counts received bytes that did not become an event (a bad frame). */
  countBytes(bytes: number): void {
    this.timings.bytesDown += bytes;
  }

  /**
   * Takes one parsed event. A terminal event is delivered and ends the stream; a request-error
   * event ends it as `api_error` (it stands in for an HTTP error status, so it is not an event of
   * the response); anything else, known type or not, is delivered.
   */
  receive(event: ServerEvent, bytes: number): ReceiveResult {
    if (this.outcome) return 'ended';
    const now = performance.now();
    this.timings.bytesDown += bytes;
    this.timings.firstEventAt ??= now;
    if (this.timings.firstDeltaAt === null && event.type.endsWith('.delta')) this.timings.firstDeltaAt = now;
    this.stallWatch?.heard(event);

    if (isSocketRequestError(event)) {
      const error = classifyError(event);
      this.fail(
        new TransportError({ kind: 'api_error', error }, `API error: ${error.message}`, {
          transport: this.transport,
          requestSent: true,
          connectionId: this.timings.connectionId,
        }),
      );
      return 'ended';
    }
    this.deliver(event);
    if (isTerminalEvent(event)) {
      if (event.type !== 'response.failed' && this.continueAfter?.(event)) {
        // A steered response: its successor's events follow on the same lane (protocol.md §11).
        this.heldAfter = event;
        return 'more';
      }
      this.settle({ ok: true, terminal: event });
      return 'ended';
    }
    if (event.type === 'response.created') this.heldAfter = undefined;
    return 'more';
  }

  /** Ends the stream with an error (ignored if it already ended). */
  fail(error: TransportError): void {
    if (this.outcome) return;
    this.settle({ ok: false, error });
  }

  private deliver(event: ServerEvent): void {
    if (this.detached) return;
    this.buffer.push(event);
    this.notify();
  }

  private stalled(phase: StallPhase, silentSeconds: number, abandon: (error: TransportError) => void): void {
    if (this.outcome) return;
    const error = new TransportError({ kind: 'stalled', phase, silentSeconds }, describeStall(phase, silentSeconds), {
      transport: this.transport,
      requestSent: true,
      connectionId: this.timings.connectionId,
    });
    this.fail(error);
    abandon(error);
  }

  private settle(outcome: Outcome): void {
    this.stallWatch?.stop();
    this.timings.doneAt = performance.now();
    this.outcome = outcome;
    this.settleDone(outcome);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private iterator(): AsyncIterator<ServerEvent, void> {
    if (this.iterated) throw new Error('A ResponseStream can be iterated only once');
    this.iterated = true;
    return {
      next: async (): Promise<IteratorResult<ServerEvent, void>> => {
        for (;;) {
          const event = this.buffer.shift();
          if (event !== undefined) return { value: event, done: false };
          const outcome = this.outcome;
          if (outcome) {
            // Throw once, then behave like a finished iterator.
            if (!outcome.ok && !this.errorDelivered) {
              this.errorDelivered = true;
              throw outcome.error;
            }
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => (this.wake = resolve));
        }
      },
      return: async (): Promise<IteratorResult<ServerEvent, void>> => {
        this.detached = true;
        this.buffer.length = 0;
        return { value: undefined, done: true };
      },
    };
  }
}
