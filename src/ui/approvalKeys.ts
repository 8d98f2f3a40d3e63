// Key bindings of the approval prompt, pure: y approves, a approves the tool for the rest of the
// session, s (MCP tools) approves every tool of that server for the rest of the session, p (commands
// with a safe prefix) saves an allow rule for the prefix shown on the card, n denies
// and then asks for an optional reason line (Enter sends it, empty is fine).
import type { Key } from 'ink';
import type { ApprovalDecision } from '../agent/events.js';

export interface ApprovalInput {
  mode: 'choose' | 'reason';
  reason: string;
}

export const CHOOSING: ApprovalInput = { mode: 'choose', reason: '' };

export interface ApprovalKeyResult {
  state: ApprovalInput;
  /** Set when the key answers the request. */
  decision?: ApprovalDecision;
}

export function approvalKey(
  state: ApprovalInput,
  input: string,
  key: Key,
  options: { server?: string; allowPrefix?: string[]; question?: boolean } = {},
): ApprovalKeyResult {
  if (key.ctrl || key.escape) return { state };
  if (state.mode === 'choose') {
    switch (input.toLowerCase()) {
      case 'y':
        return { state, decision: { decision: 'approve' } };
      case 'a':
        return options.question ? { state } : { state, decision: { decision: 'always' } };
      case 'p':
        return options.allowPrefix ? { state, decision: { decision: 'always', scope: 'prefix' } } : { state };
      case 's':
        return options.server ? { state, decision: { decision: 'always', scope: 'server' } } : { state };
      case 'n':
        // A question of wsagent's own has no model to tell why: no is the whole answer.
        return options.question ? { state, decision: { decision: 'deny' } } : { state: { mode: 'reason', reason: '' } };
      default:
        return { state };
    }
  }
  if (key.return) {
    const reason = state.reason.trim();
    return { state, decision: reason ? { decision: 'deny', reason } : { decision: 'deny' } };
  }
  if (key.backspace || key.delete) return { state: { ...state, reason: [...state.reason].slice(0, -1).join('') } };
  if (key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return { state };
  const typed = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return typed ? { state: { ...state, reason: state.reason + typed } } : { state };
}
