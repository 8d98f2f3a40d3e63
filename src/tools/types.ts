// The contract every workspace tool fulfils: a strict JSON schema the model sees, validation
// whose messages the model can act on, a short display form for the UI, and an execution that
// honours cancellation. Tools never throw for bad input or failed commands: they return a result
// the model reads.
import type { CustomTool } from '../protocol/index.js';
import type { WorkspaceGuard } from './WorkspaceGuard.js';

/** What approval a call needs: reads never ask; edits and commands depend on the mode. */
export type ToolKind = 'read' | 'edit' | 'command';

export interface ToolContext {
  workspace: WorkspaceGuard;
  /** Aborted when the user cancels the turn: stop, kill child processes, return promptly. */
  signal: AbortSignal;
  /** Streams partial output (command output) to the UI as it arrives. */
  onOutput?: (chunk: string) => void;
  /** The model's call id, for an approval asked while the tool runs (a sandbox escape). */
  callId?: string;
}

export interface ToolResult {
  /** False when the tool failed (bad path, no match, non-zero exit…): the model should react. */
  ok: boolean;
  /** What the model reads. Bounded in size by the tool. */
  output: string;
  /** For edits: a unified diff of the change, for the UI. */
  diff?: string;
  /** Workspace-relative paths this call changed (for undo and the UI). */
  changedPaths?: string[];
  /** When set, the function_call_output carries these content parts (images) instead of `output`. */
  outputParts?: Array<Record<string, unknown>>;
  /** For update_plan: the plan to show the user. */
  plan?: { explanation: string | null; plan: Array<{ step: string; status: 'pending' | 'in_progress' | 'completed' }> };
}

export type ValidationResult<A> = { ok: true; args: A } | { ok: false; message: string };

export interface Tool<A = unknown> {
  name: string;
  description: string;
  kind: ToolKind;
  /** JSON schema of the arguments, OpenAI strict mode: every property required, optional ones nullable. */
  parameters: Record<string, unknown>;
  /** Checks parsed arguments beyond the schema; messages are written for the model. */
  validate(args: unknown): ValidationResult<A>;
  /** A one-line summary for the UI, e.g. `read_file src/a.js:10-20`. */
  display(args: A): string;
  execute(args: A, ctx: ToolContext): Promise<ToolResult>;
  /** False for a schema outside the strict subset (MCP tools); absent means strict. */
  strict?: boolean;
  /** For MCP tools: the server and the tool's own name (shown by the front ends, in `--json`). */
  mcp?: { server: string; tool: string };
  /** An "always" answer given for this whole scope (an MCP server) also covers this tool. */
  approvalScope?: string;
  /**
   * Offered as a freeform custom tool (where the server has them): the model sends plain text,
   * which arrives as `{ input: text }`. The function form (`parameters`) stays the fallback.
   */
  freeform?: { description: string; format: NonNullable<CustomTool['format']> };
  /** Workspace paths the call will change (for the undo snapshot); absent means `args.path`. */
  paths?(args: A): string[];
  /** The change the call would make, as a unified diff for the approval prompt (null: none). */
  preview?(args: A, ctx: ToolContext): Promise<string | null>;
}
