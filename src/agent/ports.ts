// What the loop needs from the tools layer, stated narrowly so the loop can be read (and tested)
// without the tools' internals.
import type { CustomTool, FunctionTool, HostedWebSearchTool } from '../protocol/index.js';
import type { ApprovalDecision } from './events.js';
import type { Tool, ToolKind } from '../tools/types.js';

export type ParsedCall = { ok: true; tool: Tool; args: unknown } | { ok: false; message: string };

export interface ToolCatalog {
  /** The tool definitions sent with every request: function tools, freeform custom tools, hosted web_search. */
  definitions(): Array<FunctionTool | CustomTool | HostedWebSearchTool>;
  /** Parses and validates a call's JSON arguments; messages are written for the model. */
  parseArguments(name: string, json: string): ParsedCall;
  /**
   * Offers the custom tools as function tools from now on, after the server refused them.
   * Returns false when no custom tool was offered (the refusal was about something else).
   */
  disableCustomTools?(): boolean;
}

export interface ApprovalGate {
  readonly mode: string;
  /** `scope`: an MCP tool's server scope; an "always" given for the scope covers the tool. */
  decide(toolName: string, kind: ToolKind, scope?: string): 'allow' | 'ask';
  /** For a command a rule allows: 'allow' unless something besides the approval mode asks (no sandbox to confine it). */
  decideAllowedByRule(toolName: string): 'allow' | 'ask';
  /** A tool name, or a scope (an MCP server) when the user said "always for this server". */
  remember(toolNameOrScope: string): void;
  /** Why a call of this tool needs approval (shown with the approval prompt). */
  reason(toolName: string, kind: ToolKind, allowedByRule?: boolean): string;
  /** Why asking is refusing here, naming the flag that allows it (non-interactive). */
  refusal(toolName: string, kind: ToolKind, allowedByRule?: boolean): string;
  /** What the model is told when the user says no. */
  denial(toolName: string, reason?: string): string;
}

export interface ChangeTracker {
  /** Called before a call that may change files (paths: [] means "anything", a command). */
  beforeChange(turn: number, paths: string[]): Promise<unknown>;
  /** Called after that call, with the same paths: what the turn left there is what undo may revert. */
  afterChange?(turn: number, paths: string[]): Promise<unknown>;
}

export interface ApprovalRequest {
  callId: string;
  name: string;
  args: unknown;
  display: string;
  kind: ToolKind;
  /** For MCP tools: the server (the prompt can offer "always for this server"). */
  server?: string;
  /** The change the call would make, as a unified diff with the files' real line numbers (apply_patch). */
  diff?: string;
  /** For commands: the prefix "always allow commands starting with …" would save as an allow rule. */
  allowPrefix?: string[];
}

/** Answers approval requests (the TUI); absent when no one can answer. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalDecision>;
