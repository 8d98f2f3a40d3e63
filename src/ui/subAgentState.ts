// [lanes] The sub-agents a spawn_agents call is running, as the TUI lists them under the transcript:
// name, state, requests so far, last tool. A pure reducer over the AgentEvents a sub-agent causes
// (those carrying `agent`) and agent.started / agent.completed.
import type { AgentEvent } from '../agent/events.js';

export type SubAgentState = 'running' | 'completed' | 'cancelled' | 'failed' | 'max_turns';

export interface SubAgentView {
  name: string;
  state: SubAgentState;
  /** Its lane on the parent's socket; null when it has a socket of its own. */
  lane: string | null;
  requests: number;
  /** The display form of its latest tool call, null before the first. */
  lastTool: string | null;
}

/** The sub-agent an event comes from, or null for the parent's own events. */
export function subAgentOf(event: { type: string }): string | null {
  const agent = (event as { agent?: unknown }).agent;
  return typeof agent === 'string' ? agent : null;
}

export function reduceSubAgents(list: readonly SubAgentView[], event: AgentEvent): SubAgentView[] {
  if (event.type === 'agent.started') {
    const others = list.filter((a) => a.name !== event.agent);
    return [...others, { name: event.agent, state: 'running', lane: event.lane, requests: 0, lastTool: null }];
  }
  const name = subAgentOf(event);
  if (name === null) return list as SubAgentView[];
  return list.map((agent) => {
    if (agent.name !== name) return agent;
    switch (event.type) {
      case 'agent.completed':
        return { ...agent, state: event.status, requests: event.requests };
      case 'request.completed':
        return event.stats.warmup ? agent : { ...agent, requests: agent.requests + 1 };
      case 'tool.requested':
        return { ...agent, lastTool: event.display };
      default:
        return agent;
    }
  });
}

/** Sub-agents on lanes of the parent's socket that are still running (the status bar's count). */
export function liveLanes(list: readonly SubAgentView[]): number {
  return list.filter((a) => a.state === 'running' && a.lane !== null).length;
}
