// `!cmd` typed at the TUI's prompt: the command runs now, the way the model's run_command runs
// (the same tool, so the same runner, sandbox and approval mode), shown as a tool card through the
// same events. Its command and output then go into the conversation as a user message, so the
// model sees them with the next prompt (a separate item keeps the prompt the user types as typed,
// in the transcript and the session file, and survives --resume).
import type { AgentEvent, ApprovalDecision } from '../agent/events.js';
import type { ApprovalRequest } from '../agent/ports.js';
import { userMessage } from '../session/index.js';
import type { AgentApp } from './agentApp.js';

export interface UserShellOptions {
  signal: AbortSignal;
  emit: (event: AgentEvent) => void;
  /** Asks the user (the approval prompt). */
  ask: (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;
}

let calls = 0;

/** The message the model reads before the next prompt. */
export function shellContext(command: string, output: string): string {
  return `I ran this shell command myself (typed as !${command} in wsagent); take it into account:\n$ ${command}\n${output}`;
}

/** Resolves true when the command ran (false: denied or cancelled before it started). */
export async function runUserShellCommand(app: AgentApp, command: string, options: UserShellOptions): Promise<boolean> {
  const { emit, signal } = options;
  const callId = `user_shell_${++calls}`;
  const json = JSON.stringify({ command, timeout_ms: null });
  const parsed = app.registry.parseArguments('run_command', json);
  if (!parsed.ok) throw new Error(parsed.message);
  const { tool, args } = parsed;
  const display = tool.display(args);
  let started = performance.now();
  const finish = (ok: boolean, output: string): false => {
    emit({ type: 'tool.completed', callId, name: tool.name, ok, output, durationMs: Math.round(performance.now() - started) });
    return false;
  };
  emit({ type: 'tool.requested', callId, name: tool.name, args, display });
  if (app.approvals.decide(tool.name, tool.kind) === 'ask') {
    emit({ type: 'tool.approval_required', callId, name: tool.name, args, display, reason: app.approvals.reason(tool.name, tool.kind) });
    let answer: ApprovalDecision;
    try {
      answer = await options.ask({ callId, name: tool.name, args, display, kind: tool.kind }, signal);
    } catch {
      return finish(false, 'Cancelled before it ran.');
    }
    if (answer.decision === 'deny') return finish(false, app.approvals.denial(tool.name, answer.reason));
    if (answer.decision === 'always') app.approvals.remember(tool.name);
  }
  started = performance.now(); // the card's time is the command's, not the time spent deciding
  emit({ type: 'tool.started', callId, name: tool.name, display });
  const result = await app.registry.execute(tool.name, json, {
    workspace: app.workspace,
    signal,
    onOutput: (chunk) => emit({ type: 'tool.output', callId, chunk }),
  });
  finish(result.ok, result.output);
  app.session.addItems([userMessage(shellContext(command, result.output))], 'user');
  return true;
}
