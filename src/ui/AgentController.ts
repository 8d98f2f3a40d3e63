// What the interactive UI may ask of the agent: user intents in, AgentEvents out. The UI never
// touches the session or the socket; the CLI layer implements this on top of Agent and
// ModelSession (src/cli/interactive/…).
import type { ReviewTarget } from '../tools/reviewDiff.js';
import type { AgentEvent, ApprovalDecision } from '../agent/events.js';
import type { PromptCommand } from '../config/promptCommand.js';
import type { Skill } from '../config/skills.js';

/** What /skills shows. */
export interface SkillsView {
  skills: Skill[];
  /** Skills and prompt files skipped, one line each. */
  problems: string[];
}

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
  /** Where commands run: the sandbox mode, or `none` when none could be had (absent: not known yet). */
  sandbox?: string;
  cwd: string;
  connection: ConnectionSnapshot;
}

/** What /new did: the session left (null when it holds nothing to resume) and the new one. */
export interface NewSession {
  previous: string | null;
  id: string;
}

export interface UndoSummary {
  turn: number;
  restored: string[];
  removed: string[];
  /** Files the turn changed that were changed again since: left as they are. */
  conflicts: string[];
  /** What undo could not do, or only in part. */
  warnings: string[];
}

/** A prompt a rewind can go back to (Esc Esc, /rewind). */
export interface RewindChoice {
  turn: number;
  prompt: string;
}

/** What goes back: the conversation and the files, the conversation only, the files only. */
export type RewindMode = 'both' | 'conversation' | 'files';

export interface RewindSummary {
  turn: number;
  prompt: string;
  mode: RewindMode;
  /** The conversation went back to just before the prompt. */
  conversation: boolean;
  /** Each undone turn's report, newest first; null when the files were left as they are. */
  files: UndoSummary[] | null;
}

/** What /fork did: the session left (resumable as it was), the one this process goes on in, its lane. */
export interface ForkSummary {
  previous: string;
  id: string;
  lane: string | null;
}

/** One MCP server as /mcp shows it. */
export interface McpServerView {
  name: string;
  transport: 'stdio' | 'http';
  state: 'starting' | 'ready' | 'failed' | 'closed';
  failure: string | null;
  version: string | null;
  tools: Array<{ name: string; tool: string; readOnly: boolean }>;
  /** Bytes its offered tools' definitions add to every request. */
  requestBytes?: number;
  logFile: string | null;
}

/** The hooks as /hooks shows them: what runs, and what was set aside (an untrusted repository's). */
export interface HooksView {
  hooks: Array<{ event: string; matcher: string; command: string; timeoutSeconds: number; source: string }>;
  notices: string[];
}

/** One entry of a resumed session's earlier conversation, as the transcript draws it. */
export type EarlierEntry =
  | { kind: 'user'; text: string }
  | { kind: 'assistant'; text: string }
  | { kind: 'tool'; name: string; display: string; outputLines: number };

/** The prompts typed in this workspace, kept across runs. */
export interface PromptHistoryStore {
  /** Oldest first. */
  load(): string[];
  add(entry: string): void;
}

