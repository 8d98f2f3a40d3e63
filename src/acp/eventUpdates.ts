// AgentEvents as ACP `session/update`s: the answer and the reasoning as chunks, each tool call as a
// `tool_call` that `tool_call_update`s carry through its life (running, its output, done or failed,
// its diff), the plan. What has no place in ACP (connection changes, recoveries, notices) goes to
// the log on stderr: standard output is the protocol's alone.
import type { SessionUpdate, ToolCallContent } from '@agentclientprotocol/sdk';
import type { AgentEvent } from '../agent/events.js';
import { diffContent, toolKind, toolLocations } from './toolCallShape.js';

/** Output shown while a command runs: its last characters (the editor gets the whole text on each update). */
const LIVE_OUTPUT_CHARS = 8000;
/** How often a running command's output is sent at most (each update carries the whole tail). */
const OUTPUT_INTERVAL_MS = 100;
/** The final output shown in the editor (the model got its own bounded copy). */
const FINAL_OUTPUT_CHARS = 20_000;

function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max)}`;
}

function textContent(text: string, kind: string): ToolCallContent {
  // Command output reads best fenced (editors render the content as markdown).
  const shown = kind === 'execute' && text !== '' ? `\`\`\`\n${text.replace(/```/g, '`\u200b``')}\n\`\`\`` : text;
  return { type: 'content', content: { type: 'text', text: shown } };
}

/** A hosted web search (live or replayed) as a finished `fetch` tool call. */
export function webSearchCall(event: Extract<AgentEvent, { type: 'web_search' }>): SessionUpdate {
  return {
    sessionUpdate: 'tool_call',
    toolCallId: event.id,
    title: event.display,
    kind: 'fetch',
    status: event.status === 'failed' ? 'failed' : 'completed',
    rawInput: event.action,
  };
}

export class EventUpdates {
  /** Reasoning streamed since the last `reasoning.done` (a summary that came only whole is sent whole). */
  private reasoningStreamed = false;
  private readonly output = new Map<string, string>();
  private readonly kinds = new Map<string, string>();
  /** A command's output update waiting to go (one per call per OUTPUT_INTERVAL_MS, however chatty the command). */
  private readonly outputTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly root: string,
    private readonly log: (line: string) => void,
    /** Sends an update later than its event (a command's output, gathered for a moment). */
    private readonly later: (update: SessionUpdate) => void,
  ) {}

  /** The updates for one event (none for most bookkeeping events). */
  updates(event: AgentEvent & { agent?: string }): SessionUpdate[] {
    // A sub-agent's own stream is its business; its calls show in the parent's spawn_agents output.
    if (event.agent !== undefined && event.type !== 'error') return [];
    switch (event.type) {
      case 'assistant.delta':
        return event.text ? [{ sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: event.text } }] : [];
      case 'reasoning.delta':
        this.reasoningStreamed = true;
        return event.text ? [{ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: event.text } }] : [];
      case 'reasoning.done': {
        const streamed = this.reasoningStreamed;
        this.reasoningStreamed = false;
        if (streamed || !event.text) return streamed ? [{ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: '\n\n' } }] : [];
        return [{ sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: `${event.text}\n\n` } }];
      }
      case 'tool.requested': {
        const kind = toolKind(event.name);
        this.kinds.set(event.callId, kind);
        return [
          {
            sessionUpdate: 'tool_call',
            toolCallId: event.callId,
            title: event.display,
            kind,
            status: 'pending',
            locations: toolLocations(event.name, event.args, this.root),
            rawInput: event.args,
          },
        ];
      }
      case 'tool.started':
        return [{ sessionUpdate: 'tool_call_update', toolCallId: event.callId, status: 'in_progress' }];
      case 'tool.output': {
        const { callId } = event;
        this.output.set(callId, tail((this.output.get(callId) ?? '') + event.chunk, LIVE_OUTPUT_CHARS));
        if (!this.outputTimers.has(callId)) {
          const timer = setTimeout(() => {
            this.outputTimers.delete(callId);
            const kind = this.kinds.get(callId) ?? 'other';
            this.later({ sessionUpdate: 'tool_call_update', toolCallId: callId, content: [textContent(this.output.get(callId) ?? '', kind)] });
          }, OUTPUT_INTERVAL_MS);
          this.outputTimers.set(callId, timer);
        }
        return [];
      }
      case 'tool.completed': {
        const kind = this.kinds.get(event.callId) ?? toolKind(event.name);
        clearTimeout(this.outputTimers.get(event.callId));
        this.outputTimers.delete(event.callId);
        this.output.delete(event.callId);
        this.kinds.delete(event.callId);
        const diffs = event.ok && event.diff ? diffContent(event.diff, this.root) : [];
        const content = diffs.length > 0 ? diffs : [textContent(tail(event.output, FINAL_OUTPUT_CHARS), kind)];
        return [
          {
            sessionUpdate: 'tool_call_update',
            toolCallId: event.callId,
            status: event.ok ? 'completed' : 'failed',
            content,
            rawOutput: { ok: event.ok, output: tail(event.output, FINAL_OUTPUT_CHARS), durationMs: event.durationMs },
          },
        ];
      }
      case 'steer.submitted':
        // A prompt sent during the turn joined it: the editor shows it in the thread where it landed.
        return [{ sessionUpdate: 'user_message_chunk', content: { type: 'text', text: event.text } }];
      case 'usage':
        // The context meter (the TUI's `ctx 62 %`): how much of the model's window the conversation fills.
        return event.context?.window ? [{ sessionUpdate: 'usage_update', used: event.context.tokens, size: event.context.window }] : [];
      case 'web_search':
        // The service searched (the hosted tool): one finished call of kind fetch, "searched: …".
        return [webSearchCall(event)];
      case 'plan.updated':
        return [
          {
            sessionUpdate: 'plan',
            entries: event.plan.map((entry) => ({ content: entry.step, priority: 'medium', status: entry.status })),
          },
        ];
      case 'error':
        this.log(`${event.fatal ? 'error' : 'notice'} (${event.code}): ${event.message}`);
        return [];
      case 'recovery':
        this.log(`recovery (${event.kind}): ${event.reason}`);
        return [];
      case 'connection':
        this.log(`connection ${event.state} (${event.transport})${event.reason ? `: ${event.reason}` : ''}`);
        return [];
      default:
        return [];
    }
  }
}
