// The approval gate when commands cannot be sandboxed: the user's approval mode decides edits as
// usual, but every command asks first, as in `suggest` (an "always" answer still counts), because
// it would run unconfined although nobody chose that.
import type { ApprovalPolicy, ApprovalVerdict } from '../approvalPolicy.js';
import type { ToolKind } from '../types.js';
import type { CommandSandbox } from './CommandSandbox.js';

export class SandboxApprovals {
  constructor(
    private readonly policy: ApprovalPolicy,
    private readonly sandbox: CommandSandbox,
  ) {}

  get mode(): string {
    return this.policy.mode;
  }

  private confined(kind: ToolKind): boolean {
    return kind === 'command' && this.sandbox.commandsNeedApproval;
  }

  /** `scope`: an MCP tool's server. MCP tools run in their server's process, never in the sandbox, so the policy alone decides them. */
  decide(toolName: string, kind: ToolKind, scope?: string): ApprovalVerdict {
    if (scope === undefined && this.confined(kind)) return this.policy.isRemembered(toolName) ? 'allow' : 'ask';
    return this.policy.decide(toolName, kind, scope);
  }

  /** A rule allowed the command; only the missing sandbox still asks (an "always" answer still counts). */
  decideAllowedByRule(toolName: string): ApprovalVerdict {
    if (this.sandbox.commandsNeedApproval) return this.policy.isRemembered(toolName) ? 'allow' : 'ask';
    return 'allow';
  }

  remember(toolName: string): void {
    this.policy.remember(toolName);
  }

  /** `allowedByRule`: a command rule allowed the call, so only the missing sandbox asks. */
  reason(toolName: string, kind: ToolKind, allowedByRule = false): string {
    if (this.confined(kind) && (allowedByRule || this.policy.decide(toolName, kind) === 'allow')) {
      return `no sandbox is available (${this.sandbox.unavailableReason}), so ${toolName} would run unconfined, as you`;
    }
    return this.policy.reason(toolName, kind);
  }

  refusal(toolName: string, kind: ToolKind, allowedByRule = false): string {
    if (this.confined(kind) && (allowedByRule || this.policy.decide(toolName, kind) === 'allow')) {
      return (
        `${toolName} was not run: no sandbox is available (${this.sandbox.unavailableReason}), so every command needs approval ` +
        'and no one is here to answer. Install bubblewrap, or re-run with --sandbox danger-full-access to run commands unconfined.'
      );
    }
    return this.policy.refusal(toolName, kind);
  }

  denial(toolName: string, reason?: string): string {
    return this.policy.denial(toolName, reason);
  }
}
