// Approval policy (docs/architecture.md, "Commands, approvals and the sandbox"): which tool calls
// run straight away and which ask first.
//   suggest    ask before any edit or command
//   auto-edit  edits run, commands ask
//   full-auto  everything runs (the workspace guard still refuses anything outside the workspace)
// Read-only tools never ask. "Always" answers are remembered per tool for the rest of the session,
// across mode changes. Where no one can answer (non-interactive), asking means refusing:
// refusalMessage() says which flag would have allowed the call.
import { APPROVAL_MODES, type ApprovalMode, approvalModeListing, isApprovalMode } from '../config/approvalModes.js';
import type { ToolKind } from './types.js';

export { APPROVAL_MODES, type ApprovalMode, isApprovalMode };
export type ApprovalVerdict = 'allow' | 'ask';

/** The command-line flag that sets the mode; messages name it. */
export const APPROVAL_FLAG = '--approval';

/** Parses a flag or `/approval` argument (case and surrounding spaces ignored); throws a message listing the modes. */
export function parseApprovalMode(value: string): ApprovalMode {
  const normalized = String(value).trim().toLowerCase();
  if (isApprovalMode(normalized)) return normalized;
  const shown = normalized === '' ? 'an empty value' : `"${String(value).trim()}"`;
  throw new Error(`Unknown approval mode: ${shown}. Use one of: ${APPROVAL_MODES.join(', ')}.\n${approvalModeListing()}`);
}

/** The verdict for a kind of call in a mode, ignoring remembered "always" answers. */
export function modeAllows(mode: ApprovalMode, kind: ToolKind): boolean {
  switch (kind) {
    case 'read':
      return true;
    case 'edit':
      return mode !== 'suggest';
    case 'command':
      return mode === 'full-auto';
  }
}

export class ApprovalPolicy {
  private currentMode: ApprovalMode;
  private readonly always = new Set<string>();

  constructor(mode: ApprovalMode = 'suggest') {
    if (!isApprovalMode(mode)) parseApprovalMode(String(mode)); // throws the listing error
    this.currentMode = mode;
  }

  get mode(): ApprovalMode {
    return this.currentMode;
  }

  /** `/approval <mode>` changes it mid-session; the next decide() uses it. Remembered tools stay remembered. */
  set mode(mode: ApprovalMode) {
    this.currentMode = isApprovalMode(mode) ? mode : parseApprovalMode(String(mode));
  }

  /** `scope`: an MCP tool's server (`mcp:NAME`); "always" for the server covers its tools. */
  decide(toolName: string, kind: ToolKind, scope?: string): ApprovalVerdict {
    if (modeAllows(this.currentMode, kind)) return 'allow';
    return this.always.has(toolName) || (scope !== undefined && this.always.has(scope)) ? 'allow' : 'ask';
  }

  /** A command rule allowed the call: it runs in every mode (the rules are the user's own word). */
  decideAllowedByRule(_toolName: string): ApprovalVerdict {
    return 'allow';
  }

  /** "Always for this tool (or this MCP server scope), this session." */
  remember(toolName: string): void {
    this.always.add(toolName);
  }

  isRemembered(toolName: string): boolean {
    return this.always.has(toolName);
  }

  /** Why a call of this tool needs approval now (the `reason` of `tool.approval_required`). */
  reason(toolName: string, kind: ToolKind): string {
    return approvalReason(toolName, kind, this.currentMode);
  }

  /** What the model and the user are told when asking means refusing (no one can answer). */
  refusal(toolName: string, kind: ToolKind): string {
    return refusalMessage(toolName, kind, this.currentMode);
  }

  /** What the model is told when the user says no. */
  denial(toolName: string, reason?: string): string {
    return denialMessage(toolName, reason);
  }

  /** Tools answered "always" so far (for /status). */
  get remembered(): readonly string[] {
    return [...this.always];
  }
}

function action(kind: ToolKind): string {
  return kind === 'command' ? 'running commands' : kind === 'edit' ? 'editing files' : 'reading files';
}

/** Why a call needs approval, for the `reason` of a `tool.approval_required` event. */
export function approvalReason(toolName: string, kind: ToolKind, mode: ApprovalMode): string {
  return `approval mode "${mode}" asks before ${action(kind)} (${toolName})`;
}

/**
 * The result text for a call that needed approval when no one can answer (non-interactive):
 * sent to the model as the tool output and shown to the user. Names the flag that allows it.
 */
export function refusalMessage(toolName: string, kind: ToolKind, mode: ApprovalMode): string {
  const head = `${toolName} was not run: approval mode "${mode}" asks before ${action(kind)} and no one is here to answer.`;
  if (kind === 'command') {
    const alt = mode === 'suggest' ? ` (or ${APPROVAL_FLAG} auto-edit for edits only)` : '';
    return `${head} Re-run with ${APPROVAL_FLAG} full-auto to allow commands${alt}.`;
  }
  if (kind === 'edit') {
    return `${head} Re-run with ${APPROVAL_FLAG} auto-edit to allow edits (or ${APPROVAL_FLAG} full-auto to allow edits and commands).`;
  }
  // Reads never ask; kept total so a caller never gets an empty message.
  return `${head} Re-run with ${APPROVAL_FLAG} full-auto.`;
}

/** The result text for a call the user said no to; the reason, if any, goes to the model. */
export function denialMessage(toolName: string, reason?: string): string {
  const why = (reason ?? '').trim().replace(/[.\s]+$/u, '');
  const head = why === '' ? `The user denied this ${toolName} call.` : `The user denied this ${toolName} call: ${why}.`;
  return `${head} Do not retry it; ask or take another approach.`;
}
