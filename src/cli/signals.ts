// The signals that end wsagent from outside (a closed terminal, `kill`, a CI runner's timeout,
// Ctrl-C), and the exit code each one leaves with (128 + the signal's number, as shells report it).
export const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type TerminationSignal = (typeof TERMINATION_SIGNALS)[number];

import { SIGNAL_EXIT_CODES } from '../config/exitCodes.js';

export { SIGNAL_EXIT_CODES };

/**
 * Calls `onFirst` on the first termination signal: the front end cancels the turn (which kills the
 * tools' process trees), writes the session file's last lines, closes the connection and restores
 * the terminal. A second signal exits at once: the user insists. Returns the uninstaller.
 */
export function onTermination(
  onFirst: (signal: TerminationSignal, exitCode: number) => void,
  signals: readonly TerminationSignal[] = TERMINATION_SIGNALS,
): () => void {
  let received: TerminationSignal | null = null;
  const handlers = signals.map((signal) => {
    const handler = (): void => {
      if (received) process.exit(SIGNAL_EXIT_CODES[received]);
      received = signal;
      onFirst(signal, SIGNAL_EXIT_CODES[signal]);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
