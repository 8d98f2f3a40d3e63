// The demo without a terminal: the same agent, plain text output.
import type { AgentEvent } from '../agent/events.js';
import { plainTextWriter } from '../headless/plainText.js';
import { exitCodeFor, runPrompts } from '../headless/runPrompts.js';
import { createAgentApp } from './agentApp.js';
import type { ResolvedRun } from './resolveRun.js';

export async function runPlainDemo(run: ResolvedRun, prompt: string, observe: (event: AgentEvent) => void): Promise<number> {
  const write = plainTextWriter({ stdout: process.stdout, stderr: process.stdout, toolOutput: false });
  const emit = (event: AgentEvent): void => {
    observe(event);
    write(event);
  };
  const app = await createAgentApp({ settings: run.settings, cwd: run.cwd, configDir: run.configDir, approver: null, onEvent: emit });
  process.stdout.write(`› ${prompt}\n\n`);
  try {
    return exitCodeFor(await runPrompts(app.agent, [prompt]));
  } finally {
    await app.close();
  }
}
