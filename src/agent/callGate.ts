// Whether a tool call runs, asks first or is refused, before anything runs: wsagent's own settings
// under .wsagent/ always ask; a command rule forbids, asks or allows (the strictest matching rule);
// a PreToolUse hook may ask, or approve as an allow rule does; otherwise the approval gate decides
// (the mode, "always" answers, a missing sandbox). A hook's block is handled before this.
import { protectedReason, protectedRefusal } from '../tools/protectedPaths.js';
import type { CommandRuleGate } from '../tools/rules/commandRuleGate.js';
import type { Tool } from '../tools/types.js';
import { hookRefusal } from './hooks/toolHooks.js';
import type { ApprovalGate } from './ports.js';

/** What the PreToolUse hooks said about the call (neither: as if there were none). */
export interface HookApproval {
  approve: boolean;
  ask: boolean;
}

const NO_HOOK: HookApproval = { approve: false, ask: false };

export type CallVerdict =
  | { kind: 'run' }
  /** A command rule forbids it: refused in every mode; `message` is what the model is told. */
  | { kind: 'forbidden'; message: string }
  /**
   * Someone must say yes. `refusal`: the answer where no one can. `allowPrefix`: what "always allow
   * commands starting with …" would save (null where no rule can help). `protectedSettings`: the
   * call changes .wsagent/ (an "always" answer is not remembered for it).
   */
  | { kind: 'ask'; reason: string; refusal: string; allowPrefix: string[] | null; protectedSettings: boolean };

export function callVerdict(
  deps: { approvals: ApprovalGate; commandRules?: CommandRuleGate | null },
  tool: Tool,
  args: unknown,
  protectedSettings: string[],
  hook: HookApproval = NO_HOOK,
): CallVerdict {
  const { approvals } = deps;
  const ruled = deps.commandRules?.check(tool.name, args) ?? null;
  if (ruled?.decision === 'forbidden') return { kind: 'forbidden', message: ruled.message };
  if (protectedSettings.length > 0) {
    const reason = protectedReason(tool.name, protectedSettings);
    return { kind: 'ask', reason, refusal: protectedRefusal(tool.name, protectedSettings), allowPrefix: null, protectedSettings: true };
  }
  if (ruled?.decision === 'prompt') return { kind: 'ask', reason: ruled.reason, refusal: ruled.refusal, allowPrefix: null, protectedSettings: false };
  if (hook.ask)
    return { kind: 'ask', reason: 'a PreToolUse hook asks for approval', refusal: hookRefusal(tool.name), allowPrefix: null, protectedSettings: false };
  // A hook's approve is an allow for this one call; for anything but a sandboxed command nothing else asks.
  const sandboxed = tool.kind === 'command' && tool.approvalScope === undefined;
  if (hook.approve && !sandboxed) return { kind: 'run' };
  // An allow rule (or a hook's approve) skips the approval mode's question, but not the one asked because no sandbox confines the command.
  const allowedByRule = ruled?.decision === 'allow' || hook.approve;
  const verdict = allowedByRule ? approvals.decideAllowedByRule(tool.name) : approvals.decide(tool.name, tool.kind, tool.approvalScope);
  if (verdict === 'allow') return { kind: 'run' };
  return {
    kind: 'ask',
    reason: approvals.reason(tool.name, tool.kind, allowedByRule),
    refusal: approvals.refusal(tool.name, tool.kind, allowedByRule),
    // Saving an allow rule changes nothing where a rule already decided.
    allowPrefix: ruled ? null : (deps.commandRules?.suggest(tool.name, args) ?? null),
    protectedSettings: false,
  };
}
