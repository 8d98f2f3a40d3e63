// What one hook's process said, read the way Claude Code and Codex document it:
// - exit 0: go on. Plain stdout is context (SessionStart, UserPromptSubmit); stdout that is a JSON
//   object is an answer: `decision: "block"|"approve"` with `reason`, `continue: false` with
//   `stopReason`, `hookSpecificOutput.permissionDecision: "allow"|"deny"|"ask"` with
//   `permissionDecisionReason`, `hookSpecificOutput.additionalContext`, `systemMessage`.
// - exit 2: block; stderr is the reason.
// - any other exit, a timeout, or stdout that starts like JSON and is not: the hook failed; the
//   caller reports it and goes on as if it had not run.
import type { HookProcessResult } from './hookProcess.js';

export interface HookVerdict {
  /** Why the prompt, call or stop is blocked (null: not blocked). */
  block: string | null;
  /** Run the tool call without asking (`approve`, `permissionDecision: "allow"`). */
  approve: boolean;
  /** Ask the user even where the approval mode would not (`permissionDecision: "ask"`). */
  ask: boolean;
  /** Text added for the model. */
  context: string[];
  /** Shown to the user (`systemMessage`). */
  userMessage: string | null;
  /** Why the hook failed (reported once), or null. */
  failure: string | null;
}

export const NO_VERDICT: HookVerdict = { block: null, approve: false, ask: false, context: [], userMessage: null, failure: null };

const BLOCKED_WITHOUT_REASON = 'blocked by a hook (it gave no reason)';

function stringField(record: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = record?.[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** A JSON answer's verdict. */
function fromJson(answer: Record<string, unknown>): HookVerdict {
  const specific =
    answer.hookSpecificOutput && typeof answer.hookSpecificOutput === 'object' ? (answer.hookSpecificOutput as Record<string, unknown>) : undefined;
  const reason = stringField(answer, 'reason');
  const permission = stringField(specific, 'permissionDecision');
  const permissionReason = stringField(specific, 'permissionDecisionReason') ?? reason;
  const context = stringField(specific, 'additionalContext');
  const verdict: HookVerdict = { ...NO_VERDICT, context: context ? [context] : [], userMessage: stringField(answer, 'systemMessage') ?? null };
  if (answer.continue === false) return { ...verdict, block: stringField(answer, 'stopReason') ?? reason ?? BLOCKED_WITHOUT_REASON };
  if (permission === 'deny' || answer.decision === 'block') return { ...verdict, block: permissionReason ?? BLOCKED_WITHOUT_REASON };
  if (permission === 'allow' || answer.decision === 'approve') return { ...verdict, approve: true };
  if (permission === 'ask') return { ...verdict, ask: true };
  return verdict;
}

/** The verdict of one finished hook process; `plainContext`: the event reads plain stdout as context. */
export function hookVerdict(result: HookProcessResult, timeoutSeconds: number, plainContext: boolean): HookVerdict {
  if (result.spawnError) return { ...NO_VERDICT, failure: `could not start: ${result.spawnError}` };
  if (result.timedOut) return { ...NO_VERDICT, failure: `killed after its ${timeoutSeconds} s timeout` };
  if (result.exitCode === null) return { ...NO_VERDICT, failure: 'was killed' };
  if (result.exitCode === 2) return { ...NO_VERDICT, block: result.stderr.trim() || BLOCKED_WITHOUT_REASON };
  if (result.exitCode !== 0) {
    const said = result.stderr.trim().split('\n')[0];
    return { ...NO_VERDICT, failure: `exited with ${result.exitCode}${said ? `: ${said}` : ''}` };
  }
  const out = result.stdout.trim();
  if (out.startsWith('{')) {
    let answer: unknown;
    try {
      answer = JSON.parse(out);
    } catch (err) {
      return { ...NO_VERDICT, failure: `printed JSON that does not parse (${(err as Error).message})` };
    }
    if (answer && typeof answer === 'object' && !Array.isArray(answer)) return fromJson(answer as Record<string, unknown>);
  }
  return { ...NO_VERDICT, context: plainContext && out ? [out] : [] };
}

/** Several hooks' verdicts as one: any block wins, then ask, then approve; contexts add up. */
export function combineVerdicts(verdicts: readonly HookVerdict[]): HookVerdict {
  const blocks = verdicts.map((v) => v.block).filter((b): b is string => b !== null);
  const messages = verdicts.map((v) => v.userMessage).filter((m): m is string => m !== null);
  const ask = verdicts.some((v) => v.ask);
  return {
    block: blocks.length > 0 ? blocks.join('\n') : null,
    ask,
    approve: !ask && verdicts.some((v) => v.approve),
    context: verdicts.flatMap((v) => v.context),
    userMessage: messages.length > 0 ? messages.join('\n') : null,
    failure: null,
  };
}
