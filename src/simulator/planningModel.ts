// The simulator's model in plan mode (instructions that say "you are in plan mode"): it looks
// around with a read-only tool, records a plan with update_plan and answers with it, never
// touching anything else. A later message in plan mode asks for changes: each adds a step, so a
// test can see the revised plan. The steps come from the user's words and the files it saw.
import type { WireItem } from './conversation.js';
import { callOn, excerpt, offers, plainLines, turnView } from './modelTurn.js';
import type { OutputPlan } from './scriptedModel.js';
import { readOnlyTools } from './toolUsingModel.js';

/** The instructions put the model in plan mode. */
export function inPlanMode(instructions: unknown): boolean {
  return typeof instructions === 'string' && /you are in plan mode/i.test(instructions);
}

/** The user's task and the changes asked since: messages after the last approved plan. */
function requests(userTexts: string[]): { task: string; changes: string[] } {
  const approved = userTexts.findLastIndex((t) => /approved the plan/i.test(t));
  const since = userTexts.slice(approved + 1);
  return { task: since[0] ?? '', changes: since.slice(1) };
}

/** A file the task is about: one it names that the listing showed, else the first source-looking one. */
function fileFor(task: string, listing: string[]): string | null {
  const files = listing.map((l) => l.trim()).filter((l) => /\.\w+$/.test(l) && !l.endsWith('/'));
  return (
    files.find((f) => task.includes(f) || task.includes(f.split('/').at(-1)!)) ?? files.find((f) => /\.(js|ts|py|go|rs|java|rb)$/.test(f)) ?? files[0] ?? null
  );
}

export function planModeOutput(context: WireItem[], tools: unknown): OutputPlan {
  const view = turnView(context);
  const { task, changes } = requests(view.userTexts);
  // First a look around, with the first read-only tool on offer (a listing, where there is one).
  if (view.round === 0) {
    const look = readOnlyTools(tools)[0];
    const call = look ? callOn(tools, look.name, null) : null;
    if (call) return { stepIndex: 0, calls: [call] };
  }
  const listing = view.calls.flatMap((c) => plainLines(c.output));
  const file = fileFor(task, listing);
  const steps = [
    `Find the code involved in: ${excerpt(task)}`,
    file ? `Make the change in ${file}` : 'Make the change',
    'Add or update a test that covers it',
    ...changes.map((c) => `Also: ${excerpt(c)}`),
    'Run the tests and fix what fails',
  ];
  const recorded = view.calls.some((c) => c.name === 'update_plan');
  if (!recorded && offers(tools, 'update_plan')) {
    const plan = steps.map((step) => ({ step, status: 'pending' }));
    return { stepIndex: view.round, calls: [{ name: 'update_plan', arguments: JSON.stringify({ explanation: 'Proposed plan', plan }) }] };
  }
  return {
    stepIndex: view.round,
    calls: [],
    message: `Plan for "${excerpt(task)}":\n${steps.map((s, i) => `${i + 1}. ${s}`).join('\n')}\n\nNothing has been changed. Approve the plan to carry it out, or say what to change.`,
  };
}
