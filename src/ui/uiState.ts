// Everything the interactive UI shows, as one pure reducer over AgentEvents (plus a few UI-local
// events such as slash-command output). Finished transcript items are append-only (they go into
// Ink's <Static> and are never redrawn); the streaming tail holds what is still changing: the
// answer being written, the reasoning summary, running tools with a live output tail. The status
// figures are what the status bar shows.
import type { AgentEvent } from '../agent/events.js';
import { compactionCompletedText, compactionStartedText } from './contextText.js';
import { withCitationFootnotes } from './citations.js';
import { planUpdate } from './planState.js';
import { modeNotice } from './planModeView.js';
import { liveLanes, reduceSubAgents, subAgentOf } from './subAgentState.js';
import { appendOutput } from './textLines.js';
import { LIVE_OUTPUT_LINES, finishedCard, newTool } from './toolCards.js';
import { earlierTranscript, errorText, recoveryText, turnSummary } from './transcriptText.js';

export { initialUiState } from './initialUiState.js';
import { commitReasoning, dropApproval, newSessionState, push, RECONNECT_KINDS, updateTool, withStatus, withTail } from './uiStateHelpers.js';
import type { PendingApproval, UiInput, UiState } from './uiTypes.js';

/** Cut tool outputs Ctrl-O can still print in full (the newest). */
export const CUT_OUTPUTS_KEPT = 20;

/**
 * The next UI state after an event. `now` is performance.now() (injectable for tests); it stamps
 * connection opening and tool start times, and the last sign of life from the agent.
 */
export function reduce(state: UiState, event: UiInput, now: number = performance.now()): UiState {
  const next = subAgentEvent(event) ? applySubAgent(state, event) : apply(state, event, now);
  const agentEvent = !event.type.startsWith('ui.') || event.type === 'ui.submitted';
  return agentEvent && next.busy ? { ...next, lastEventAt: now } : next;
}

/** [lanes] A sub-agent's events go to the sub-agent list (its answer to a card), never to the parent's tail. */
function subAgentEvent(event: UiInput): event is AgentEvent {
  return event.type === 'agent.started' || event.type === 'agent.completed' || subAgentOf(event) !== null;
}

function applySubAgent(state: UiState, event: AgentEvent): UiState {
  const subAgents = reduceSubAgents(state.subAgents ?? [], event);
  const next = withStatus({ ...state, subAgents }, { lanes: liveLanes(subAgents) });
  if (event.type !== 'agent.completed') return next;
  const note = event.status === 'completed' ? '' : ` (${event.status})`;
  return push(next, { kind: 'block', title: `sub-agent ${event.agent}${note}`, body: event.finalMessage || '(no answer)', format: 'text' });
}

