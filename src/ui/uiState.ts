// Everything the interactive UI shows, as one pure reducer over AgentEvents (plus a few UI-local
// events such as slash-command output). Finished transcript items are append-only (they go into
// Ink's <Static> and are never redrawn); the streaming tail holds what is still changing: the
// answer being written, the reasoning summary, running tools with a live output tail. The status
// figures are what the status bar shows.
import type { AgentEvent } from '../agent/events.js';
import type { ControllerInfo } from './AgentController.js';
import { type BoundedDiff, diffLines } from './diffLines.js';
import { type BoundedLines, EMPTY_TAIL, type OutputTail, appendOutput, splitLines, tailLines } from './textLines.js';

/** Lines of output a finished tool card keeps. */
export const CARD_OUTPUT_LINES = 12;
/** Lines of output a running tool shows live. */
export const LIVE_OUTPUT_LINES = 6;
/** Lines of an edit's diff a tool card shows. */
export const CARD_DIFF_LINES = 40;

type EventOf<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
export type ConnectionState = EventOf<'connection'>['state'];
export type TransportKind = EventOf<'connection'>['transport'];
export type RecoveryKind = EventOf<'recovery'>['kind'];
export type RequestMode = EventOf<'request.completed'>['stats']['mode'];
export type TurnStatus = EventOf<'turn.completed'>['status'];

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
}

export type TranscriptItem =
  | { id: number; kind: 'user'; text: string }
  | { id: number; kind: 'assistant'; text: string; interrupted: boolean }
  | { id: number; kind: 'reasoning'; text: string }
  | { id: number; kind: 'tool'; card: ToolCardData }
  | { id: number; kind: 'notice'; level: NoticeLevel; text: string }
  | { id: number; kind: 'block'; title: string; body: string; format: 'text' | 'diff' }
  | { id: number; kind: 'help' };

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
  /** The change the call would make, computed by the tool (apply_patch): shown instead of one made from args. */
  diff?: string;
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
  /** Reasoning was committed early (before the answer or a tool) and its reasoning.done is still due. */
  reasoningCommitted: boolean;
}

/** Events the UI itself produces: slash-command output, settings changes, local bookkeeping. */
export type UiEvent =
  | { type: 'ui.submitted' }
  | { type: 'ui.idle' }
  | { type: 'ui.notice'; level: NoticeLevel; text: string }
  | { type: 'ui.block'; title: string; body: string; format: 'text' | 'diff' }
  | { type: 'ui.help' }
  | { type: 'ui.settings'; model?: string; approval?: string }
  | { type: 'ui.approval_answered'; callId: string }
  | { type: 'ui.cleared' };

export type UiInput = AgentEvent | UiEvent;

export function initialUiState(info: ControllerInfo): UiState {
  return {
    items: [],
    nextId: 1,
    tail: { assistant: '', reasoning: '', tools: [] },
    approvals: [],
    status: {
      sessionId: info.sessionId,
      cwd: info.cwd,
      model: info.model,
      approval: info.approval,
      transport: info.connection.transport,
      connection: info.connection.state,
      connectionReason: null,
      openedAt: info.connection.state === 'open' ? info.connection.openedAt : null,
      reconnects: info.connection.reconnects,
      lastRequest: null,
      lastTurn: null,
      tokens: { input: 0, cached: 0, output: 0 },
      requests: 0,
      turns: 0,
    },
    busy: false,
    busySince: null,
    reasoningCommitted: false,
  };
}

/** Recovery kinds that mean a new connection (or a switch of transport). */
const RECONNECT_KINDS: ReadonlySet<RecoveryKind> = new Set<RecoveryKind>(['reconnect', 'limit_reached', 'fallback_http']);

