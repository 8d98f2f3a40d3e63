// `wsagent review [--uncommitted | --base BRANCH | --commit SHA] [--json] [--fail-on P0|P1|P2]`:
// a read-only review of a change. The findings go to stdout as a list (`P1 src/x.ts:12-14  title`)
// or as one JSON object (--json, docs/review-output.schema.json); progress goes to stderr. Exit 0
// when the review completes, 1 with --fail-on and a finding that severe (or when the review could
// not finish), 2 for a bad target, 3 and 4 as everywhere else.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { GlobalOptions } from './globalOptions.js';
import type { ReviewFlags } from './reviewRun.js';

const FAIL_ON = ['P0', 'P1', 'P2', 'P3'];

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description('review changes read-only and list the findings (P0 most severe … P3); --fail-on for CI')
    .argument('[focus]', 'what to look at especially, in your words (e.g. "error handling in the parser")')
    .option('--uncommitted', 'the working tree and index against HEAD, untracked files included (default)')
    .option('--base <branch>', 'the changes against BRANCH (the working tree against the merge base with it)')
    .option('--commit <sha>', 'the changes of one commit')
    .addOption(new Option('--fail-on <priority>', 'exit 1 when a finding of this priority or a more severe one exists').choices(FAIL_ON))
    .option('--json', 'print the review as one JSON object (docs/review-output.schema.json)')
    .addHelpText(
      'after',
      '\nThe agent options apply too: --base-url, -m/--model, --transport, --store, -C/--cd, -c KEY=VALUE, --profile (wsagent --help).\n' +
        'A diff of more than reviewParallelFiles files (setting, default 8) is reviewed in parallel by sub-agents.',
    )
    .action(async (focus: string | undefined, flags: ReviewFlags, cmd: Command) => {
      const { runReviewCommand } = await import('./reviewRun.js');
      process.exitCode = await runReviewCommand(cmd.optsWithGlobals<GlobalOptions>(), { ...flags, ...(focus !== undefined && { focus }) });
    });
}
