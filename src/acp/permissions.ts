// wsagent's approval questions as ACP `session/request_permission`: whatever the approval mode and
// the command rules would ask in the TUI, the editor asks instead (allow once, allow always,
// reject). A cancelled turn cancels the question; an editor that cannot answer means no.
import type { AgentContext, PermissionOption, RequestPermissionResponse } from '@agentclientprotocol/sdk';
import type { ApprovalDecision } from '../agent/events.js';
import type { ApprovalRequest, Approver } from '../agent/ports.js';
import { proposedDiff, toolKind, toolLocations } from './toolCallShape.js';

const ALLOW_ONCE = 'allow_once';
const ALLOW_ALWAYS = 'allow_always';
const REJECT = 'reject_once';

function options(request: ApprovalRequest): PermissionOption[] {
  const always = request.allowPrefix
    ? `Always allow commands starting with \`${request.allowPrefix.join(' ')}\``
    : request.server
      ? `Always allow ${request.server}'s tools in this session`
      : `Always allow ${request.name} in this session`;
  return [
    { optionId: ALLOW_ONCE, name: 'Allow', kind: 'allow_once' },
    { optionId: ALLOW_ALWAYS, name: always, kind: 'allow_always' },
    { optionId: REJECT, name: 'Reject', kind: 'reject_once' },
  ];
}

/** The answer as wsagent's decision (an "always" for a command saves an allow rule, as the TUI's `p` does). */
export function decisionOf(response: RequestPermissionResponse, request: ApprovalRequest): ApprovalDecision {
  const outcome = response.outcome;
  if (outcome.outcome !== 'selected') return { decision: 'deny', reason: 'the editor cancelled the question' };
  if (outcome.optionId === ALLOW_ONCE) return { decision: 'approve' };
  if (outcome.optionId === ALLOW_ALWAYS) {
    if (request.allowPrefix) return { decision: 'always', scope: 'prefix' };
    return { decision: 'always', scope: request.server ? 'server' : 'tool' };
  }
  return { decision: 'deny' };
}

export function editorApprover(client: AgentContext, sessionId: () => string, root: string, log: (line: string) => void): Approver {
  return async (request, signal) => {
    const kind = toolKind(request.name);
    try {
      const response = await client.request(
        'session/request_permission',
        {
          sessionId: sessionId(),
          toolCall: {
            toolCallId: request.callId,
            title: request.display,
            kind,
            status: 'pending',
            locations: toolLocations(request.name, request.args, root),
            content: proposedDiff(request.name, request.args, root, request.diff),
            rawInput: request.args,
          },
          options: options(request),
        },
        { cancellationSignal: signal, stopWaitingOnCancel: true },
      );
      return decisionOf(response, request);
    } catch (err) {
      if (!signal.aborted) log(`the permission request for ${request.display} failed: ${(err as Error).message}`);
      return { decision: 'deny', reason: signal.aborted ? 'the turn was cancelled' : 'the editor did not answer' };
    }
  };
}
