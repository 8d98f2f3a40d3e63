// After a crash (kill -9) during spawn_agents, the parent's call has no output in the session file,
// but the sub-agents that had finished wrote their whole conversation, answer included, to the same
// file (SessionFile.forAgent). On resume their answers are used, merged as SubAgents.run merges
// them; only the sub-agents that had not finished are reported as lost.
import type { AgentLine, UnansweredCall } from '../session/index.js';
import { SPAWN_AGENTS_TOOL } from '../tools/index.js';

export const LOST_SUB_AGENT = 'lost: wsagent stopped before this sub-agent finished, so its effects may be partial';

interface AgentRun {
  items: AgentLine[];
  lastResponseId: string | null;
}

/** The spawn_agents output rebuilt from the session file, or null when no sub-agent of the call had finished. */
export function recoverSubAgentOutput(call: UnansweredCall): string | null {
  if (call.name !== SPAWN_AGENTS_TOOL) return null;
  let tasks: { name?: unknown }[];
  try {
    tasks = (JSON.parse(call.arguments) as { tasks?: { name?: unknown }[] }).tasks ?? [];
  } catch {
    return null;
  }
  const runs = runsOf(call.callId, call.agentLines);
  const answers = tasks.map((task) => {
    const name = String(task.name ?? '');
    return { name, answer: finalAnswer(runs.get(name)) };
  });
  if (!answers.some((a) => a.answer !== null)) return null;
  return answers.map(({ name, answer }) => (answer === null ? `## ${name} (${LOST_SUB_AGENT})\n(no answer)` : `## ${name}\n${answer}`)).join('\n\n');
}

/**
 * Each sub-agent's lines for this call. A sub-agent's first item answers the parent's spawn_agents
 * call; the unanswered call is the one running when wsagent stopped, so every later line of that
 * name is its run.
 */
function runsOf(callId: string, lines: readonly AgentLine[]): Map<string, AgentRun> {
  const runs = new Map<string, AgentRun>();
  for (const line of lines) {
    const item = line.item as { type?: string; call_id?: string } | undefined;
    if (line.kind === 'item' && line.origin === 'tool' && item?.call_id === callId && item.type?.endsWith('_output')) {
      runs.set(line.agent, { items: [], lastResponseId: null });
      continue;
    }
    const run = runs.get(line.agent);
    if (!run) continue;
    if (line.kind === 'item') run.items.push(line);
    else if (line.kind === 'response' && line.record) run.lastResponseId = line.record.responseId;
  }
  return runs;
}

/** The text of the sub-agent's last response when that response ended the run (a message, no call). */
function finalAnswer(run: AgentRun | undefined): string | null {
  if (!run || run.lastResponseId === null) return null;
  const output = run.items.filter((l) => l.responseId === run.lastResponseId).map((l) => l.item as { type?: string; content?: { text?: string }[] });
  if (output.some((i) => i.type === 'function_call' || i.type === 'custom_tool_call')) return null;
  const text = output
    .filter((i) => i.type === 'message')
    .flatMap((i) => i.content ?? [])
    .map((c) => c.text ?? '')
    .join('');
  return text.trim() === '' ? null : text;
}
