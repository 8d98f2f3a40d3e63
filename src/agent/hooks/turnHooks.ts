// The hooks around a turn: SessionStart (before the session's first prompt) and UserPromptSubmit
// (before each prompt is sent) may add context for the model or, for UserPromptSubmit, block the
// prompt; Stop (when the model answers without calls) may send the model back to work, once per
// stop: `stop_hook_active` tells the hook it already did, as in Claude Code, so a hook that always
// blocks cannot hold a turn forever.
import type { Hooks } from './Hooks.js';

export interface PromptHookResult {
  /** Why the prompt is not sent (null: send it). */
  blocked: string | null;
  /** Text the hooks added, already framed for the model ('' when none). */
  context: string;
}

function framed(event: string, context: readonly string[]): string[] {
  return context.map((text) => `<hook_context event="${event}">\n${text}\n</hook_context>`);
}

export async function promptHooks(
  hooks: Hooks | null,
  prompt: string,
  when: { firstTurn: boolean; resumed: boolean },
  signal: AbortSignal,
): Promise<PromptHookResult> {
  if (!hooks) return { blocked: null, context: '' };
  const parts: string[] = [];
  if (when.firstTurn && hooks.has('SessionStart')) {
    // SessionStart cannot block (the session is already there): only its context counts.
    const start = await hooks.run('SessionStart', { source: when.resumed ? 'resume' : 'startup' }, signal);
    parts.push(...framed('SessionStart', start.context));
  }
  if (hooks.has('UserPromptSubmit')) {
    const submit = await hooks.run('UserPromptSubmit', { prompt }, signal);
    if (submit.block !== null) return { blocked: submit.block, context: '' };
    parts.push(...framed('UserPromptSubmit', submit.context));
  }
  return { blocked: null, context: parts.join('\n\n') };
}

/** The message that sends the model back to work, or null to let the turn end. */
export async function stopHooks(hooks: Hooks | null, lastMessage: string, stopHookActive: boolean, signal: AbortSignal): Promise<string | null> {
  if (!hooks?.has('Stop') || stopHookActive) return null;
  const verdict = await hooks.run('Stop', { stop_hook_active: stopHookActive, last_assistant_message: lastMessage }, signal);
  if (verdict.block === null) return null;
  return `A Stop hook asked you to continue before ending the turn: ${verdict.block}`;
}
