// What the ACP front end needs from the rest of wsagent, stated narrowly: cli/ builds the agent
// (settings, tools, session file, MCP servers) and hands over this much; acp/ never reaches into
// the session or the socket.
import type { Agent } from '../agent/Agent.js';
import type { AgentEvent } from '../agent/events.js';
import type { Approver } from '../agent/ports.js';
import type { NamedServerConfig } from '../tools/mcp/index.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';

export interface WorkspaceAgentRequest {
  /** The editor's working directory for the session (absolute). */
  cwd: string;
  /** The editor's MCP servers, beside the configured ones. */
  mcpServers: NamedServerConfig[];
  /** A saved session to continue (session/load); absent: a new one. */
  resume?: string;
  approver: Approver;
  onEvent: (event: AgentEvent) => void;
}

/** One wsagent session, as the ACP front end drives it. */
export interface WorkspaceAgent {
  /** wsagent's session id: the ACP session id too, so session/load finds it again. */
  sessionId: string;
  agent: Pick<Agent, 'runTurn' | 'steer' | 'owesSteers' | 'sessionStats'>;
  workspace: WorkspaceGuard;
  /** The conversation so far (a resumed session's items), in order. */
  history(): readonly unknown[];
  /** The one-line summary of a call (`read_file src/a.ts`), as the tool displays it. */
  display(name: string, argumentsJson: string): string;
  /** Model, transport, approval mode: what the TUI's status bar names. */
  status(): { model: string; transport: string; approval: string };
  /** Switches the approval mode (session/set_mode); throws a message listing the modes for an unknown one. */
  setApproval(mode: string): void;
  close(): Promise<void>;
}

/** Builds a session (throws a message for the editor when it cannot: no key, bad config…). */
export type OpenWorkspaceAgent = (request: WorkspaceAgentRequest) => Promise<WorkspaceAgent>;

/** The key is there (environment or config store), so sessions can start. */
export type KeyCheck = () => { present: boolean; message: string };
