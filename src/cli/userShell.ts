// `!cmd` typed at the TUI's prompt: the command runs now, the way the model's run_command runs
// (the same tool, so the same runner and sandbox), shown as a tool card through the same events.
// It never asks for approval: the approval mode guards what the model starts, and the user typed
// this command themselves (asking would also offer to always allow the model's run_command). When
// the sandbox blocks it, the sandbox's own question (run it once outside?) still comes. Its command
// and output then go into the conversation as a user message, so the model sees them with the
// next prompt (a separate item keeps the prompt the user types as typed,
// in the transcript and the session file, and survives --resume).
import type { AgentEvent } from '../agent/events.js';
import { userMessage } from '../session/index.js';
import type { AgentApp } from './agentApp.js';

export interface UserShellOptions {
  signal: AbortSignal;
  emit: (event: AgentEvent) => void;
}

let calls = 0;
/** Apps already told that `!cmd` runs unconfined (said once per session). */
const toldUnconfined = new WeakSet<AgentApp>();

/** The message the model reads before the next prompt. */
export function shellContext(command: string, output: string): string {
  return `I ran this shell command myself (typed as !${command} in wsagent); take it into account:\n$ ${command}\n${output}`;
}

/** Resolves true once the command ran (it may have failed); throws when it cannot be parsed. */
export async function runUserShellCommand(app: AgentApp, command: string, options: UserShellOptions): Promise<boolean> {
  const { emit, signal } = options;
  const callId = `user_shell_${++calls}`;
  const json = JSON.stringify({ command, timeout_ms: null });
  const parsed = app.registry.parseArguments('run_command', json);
  if (!parsed.ok) throw new Error(parsed.message);
  const { tool, args } = parsed;
  const display = tool.display(args);
  emit({ type: 'tool.requested', callId, name: tool.name, args, display });
  if (app.sandbox.state === 'none' && !toldUnconfined.has(app)) {
    // Never a silent fallback: the model's commands ask here, the user's own run as typed.
    toldUnconfined.add(app);
    emit({ type: 'error', code: 'sandbox_unavailable', message: 'no sandbox here: commands you type with ! run unconfined, as you', fatal: false });
  }
  const started = performance.now();
  emit({ type: 'tool.started', callId, name: tool.name, display });
  const result = await app.registry.execute(tool.name, json, {
    workspace: app.workspace,
    signal,
    // The call id lets a sandbox that blocks the command ask whether to run it once outside.
    callId,
    onOutput: (chunk) => emit({ type: 'tool.output', callId, chunk }),
  });
  emit({ type: 'tool.completed', callId, name: tool.name, ok: result.ok, output: result.output, durationMs: Math.round(performance.now() - started) });
  app.session.addItems([userMessage(shellContext(command, result.output))], 'user');
  return true;
}
