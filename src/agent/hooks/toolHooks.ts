// PreToolUse and PostToolUse around one tool call. PreToolUse may block the call (its reason is
// the call's output, so the model reads why), let it run without asking, or insist on asking;
// PostToolUse sees the tool's output and may hand the model more to read with it (a block reason,
// exit 2's stderr, additional context), as Claude Code and Codex do.
import type { Hooks } from './Hooks.js';
import { type HookVerdict, NO_VERDICT } from './hookVerdict.js';

/**
 * The call's arguments as hooks see them: wsagent's own, plus `file_path` beside `path`, the name
 * Claude Code's file tools use (a hook reading `.tool_input.file_path` works unchanged).
 */
export function hookToolInput(args: unknown): unknown {
  if (!args || typeof args !== 'object' || Array.isArray(args)) return args;
  const path = (args as { path?: unknown }).path;
  return typeof path === 'string' && !('file_path' in args) ? { ...args, file_path: path } : args;
}

export async function beforeToolCall(hooks: Hooks | null, call: { name: string; callId: string; args: unknown }, signal: AbortSignal): Promise<HookVerdict> {
  if (!hooks?.has('PreToolUse', call.name)) return NO_VERDICT;
  return hooks.run('PreToolUse', { tool_name: call.name, tool_input: hookToolInput(call.args), tool_use_id: call.callId }, signal, call.name);
}

/** What the model is told instead of the output of a call a hook blocked. */
export function blockedCallOutput(reason: string): string {
  return `A PreToolUse hook blocked this call; it did not run. The hook said: ${reason}`;
}

/** Why a call a PreToolUse hook asked about did not run where no one can answer. */
export function hookRefusal(tool: string): string {
  return `${tool} was not run: a PreToolUse hook asks for approval of this call, and no one is here to answer.`;
}

/** The output the model reads after PostToolUse hooks had their say (unchanged when they said nothing). */
export async function afterToolCall(
  hooks: Hooks | null,
  call: { name: string; callId: string; args: unknown },
  result: { ok: boolean; output: string },
  signal: AbortSignal,
): Promise<string> {
  if (!hooks?.has('PostToolUse', call.name)) return result.output;
  const verdict = await hooks.run(
    'PostToolUse',
    { tool_name: call.name, tool_input: hookToolInput(call.args), tool_use_id: call.callId, tool_response: { ok: result.ok, output: result.output } },
    signal,
    call.name,
  );
  const notes = [...(verdict.block ? [verdict.block] : []), ...verdict.context];
  if (notes.length === 0) return result.output;
  return `${result.output}\n\n[PostToolUse hook] ${notes.join('\n')}`;
}
