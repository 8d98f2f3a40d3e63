// Small immutable updates the UI reducer is built from: append transcript items, patch the
// streaming tail or the status figures, commit the reasoning, update a running tool's card.
import { withTool } from './toolCards.js';
import type { NewItem, RecoveryKind, RunningTool, StatusFigures, StreamingTail, TranscriptItem, UiState } from './uiTypes.js';

/** Recovery kinds that mean a new connection (or a switch of transport). */
export const RECONNECT_KINDS: ReadonlySet<RecoveryKind> = new Set<RecoveryKind>(['reconnect', 'limit_reached', 'fallback_http']);

export function push(state: UiState, ...items: NewItem[]): UiState {
  if (items.length === 0) return state;
  let nextId = state.nextId;
  const added = items.map((item) => ({ ...item, id: nextId++ }) as TranscriptItem);
  return { ...state, items: [...state.items, ...added], nextId };
}

export function withTail(state: UiState, tail: Partial<StreamingTail>): UiState {
  return { ...state, tail: { ...state.tail, ...tail } };
}

export function withStatus(state: UiState, status: Partial<StatusFigures>): UiState {
  return { ...state, status: { ...state.status, ...status } };
}

/** Moves the reasoning streamed so far into the transcript (before the answer or a tool card). */
export function commitReasoning(state: UiState): UiState {
  if (state.tail.reasoning.trim() === '') return state;
  const next = push(state, { kind: 'reasoning', text: state.tail.reasoning.trim() });
  return { ...withTail(next, { reasoning: '' }), reasoningCommitted: true };
}

export function updateTool(state: UiState, callId: string, update: (tool: RunningTool) => RunningTool, create: () => RunningTool): UiState {
  return withTail(state, { tools: withTool(state.tail.tools, callId, update, create) });
}

export function dropApproval(state: UiState, callId: string): UiState {
  if (!state.approvals.some((a) => a.callId === callId)) return state;
  return { ...state, approvals: state.approvals.filter((a) => a.callId !== callId) };
}

/** /new: the new session starts with no plan, no figures of its own and nothing to expand. */
export function newSessionState(state: UiState, sessionId: string): UiState {
  return withStatus(
    { ...state, plan: null, cutOutputs: [] },
    // A new session starts in the normal work mode (its agent is new).
    { sessionId, lastRequest: null, lastTurn: null, tokens: { input: 0, cached: 0, output: 0 }, requests: 0, turns: 0, mode: 'normal', context: undefined },
  );
}
