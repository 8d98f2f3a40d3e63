// Plan first in the TUI: keeps the plan checklist as the model (update_plan) or the user (an
// edit) last left it, and turns the user's approval into the message that ends plan mode. An
// edit reaches the model with the next message: the approval, or a request for changes.
import type { AgentEvent } from '../agent/events.js';
import { type PlanStep, planApprovalMessage, planAsText, planFromText } from '../agent/planApproval.js';

export interface PlanModeHost {
  /** Back to the normal tools (one new chain). */
  leave(): void;
  inPlanMode(): boolean;
  emit(event: AgentEvent): void;
}

export class PlanModeControl {
  private steps: PlanStep[] = [];
  /** The user edited the plan and the model has not been told yet. */
  private edited = false;

  constructor(private readonly host: PlanModeHost) {}

  observe(event: AgentEvent): void {
    if (event.type === 'plan.updated') this.steps = event.plan.map((s) => ({ step: s.step, status: s.status }));
  }

  /** A new session: no plan yet. */
  reset(): void {
    this.steps = [];
    this.edited = false;
  }

  /** The checklist as editable text, one step a line ('' when there is no plan yet). */
  text(): string {
    return planAsText(this.steps);
  }

  /** Replaces the checklist with the user's text; the number of steps. Throws when no step is left. */
  edit(text: string): number {
    const steps = planFromText(text);
    if (steps.length === 0) throw new Error('the edited plan has no steps; it was left as it was');
    this.steps = steps;
    this.edited = true;
    this.host.emit({ type: 'plan.updated', explanation: 'edited by you', plan: steps });
    return steps.length;
  }

  /** Leaves plan mode; the message that sends the approved plan (kept as the checklist) to the model. */
  approve(said: string): string {
    this.host.leave();
    this.edited = false;
    // The approved plan is the live checklist again while the model works through it.
    if (this.steps.length > 0) this.host.emit({ type: 'plan.updated', explanation: null, plan: this.steps });
    return planApprovalMessage(this.steps, said);
  }

  /** A prompt as it goes to the model: in plan mode, after an edit, with the edited plan before it. */
  prompt(text: string): string {
    if (!this.edited || !this.host.inPlanMode()) return text;
    this.edited = false;
    return `I edited the plan to:\n${this.steps.map((s, i) => `${i + 1}. ${s.step}`).join('\n')}\n\n${text}`;
  }
}
