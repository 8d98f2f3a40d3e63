// The shapes of the interactive UI's state: the transcript's finished items, the streaming tail,
// pending approvals and the status bar's figures, plus the UI's own events. The reducer that
// produces them is uiState.ts.
import type { SubAgentView } from './subAgentState.js';
import type { AgentEvent } from '../agent/events.js';
import type { EarlierEntry } from './AgentController.js';
import type { BoundedDiff } from './diffLines.js';
import type { BoundedLines, OutputTail } from './textLines.js';

/** A prompt-file command as /help lists it. */
export interface OwnCommandRow {
  label: string;
  summary: string;
}

export type EventOf<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
export type ConnectionState = EventOf<'connection'>['state'];
export type TransportKind = EventOf<'connection'>['transport'];
export type RecoveryKind = EventOf<'recovery'>['kind'];
export type RequestMode = EventOf<'request.completed'>['stats']['mode'];
export type TurnStatus = EventOf<'turn.completed'>['status'];

export type PlanStep = EventOf<'plan.updated'>['plan'][number];
export type PlanStatus = PlanStep['status'];

/** The model's latest plan (update_plan), shown as a checklist above the prompt while the turn runs. */
export interface PlanView {
  steps: PlanStep[];
  /** The explanation last written to the transcript, so an unchanged one is not repeated. */
  explanation: string | null;
}

export type NoticeLevel = 'info' | 'dim' | 'warn' | 'error' | 'recovery';

export type ToolStatus = 'queued' | 'waiting' | 'running' | 'ok' | 'failed';

export interface ToolCardData {
  callId: string;
  name: string;
  display: string;
  status: ToolStatus;
  durationMs: number | null;
  /** The tail of the output (finished) or of the output so far (running). */
  output: BoundedLines;
  /** For edits: the head of the diff. */
  diff: BoundedDiff | null;
  /** Output lines were left out and Ctrl-O shows them all. */
  expandable?: boolean;
}

export type TranscriptItem =
  | { id: number; kind: 'user'; text: string }
  | { id: number; kind: 'assistant'; text: string; interrupted: boolean }
  | { id: number; kind: 'reasoning'; text: string }
  | { id: number; kind: 'tool'; card: ToolCardData }
  | { id: number; kind: 'notice'; level: NoticeLevel; text: string }
  | { id: number; kind: 'block'; title: string; body: string; format: 'text' | 'diff' }
  | { id: number; kind: 'help'; own?: OwnCommandRow[] }
  /** The plan as it stood when the turn ended. */
  | { id: number; kind: 'plan'; steps: PlanStep[] };

/** Distributive Omit, so each variant keeps its own fields. */
export type NewItem = TranscriptItem extends infer T ? (T extends TranscriptItem ? Omit<T, 'id'> : never) : never;

export interface RunningTool {
  callId: string;
  name: string;
  display: string;
  status: 'queued' | 'waiting' | 'running';
  /** performance.now() when it started running. */
  startedAt: number | null;
  output: OutputTail;
}

export interface PendingApproval {
  callId: string;
  name: string;
  display: string;
  reason: string;
  args: unknown;
  /** MCP tools: the server (the prompt offers "always for this server"). */
  server?: string;
  /** The change the call would make, computed by the tool (apply_patch): shown instead of one made from args. */
  diff?: string;
  /** Commands: the prefix "always allow commands starting with …" saves as an allow rule. */
  allowPrefix?: string[];
  /** A yes/no question of wsagent's own (trusting the repository): no "always" choices. */
  question?: boolean;
}

export interface StreamingTail {
  /** The assistant message being written (markdown source). */
  assistant: string;
  /** The reasoning summary being written. */
  reasoning: string;
  tools: RunningTool[];
}

export interface LastRequest {
  mode: RequestMode;
  transport: TransportKind;
  /** firstDeltaAt − sendAt: time to first token. */
  ttftMs: number | null;
  /** doneAt − sendAt. */
  totalMs: number | null;
  bytesUp: number;
  bytesDown: number;
}

export interface LastTurn {
  turn: number;
  status: TurnStatus;
  wallMs: number;
  requests: number;
  toolMs: number;
  overheadMs: number;
}

export interface StatusFigures {
  sessionId: string;
  cwd: string;
  model: string;
  approval: string;
  /** The sandbox commands run in (`none`: none could be had); absent until known. */
  sandbox?: string;
  /** The work mode (mode.changed): `plan` and `init` offer only read-only tools; absent: normal. */
  mode?: 'normal' | 'plan' | 'init';
  transport: TransportKind;
  connection: ConnectionState;
  connectionReason: string | null;
  /** performance.now() when the current connection opened; null when none is open. */
  openedAt: number | null;
  reconnects: number;
  lastRequest: LastRequest | null;
  lastTurn: LastTurn | null;
  tokens: { input: number; cached: number; output: number };
  /** Model requests completed (warm-ups excluded). */
  requests: number;
  turns: number;
  /** [lanes] Sub-agents running on lanes of the socket now. */
  lanes?: number;
  /** MCP server failures reported so far (`mcp_server_failed`); /mcp has the details. */
  mcpFailures?: number;
  /** Steers of the running turn not yet applied. */
  steers?: number;
  /** How full the model's context is (the latest response, or a compaction's result); absent before the first. */
  context?: { tokens: number; window: number | null; percent: number | null };
}

export interface UiState {
  /** Finished items, append-only: rendered once into <Static>. */
  items: TranscriptItem[];
  nextId: number;
  tail: StreamingTail;
  /** Approval requests waiting for an answer; the first is shown. */
  approvals: PendingApproval[];
  status: StatusFigures;
  /** A turn is running (or a prompt was just submitted). */
  busy: boolean;
  /** performance.now() when the current turn started, for the "working" timer. */
  busySince: number | null;
  /** The latest plan, live until the turn ends (then it goes into the transcript). */
  plan: PlanView | null;
  /** performance.now() of the last AgentEvent (or the submit): how long the model has been silent. */
  lastEventAt: number | null;
  /** Reasoning was committed early (before the answer or a tool) and its reasoning.done is still due. */
  reasoningCommitted: boolean;
  /**
   * The whole outputs of the latest tool cards that showed only their tail, newest last (Ctrl-O
   * prints the newest not printed yet; the transcript cannot redraw a card in place).
   */
  cutOutputs: Array<{ display: string; output: string }>;
  /** [lanes] The sub-agents of the running spawn_agents call (cleared when the turn ends). */
  subAgents?: SubAgentView[];
}

/** Events the UI itself produces: slash-command output, settings changes, local bookkeeping. */
export type UiEvent =
  | { type: 'ui.submitted' }
  | { type: 'ui.idle' }
  | { type: 'ui.notice'; level: NoticeLevel; text: string }
  | { type: 'ui.block'; title: string; body: string; format: 'text' | 'diff' }
  | { type: 'ui.help' /** The user's prompt-file commands, listed after the built-in ones. */; own?: OwnCommandRow[] }
  | { type: 'ui.settings'; model?: string; approval?: string }
  | { type: 'ui.approval_answered'; callId: string }
  | { type: 'ui.cleared' }
  /** /new: a new session replaced `previous` (null: it held nothing to resume). */
  | { type: 'ui.new_session'; previous: string | null; id: string }
  /** Ctrl-O: the last truncated tool output, in full. */
  | { type: 'ui.expand_output' }
  /** A resumed session's earlier conversation, drawn before the prompt. */
  | { type: 'ui.earlier'; entries: EarlierEntry[]; sessionId: string };

export type UiInput = AgentEvent | UiEvent;
