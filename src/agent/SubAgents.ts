// Sub-agents (spawn_agents): each task forks the parent's session onto a lane of its socket (or a
// socket of its own where the server has no lanes, see ModelSession.fork) and runs its own tool loop
// — an Agent of its own — until it answers. The answers return to the parent, merged in task order.
//
// While they run, the parent waits in its spawn_agents call: its lane does not advance, so every
// fork's parent response stays in the connection cache until the fork has started from it
// (protocol.md §9: advance the source lane only after each fork's response.in_progress).
//
// Sub-agents are read-only whatever the approval mode: they investigate and answer, the parent
// makes the edits and runs the commands. Their tool list stays the parent's (the same definitions
// keep the fork's chain and prompt cache), but a call of anything but a read-only tool is refused.
// Every live sub-agent has a lane of its own: two spawn_agents calls in one response never share
// one (a shared lane would serialise them and break each other's chain); a finished sub-agent's
// lane is free again, so the names stay within the server's 32 per connection.
import { customToolCallOutput, functionCallOutput, type ModelSession, type SessionFile } from '../session/index.js';
import { SPAWN_AGENTS_TOOL, type SubAgentTask, type ToolContext, type ToolResult } from '../tools/index.js';
import type { WorkspaceGuard } from '../tools/WorkspaceGuard.js';
import { Agent, type TurnResult } from './Agent.js';
import type { AgentEvent } from './events.js';
import type { ApprovalGate, ParsedCall, ToolCatalog } from './ports.js';

export const DEFAULT_SUB_AGENT_MAX_REQUESTS = 20;

export interface SubAgentsOptions {
  session: ModelSession;
  catalog: ToolCatalog;
  approvals: ApprovalGate;
  workspace: WorkspaceGuard;
  /** Model requests each sub-agent may make (default 20). */
  maxRequests?: number;
  sessionFile?: SessionFile | null;
  onEvent: (event: AgentEvent) => void;
}

/** Forwarded from a sub-agent, tagged with its name: its tool activity, recoveries, requests and non-fatal errors. */
const FORWARDED = new Set<AgentEvent['type']>(['tool.requested', 'tool.started', 'tool.output', 'tool.completed', 'recovery', 'request.completed', 'error']);

export class SubAgents {
  /** Lanes of the sub-agents running now, across every spawn_agents call. */
  private readonly liveLanes = new Set<string>();

  constructor(private readonly opts: SubAgentsOptions) {}

  /** The spawn_agents tool's execution: runs every task at once and merges the answers in task order. */
  async run(tasks: SubAgentTask[], ctx: ToolContext): Promise<ToolResult> {
    // Calls start while their response is still streaming; a fork needs that response complete
    // and in the ledger (it is what the forks continue from).
    if (ctx.callId !== undefined) await this.committed(ctx.callId, ctx.signal);
    if (ctx.signal.aborted) return { ok: false, output: 'Cancelled before the sub-agents started.' };
    const calls = this.openCalls(ctx.callId);
    const results = await Promise.all(tasks.map((task) => this.runOne(task, calls, ctx.signal)));
    const sections = tasks.map((task, i) => {
      const result = results[i]!;
      const note = result.status === 'completed' ? '' : ` (${result.status}${result.error ? `: ${result.error.message}` : ''})`;
      return `## ${task.name}${note}\n${result.finalMessage || '(no answer)'}`;
    });
    const ok = results.some((r) => r.status === 'completed');
    return { ok, output: sections.join('\n\n') };
  }

