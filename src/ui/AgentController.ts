// What the interactive UI may ask of the agent: user intents in, AgentEvents out. The UI never
// touches the session or the socket; the CLI layer implements this on top of Agent and
// ModelSession (src/cli/interactive/…).
import type { AgentEvent, ApprovalDecision } from '../agent/events.js';

export interface ConnectionSnapshot {
  transport: 'ws' | 'http';
  state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** performance.now() when the current connection opened, or null. */
  openedAt: number | null;
  reconnects: number;
}

export interface ControllerInfo {
  sessionId: string;
  model: string;
  approval: string;
  cwd: string;
  connection: ConnectionSnapshot;
}

export interface UndoSummary {
  turn: number;
  restored: string[];
  removed: string[];
}

/** One MCP server as /mcp shows it. */
export interface McpServerView {
  name: string;
  transport: 'stdio' | 'http';
  state: 'starting' | 'ready' | 'failed' | 'closed';
  failure: string | null;
  version: string | null;
  tools: Array<{ name: string; tool: string; readOnly: boolean }>;
  logFile: string | null;
}

export interface AgentController {
  readonly info: ControllerInfo;
  /** Subscribes to every AgentEvent; returns the unsubscribe function. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Starts a turn with this prompt. Resolves when the turn is over. */
  submit(prompt: string): Promise<void>;
  /** Cancels the running turn (stream and tools); a no-op when idle. */
  cancel(): void;
  /** Answers a pending tool.approval_required. */
  answerApproval(callId: string, decision: ApprovalDecision): void;
  /** Compacts the conversation now (/compact). */
  compact(): Promise<string>;
  /** The working tree's diff against HEAD (/diff), or a message when not in git. */
  diff(): Promise<string>;
  /** Restores the files of the last turn that changed any (/undo); null when nothing to undo. */
  undo(): Promise<UndoSummary | null>;
  setModel(model: string): void;
  /** Throws an Error whose message lists the modes for an unknown one. */
  setApproval(mode: string): void;
  /** Starts a fresh conversation (/clear): new chain, empty ledger. */
  clear(): void;
  /** The configured MCP servers (/mcp); absent or [] when there are none. */
  mcpServers?(): McpServerView[];
  /** Ends the session: closes the connection. */
  close(): Promise<void>;
}
