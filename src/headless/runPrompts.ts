// Runs prompts as follow-up turns of one session, without a terminal: for one-shot and exec.
// Ctrl-C (SIGINT) cancels the running turn; the outcome becomes an exit code.
import type { Agent, TurnResult } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import { EXIT } from '../config/exitCodes.js';

export interface HeadlessRun {
  results: TurnResult[];
  interrupted: boolean;
}

export async function runPrompts(agent: Agent, prompts: string[], options: { /** Attached to the first prompt (data: URLs). */ images?: string[] } = {}): Promise<HeadlessRun> {
  const controller = new AbortController();
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(EXIT.interrupted); // a second Ctrl-C does not wait for the cleanup
    interrupted = true;
    controller.abort(new Error('interrupted'));
  };
  process.on('SIGINT', onSigint);
  const results: TurnResult[] = [];
  try {
    for (const [i, prompt] of prompts.entries()) {
      const images = i === 0 && options.images?.length ? { images: options.images } : {};
      const result = await agent.runTurn(prompt, { signal: controller.signal, ...images });
      results.push(result);
      if (result.status !== 'completed') break;
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return { results, interrupted };
}

/** The last event of a session (emit it after the connection is closed: it is the last line). */
export function sessionCompletedEvent(agent: Agent, run: HeadlessRun): AgentEvent {
  const last = run.results.at(-1);
  const status = run.interrupted ? 'cancelled' : last?.status === 'completed' ? 'completed' : 'failed';
  return { type: 'session.completed', status, finalMessage: last?.finalMessage ?? '', stats: agent.sessionStats };
}

/** Exit code (design.md): 0 done, 1 task failed, 3 config or auth, 4 network, 130 interrupted. */
export function exitCodeFor(run: HeadlessRun): number {
  if (run.interrupted) return EXIT.interrupted;
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
      if (code === 'auth' || code === 'quota') return EXIT.config;
      if (code === 'network') return EXIT.network;
      return EXIT.taskFailed;
    }
  }
}