  private async runOne(task: SubAgentTask, calls: OpenCall[], signal: AbortSignal): Promise<TurnResult> {
    const { session, onEvent } = this.opts;
    const name = task.name;
    const lane = this.takeLane();
    let child: ModelSession;
    try {
      child = session.fork({ lane, ...(this.opts.sessionFile && { sessionFile: this.opts.sessionFile.forAgent(name) }) });
    } catch (err) {
      this.liveLanes.delete(lane);
      throw err;
    }
    onEvent({ type: 'agent.started', agent: name, task: task.prompt, lane: child.streamId });
    // The parent's response ends in calls the fork must answer before it can go on: its own
    // spawn_agents call says who it is; any other call was the parent's to run.
    child.addItems(
      calls.map((call) => {
        const text = call.spawn ? `You are the sub-agent "${name}", forked to do one task; answer it in your final message.` : 'Run by the parent agent.';
        return call.custom ? customToolCallOutput(call.callId, text) : functionCallOutput(call.callId, text);
      }),
      'tool',
    );
    const agent = new Agent({
      session: child,
      catalog: this.subAgentCatalog(),
      approvals: this.opts.approvals,
      workspace: this.opts.workspace,
      changes: null, // read-only: nothing to snapshot
      // No one answers a sub-agent's approval: what the approval mode does not allow is refused.
      approver: null,
      maxTurns: this.opts.maxRequests ?? DEFAULT_SUB_AGENT_MAX_REQUESTS,
      onEvent: (event) => {
        if (FORWARDED.has(event.type)) onEvent({ ...(event.type === 'error' ? { ...event, fatal: false } : event), agent: name } as AgentEvent);
      },
    });
    let result: TurnResult;
    try {
      result = await agent.runTurn(task.prompt, { signal });
    } finally {
      await child.close();
      this.liveLanes.delete(lane);
    }
    onEvent({ type: 'agent.completed', agent: name, status: result.status, finalMessage: result.finalMessage, requests: result.timings.requests });
    return result;
  }

  /** Resolves once the parent's response holding `callId` is in its ledger (or on abort). */
  private committed(callId: string, signal: AbortSignal): Promise<void> {
    const { session } = this.opts;
    const inLedger = (): boolean => {
      const last = session.ledger.lastResponse();
      return last !== undefined && session.ledger.items.some((e) => e.responseId === last.responseId && (e.item as { call_id?: string }).call_id === callId);
    };
    if (inLedger()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        off();
        signal.removeEventListener('abort', finish);
        resolve();
      };
      const off = session.subscribe((event) => {
        if (event.type === 'request.completed' && inLedger()) finish();
      });
      signal.addEventListener('abort', finish, { once: true });
    });
  }

  /** The calls of the parent's latest response (the one that asked for sub-agents). */
  private openCalls(spawnCallId: string | undefined): OpenCall[] {
    const ledger = this.opts.session.ledger;
    const last = ledger.lastResponse();
    if (!last) return [];
    const calls: OpenCall[] = [];
    for (const entry of ledger.items) {
      if (entry.responseId !== last.responseId) continue;
      const item = entry.item as { type?: string; call_id?: string; name?: string };
      if ((item.type === 'function_call' || item.type === 'custom_tool_call') && item.call_id) {
        calls.push({
          callId: item.call_id,
          custom: item.type === 'custom_tool_call',
          spawn: item.call_id === spawnCallId || (spawnCallId === undefined && item.name === SPAWN_AGENTS_TOOL),
        });
      }
    }
    return calls;
  }

  /** The lowest `agent-N` no live sub-agent uses. */
  private takeLane(): string {
    for (let n = 1; ; n++) {
      const lane = `agent-${n}`;
      if (this.liveLanes.has(lane)) continue;
      this.liveLanes.add(lane);
      return lane;
    }
  }

  /** The parent's tools as they are, but only the read-only ones run, and spawn_agents never does. */
  private subAgentCatalog(): ToolCatalog {
    const parent = this.opts.catalog;
    return {
      definitions: () => parent.definitions(),
      parseArguments: (name, json): ParsedCall => {
        if (name === SPAWN_AGENTS_TOOL) return { ok: false, message: 'A sub-agent cannot spawn sub-agents: do the task yourself.' };
        const parsed = parent.parseArguments(name, json);
        if (parsed.ok && parsed.tool.kind !== 'read') return { ok: false, message: readOnlyRefusal(name, parsed.tool.kind) };
        return parsed;
      },
    };
  }
}

export function readOnlyRefusal(tool: string, kind: 'edit' | 'command'): string {
  const what = kind === 'edit' ? 'edit files' : 'run commands';
  return (
    `${tool} was not run: sub-agents have read-only tools and cannot ${what}, whatever the approval mode. ` +
    'Finish your investigation and say in your final answer exactly what should change; the parent agent makes the edits.'
  );
}

interface OpenCall {
  callId: string;
  custom: boolean;
  spawn: boolean;
}
