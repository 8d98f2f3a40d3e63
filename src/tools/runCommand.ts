// run_command: a shell command in the workspace root, with a timeout; the output is streamed to
// the UI and reaches the model as its head and tail followed by `[exit code N]`.
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, describeOutcome } from './commandRunner.js';
import { runSandboxed } from './sandbox/runSandboxed.js';
import { type ArgsOf, checkArguments, invalid, objectSchema, type PropertySpecs } from './schema.js';
import { oneLine } from './toolHelpers.js';
import type { Tool } from './types.js';

export type RunCommandArgs = ArgsOf<typeof SPECS>;

const MIN_TIMEOUT_MS = 100;

const SPECS = {
  command: {
    type: 'string',
    description: 'The shell command (sh syntax: pipes, &&, redirections work), run in the workspace root.',
  },
  timeout_ms: {
    type: 'integer',
    nullable: true,
    description: `Milliseconds before the command is killed. null means ${DEFAULT_TIMEOUT_MS} (2 minutes); at most ${MAX_TIMEOUT_MS} (10 minutes).`,
  },
} as const satisfies PropertySpecs;

export const runCommandTool: Tool<RunCommandArgs> = {
  name: 'run_command',
  kind: 'command',
  description:
    'Run a shell command in the workspace root and return its combined stdout and stderr followed by ' +
    '"[exit code N]". Non-interactive: stdin is empty, so pass flags such as --yes. Long output keeps its ' +
    'beginning and end with a note of what was cut; filter it (grep, head, tail) when you only need part. ' +
    'The command and its child processes are killed on timeout. To run the project tests, prefer run_tests.',
  parameters: objectSchema(SPECS),

  validate(args) {
    const checked = checkArguments('run_command', args, SPECS);
    if (!checked.ok) return checked;
    const { command, timeout_ms } = checked.args;
    if (command.trim() === '') return invalid('run_command', '"command" is empty; give the shell command to run.');
    if (timeout_ms !== null && (timeout_ms < MIN_TIMEOUT_MS || timeout_ms > MAX_TIMEOUT_MS)) {
      return invalid(
        'run_command',
        `"timeout_ms" must be from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS} (10 minutes), or null for ${DEFAULT_TIMEOUT_MS} (got ${timeout_ms}).`,
      );
    }
    return { ok: true, args: { command, timeout_ms } };
  },

  display(args) {
    return `$ ${oneLine(args.command, 120)}`;
  },

  async execute(args, ctx) {
    const timeoutMs = args.timeout_ms ?? DEFAULT_TIMEOUT_MS;
    return runSandboxed(args.command, ctx, { tool: 'run_command', timeoutMs, describe: (outcome) => describeOutcome(outcome, timeoutMs) });
  },
};
