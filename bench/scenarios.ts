// The benchmark's coding scenarios: 5, 25 (the shipped 28-call `coding`) and 50 tool calls over
// calc-js, all played by the real agent with real tools, so tool outputs are real files (2–8 KB)
// and real test runs.
import type { Scenario, ScenarioCall, ScenarioStep } from '../src/simulator/index.js';

const read = (path: string) => ({ name: 'read_file', arguments: { path, start_line: null, end_line: null } });
const search = (pattern: string, path: string | null = null) => ({ name: 'search', arguments: { pattern, path, glob: null } });

const SUMMARY = 'Done. I explored the project, ran the test suite and read the modules involved; the findings are above, and nothing else needs changing.';

/**
 * A final answer of ordinary length (~150 tokens). The shipped scenario's summary is ~1,000 tokens,
 * which under `wan` (80 tokens/s) adds the same 12 s to every mode; the benchmark uses this one so
 * that a run of 5 samples × 3 modes × 3 scenarios × 2 profiles fits in 10 minutes.
 */
const FIX_SUMMARY =
  'All 40 tests pass now (`npm test`: pass 40, fail 0). Two bugs: `lookupVariable` in `src/evaluator.js` treated variables set to 0 as ' +
  'unknown (it tested truthiness instead of presence), and `roundTo` in `src/functions.js` rounded some halves down because scaling by ' +
  '`10 ** digits` is inexact; it now cuts the scaled value to 15 significant digits first. I added a regression test in ' +
  '`test/functions.test.js` and two changelog entries. Left alone: `floorTo` and `ceilTo` share the scaling issue.';

/** 5 calls: look around, read the entry point, run the tests, report. */
export function coding5(coding: Scenario): Scenario {
  return {
    name: 'coding-5',
    description: 'explore and run the tests (5 tool calls)',
    prompt: 'Find out how this project is laid out and whether its tests pass.',
    steps: [
      { calls: [coding.steps[0]!.calls![0]!, coding.steps[0]!.calls![1]!, read('README.md')].map(strip) },
      { calls: [read('src/index.js'), { name: 'run_tests', arguments: {} }] },
      { message: SUMMARY },
    ],
  };
}

/** The shipped scenario (28 calls: explore, two fixes, a regression test, the changelog). */
export function coding25(coding: Scenario): Scenario {
  const final = { ...coding.steps.at(-1)!, message: FIX_SUMMARY };
  return { ...coding, name: 'coding-25', steps: [...coding.steps.slice(0, -1), final] };
}

/**
 * 50+ calls: the shipped scenario, then a review pass reading the rest of the code and tests in
 * parallel batches (as agents do) before the final answer.
 */
export function coding50(coding: Scenario): Scenario {
  const steps = coding.steps.slice(0, -1);
  const final: ScenarioStep = { message: FIX_SUMMARY };
  const review: ScenarioStep[] = [
    {
      calls: [
        read('src/parser.js'),
        read('src/tokenizer.js'),
        read('src/errors.js'),
        read('src/format.js'),
        read('src/index.js'),
        read('README.md'),
        read('package.json'),
        search('floorTo|ceilTo', 'src'),
        search('Math\\.round'),
      ],
    },
    {
      calls: [
        read('test/parser.test.js'),
        read('test/tokenizer.test.js'),
        read('test/format.test.js'),
        read('test/evaluate.test.js'),
        read('test/functions.test.js'),
        search('export function'),
        search('CalcError'),
        search('TODO|FIXME'),
      ],
    },
    {
      calls: [
        { name: 'run_tests', arguments: {} },
        read('src/evaluator.js'),
        read('src/functions.js'),
        { name: 'git_diff', arguments: { path: null, staged: null } },
        { name: 'git_status', arguments: {} },
        search('roundTo', 'test'),
        search('lookupVariable'),
        search('formatNumber'),
      ],
    },
  ];
  return { ...coding, name: 'coding-50', description: 'the coding scenario plus a review pass (50+ tool calls)', steps: [...steps, ...review, final] };
}

function strip(call: ScenarioCall): ScenarioCall {
  const { sample_output: _, ...rest } = call;
  return rest;
}

export function toolCallCount(s: Scenario): number {
  return s.steps.reduce((n, step) => n + (step.calls?.length ?? 0), 0);
}
