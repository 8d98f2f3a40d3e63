// The simulator's model: picks the scenario step that answers a conversation and describes the
// output it produces. It never looks at connection state, only at the conversation.
import type { ConversationFacts } from './conversation.js';
import type { Scenario, ScenarioStep } from './scenario.js';

export interface PlannedCall {
  name: string;
  arguments: string;
  /** Freeform input: a custom tool call (or `{"input"}` arguments where only a function tool is offered). */
  input?: string;
}

export interface OutputPlan {
  /** Index of the scenario step (or -1 past the end / on a mismatch). */
  stepIndex: number;
  /** A server-side compaction item emitted before everything else (context_management). */
  compaction?: { id: string; encrypted_content: string };
  reasoning?: string;
  calls: PlannedCall[];
  message?: string;
  /** Why the step was not played, if it was not. */
  mismatch?: string;
}

const EXCERPT_CHARS = 160;

function missingExpectation(step: ScenarioStep, latestInput: string): string | undefined {
  if (!step.expect) return undefined;
  const wanted = Array.isArray(step.expect.contains) ? step.expect.contains : [step.expect.contains];
  return wanted.find((w) => !latestInput.includes(w));
}

export function planOutput(scenario: Scenario, facts: ConversationFacts): OutputPlan {
  const stepIndex = facts.modelResponses;
  const step = scenario.steps[stepIndex];
  if (!step) {
    return {
      stepIndex: -1,
      calls: [],
      message: scenario.after_end ?? `The "${scenario.name}" scenario has no more steps; I have nothing further to do.`,
    };
  }
  const missing = missingExpectation(step, facts.latestInputText);
  if (missing !== undefined) {
    const excerpt = facts.latestInputText.slice(0, EXCERPT_CHARS).replace(/\s+/g, ' ');
    return {
      stepIndex: -1,
      calls: [],
      mismatch: missing,
      message:
        `[scenario "${scenario.name}", step ${stepIndex + 1}] I expected the previous tool output to contain ` +
        `${JSON.stringify(missing)}, but it did not. It began: ${JSON.stringify(excerpt)}`,
    };
  }
  return {
    stepIndex,
    reasoning: step.reasoning,
    calls: (step.calls ?? []).map((c) =>
      c.input !== undefined
        ? { name: c.name, arguments: JSON.stringify({ input: c.input }), input: c.input }
        : { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments ?? {}) },
    ),
    message: step.message,
  };
}
