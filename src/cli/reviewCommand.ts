// `wsagent review [--uncommitted | --base BRANCH | --commit SHA] [--json] [--fail-on P0|P1|P2]`:
// a read-only review of a change. The findings go to stdout as a list (`P1 src/x.ts:12-14  title`)
// or as one JSON object (--json, docs/review-output.schema.json); progress goes to stderr. Exit 0
// when the review completes, 1 with --fail-on and a finding that severe (or when the review could
// not finish), 2 for a bad target, 3 and 4 as everywhere else.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { AgentEvent } from '../agent/events.js';
import type { GlobalOptions } from './globalOptions.js';
import { EXIT, UserFacingError } from './exitCodes.js';

interface ReviewFlags {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  failOn?: string;
}

const FAIL_ON = ['P0', 'P1', 'P2', 'P3'];

export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description('review changes read-only and list the findings (P0 most severe … P3); --fail-on for CI')
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
    .action(async (flags: ReviewFlags, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions>();
      process.exitCode = await runReviewCommand(opts, flags);
    });
}

async function runReviewCommand(opts: GlobalOptions, flags: ReviewFlags): Promise<number> {
  const given = [flags.uncommitted && '--uncommitted', flags.base !== undefined && '--base', flags.commit !== undefined && '--commit'].filter(Boolean);
  if (given.length > 1) throw new UserFacingError(`review takes one of --uncommitted, --base and --commit (got ${given.join(' and ')})`, EXIT.usage);
  const { resolveRun } = await import('./resolveRun.js');
  const { collectReviewDiff, ReviewTargetError } = await import('../tools/reviewDiff.js');
  const { WorkspaceGuard, WorkspaceError } = await import('../tools/index.js');
  const { runReview } = await import('../agent/review/Reviewer.js');
  const { hasFindingAtOrAbove } = await import('../agent/review/reviewFormat.js');
  const { reviewLines } = await import('../agent/review/reviewText.js');
  const { reviewParts } = await import('./reviewSetup.js');
  const { redactSecretsDeep } = await import('../config/secretRedactor.js');
  const run = resolveRun(opts);
  let workspace: InstanceType<typeof WorkspaceGuard>;
  try {
    workspace = new WorkspaceGuard(run.cwd);
  } catch (err) {
    if (err instanceof WorkspaceError) throw new UserFacingError(err.message, EXIT.usage);
    throw err;
  }
  const target =
    flags.base !== undefined
      ? { kind: 'base' as const, branch: flags.base }
      : flags.commit !== undefined
        ? { kind: 'commit' as const, sha: flags.commit }
        : { kind: 'uncommitted' as const };
  let diff: Awaited<ReturnType<typeof collectReviewDiff>>;
  try {
    diff = await collectReviewDiff(workspace.root, target);
  } catch (err) {
    if (err instanceof ReviewTargetError) throw new UserFacingError(err.message, EXIT.usage);
    throw err;
  }
  const parts = reviewParts(run.settings, workspace);
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = (line: string): void => {
    process.stderr.write(`${line}\n`);
  };
  progress(`reviewing ${diff.description}: ${diff.files.length} file${diff.files.length === 1 ? '' : 's'}`);
  let outcome: Awaited<ReturnType<typeof runReview>>;
  try {
    outcome = await runReview({
      ...parts,
      diff,
      signal: interrupt.signal,
      onEvent: (event) => {
        const line = progressLine(redactSecretsDeep(event));
        if (line && !opts.json) progress(line);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await parts.session.close();
  }
  if (outcome.status !== 'completed') {
    progress(`wsagent: the review did not finish: ${outcome.message}`);
    if (outcome.status === 'cancelled') return EXIT.interrupted;
    if (outcome.errorCode === 'auth' || outcome.errorCode === 'quota' || outcome.errorCode === 'model_not_found') return EXIT.config;
    return outcome.errorCode === 'network' ? EXIT.network : EXIT.taskFailed;
  }
  const review = redactSecretsDeep(outcome.review);
  if (opts.json) process.stdout.write(`${JSON.stringify(review)}\n`);
  else process.stdout.write(`${reviewLines(review, workspace.root).join('\n')}\n`);
  const threshold = flags.failOn ? Number(flags.failOn.slice(1)) : null;
  return threshold !== null && hasFindingAtOrAbove(review, threshold) ? EXIT.taskFailed : EXIT.ok;
}

/** The stderr line for a reviewer's activity, or null for what is not worth a line. */
function progressLine(event: AgentEvent): string | null {
  const who = 'agent' in event && typeof event.agent === 'string' ? `${event.agent}: ` : '';
  switch (event.type) {
    case 'agent.started':
      return `${event.agent}: ${event.task}${event.lane ? ` (lane ${event.lane})` : ''}`;
    case 'tool.started':
      return `${who}${event.display}`;
    case 'error':
      return `${who}warning: ${event.message}`;
    default:
      return null;
  }
}
