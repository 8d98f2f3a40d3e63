// The model's plan (update_plan → plan.updated) in the UI state: the latest steps replace the
// previous ones (the checklist updates in place), and an explanation goes to the transcript once,
// not again when an update repeats it.
import type { EventOf, PlanView } from './uiTypes.js';

export interface PlanUpdate {
  plan: PlanView;
  /** Text for the transcript, or null when there is nothing new to say. */
  note: string | null;
}

export function planUpdate(previous: PlanView | null, event: EventOf<'plan.updated'>): PlanUpdate {
  const explanation = event.explanation?.trim() || null;
  const repeated = explanation === null || explanation === previous?.explanation;
  return {
    plan: { steps: event.plan.map((s) => ({ step: s.step, status: s.status })), explanation: explanation ?? previous?.explanation ?? null },
    note: repeated ? null : `plan: ${explanation}`,
  };
}

/** "2/5 done" */
export function planProgress(steps: PlanView['steps']): string {
  return `${steps.filter((s) => s.status === 'completed').length}/${steps.length} done`;
}

export interface PlanWindow {
  /** Index of the first step shown. */
  first: number;
  steps: PlanView['steps'];
  /** Steps left out above and below. */
  above: number;
  below: number;
}

/** At most `max` steps of a long plan, around the step in progress (or the first not done). */
export function planWindow(steps: PlanView['steps'], max: number): PlanWindow {
  const rows = Math.max(1, max);
  if (steps.length <= rows) return { first: 0, steps, above: 0, below: 0 };
  let focus = steps.findIndex((s) => s.status === 'in_progress');
  if (focus === -1) focus = steps.findIndex((s) => s.status !== 'completed');
  if (focus === -1) focus = steps.length - 1;
  const first = Math.min(Math.max(0, focus - Math.floor((rows - 1) / 2)), steps.length - rows);
  return { first, steps: steps.slice(first, first + rows), above: first, below: steps.length - first - rows };
}
