// The UI state, fed by the controller's AgentEvents and the UI's own events, with re-rendering
// throttled: every event goes through the reducer at once (so key handlers always see the latest
// state), but React only hears about it when a flush runs. High-frequency events (answer and
// reasoning deltas, tool output) flush at most once per `throttleMs`; anything else (a finished
// item, an approval request, a state change) flushes on the next tick, together with whatever
// deltas are pending. A 2,000-delta answer therefore costs a few dozen renders, not 2,000.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AgentEvent } from '../agent/events.js';
import type { AgentController } from './AgentController.js';
import { initialUiState, isUrgent, reduce } from './uiState.js';
import type { UiInput, UiState } from './uiTypes.js';

export const DEFAULT_THROTTLE_MS = 64;

export interface AgentStateHandle {
  /** The state as last flushed to React. */
  state: UiState;
  /** Applies an event (UI-local or agent) and schedules a flush. */
  dispatch: (event: UiInput) => void;
  /** The latest state, flushed or not: for event handlers. */
  getState: () => UiState;
}

interface FlushTimers {
  timer: ReturnType<typeof setTimeout> | null;
  immediate: ReturnType<typeof setImmediate> | null;
  lastFlush: number;
  mounted: boolean;
}

/** `alsoTell`: one more listener of the same subscription (its current value is called). */
export function useAgentState(
  controller: AgentController,
  throttleMs: number = DEFAULT_THROTTLE_MS,
  alsoTell?: { current: (event: AgentEvent) => void },
): AgentStateHandle {
  const latest = useRef<UiState | null>(null);
  if (latest.current === null) latest.current = initialUiState(controller.info);
  const [state, setState] = useState<UiState>(latest.current);
  const timers = useRef<FlushTimers>({ timer: null, immediate: null, lastFlush: Number.NEGATIVE_INFINITY, mounted: true });

  const cancelTimers = useCallback(() => {
    const t = timers.current;
    if (t.timer !== null) clearTimeout(t.timer);
    if (t.immediate !== null) clearImmediate(t.immediate);
    t.timer = null;
    t.immediate = null;
  }, []);

  const flush = useCallback(() => {
    cancelTimers();
    const t = timers.current;
    if (!t.mounted) return;
    t.lastFlush = performance.now();
    setState(latest.current!);
  }, [cancelTimers]);

  const dispatch = useCallback(
    (event: UiInput) => {
      latest.current = reduce(latest.current!, event);
      const t = timers.current;
      if (!t.mounted) return;
      if (isUrgent(event)) {
        if (t.immediate === null) t.immediate = setImmediate(flush);
        return;
      }
      if (t.timer !== null || t.immediate !== null) return;
      const wait = Math.max(0, t.lastFlush + throttleMs - performance.now());
      t.timer = setTimeout(flush, wait);
    },
    [flush, throttleMs],
  );

  const getState = useCallback(() => latest.current!, []);

  useEffect(() => {
    timers.current.mounted = true;
    const unsubscribe = controller.subscribe((event) => {
      dispatch(event);
      alsoTell?.current(event);
    });
    return () => {
      unsubscribe();
      timers.current.mounted = false;
      cancelTimers();
    };
  }, [controller, dispatch, cancelTimers, alsoTell]);

  return { state, dispatch, getState };
}
