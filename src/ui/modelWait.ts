// "waiting for the model · 42 s": a turn is running, no tool is running, no approval is pending,
// and nothing has arrived from the model for a while. Reasoning models can think silently for
// minutes and a stalled server looks the same at first, so the user is told how long it has been
// (the session's first-event and idle timeouts decide when to give up; this only shows it).
import { formatMs } from './format.js';
import type { UiState } from './uiTypes.js';

/** Silence shorter than this is normal latency and shows nothing. */
export const MODEL_WAIT_NOTICE_MS = 10_000;

/** performance.now() since when the turn has been waiting on the model, or null when it is not. */
export function waitingOnModelSince(state: UiState): number | null {
  if (!state.busy || state.lastEventAt === null || state.approvals.length > 0) return null;
  if (state.tail.tools.some((t) => t.status === 'running' || t.status === 'waiting')) return null;
  return state.lastEventAt;
}

/** The working line's addition, or null while the silence is still short. */
export function modelWaitText(since: number | null, now: number): string | null {
  if (since === null) return null;
  const silent = now - since;
  return silent > MODEL_WAIT_NOTICE_MS ? `waiting for the model · ${formatMs(silent)}` : null;
}
