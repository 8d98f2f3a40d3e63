// Plan first: the checklist the user approves or edits, and the message that carries an approved
// plan back to the model once the normal tools return.
import type { PlanStatus } from '../tools/updatePlan.js';

export interface PlanStep {
  step: string;
  status: PlanStatus;
}

/**
 * The message sent when the user approves: the plan as it stands (the model's, or the user's
 * edit of it), so the model works from exactly what was approved, and keeps it up to date.
 */
export function planApprovalMessage(steps: readonly PlanStep[], said: string): string {
  const plan = steps.length > 0 ? steps.map((s, i) => `${i + 1}. ${s.step}`).join('\n') : '(the plan in your last answer)';
  const words = said.trim() && !/^go$/i.test(said.trim()) ? `\n\nThe user added: ${said.trim()}` : '';
  return (
    `The user approved the plan. Plan mode is over: the normal tools are back. Carry out the plan now, ` +
    `step by step, marking each step in_progress and then completed with update_plan.\n\nThe approved plan:\n${plan}${words}`
  );
}

/** The checklist as text the user can edit in the prompt, one step a line. */
export function planAsText(steps: readonly PlanStep[]): string {
  return steps.map((s) => s.step).join('\n');
}

/**
 * The user's edit of the plan back into steps: one step a line, list markers (`-`, `*`, `1.`,
 * `[ ]`) dropped, blank lines ignored; a step marked done (`[x]`) stays completed.
 */
export function planFromText(text: string): PlanStep[] {
  const steps: PlanStep[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim().replace(/^([-*+]|\d+[.)])\s+/, '');
    let status: PlanStatus = 'pending';
    const box = /^\[([ xX])\]\s*/.exec(line);
    if (box) {
      if (box[1] !== ' ') status = 'completed';
      line = line.slice(box[0].length);
    }
    if (line.trim() !== '') steps.push({ step: line.trim(), status });
  }
  return steps;
}
