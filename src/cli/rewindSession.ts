// A rewind (Esc Esc, /rewind) carried out: back to one of this session's prompts, the conversation
// (it goes on from just before that prompt; the session file records it, the abandoned path stays
// in the file above) and/or the files (the undo records of that turn and every later one, newest
// first, exactly as /undo would: a file changed since is left alone and named as a conflict).
import type { AgentEvent } from '../agent/events.js';
import { type ModelSession, type RewindPoint, rewindPoints } from '../session/index.js';
import type { UndoResult, WorkspaceSnapshots } from '../tools/snapshots/index.js';

export type RewindMode = 'both' | 'conversation' | 'files';

export interface RewindOutcome {
  point: RewindPoint;
  mode: RewindMode;
  /** Items kept (the conversation before the prompt), or null when the conversation was left as it was. */
  keptItems: number | null;
  /** What the undo records did, turn by turn (newest first); null when the files were left as they are. */
  files: UndoResult[] | null;
}

export interface RewindParts {
  session: ModelSession;
  snapshots: WorkspaceSnapshots;
  sessionId: string;
  emit: (event: AgentEvent) => void;
}

/** This session's prompts, newest first. */
export function listRewindPoints(session: ModelSession): RewindPoint[] {
  return rewindPoints(session.ledger);
}

export async function rewindSession(parts: RewindParts, turn: number, mode: RewindMode): Promise<RewindOutcome> {
  const point = listRewindPoints(parts.session).find((p) => p.turn === turn);
  if (!point) throw new Error(`no prompt of turn ${turn} in this conversation`);
  // Files first: should a snapshot fail, the conversation has not moved yet and nothing is half done.
  const files = mode === 'conversation' ? null : await undoFrom(parts.snapshots, point.turn);
  let keptItems: number | null = null;
  if (mode !== 'files') {
    parts.session.rewindTo(point.position, point.turn, point.prompt);
    keptItems = parts.session.ledger.length;
  }
  parts.emit({
    type: 'session.rewound',
    sessionId: parts.sessionId,
    turn: point.turn,
    prompt: point.prompt,
    mode,
    keptItems,
    files: files && {
      turns: files.map((r) => r.turn),
      restored: union(files.map((r) => r.restored)),
      removed: union(files.map((r) => r.removed)),
      conflicts: union(files.map((r) => r.conflicts)),
    },
  });
  return { point, mode, keptItems, files };
}

/** Undoes every recorded turn from `turn` on, newest first, as /undo would one at a time. */
async function undoFrom(snapshots: WorkspaceSnapshots, turn: number): Promise<UndoResult[]> {
  const results: UndoResult[] = [];
  for (;;) {
    const last = snapshots.turns().at(-1);
    if (last === undefined || last < turn) return results;
    const result = await snapshots.undo();
    if (!result) return results;
    results.push(result);
  }
}

function union(lists: string[][]): string[] {
  return [...new Set(lists.flat())].sort();
}
