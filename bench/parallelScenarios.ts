// [lanes] The parallel-review benchmark's scenarios: the shipped `parallel-review` (the parent
// explores calc-js, forks four review sub-agents with spawn_agents, then summarises) and its
// `sequential` variant, in which the parent does the same four reviews itself, one after another:
// the same tool calls in the same order per review, then the same summary.
import type { Scenario, ScenarioStep } from '../src/simulator/index.js';

export function sequentialReview(parallel: Scenario): Scenario {
  const spawnAt = parallel.steps.findIndex((step) => step.calls?.some((call) => call.name === 'spawn_agents'));
  if (spawnAt < 0 || !parallel.branches) throw new Error('parallel-review has no spawn_agents step or no branches');
  // Each sub-agent's tool-call steps; its final answer is not needed when the parent reviews by itself.
  const reviews: ScenarioStep[] = parallel.branches.flatMap((branch) => branch.steps.filter((step) => step.calls && step.calls.length > 0));
  const { expect: _sub, ...summary } = parallel.steps.at(-1)!; // its expect names the sub-agents' answers
  return {
    ...parallel,
    name: 'parallel-review-sequential',
    description: 'the parallel-review tasks done by the parent itself, one after another',
    steps: [...parallel.steps.slice(0, spawnAt), ...reviews, summary],
    branches: [],
  };
}
