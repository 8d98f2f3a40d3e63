// The App's list of steers and queued messages (heldMessages.ts), kept in a ref so that keys read
// its latest state synchronously; every change re-renders.
import { useCallback, useRef } from 'react';
import type { AgentEvent } from '../agent/events.js';
import { applySteerEvent, type HeldEntry, heldSteerCount, pullBackNewest, queueMessage, takeOldestQueued } from './heldMessages.js';

export interface HeldMessagesHandle {
  /** Give to useAgentState: the list hears the same events as the rest of the UI (one subscription). */
  readonly hear: { current: (event: AgentEvent) => void };
  entries(): readonly HeldEntry[];
  /** Tab during a turn (or a steer that found no turn yet): waits for the next turn. */
  queue(text: string): void;
  /** ↑ on an empty prompt: the newest queued message, taken off the list; null when none. */
  pullBack(): string | null;
  /** The oldest queued message, taken off the list (the next turn); null when none. */
  takeNext(): string | null;
  /** Steers not applied yet (the status bar's count). */
  steers(): number;
}

/** `onApplied`: a steer the model now has (its text goes into the transcript where it applied). */
export function useHeldMessages(rerender: () => void, onApplied: { current: (text: string) => void }): HeldMessagesHandle {
  const list = useRef<readonly HeldEntry[]>([]);
  const set = useCallback(
    (next: readonly HeldEntry[]) => {
      if (next === list.current) return;
      list.current = next;
      rerender();
    },
    [rerender],
  );
  const take = (taken: { entries: readonly HeldEntry[]; text: string } | null): string | null => {
    if (!taken) return null;
    set(taken.entries);
    return taken.text;
  };
  const hear = useRef<(event: AgentEvent) => void>(() => undefined);
  hear.current = (event) => {
    if (event.type === 'steer.committed') {
      const steer = list.current.find((e) => e.id === event.id);
      if (steer) onApplied.current(steer.text);
    }
    set(applySteerEvent(list.current, event));
  };
  return {
    hear,
    entries: () => list.current,
    queue: (text) => set(queueMessage(list.current, text)),
    pullBack: () => take(pullBackNewest(list.current)),
    takeNext: () => take(takeOldestQueued(list.current)),
    steers: () => heldSteerCount(list.current),
  };
}
