/**
 * Liveness for a long-lived socket. A socket can die without a close (a laptop sleeps, a NAT
 * forgets the mapping, a proxy stalls): TCP alone then hangs for minutes (Codex users report
 * 300 s). So: whenever nothing has been heard for a while, ping; when neither a pong nor any frame
 * arrives within `deadAfterMs`, declare the connection dead. It runs while idle too, so a dead idle
 * socket is noticed before the next request is written into it.
 */

export interface HeartbeatOptions {
  /** Silence (no frame, no pong) after which the connection is dead. */
  deadAfterMs: number;
  /** Sends a WebSocket ping. */
  ping: () => void;
  /** Called once, with how long it has been silent. */
  onDead: (silentMs: number) => void;
}

/** Checks per dead bound: fine enough to be on time, coarse enough to cost nothing. */
const TICKS_PER_BOUND = 4;
const MIN_TICK_MS = 25;

export class Heartbeat {
  private lastHeardAt = performance.now();
  private lastPingAt = 0;
  private lastTickAt = performance.now();
  private timer: NodeJS.Timeout | undefined;
  private readonly tickMs: number;
  /** Ping after this much silence: early enough that a pong can come back well within the bound. */
  private readonly pingAfterMs: number;

  constructor(private readonly options: HeartbeatOptions) {
    this.tickMs = Math.max(MIN_TICK_MS, Math.floor(options.deadAfterMs / TICKS_PER_BOUND));
    this.pingAfterMs = Math.max(MIN_TICK_MS, Math.floor(options.deadAfterMs / 3));
  }

  start(): void {
    this.stop();
    this.lastHeardAt = this.lastTickAt = performance.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
    // An idle heartbeat must never be what keeps the process alive.
    this.timer.unref();
  }

  /** Anything arrived from the peer (a frame, a pong, a ping). */
  heard(): void {
    this.lastHeardAt = performance.now();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = performance.now();
    const late = now - this.lastTickAt > this.tickMs * 3;
    this.lastTickAt = now;
    if (late) {
      // Our own event loop was blocked (or the machine slept): frames and pongs may be waiting,
      // unread, in the socket. Judge the peer from fresh evidence, not from our own stall.
      this.lastHeardAt = now;
      this.sendPing(now);
      return;
    }
    const silentMs = now - this.lastHeardAt;
    if (silentMs >= this.options.deadAfterMs) {
      this.stop();
      this.options.onDead(Math.round(silentMs));
      return;
    }
    if (silentMs >= this.pingAfterMs && now - this.lastPingAt >= this.pingAfterMs) this.sendPing(now);
  }

  private sendPing(now: number): void {
    this.lastPingAt = now;
    this.options.ping();
  }
}