export interface AgentController {
  readonly info: ControllerInfo;
  /** Subscribes to every AgentEvent; returns the unsubscribe function. */
  subscribe(listener: (event: AgentEvent) => void): () => void;
  /** Starts a turn with this prompt (null: no new prompt, only the steers owed, see owesHeldSteers). Resolves when the turn is over. */
  submit(prompt: string | null): Promise<void>;
  /** Cancels the running turn (stream and tools); a no-op when idle. */
  cancel(): void;
  /** The user's words for the running turn (Enter during a turn); false when no turn runs (yet). */
  steer(text: string): boolean;
  /** Steers the model has not seen once a turn has ended (cancelled, or too late to ride on it): `submit(null)` sends them. */
  owesHeldSteers(): boolean;
  /** Answers a pending tool.approval_required. */
  answerApproval(callId: string, decision: ApprovalDecision): void;
  /** Compacts the conversation now (/compact [focus]); resolves to a note to show ('' when the events said it all). */
  compact(focus?: string): Promise<string>;
  /** The working tree's diff against HEAD (/diff), or a message when not in git. */
  diff(): Promise<string>;
  /** Reviews changes read-only (/review): the findings as a titled text block; throws an Error when it cannot. */
  review?(target: ReviewTarget, focus?: string): Promise<{ title: string; body: string }>;
  /** Restores the files of the last turn that changed any (/undo); null when nothing to undo. */
  undo(): Promise<UndoSummary | null>;
  /** This session's prompts, newest first (Esc Esc, /rewind). */
  rewindPoints?(): Promise<RewindChoice[]>;
  /** Goes back to the prompt of `turn`: the conversation, the files, or both. */
  rewind?(turn: number, mode: RewindMode): Promise<RewindSummary>;
  /** /fork: goes on in a copy of this session, a new id; the original stays as it is. */
  fork?(): Promise<ForkSummary>;
  setModel(model: string): void;
  /** The reasoning effort in use (`default`: the model's own), and a note when the model does not reason. */
  effort(): string;
  /**
   * Sets the reasoning effort from the next request on (a new chain); `default` unsets it. Returns
   * what to tell the user; throws an Error listing the levels for an unknown one.
   */
  setEffort(level: string): string;
  /** Throws an Error whose message lists the modes for an unknown one. */
  setApproval(mode: string): void;
  /** Starts a fresh conversation (/clear): new chain, empty ledger. */
  clear(): void;
  /** The skills listed in the instructions, and the files skipped (/skills). */
  skills?(): SkillsView;
  /** The user's and the repository's prompt files, usable as `/NAME args`. */
  promptCommands?(): PromptCommand[];
  /** Starts a new session (/new): a fresh session id and file and a new connection; the old one stays resumable. */
  newSession(): Promise<NewSession>;
  /** The configured MCP servers (/mcp); absent or [] when there are none. */
  mcpServers?(): McpServerView[];
  /** The configured hooks (/hooks); absent when the front end has none to show. */
  hooks?(): HooksView;
  /** What the tool definitions add to every request (/status); absent before the agent starts. */
  requestFootprint?(): RequestFootprint | null;
  /** Ends the session: closes the connection. */
  close(): Promise<void>;
  /** Workspace files for `@` completion: the walk list_files makes (gitignore-aware), files only. */
  listFiles(): Promise<string[]>;
  /** The models the server lists (GET /v1/models), for /model. */
  listModels(): Promise<string[]>;
  /**
   * Runs a command the user typed as `!cmd` the way run_command runs (in the sandbox), as tool
   * events, without asking (the user typed it); the command and its output go to the model with
   * the next request. True once it ran.
   */
  runShell(command: string): Promise<boolean>;
  /** The earlier conversation of a resumed session (empty for a new one). */
  earlierTranscript(): Promise<EarlierEntry[]>;
  /** Plan first (/plan): `plan` offers only read-only tools until the plan is approved. */
  workMode?(): 'normal' | 'plan' | 'init';
  /** Enters (true) or leaves (false) plan mode, between turns; throws while a turn runs. */
  setPlanMode?(on: boolean): Promise<void>;
  /** Leaves plan mode (the normal tools come back) and returns the prompt that sends the approved plan. */
  approvePlan?(said: string): string;
  /** The plan checklist as editable text, one step a line. */
  planText?(): string;
  /** Replaces the checklist with the user's edit (one step a line); the number of steps. */
  editPlan?(text: string): number;
  /** /init: the model proposes AGENTS.md read-only; the diff is shown and asked about before it is written. What to tell the user. */
  initAgentsFile?(): Promise<string>;
}

export interface RequestFootprint {
  /** Tools offered to the model, and the bytes of their definitions in a request. */
  tools: number;
  toolBytes: number;
  /** Of those, the MCP servers' tools and bytes. */
  mcpTools: number;
  mcpBytes: number;
}