function apply(state: UiState, event: UiInput, now: number): UiState {
  switch (event.type) {
    case 'session.started':
      return withStatus(state, {
        sessionId: event.sessionId,
        model: event.model,
        transport: event.transport,
        cwd: event.cwd,
        approval: event.approval,
        sandbox: event.sandbox,
      });

    case 'session.forked':
      return withStatus(state, { sessionId: event.sessionId });

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
      // A turn with no new prompt only delivers held steers (listed above the prompt): nothing to echo.
      const next = event.prompt === '' ? state : push(state, { kind: 'user', text: event.prompt });
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
      if (text.trim() !== '') next = push(next, { kind: 'assistant', text: withCitationFootnotes(text, event.citations), interrupted: false });
      return withTail(next, { assistant: '' });
    }

    case 'web_search':
      return push(commitReasoning(state), { kind: 'notice', level: 'info', text: event.display });

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
      return updateTool(
        next,
        event.callId,
        (t) => ({ ...t, name: event.name, display: event.display }),
        () => newTool(event.callId, event.name, event.display),
      );
    }

    case 'tool.approval_required': {
      let next = commitReasoning(state);
      next = updateTool(
        next,
        event.callId,
        (t) => ({ ...t, status: 'waiting', display: event.display }),
        () => newTool(event.callId, event.name, event.display),
      );
      if (next.approvals.some((a) => a.callId === event.callId)) return next;
      const approval: PendingApproval = {
        callId: event.callId,
        name: event.name,
        display: event.display,
        reason: event.reason,
        args: event.args,
        ...(event.server && { server: event.server }),
        ...(event.diff && { diff: event.diff }),
        ...(event.allowPrefix && { allowPrefix: event.allowPrefix }),
        ...(event.question && { question: true }),
      };
      return { ...next, approvals: [...next.approvals, approval] };
    }

    case 'tool.started': {
      const next = dropApproval(state, event.callId);
      return updateTool(
        next,
        event.callId,
        (t) => ({ ...t, status: 'running', startedAt: now, display: event.display }),
        () => newTool(event.callId, event.name, event.display),
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
      const card = finishedCard(event, running);
      const expandable = card.output.lines.length > 0 && card.output.omitted > 0;
      next = push(next, { kind: 'tool', card: expandable ? { ...card, expandable } : card });
      return expandable ? { ...next, cutOutputs: [...next.cutOutputs, { display: card.display, output: event.output }].slice(-CUT_OUTPUTS_KEPT) } : next;
    }

    case 'mode.changed':
      return withStatus(push(state, { kind: 'notice', level: 'info', text: modeNotice(event) }), { mode: event.mode });

    case 'plan.updated': {
      const { plan, note } = planUpdate(state.plan, event);
      return { ...(note ? push(state, { kind: 'notice', level: 'info', text: note }) : state), plan };
    }

    case 'usage': {
      const { tokens } = state.status;
      return withStatus(state, {
        tokens: { input: tokens.input + event.input, cached: tokens.cached + event.cached, output: tokens.output + event.output },
        ...(event.context && { context: event.context }),
      });
    }

    case 'session.rewound':
      // The conversation went back: the meter waits for the next response's figure.
      return event.keptItems === null ? state : withStatus(state, { context: undefined });

    case 'compaction.started':
      return push(state, { kind: 'notice', level: 'dim', text: compactionStartedText(event) });

    case 'compaction.completed': {
      const window = state.status.context?.window ?? null;
      const context = { tokens: event.tokensAfter, window, percent: window ? Math.round((event.tokensAfter / window) * 100) : null };
      return withStatus(push(state, { kind: 'notice', level: 'info', text: compactionCompletedText(event) }), { context });
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
      if (next.subAgents?.length) next = withStatus({ ...next, subAgents: [] }, { lanes: 0 }); // [lanes] the list is live only
      if (next.tail.assistant.trim() !== '') {
        next = push(next, { kind: 'assistant', text: next.tail.assistant, interrupted: event.status !== 'completed' });
      }
      if (next.plan) next = push(next, { kind: 'plan', steps: next.plan.steps });
      next = push(next, { kind: 'notice', level: 'dim', text: turnSummary(event) });
      return {
        ...next,
        plan: null,
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

    case 'error': {
      const next = push(state, { kind: 'notice', level: event.fatal ? 'error' : 'warn', text: errorText(event) });
      return event.code === 'mcp_server_failed' ? withStatus(next, { mcpFailures: (state.status.mcpFailures ?? 0) + 1 }) : next;
    }

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
      return push(state, { kind: 'help', ...(event.own && event.own.length > 0 && { own: event.own }) });

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

    case 'ui.expand_output': {
      const last = state.cutOutputs[state.cutOutputs.length - 1];
      if (!last) return push(state, { kind: 'notice', level: 'dim', text: 'No cut tool output left to expand.' });
      const next = push(state, { kind: 'block', title: `Full output of ${last.display}`, body: last.output.replace(/\n$/, ''), format: 'text' });
      return { ...next, cutOutputs: state.cutOutputs.slice(0, -1) };
    }

    case 'ui.earlier':
      return event.entries.length === 0 ? state : push(state, ...earlierTranscript(event.sessionId, event.entries));

    case 'ui.cleared':
      // A fresh conversation: the meter waits for its first response.
      return push(withStatus({ ...state, plan: null }, { context: undefined }), {
        kind: 'notice',
        level: 'info',
        text: '✓ started a new conversation (the transcript above is no longer in context)',
      });

    case 'ui.new_session':
      return push(newSessionState(state, event.id), {
        kind: 'notice',
        level: 'info',
        text: `✓ new session ${event.id}${event.previous ? ` (the previous one continues with wsagent --resume ${event.previous})` : ''}`,
      });

    default:
      return state;
  }
}

/** Events that must not wait for the throttle: anything but the high-frequency deltas. */
export function isUrgent(event: UiInput): boolean {
  return event.type !== 'assistant.delta' && event.type !== 'reasoning.delta' && event.type !== 'tool.output';
}
