// /fork in a running session: the conversation so far is saved as a new session (a new id and
// file, its header naming the original), and this process goes on in it. The original file is
// closed as it stands and never written again, so it stays resumable exactly as it was. On a socket
// that serves lanes the next request forks from the current response onto a new lane, one small
// frame; otherwise the conversation goes on where it is (protocol.md §9).
import { rmSync } from 'node:fs';
import { createForkFile, type ModelSession, type SessionFile } from '../session/index.js';
import type { WorkspaceSnapshots } from '../tools/snapshots/index.js';
import { EXIT, UserFacingError } from './exitCodes.js';

export interface ForkOutcome {
  /** The session left behind (resumable as it was). */
  previous: string;
  /** The fork's id: this process writes it from now on. */
  id: string;
  /** The stream_id the fork's requests go on, or null where the server has no lanes. */
  lane: string | null;
  /** The fork's undo records (turns from now on; the original keeps its own). */
  snapshots: WorkspaceSnapshots;
}

export interface ForkParts {
  dataDir: string;
  session: ModelSession;
  sessionFile: SessionFile | null;
  snapshots: WorkspaceSnapshots;
  openSnapshots: (sessionId: string) => Promise<WorkspaceSnapshots>;
}

export async function forkSession(parts: ForkParts): Promise<ForkOutcome> {
  const { session, sessionFile } = parts;
  if (!sessionFile) throw new UserFacingError('this session writes no session file (--ephemeral): there is nothing to fork', EXIT.usage);
  const previous = sessionFile.header.id;
  const copy = createForkFile(parts.dataDir, sessionFile.header, session.ledger, session.currentModel);
  const id = copy.header.id;
  // The fork's turns get undo records of their own: writing them under the original's id would mix
  // them into the original's /undo when it is resumed. Opened before anything moves: should it
  // fail, the session goes on unforked and the half-made copy is gone.
  let snapshots: WorkspaceSnapshots;
  try {
    snapshots = await parts.openSnapshots(id);
  } catch (err) {
    copy.close();
    rmSync(copy.path, { force: true });
    throw err;
  }
  sessionFile.adopt(copy);
  // Lane names are 1–256 of [A-Za-z0-9_.-]; the id's random tail keeps two forks apart.
  const lane = session.moveToNewLane(`fork-${id.slice(-8)}`);
  await parts.snapshots.close().catch(() => undefined);
  return { previous, id, lane, snapshots };
}
