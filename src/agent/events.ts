// AgentEvent: the one stream both front ends consume (docs/architecture.md), printed as JSONL by `--json`.
// Keep it stable: docs/json-events.md documents it and scripts depend on it.
import type { CompactionCompleted, RecoveryKind, RequestStats } from '../session/index.js';
import type { TransportKind } from '../transport/index.js';

export interface TurnTimings {
  /** One user prompt to the final answer. */
  wallMs: number;
  requests: number;
  /** Time spent running tools (overlapping calls counted once). */
  toolMs: number;
  /** Time the agent itself added between a terminal event and the next send, tools excluded. */
  overheadMs: number;
}

/** The context's fill: tokens (the latest response's input + output), the model's window, their share in whole percent. */
export interface ContextFigures {
  tokens: number;
  window: number | null;
  percent: number | null;
}

export interface SessionStats {
  turns: number;
  requests: number;
  toolCalls: number;
  reconnects: number;
  tokens: { input: number; cached: number; output: number };
}

export type ApprovalDecision =
  | { decision: 'approve' }
  /** Approve this and every later call of the same tool (scope server: every tool of its MCP server) in this session; scope prefix: save an allow rule for the request's `allowPrefix`. */
  | { decision: 'always'; scope?: 'tool' | 'server' | 'prefix' }
  | { decision: 'deny'; reason?: string };

/** A hosted web search's action, as the service reports it on a `web_search_call` item. */
export type WebSearchAction =
  | { type: 'search'; query?: string; queries?: string[]; sources?: Array<{ type: 'url'; url: string }> }
  | { type: 'open_page'; url?: string | null }
  | { type: 'find_in_page'; pattern: string; url: string };

/** A `url_citation` annotation of the assistant's text: the source and the words of the answer it backs. */
export interface Citation {
  url: string;
  title: string;
  startIndex: number;
  endIndex: number;
  text: string;
}

