// Codex's read-only sandbox (`exec --experimental-json --sandbox read-only`, and its default): the
// model's commands run in wsagent's read-only sandbox, and the edit tools, which run in wsagent
// itself and not in the sandbox, are refused too, so nothing in the workspace changes, as in Codex.
// Every other decision stays with the gate it wraps.
import type { ApprovalGate } from '../agent/ports.js';

export function readOnlyWorkspaceGate(inner: ApprovalGate): ApprovalGate {
  // MCP tools (with a scope) run in their servers: the approval mode decides them as before.
  const isEdit = (kind: string, scope?: string): boolean => kind === 'edit' && scope === undefined;
  return {
    get mode() {
      return inner.mode;
    },
    decide: (toolName, kind, scope) => (isEdit(kind, scope) ? 'ask' : inner.decide(toolName, kind, scope)),
    decideAllowedByRule: (toolName) => inner.decideAllowedByRule(toolName),
    remember: (toolNameOrScope) => inner.remember(toolNameOrScope),
    reason: (toolName, kind, allowedByRule) =>
      isEdit(kind) ? 'the workspace is read-only (--sandbox read-only)' : inner.reason(toolName, kind, allowedByRule),
    refusal: (toolName, kind, allowedByRule) =>
      isEdit(kind)
        ? `${toolName} was not run: the sandbox is read-only, so no file may change. Re-run with --sandbox workspace-write to allow edits.`
        : inner.refusal(toolName, kind, allowedByRule),
    denial: (toolName, reason) => inner.denial(toolName, reason),
  };
}
