// What the user said while a turn ran, as the prompt area lists it: steers (Enter during a turn)
// with the state the agent reports, and messages queued for the next turn (Tab). Pure: the App
// keeps the list and feeds it AgentEvents and keys.
import type { AgentEvent } from '../agent/events.js';

export type HeldLabel = 'steering…' | 'applied' | 'queued' | 'sent with the next request' | 'failed — will resend';

export interface HeldEntry {
  /** The steer's id, or `q…` for a queued message. */
  id: string;
  text: string;
  kind: 'steer' | 'queued';
  label: HeldLabel;
}

/** A steer's new label after an AgentEvent; the list unchanged for other events. */
export function applySteerEvent(entries: readonly HeldEntry[], event: AgentEvent): readonly HeldEntry[] {
  const relabel = (id: string, label: HeldLabel): readonly HeldEntry[] => entries.map((e) => (e.id === id ? { ...e, label } : e));
  switch (event.type) {
    case 'steer.submitted':
      return [
        ...entries.filter((e) => e.id !== event.id),
        { id: event.id, text: event.text, kind: 'steer', label: event.mode === 'native' ? 'steering…' : 'sent with the next request' },
      ];
    case 'steer.accepted':
      return relabel(event.id, 'steering…');
    case 'steer.committed':
      return relabel(event.id, 'applied');
    case 'steer.failed':
      return relabel(event.id, 'failed — will resend');
    case 'turn.completed':
      // Applied steers are in the transcript's turn now; what is still held stays listed.
      return entries.filter((e) => e.kind !== 'steer' || e.label !== 'applied');
    default:
      return entries;
  }
}

let queuedCount = 0;

/** Tab during a turn: the entry waits for the next turn. */
export function queueMessage(entries: readonly HeldEntry[], text: string): readonly HeldEntry[] {
  return [...entries, { id: `q${++queuedCount}`, text, kind: 'queued', label: 'queued' }];
}

/** ↑ on an empty prompt: the newest queued message comes back for editing. */
export function pullBackNewest(entries: readonly HeldEntry[]): { entries: readonly HeldEntry[]; text: string } | null {
  const index = entries.findLastIndex((e) => e.kind === 'queued');
  if (index < 0) return null;
  return { entries: entries.filter((_, i) => i !== index), text: entries[index]!.text };
}

/** The oldest queued message, taken off the list (the next turn). */
export function takeOldestQueued(entries: readonly HeldEntry[]): { entries: readonly HeldEntry[]; text: string } | null {
  const index = entries.findIndex((e) => e.kind === 'queued');
  if (index < 0) return null;
  return { entries: entries.filter((_, i) => i !== index), text: entries[index]!.text };
}

/** Steers not yet applied: the status bar's count. */
export function heldSteerCount(entries: readonly HeldEntry[]): number {
  return entries.filter((e) => e.kind === 'steer' && e.label !== 'applied').length;
}
