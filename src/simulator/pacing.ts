// Delivers model-time events on the simulated network: one-way delay plus the downlink's
// serialisation time, so a burst of deltas arrives no faster than the link allows.
import type { NetworkProfile } from './profiles.js';
import { transferMs } from './profiles.js';

export const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

export class DownlinkPacer {
  private linkFreeAt: number;

  constructor(
    private readonly profile: NetworkProfile,
    /** Wall time (performance.now()) when the model started on this request. */
    private readonly start: number,
  ) {
    this.linkFreeAt = start;
  }

  /** Wall time at which an event produced at model time `atMs` reaches the client. */
  arrivalOf(atMs: number, bytes: number): number {
    const produced = this.start + atMs;
    this.linkFreeAt = Math.max(this.linkFreeAt, produced) + transferMs(bytes, this.profile.downlinkBps);
    return this.linkFreeAt + this.profile.oneWayMs;
  }

  /** Waits until that arrival time (no timer at all under the `local` profile). */
  async waitFor(atMs: number, bytes: number): Promise<void> {
    const due = this.arrivalOf(atMs, bytes);
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
  }
}

/** Time the request spends on the uplink before the server can start on it. */
export function uplinkMs(profile: NetworkProfile, bytes: number): number {
  return profile.oneWayMs + transferMs(bytes, profile.uplinkBps);
}
