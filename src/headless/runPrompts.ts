// Runs prompts as follow-up turns of one session, without a terminal: for one-shot and exec.
// Ctrl-C (SIGINT) cancels the running turn; the outcome becomes an exit code.
import type { Agent, TurnResult } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import { EXIT, SIGNAL_EXIT_CODES } from '../config/exitCodes.js';

export interface HeadlessRun {
  results: TurnResult[];
  interrupted: boolean;
  /** The exit code of the signal that interrupted the run (130 SIGINT, 143 SIGTERM, 129 SIGHUP). */
  signalExitCode?: number;
}

/** A reason to end the run from outside, as a signal does, leaving with `exitCode` (the reader of standard output went away). */
export interface RunStop {
  signal: AbortSignal;
  exitCode: number;
}

/** Ctrl-C, SIGTERM and SIGHUP abort the running turn (a second one exits at once); so does `stop`. */
export interface SignalWatch {
  readonly signal: AbortSignal;
  readonly interrupted: boolean;
  readonly exitCode: number | undefined;
  dispose(): void;
}

export function interruptOnSignals(stop?: RunStop): SignalWatch {
  const controller = new AbortController();
  let interrupted = false;
  let exitCode: number | undefined;
  // SIGTERM and SIGHUP (a CI timeout, a closed terminal) end the run like Ctrl-C: the turn is
  // cancelled, which kills the tools' process trees, and the caller closes the session cleanly.
  const handlers = (Object.keys(SIGNAL_EXIT_CODES) as Array<keyof typeof SIGNAL_EXIT_CODES>).map((signal) => {
    const handler = (): void => {
      if (interrupted) process.exit(exitCode ?? EXIT.interrupted); // a second signal does not wait for the cleanup
      interrupted = true;
      exitCode = SIGNAL_EXIT_CODES[signal];
      controller.abort(new Error('interrupted'));
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  const onStop = (): void => {
    if (interrupted) return;
    interrupted = true;
    exitCode = stop!.exitCode;
    controller.abort(new Error('interrupted'));
  };
  if (stop?.signal.aborted) onStop();
  stop?.signal.addEventListener('abort', onStop, { once: true });
  return {
    signal: controller.signal,
    get interrupted() {
      return interrupted;
    },
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      stop?.signal.removeEventListener('abort', onStop);
    },
  };
}

export async function runPrompts(
  agent: Agent,
  prompts: string[],
  options: { /** Attached to the first prompt (data: URLs). */ images?: string[]; stop?: RunStop } = {},
): Promise<HeadlessRun> {
  const signals = interruptOnSignals(options.stop);
  const results: TurnResult[] = [];
  try {
    for (const [i, prompt] of prompts.entries()) {
      const images = i === 0 && options.images?.length ? { images: options.images } : {};
      if (signals.interrupted) break;
      const result = await agent.runTurn(prompt, { signal: signals.signal, ...images });
      results.push(result);
      if (result.status !== 'completed') break;
    }
  } finally {
    signals.dispose();
  }
  return { results, interrupted: signals.interrupted, ...(signals.exitCode !== undefined && { signalExitCode: signals.exitCode }) };
}

/** The last event of a session (emit it after the connection is closed: it is the last line). */
export function sessionCompletedEvent(agent: Agent, run: HeadlessRun): AgentEvent {
  const last = run.results.at(-1);
  const status = run.interrupted ? 'cancelled' : last?.status === 'completed' ? 'completed' : 'failed';
  return { type: 'session.completed', status, finalMessage: last?.finalMessage ?? '', stats: agent.sessionStats };
}

/** Exit code (README, "Exit codes"): 0 done, 1 task failed, 3 config or auth, 4 network, 130 interrupted. */
export function exitCodeFor(run: HeadlessRun): number {
  if (run.interrupted) return run.signalExitCode ?? EXIT.interrupted;
  const last = run.results.at(-1);
  if (!last) return EXIT.taskFailed;
  switch (last.status) {
    case 'completed':
      return EXIT.ok;
    case 'cancelled':
      return EXIT.interrupted;
    case 'max_turns':
      return EXIT.taskFailed;
    case 'failed': {
      const code = last.error?.code;
      if (code === 'auth' || code === 'quota' || code === 'model_not_found') return EXIT.config;
      if (code === 'network') return EXIT.network;
      return EXIT.taskFailed;
    }
  }
}