export function recoveryText(kind: RecoveryKind, reason: string): string {
  const why = reason ? `: ${reason}` : '';
  switch (kind) {
    case 'reconnect':
      return `↻ reconnected${why}`;
    case 'limit_reached':
      return `↻ connection limit reached, reconnected${why}`;
    case 'previous_response_not_found':
      return `↻ the server lost the conversation state, replayed it${why}`;
    case 'fallback_http':
      return `↻ switched to HTTP for the rest of the session${why}`;
    case 'compacted_restart':
      return `↻ restarted from the compacted conversation${why}`;
    case 'retry':
      return `↻ retried the request${why}`;
    default:
      return `↻ recovered (${String(kind)})${why}`;
  }
}

function turnSummary(event: EventOf<'turn.completed'>): string {
  const { timings } = event;
  const parts = [
    `${timings.requests} request${timings.requests === 1 ? '' : 's'}`,
    ...(timings.toolMs > 0 ? [`tools ${formatSeconds(timings.toolMs)}`] : []),
    `overhead ${Math.round(timings.overheadMs)} ms`,
  ];
  const head =
    event.status === 'completed'
      ? `turn ${event.turn} · ${formatSeconds(timings.wallMs)}`
      : event.status === 'cancelled'
        ? `turn ${event.turn} cancelled after ${formatSeconds(timings.wallMs)}`
        : event.status === 'max_turns'
          ? `turn ${event.turn} stopped at the request limit after ${formatSeconds(timings.wallMs)}`
          : `turn ${event.turn} failed after ${formatSeconds(timings.wallMs)}`;
  return `${head} · ${parts.join(' · ')}`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function push(state: UiState, ...items: NewItem[]): UiState {
  if (items.length === 0) return state;
  let nextId = state.nextId;
  const added = items.map((item) => ({ ...item, id: nextId++ }) as TranscriptItem);
  return { ...state, items: [...state.items, ...added], nextId };
}

function withTail(state: UiState, tail: Partial<StreamingTail>): UiState {
  return { ...state, tail: { ...state.tail, ...tail } };
}

function withStatus(state: UiState, status: Partial<StatusFigures>): UiState {
  return { ...state, status: { ...state.status, ...status } };
}

/** Moves the reasoning streamed so far into the transcript (before the answer or a tool card). */
function commitReasoning(state: UiState): UiState {
  if (state.tail.reasoning.trim() === '') return state;
  const next = push(state, { kind: 'reasoning', text: state.tail.reasoning.trim() });
  return { ...withTail(next, { reasoning: '' }), reasoningCommitted: true };
}

function updateTool(state: UiState, callId: string, update: (tool: RunningTool) => RunningTool, create: () => RunningTool): UiState {
  const index = state.tail.tools.findIndex((t) => t.callId === callId);
  const tools = [...state.tail.tools];
  if (index === -1) tools.push(update(create()));
  else tools[index] = update(tools[index]!);
  return withTail(state, { tools });
}

function newTool(callId: string, name: string, display: string): RunningTool {
  return { callId, name, display, status: 'queued', startedAt: null, output: EMPTY_TAIL };
}

function dropApproval(state: UiState, callId: string): UiState {
  if (!state.approvals.some((a) => a.callId === callId)) return state;
  return { ...state, approvals: state.approvals.filter((a) => a.callId !== callId) };
}

/** Finished card for a tool call. A successful read_file shows only how much it read. */
function finishedCard(event: EventOf<'tool.completed'>, running: RunningTool | undefined): ToolCardData {
  const display = running?.display ?? event.name;
  let output: BoundedLines;
  if (event.ok && event.name === 'read_file') {
    const total = event.output === '' ? 0 : splitLines(event.output).length;
    output = { lines: [], omitted: total };
  } else {
    output = tailLines(event.output, CARD_OUTPUT_LINES);
  }
  return {
    callId: event.callId,
    name: event.name,
    display,
    status: event.ok ? 'ok' : 'failed',
    durationMs: event.durationMs,
    output: event.diff && event.ok ? { lines: [], omitted: 0 } : output,
    diff: event.diff ? diffLines(event.diff, CARD_DIFF_LINES) : null,
  };
}

/**
 * The next UI state after an event. `now` is performance.now() (injectable for tests); it stamps
 * connection opening and tool start times.
 */
export function reduce(state: UiState, event: UiInput, now: number = performance.now()): UiState {
  switch (event.type) {
    case 'session.started':
      return withStatus(state, {
        sessionId: event.sessionId,
        model: event.model,
        transport: event.transport,
        cwd: event.cwd,
        approval: event.approval,
      });

    case 'connection': {
      const sameOpen = event.state === 'open' && state.status.connection === 'open' && state.status.transport === event.transport;
      return withStatus(state, {
        connection: event.state,
        transport: event.transport,
        connectionReason: event.reason ?? null,
        openedAt: event.state === 'open' ? (sameOpen ? state.status.openedAt : now) : null,
      });
    }

    case 'turn.started': {
      const next = push(state, { kind: 'user', text: event.prompt });
      return {
        ...next,
        tail: { assistant: '', reasoning: '', tools: [] },
        approvals: [],
        busy: true,
        busySince: state.busy && state.busySince !== null ? state.busySince : now,
        reasoningCommitted: false,
      };
    }

    case 'assistant.delta':
      if (event.text === '') return state;
      return withTail(state, { assistant: state.tail.assistant + event.text });

    case 'assistant.done': {
      const text = event.text !== '' ? event.text : state.tail.assistant;
      let next = commitReasoning(state);
      if (text.trim() !== '') next = push(next, { kind: 'assistant', text, interrupted: false });
      return withTail(next, { assistant: '' });
    }

    case 'reasoning.delta':
      if (event.text === '') return state;
      return withTail(state, { reasoning: state.tail.reasoning + event.text });

    case 'reasoning.done': {
      if (state.tail.reasoning.trim() !== '') {
        // Streamed and not yet committed: the event has the whole text unless part went out early.
        const text = state.reasoningCommitted ? state.tail.reasoning : event.text || state.tail.reasoning;
        const next = push(state, { kind: 'reasoning', text: text.trim() });
        return { ...withTail(next, { reasoning: '' }), reasoningCommitted: false };
      }
      if (state.reasoningCommitted || event.text.trim() === '') return { ...state, reasoningCommitted: false };
      return push(state, { kind: 'reasoning', text: event.text.trim() });
    }

    case 'tool.requested': {
      const next = commitReasoning(state);
      return updateTool(next, event.callId, (t) => ({ ...t, name: event.name, display: event.display }), () =>
        newTool(event.callId, event.name, event.display),
      );
    }

    case 'tool.approval_required': {
      let next = commitReasoning(state);
      next = updateTool(next, event.callId, (t) => ({ ...t, status: 'waiting', display: event.display }), () =>
        newTool(event.callId, event.name, event.display),
      );
      if (next.approvals.some((a) => a.callId === event.callId)) return next;
      const approval: PendingApproval = {
        callId: event.callId,
        name: event.name,
        display: event.display,
        reason: event.reason,
        args: event.args,
        ...(event.diff && { diff: event.diff }),
      };
      return { ...next, approvals: [...next.approvals, approval] };
    }

    case 'tool.started': {
      const next = dropApproval(state, event.callId);
      return updateTool(next, event.callId, (t) => ({ ...t, status: 'running', startedAt: now, display: event.display }), () =>
        newTool(event.callId, event.name, event.display),
      );
    }

    case 'tool.output':
      if (event.chunk === '') return state;
      return updateTool(
        state,
        event.callId,
        (t) => ({ ...t, output: appendOutput(t.output, event.chunk, LIVE_OUTPUT_LINES) }),
        () => ({ ...newTool(event.callId, 'tool', 'tool'), status: 'running', startedAt: now }),
      );

    case 'tool.completed': {
      const running = state.tail.tools.find((t) => t.callId === event.callId);
      let next = dropApproval(state, event.callId);
      next = withTail(next, { tools: next.tail.tools.filter((t) => t.callId !== event.callId) });
      return push(next, { kind: 'tool', card: finishedCard(event, running) });
    }

    case 'usage': {
      const { tokens } = state.status;
      return withStatus(state, {
        tokens: { input: tokens.input + event.input, cached: tokens.cached + event.cached, output: tokens.output + event.output },
      });
    }

    case 'request.completed': {
      const { stats } = event;
      if (stats.warmup) return state;
      const { sendAt, firstDeltaAt, doneAt, bytesUp, bytesDown } = stats.timings;
      return withStatus(state, {
        requests: state.status.requests + 1,
        lastRequest: {
          mode: stats.mode,
          transport: stats.transport,
          ttftMs: sendAt !== null && firstDeltaAt !== null ? Math.max(0, firstDeltaAt - sendAt) : null,
          totalMs: sendAt !== null && doneAt !== null ? Math.max(0, doneAt - sendAt) : null,
          bytesUp,
          bytesDown,
        },
      });
    }

    case 'recovery': {
      // The attempt that streamed the partial text was thrown away: so is the text.
      const next = push(withTail(state, { assistant: '', reasoning: '' }), { kind: 'notice', level: 'recovery', text: recoveryText(event.kind, event.reason) });
      if (!RECONNECT_KINDS.has(event.kind)) return next;
      return withStatus(next, { reconnects: next.status.reconnects + 1 });
    }

    case 'turn.completed': {
      let next = commitReasoning(state);
      if (next.tail.assistant.trim() !== '') {
        next = push(next, { kind: 'assistant', text: next.tail.assistant, interrupted: event.status !== 'completed' });
      }
      next = push(next, { kind: 'notice', level: 'dim', text: turnSummary(event) });
      return {
        ...next,
        tail: { assistant: '', reasoning: '', tools: [] },
        approvals: [],
        busy: false,
        busySince: null,
        reasoningCommitted: false,
        status: {
          ...next.status,
          turns: next.status.turns + 1,
          lastTurn: { turn: event.turn, status: event.status, ...event.timings },
        },
      };
    }

    case 'error':
      return push(state, {
        kind: 'notice',
        level: event.fatal ? 'error' : 'warn',
        text: `${event.fatal ? '✗' : '!'} ${event.message}${event.code && event.fatal ? ` (${event.code})` : ''}`,
      });

    case 'session.completed':
      return withStatus(state, { reconnects: Math.max(state.status.reconnects, event.stats.reconnects) });

    // UI-local events.
    case 'ui.submitted':
      return { ...state, busy: true, busySince: state.busySince ?? now };

    case 'ui.idle':
      if (!state.busy) return state;
      return { ...state, busy: false, busySince: null, approvals: [] };

    case 'ui.notice':
      return push(state, { kind: 'notice', level: event.level, text: event.text });

    case 'ui.block':
      return push(state, { kind: 'block', title: event.title, body: event.body, format: event.format });

    case 'ui.help':
      return push(state, { kind: 'help' });

    case 'ui.settings':
      return withStatus(state, {
        ...(event.model !== undefined && { model: event.model }),
        ...(event.approval !== undefined && { approval: event.approval }),
      });

    case 'ui.approval_answered': {
      const next = dropApproval(state, event.callId);
      const tools = next.tail.tools.map((t) => (t.callId === event.callId && t.status === 'waiting' ? { ...t, status: 'queued' as const } : t));
      return withTail(next, { tools });
    }

    case 'ui.cleared':
      return push(state, { kind: 'notice', level: 'info', text: '✓ started a new conversation (the transcript above is no longer in context)' });

    default:
      return state;
  }
}

/** Events that must not wait for the throttle: anything but the high-frequency deltas. */
export function isUrgent(event: UiInput): boolean {
  return event.type !== 'assistant.delta' && event.type !== 'reasoning.delta' && event.type !== 'tool.output';
}
