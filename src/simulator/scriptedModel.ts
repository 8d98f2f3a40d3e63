// The simulator's model: picks the scenario step that answers a conversation and describes the
// output it produces. It never looks at connection state, only at the conversation.
import type { ConversationFacts } from './conversation.js';
import type { Scenario, ScenarioBranch, ScenarioCitation, ScenarioSearch, ScenarioStep } from './scenario.js';

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
  /** A refusal message instead of (or after) the message. */
  refusal?: string;
  /** Hosted web searches before the message (dropped when the request offers no web_search tool). */
  searches?: ScenarioSearch[];
  /** url_citation annotations on the message. */
  citations?: ScenarioCitation[];
  /** Why the step was not played, if it was not. */
  mismatch?: string;
  /** The scenario branch (sub-agent script) the step belongs to; absent for the main steps. */
  branch?: string;
}

const EXCERPT_CHARS = 160;

function missingExpectation(step: ScenarioStep, latestInput: string): string | undefined {
  if (!step.expect) return undefined;
  const wanted = Array.isArray(step.expect.contains) ? step.expect.contains : [step.expect.contains];
  return wanted.find((w) => !latestInput.includes(w));
}

const wanted = (contains: string | string[]): string[] => (Array.isArray(contains) ? contains : [contains]);

/**
 * The branch a conversation is in: the first input that contains all of exactly one branch's
 * `when.contains` starts it (an input naming several branches' tasks, such as the parent's
 * merged results, starts none).
 */
export function branchOf(scenario: Scenario, facts: ConversationFacts): { branch: ScenarioBranch; base: number } | null {
  const branches = scenario.branches ?? [];
  if (branches.length === 0) return null;
  for (const segment of facts.inputSegments) {
    const matching = branches.filter((b) => wanted(b.when.contains).every((w) => segment.text.includes(w)));
    if (matching.length === 1) return { branch: matching[0]!, base: segment.responsesBefore };
  }
  return null;
}

/**
 * Fills a scripted message's placeholders from what the model saw, so a test can read it back:
 * `{{latest_user_message}}` is the text of the last user message in the context (a steer, to the
 * model, is a user message), `{{latest_user_message_count}}` how many user messages in the whole
 * context carry exactly that text (1 when a steer reached the model exactly once).
 */
export function fillPlaceholders(text: string, facts: ConversationFacts): string {
  if (!text.includes('{{')) return text;
  const latest = facts.userTexts.at(-1) ?? '';
  const count = facts.userTexts.filter((t) => t === latest).length;
  return text.replaceAll('{{latest_user_message}}', latest).replaceAll('{{latest_user_message_count}}', String(count));
}

export function planOutput(scenario: Scenario, facts: ConversationFacts): OutputPlan {
  const plan = planStep(scenario, facts);
  if (plan.message !== undefined) plan.message = fillPlaceholders(plan.message, facts);
  return plan;
}

/**
 * The step a conversation is at, counting from its model response number `base`: one step per
 * model response, except that a response a steer ended after only some of its step's calls
 * (protocol.md §11) leaves the step open: the next response makes the remaining calls.
 */
export function stepPosition(steps: ScenarioStep[], facts: ConversationFacts, base: number): { index: number; callsDone: number } {
  let index = Math.max(0, facts.compactedResponses - base);
  let callsDone = 0;
  for (const run of facts.modelRuns.slice(Math.max(0, base - facts.compactedResponses))) {
    const wanted = (steps[index]?.calls ?? []).slice(callsDone).map((c) => c.name);
    const made = run.callNames;
    if (made.length > 0 && made.length < wanted.length && made.every((name, i) => name === wanted[i])) {
      callsDone += made.length;
      continue;
    }
    index++;
    callsDone = 0;
  }
  return { index, callsDone };
}

function planStep(scenario: Scenario, facts: ConversationFacts): OutputPlan {
  const inBranch = branchOf(scenario, facts);
  const steps = inBranch ? inBranch.branch.steps : scenario.steps;
  const position = stepPosition(steps, facts, inBranch?.base ?? 0);
  const stepIndex = position.index;
  const scripted = steps[stepIndex];
  // The rest of a step a steer cut short: its remaining calls, its input already checked.
  const step = scripted && position.callsDone > 0 ? { ...scripted, expect: undefined, calls: scripted.calls?.slice(position.callsDone) } : scripted;
  const where = inBranch
    ? `[scenario "${scenario.name}", branch "${inBranch.branch.name}", step ${stepIndex + 1}]`
    : `[scenario "${scenario.name}", step ${stepIndex + 1}]`;
  const branch = inBranch ? { branch: inBranch.branch.name } : {};
  if (!step) {
    const afterEnd = inBranch
      ? (inBranch.branch.after_end ??
        `The "${inBranch.branch.name}" branch of the "${scenario.name}" scenario has no more steps; I have nothing further to do.`)
      : (scenario.after_end ?? `The "${scenario.name}" scenario has no more steps; I have nothing further to do.`);
    return { stepIndex: -1, calls: [], message: afterEnd, ...branch };
  }
  const missing = missingExpectation(step, facts.latestInputText);
  if (missing !== undefined) {
    const excerpt = facts.latestInputText.slice(0, EXCERPT_CHARS).replace(/\s+/g, ' ');
    return {
      stepIndex: -1,
      calls: [],
      mismatch: missing,
      ...branch,
      message: `${where} I expected the previous tool output to contain ` + `${JSON.stringify(missing)}, but it did not. It began: ${JSON.stringify(excerpt)}`,
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
    ...(step.refusal !== undefined && { refusal: step.refusal }),
    ...(step.searches && { searches: step.searches }),
    ...(step.citations && { citations: step.citations }),
    ...branch,
  };
}
