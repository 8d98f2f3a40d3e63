// Reopens a saved session so that it can always continue, whatever moment the previous process
// died at. A call the model made whose output never reached the file (wsagent was killed while it
// ran) gets an output saying so: the API refuses a conversation with an unanswered call, and the
// model must know the call's effects are unknown — unless the caller can rebuild the real output
// from the file (finished sub-agents, `recoverOutput`). An output whose call is unreadable is left
// out (readSession), as the API refuses that too. The repairs are written to the file, so the file
// itself is consistent from then on, and reported once (`repairs`).
import type { ConversationLedger } from './ConversationLedger.js';
import { type ConversationItem, userMessage } from './items.js';
import { type AgentLine, type LoadedSession, readSession, SessionFile, type SessionHeader, type SessionSink } from './SessionFile.js';
import { findSession } from './sessionList.js';

export interface ResumedSession {
  header: SessionHeader;
  ledger: ConversationLedger;
  file: SessionFile;
  /** User turns already in the session: the resumed process numbers its turns after them. */
  turns: number;
  /** Calls that had no output and were given one. */
  interruptedCalls: number;
  /** What was repaired in the file and not reported before, for the user (one line); null when nothing. */
  repairs: string | null;
  /** Steers the previous process took but never put into the conversation: they go with the next request. */
  recoveredSteers: number;
}

/** A call the previous process left without output; the agent layer may know its real output from the file. */
export interface UnansweredCall {
  callId: string;
  name: string;
  arguments: string;
  agentLines: readonly AgentLine[];
}

export type OutputRecovery = (call: UnansweredCall) => string | null;

export const INTERRUPTED_CALL_OUTPUT =
  'wsagent stopped while this call was running (the process ended before the call finished), so its output was lost ' +
  'and its effects may be partial. Check the current state before relying on it, and run it again only if that is safe.';

const OUTPUT_TYPE: Record<string, string> = { function_call: 'function_call_output', custom_tool_call: 'custom_tool_call_output' };

/** Outputs for the calls in the ledger that have none, in call order. */
export function missingCallOutputs(ledger: ConversationLedger, recover?: (call: Omit<UnansweredCall, 'agentLines'>) => string | null): ConversationItem[] {
  const answered = new Set<string>();
  for (const { item } of ledger.items) {
    const raw = item as Record<string, unknown>;
    if ((raw.type === 'function_call_output' || raw.type === 'custom_tool_call_output') && typeof raw.call_id === 'string') answered.add(raw.call_id);
  }
  const missing: ConversationItem[] = [];
  for (const { item, origin } of ledger.items) {
    const raw = item as Record<string, unknown>;
    const outputType = OUTPUT_TYPE[String(raw.type)];
    if (origin !== 'model' || !outputType || typeof raw.call_id !== 'string' || answered.has(raw.call_id)) continue;
    answered.add(raw.call_id);
    const args = typeof raw.arguments === 'string' ? raw.arguments : typeof raw.input === 'string' ? raw.input : '';
    const output = recover?.({ callId: raw.call_id, name: String(raw.name ?? ''), arguments: args }) ?? INTERRUPTED_CALL_OUTPUT;
    missing.push({ type: outputType, call_id: raw.call_id, output } as ConversationItem);
  }
  return missing;
}

/**
 * What a session read back still owes the model before it can go on, added to its ledger and to
 * `file` (the session itself, or a fork of it): an output for each call left without one, and the
 * steers whose message never reached the ledger — they were not applied (the server's queue of
 * steers died with the connection), so each goes once, as a user message, with the next request.
 */
export function completeResumedLedger(
  loaded: LoadedSession,
  file: SessionSink,
  recoverOutput?: OutputRecovery,
): { interruptedCalls: number; recoveredSteers: number } {
  const missing = missingCallOutputs(loaded.ledger, recoverOutput && ((call) => recoverOutput({ ...call, agentLines: loaded.agentLines })));
  for (const item of missing) {
    loaded.ledger.append(item, 'tool');
    file.appendItem(item, 'tool');
  }
  for (const steer of loaded.undeliveredSteers) {
    const item = userMessage(steer.text);
    loaded.ledger.append(item, 'user').steerId = steer.id;
    file.appendSteerItem(item, steer.id);
  }
  return { interruptedCalls: missing.length, recoveredSteers: loaded.undeliveredSteers.length };
}

/** Finds (`last` = the latest of `workspace`), locks, reads and repairs a session, and opens it for appending. */
export function resumeSession(configDir: string, idOrLast: string, workspace: string, recoverOutput?: OutputRecovery): ResumedSession {
  const found = findSession(configDir, idOrLast, workspace);
  // Opening takes the session's lock and sets a torn last line aside: both before anything is read.
  const file = SessionFile.open(configDir, found.id);
  try {
    const loaded = readSession(found.path);
    const completed = completeResumedLedger(loaded, file, recoverOutput);
    const torn = file.tornTail;
    const lines = loaded.unreadableLines.filter((n) => !loaded.reported.lines.has(n) && n !== torn?.line);
    const dropped = loaded.droppedOutputs.filter((id) => !loaded.reported.outputs.has(id));
    const parts: string[] = [];
    if (torn) parts.push(`its last line (line ${torn.line}) was cut off by a crash mid-write; its ${torn.bytes} bytes were kept in ${torn.keptIn}`);
    if (lines.length > 0)
      parts.push(
        `${lines.length} line${lines.length === 1 ? '' : 's'} could not be read and ${lines.length === 1 ? 'was' : 'were'} skipped (line${lines.length === 1 ? '' : 's'} ${lines.join(', ')})`,
      );
    if (dropped.length > 0)
      parts.push(
        `${dropped.length} tool output${dropped.length === 1 ? '' : 's'} whose call could not be read ${dropped.length === 1 ? 'was' : 'were'} left out (call ${dropped.join(', ')})`,
      );
    if (lines.length > 0 || dropped.length > 0) file.appendRepaired(lines, dropped);
    const repairs = parts.length > 0 ? `session ${found.id} was repaired: ${parts.join('; ')}` : null;
    return { header: loaded.header, ledger: loaded.ledger, file, turns: loaded.turns, repairs, ...completed };
  } catch (err) {
    file.close();
    throw err;
  }
}
