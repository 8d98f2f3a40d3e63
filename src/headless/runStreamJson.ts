// Runs the turns that JSON lines on standard input ask for (see streamJsonInput.ts): the prompt
// argument is the first turn, a line during a turn steers it, a line while idle is the next turn,
// and end of input ends the run once no turn runs and nothing is held.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Agent, TurnResult } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import { parseInputLine } from './streamJsonInput.js';
import { type HeadlessRun, interruptOnSignals, type RunStop } from './runPrompts.js';

export async function runStreamJson(
  agent: Agent,
  firstPrompts: string[],
  input: Readable,
  emit: (event: AgentEvent) => void,
  stop?: RunStop,
): Promise<HeadlessRun> {
  const signals = interruptOnSignals(stop);
  const waiting: string[] = [...firstPrompts];
  const results: TurnResult[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  lines.on('line', (line) => {
    lineNumber++;
    if (line.trim() === '') return;
    const parsed = parseInputLine(line);
    if (!parsed.ok) {
      emit({ type: 'error', code: 'invalid_input', message: `stdin line ${lineNumber}: ${parsed.message}`, fatal: false });
      return;
    }
    // During a turn the words steer it; otherwise they are the next turn.
    if (!agent.steer(parsed.text)) waiting.push(parsed.text);
    notify();
  });
  lines.on('close', () => {
    ended = true;
    notify();
  });
  try {
    for (;;) {
      if (signals.interrupted) break;
      // Steers that came as a turn ended (too late to ride on it) make a turn of their own.
      const prompt = waiting.shift() ?? (agent.owesSteers ? null : undefined);
      if (prompt !== undefined) {
        const result = await agent.runTurn(prompt, { signal: signals.signal });
        results.push(result);
        if (result.status !== 'completed') break;
        continue;
      }
      if (ended) break;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    lines.close();
    signals.dispose();
  }
  return { results, interrupted: signals.interrupted, ...(signals.exitCode !== undefined && { signalExitCode: signals.exitCode }) };
}
