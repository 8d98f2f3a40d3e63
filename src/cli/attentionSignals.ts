// When the TUI asks for the user's attention, and what it says: a turn that ran at least
// `notifyAfterSeconds` has ended (the user probably looked away), or an approval waits for an
// answer. Both ring the terminal (terminalAlert.ts) and run the `notify` program with Codex's JSON
// (`agent-turn-complete`, with `thread-id`, `turn-id`, `cwd`, `input-messages` and
// `last-assistant-message`); an approval sends `approval-requested`, wsagent's addition in the same
// shape. Sub-agents' events are their parent's business and ring nothing.
import type { AgentEvent } from '../agent/events.js';
import type { NotifyRunner } from './notifyProgram.js';
import { type TerminalAlertKind, terminalAlertBytes } from './terminalAlert.js';

export interface AttentionOptions {
  terminal: TerminalAlertKind;
  /** Writes to the terminal the TUI runs on. */
  write: (bytes: string) => void;
  notify: NotifyRunner | null;
  /** Turns shorter than this end quietly. */
  minTurnMs: number;
  cwd: string;
}

const SHOWN_CHARS = 120;
const oneLine = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > SHOWN_CHARS ? `${line.slice(0, SHOWN_CHARS - 1)}…` : line;
};

export function attentionSignals(options: AttentionOptions): (event: AgentEvent) => void {
  let threadId = '';
  let turnId = '';
  let prompts: string[] = [];
  const signal = (message: string, payload: Record<string, unknown>): void => {
    const bytes = terminalAlertBytes(options.terminal, message);
    if (bytes) options.write(bytes);
    options.notify?.(payload);
  };
  return (event) => {
    if ('agent' in event && (event as { agent?: string }).agent) return;
    switch (event.type) {
      case 'session.started':
        threadId = event.sessionId;
        break;
      case 'turn.started':
        turnId = String(event.turn);
        prompts = event.prompt ? [event.prompt] : [];
        break;
      case 'steer.submitted':
        prompts.push(event.text);
        break;
      case 'tool.approval_required':
        signal(`wsagent: approval needed: ${oneLine(event.display)}`, {
          type: 'approval-requested',
          'thread-id': threadId,
          'turn-id': turnId,
          cwd: options.cwd,
          'call-id': event.callId,
          tool: event.name,
          display: event.display,
        });
        break;
      case 'turn.completed':
        // A cancelled turn was ended by the user, who is there to see it.
        if (event.status === 'cancelled' || event.timings.wallMs < options.minTurnMs) break;
        signal(`wsagent: ${event.status === 'completed' ? 'done' : event.status.replace('_', ' ')}: ${oneLine(event.finalMessage) || 'turn ended'}`, {
          type: 'agent-turn-complete',
          'thread-id': threadId,
          'turn-id': turnId,
          cwd: options.cwd,
          'input-messages': prompts,
          'last-assistant-message': event.finalMessage || null,
        });
        break;
      default:
        break;
    }
  };
}