export type AgentEvent =
  /** `sandbox`: where commands run; `none` when a sandbox was asked for but cannot be had (commands then ask first). */
  | {
      type: 'session.started';
      sessionId: string;
      model: string;
      transport: TransportKind;
      cwd: string;
      approval: string;
      sandbox: 'read-only' | 'workspace-write' | 'danger-full-access' | 'none';
    }
  | { type: 'turn.started'; turn: number; prompt: string }
  | { type: 'connection'; state: 'connecting' | 'open' | 'reconnecting' | 'closed'; transport: TransportKind; reason?: string }
  | { type: 'assistant.delta'; text: string }
  /** `refusal`: the model declined (the text is its refusal); `citations`: the web sources the text cites (url_citation annotations), when it cites any. */
  | { type: 'assistant.done'; text: string; refusal?: boolean; citations?: Citation[] }
  /** The model searched the web (the hosted web_search tool, setting `webSearch`); `display` says what it did. */
  | { type: 'web_search'; id: string; status: string; action: WebSearchAction; display: string }
  | { type: 'reasoning.delta'; text: string }
  | { type: 'reasoning.done'; text: string }
  // `server` and `tool`: set for MCP tools (the server's name and the tool's own name).
  | { type: 'tool.requested'; callId: string; name: string; server?: string; tool?: string; args: unknown; display: string }
  | {
      type: 'tool.approval_required';
      callId: string;
      name: string;
      server?: string;
      tool?: string;
      args: unknown;
      display: string;
      reason: string;
      diff?: string;
      /** Commands: the words "always allow commands starting with …" would save as an allow rule. */
      allowPrefix?: string[];
      /** A yes/no question of wsagent's own (trusting a repository), not a tool call: no "always" choices. */
      question?: boolean;
    }
  | { type: 'tool.started'; callId: string; name: string; server?: string; tool?: string; display: string }
  | { type: 'tool.output'; callId: string; chunk: string }
  | { type: 'tool.completed'; callId: string; name: string; server?: string; tool?: string; ok: boolean; output: string; durationMs: number; diff?: string }
  | { type: 'plan.updated'; explanation: string | null; plan: Array<{ step: string; status: 'pending' | 'in_progress' | 'completed' }> }
  /** The work mode changed (between turns): `plan` and `init` offer only read-only tools; `tools` is what the next request offers. */
  | { type: 'mode.changed'; mode: 'normal' | 'plan' | 'init'; tools: string[] }
  /** `context`: how full the model's context is after this response (`percent` null: the window is unknown). */
  | { type: 'usage'; input: number; cached: number; output: number; reasoning?: number; context?: ContextFigures }
  /** A compaction starts: automatic past `threshold` (tokens; null on demand), or `/compact [focus]`. */
  | {
      type: 'compaction.started';
      automatic: boolean;
      tokens: number;
      window: number | null;
      percent: number | null;
      threshold: number | null;
      focus: string | null;
    }
  /** It ended: `tokensAfter` is the compacted window plus what was put back after it (`carriedOver` items). */
  | CompactionCompleted
  | { type: 'recovery'; kind: RecoveryKind; reason: string }
  /**
   * `overheadMs`: the agent's own time between the previous response's terminal event and this
   * request's send, tools excluded (null for a turn's first request and warm-ups).
   */
  | { type: 'request.completed'; stats: RequestStats; overheadMs: number | null }
  | { type: 'turn.completed'; turn: number; status: 'completed' | 'cancelled' | 'failed' | 'max_turns'; finalMessage: string; timings: TurnTimings }
  | { type: 'error'; code: string; message: string; fatal: boolean }
  /** The user's words for the running turn: `native` (a `response.steer` went out) or `queued` (with the next request). */
  | { type: 'steer.submitted'; id: string; text: string; mode: 'native' | 'queued' }
  /** The server took a native steer (it will apply it; never sent again). */
  | { type: 'steer.accepted'; id: string; steerId: string }
  /** The model has the steer: in a successor (`native`), before a continuation's tool outputs, or in the next request (`queued`). */
  | { type: 'steer.committed'; id: string; via: 'native' | 'continuation' | 'queued' }
  /** Refused, handed back or lost with the connection: it goes with the next request instead (`resend`). */
  | { type: 'steer.failed'; id: string; code: string; message: string; resend: boolean }
  /** A sub-agent forked by spawn_agents started; `lane` is its stream_id (null: a socket of its own). */
  | { type: 'agent.started'; agent: string; task: string; lane: string | null }
  | { type: 'agent.completed'; agent: string; status: 'completed' | 'cancelled' | 'failed' | 'max_turns'; finalMessage: string; requests: number }
  /**
   * A rewind (Esc Esc, /rewind): back to the prompt of `turn`. `mode`: what went back — the
   * conversation and the files, the conversation only, or the files only; `keptItems`: the
   * conversation's items before that prompt (null when it did not go back); `files`: what the
   * turns' undo records restored, removed, and left alone because it changed since (null: not asked).
   */
  | {
      type: 'session.rewound';
      sessionId: string;
      turn: number;
      prompt: string;
      mode: 'both' | 'conversation' | 'files';
      keptItems: number | null;
      files: { turns: number[]; restored: string[]; removed: string[]; conflicts: string[] } | null;
    }
  /** /fork or `exec --fork`: the conversation goes on in `sessionId`, a copy of `forkedFrom`; `lane`: the stream_id its requests fork onto (null: none). */
  | { type: 'session.forked'; sessionId: string; forkedFrom: string; lane: string | null }
  | { type: 'session.completed'; status: 'completed' | 'failed' | 'cancelled'; finalMessage: string; stats: SessionStats };

export type AgentEventType = AgentEvent['type'];

/** An event a sub-agent caused carries its name (tool.*, recovery, request.completed, error); the parent's carry none. */
export type AgentEventSource = { agent?: string };
