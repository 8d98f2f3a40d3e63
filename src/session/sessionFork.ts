// How a sub-agent's session sits beside its parent's (protocol.md §9): the lane it runs on and the
// response it forks from, on the parent's connection while the server serves lanes.
import type { ConnectionSupervisor } from './ConnectionSupervisor.js';
import type { SessionSink } from './SessionFile.js';

/** How a sub-agent's session starts (see ModelSession.fork). */
export interface ForkOptions {
  /** The sub-agent's lane: its `stream_id` on the shared socket (1–256 characters of `[A-Za-z0-9_.-]`). */
  lane: string;
  /** Where its ledger goes (the parent's session file, tagged with the agent's name). */
  sessionFile?: SessionSink;
}

/** A fork on the parent's socket: the supervisor it shares, its lane, and the response it forks. */
export interface LaneFork {
  supervisor: ConnectionSupervisor;
  lane: string;
  forkedFrom: { connectionKey: string; responseId: string } | undefined;
}
