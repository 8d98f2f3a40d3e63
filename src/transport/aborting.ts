/**
 * Builders for the errors more than one place raises, so their wording and facts stay identical.
 */
import { TransportError } from './TransportError.js';
import type { TransportKind } from './transportKind.js';

export function abortedError(transport: TransportKind, what: string, requestSent: boolean, connectionId: number | null, cause?: unknown): TransportError {
  return new TransportError({ kind: 'aborted' }, what, { transport, requestSent, connectionId, cause });
}

/** Rejects when `signal` aborts, so a wait can be abandoned without cancelling what it waits for. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
