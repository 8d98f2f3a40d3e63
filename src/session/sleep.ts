// The one abortable wait of the session: backoffs between attempts. Cancelling ends it at once.
import { setTimeout as delay } from 'node:timers/promises';
import { SessionError } from './SessionError.js';

/** Waits `ms`; rejects with SessionError('aborted') as soon as `signal` aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  try {
    await delay(ms, undefined, signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw new SessionError('aborted', 'cancelled', { cause: err });
    throw err;
  }
}
