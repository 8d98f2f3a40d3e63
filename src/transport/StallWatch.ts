/**
 * Bounds on a response that does not come. Pongs prove that the connection is alive, not that the
 * server is working on the request: a server can accept a `response.create`, keep answering pings
 * and never send an event (and HTTP has no pings at all). So each request carries two clocks:
 *
 * - first event: from the send until the first event *of the response* (`response.*` or `error`).
 *   Anything else the server sends before that (an event type nobody knows) is not a sign that the
 *   response started, so it does not stop this clock;
 * - idle: after that, the longest silence between any two events. Reasoning models can think
 *   quietly for minutes, so this bound is generous; it is for a server that has gone away.
 *
 * When a clock runs out the transport abandons the request (on the socket that means closing the
 * connection: there is no cancel event) and fails it as `stalled`; the session replays it.
 */
import type { StallPhase } from './TransportError.js';

export interface StreamTimeouts {
  /** No event of the response this long after the send → stalled. Default 30 s. */
  firstEventTimeoutMs?: number;
  /** After the first event, no event for this long → stalled. Default 300 s. */
  streamIdleTimeoutMs?: number;
}

export const DEFAULT_FIRST_EVENT_TIMEOUT_MS = 30_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

export function resolveStreamTimeouts(timeouts: StreamTimeouts): Required<StreamTimeouts> {
  return {
    firstEventTimeoutMs: timeouts.firstEventTimeoutMs ?? DEFAULT_FIRST_EVENT_TIMEOUT_MS,
    streamIdleTimeoutMs: timeouts.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  };
}

export class StallWatch {
  private timer: NodeJS.Timeout | undefined;
  private started = false;
  private stopped = false;

  constructor(
    private readonly timeouts: Required<StreamTimeouts>,
    /** Called at most once, with the phase and the bound (seconds) that ran out. */
    private readonly onStall: (phase: StallPhase, silentSeconds: number) => void,
  ) {}

  /** The request went out: the first-event clock starts. */
  sent(): void {
    this.arm('first_event', this.timeouts.firstEventTimeoutMs);
  }

  /** An event arrived. */
  heard(event: { type: string }): void {
    if (this.stopped || (!this.started && !isResponseEvent(event))) return;
    this.started = true;
    this.arm('idle', this.timeouts.streamIdleTimeoutMs);
  }

  /** The stream ended (terminal event or failure): no clock runs any more. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(phase: StallPhase, ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stop();
      this.onStall(phase, ms / 1000);
    }, ms);
  }
}

/** What happened, in words: "no event for 30 s after the request was sent". */
export function describeStall(phase: StallPhase, silentSeconds: number): string {
  const bound = `${Number(silentSeconds.toFixed(2))} s`;
  return phase === 'first_event' ? `no event for ${bound} after the request was sent` : `no event for ${bound} since the last one`;
}

/** An event that belongs to a response: its lifecycle and output (`response.*`), or an error. */
function isResponseEvent(event: { type: string }): boolean {
  return event.type.startsWith('response.') || event.type === 'error';
}
