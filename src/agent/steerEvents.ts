// A steer's state change (session/Steering) as the AgentEvent front ends and scripts see.
import type { SteerStatus } from '../session/index.js';
import type { AgentEvent } from './events.js';

/** The event for a steer's new state; null for the states no one needs to see (riding, pending). */
export function steerEvent(steer: SteerStatus): AgentEvent | null {
  switch (steer.state) {
    case 'sent':
      return { type: 'steer.submitted', id: steer.id, text: steer.text, mode: 'native' };
    case 'queued':
      return { type: 'steer.submitted', id: steer.id, text: steer.text, mode: 'queued' };
    case 'accepted':
      return { type: 'steer.accepted', id: steer.id, steerId: steer.serverId ?? '' };
    case 'committed':
      return { type: 'steer.committed', id: steer.id, via: steer.via ?? 'queued' };
    case 'failed':
    case 'unknown':
      return { type: 'steer.failed', id: steer.id, code: steer.code ?? 'steer_failed', message: steer.message ?? '', resend: true };
    default:
      return null;
  }
}
