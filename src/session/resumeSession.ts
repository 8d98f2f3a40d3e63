// Reopens a saved session so that it can always continue, whatever moment the previous process
// died at. A call the model made whose output never reached the file (wsagent was killed while it
// ran) gets an output saying so: the API refuses a conversation with an unanswered call, and the
// model must know the call's effects are unknown. The repair is written to the file too, so the
// file itself is consistent from then on.
import type { ConversationLedger } from './ConversationLedger.js';
import { type ConversationItem, userMessage } from './items.js';
import { findSession, readSession, SessionFile, type SessionHeader } from './SessionFile.js';

export interface ResumedSession {
  header: SessionHeader;
  ledger: ConversationLedger;
  file: SessionFile;
  /** User turns already in the session: the resumed process numbers its turns after them. */
  turns: number;
  /** Calls that had no output and were given one. */
  interruptedCalls: number;
  /** Steers the previous process took but never put into the conversation: they go with the next request. */
  recoveredSteers: number;
}

export const INTERRUPTED_CALL_OUTPUT =
  'wsagent stopped while this call was running (the process ended before the call finished), so its output was lost ' +
  'and its effects may be partial. Check the current state before relying on it, and run it again only if that is safe.';

const OUTPUT_TYPE: Record<string, string> = { function_call: 'function_call_output', custom_tool_call: 'custom_tool_call_output' };

/** Outputs for the calls in the ledger that have none, in call order. */
export function missingCallOutputs(ledger: ConversationLedger): ConversationItem[] {
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
    missing.push({ type: outputType, call_id: raw.call_id, output: INTERRUPTED_CALL_OUTPUT } as ConversationItem);
  }
  return missing;
}

/** Finds (`last` = the latest of `workspace`), reads and repairs a session, and opens it for appending. */
export function resumeSession(configDir: string, idOrLast: string, workspace: string): ResumedSession {
  const found = findSession(configDir, idOrLast, workspace);
  const loaded = readSession(found.path);
  const file = SessionFile.open(configDir, found.id);
  const missing = missingCallOutputs(loaded.ledger);
  for (const item of missing) {
    loaded.ledger.append(item, 'tool');
    file.appendItem(item, 'tool');
  }
  // A steer whose message never reached the ledger was not applied (the server's queue of steers
  // died with the connection): it is delivered once, as a user message, with the next request.
  for (const steer of loaded.undeliveredSteers) {
    const item = userMessage(steer.text);
    loaded.ledger.append(item, 'user').steerId = steer.id;
    file.appendSteerItem(item, steer.id);
  }
  return {
    header: loaded.header,
    ledger: loaded.ledger,
    file,
    turns: loaded.turns,
    interruptedCalls: missing.length,
    recoveredSteers: loaded.undeliveredSteers.length,
  };
}
