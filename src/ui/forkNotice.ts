// What /fork tells the user: the session this process goes on in, how the original is continued,
// and whether the fork's first request forks on a lane of the same socket.
import type { ForkSummary } from './AgentController.js';

export function forkNotice(forked: ForkSummary): string {
  const how = forked.lane
    ? `its next request forks from the current response on lane ${forked.lane} of the same socket`
    : 'it goes on from the current response';
  return `✓ forked: this conversation goes on as session ${forked.id} (${how}); the original is unchanged: wsagent --resume ${forked.previous}`;
}
