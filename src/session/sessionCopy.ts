// Forks (`/fork`, `exec --resume ID --fork`): a copy of a conversation saved as a new session with
// a new id, which the caller then continues. The original's file is only ever read, never written,
// so it stays byte for byte as it was and can be resumed on its own.
import type { ConversationLedger } from './ConversationLedger.js';
import { completeResumedLedger, type OutputRecovery, type ResumedSession } from './resumeSession.js';
import { readSession, SessionFile, type SessionHeader } from './SessionFile.js';
import { findSession } from './sessionList.js';

/**
 * Writes `ledger` (the current path of a conversation: no abandoned path, no sub-agents' lines)
 * into a newly created session file: its items with their prompts' turns, then the responses and
 * the compaction, whose positions are the ledger's own.
 */
export function writeLedgerCopy(file: SessionFile, ledger: ConversationLedger): void {
  for (const entry of ledger.items) {
    if (entry.steerId !== undefined) file.appendSteerItem(entry.item, entry.steerId);
    else if (entry.turn !== undefined) file.appendPrompt(entry.item, entry.turn, entry.typed);
    else file.appendItem(entry.item, entry.origin, entry.responseId);
  }
  for (const record of ledger.responses) file.appendResponse(record);
  const compaction = ledger.compaction;
  if (compaction) file.appendCompaction(compaction.window, compaction.coversUpTo);
}

/** A new session file holding a copy of `ledger`, its header naming the session it was forked from. */
export function createForkFile(configDir: string, from: SessionHeader, ledger: ConversationLedger, model: string): SessionFile {
  const fork = SessionFile.create(configDir, { model, cwd: from.cwd, forkedFrom: from.id });
  try {
    writeLedgerCopy(fork, ledger);
  } catch (err) {
    fork.close();
    throw err;
  }
  return fork;
}

/**
 * `exec --resume ID --fork`: reads the saved session (without its lock: nothing is written to it),
 * copies its conversation into a new session and opens that one for appending, repaired as a
 * resume would be (outputs for calls left unanswered, steers never delivered): in the copy only.
 */
export function forkSavedSession(configDir: string, idOrLast: string, workspace: string, recoverOutput?: OutputRecovery): ResumedSession {
  const found = findSession(configDir, idOrLast, workspace);
  const loaded = readSession(found.path);
  const file = createForkFile(configDir, loaded.header, loaded.ledger, loaded.header.model);
  try {
    const completed = completeResumedLedger(loaded, file, recoverOutput);
    return {
      header: file.header,
      ledger: loaded.ledger,
      file,
      turns: loaded.turns,
      interruptedCalls: completed.interruptedCalls,
      repairs: null,
      recoveredSteers: completed.recoveredSteers,
    };
  } catch (err) {
    file.close();
    throw err;
  }
}
