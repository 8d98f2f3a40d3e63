// run_tests: runs the project's own test command, detected from the workspace, like run_command
// does, and says which command it ran.
import { MAX_TIMEOUT_MS, describeOutcome } from './commandRunner.js';
import { runSandboxed } from './sandbox/runSandboxed.js';
import { checkArguments, objectSchema, type PropertySpecs } from './schema.js';
import { DETECTION_SUMMARY, detectTestCommand } from './testRunnerDetection.js';
import { failure } from './toolHelpers.js';
import type { Tool } from './types.js';

export type RunTestsArgs = Record<string, never>;

export const RUN_TESTS_TIMEOUT_MS = 300_000;
/** Test output is long and its failures can be anywhere: a larger budget than run_command's. */
const HEAD_BYTES = 16 * 1024;
const TAIL_BYTES = 16 * 1024;

const SPECS: PropertySpecs = {};

export const runTestsTool: Tool<RunTestsArgs> = {
  name: 'run_tests',
  kind: 'command',
  description:
    // Sent on every request, so short: the detection rules are spelled out only when no runner is found.
    "Run the project's tests with its usual command (npm/pnpm/yarn/bun test, pytest, go test, cargo test, make test; " +
    `detected from the workspace). Returns the command, its output and "[exit code N]" (0: all passed); ` +
    `times out after ${RUN_TESTS_TIMEOUT_MS / 60_000} minutes. For one test file or other options, use run_command.`,
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('run_tests', args, SPECS);
    if (!checked.ok) return checked;
    return { ok: true, args: {} };
  },

  display() {
    return 'run_tests';
  },

  async execute(_args, ctx) {
    const detected = detectTestCommand(ctx.workspace.root);
    if (detected === null) {
      return failure(`No test runner found in the workspace root: looked for ${DETECTION_SUMMARY}. If you know how the tests run, use run_command.`);
    }
    if (detected.command === '') return failure(`Cannot run the tests: ${detected.reason}.`);
    ctx.onOutput?.(`$ ${detected.command}\n`);
    const described = await runSandboxed(detected.command, ctx, {
      tool: 'run_tests',
      timeoutMs: RUN_TESTS_TIMEOUT_MS,
      headBytes: HEAD_BYTES,
      tailBytes: TAIL_BYTES,
      describe: (outcome) =>
        describeOutcome(outcome, RUN_TESTS_TIMEOUT_MS, `Run a subset of the tests with run_command and a timeout_ms up to ${MAX_TIMEOUT_MS}`),
    });
    return { ok: described.ok, output: `$ ${detected.command}\n${described.output}` };
  },
};
