// `wsagent review`'s run: the diff of the target, the review (one reviewer or sub-agents on lanes),
// the findings printed as a list or as JSON, and the exit code (see reviewCommand.ts).
import type { AgentEvent } from '../agent/events.js';
import { type ReviewOutcome, runReview } from '../agent/review/Reviewer.js';
import { hasFindingAtOrAbove } from '../agent/review/reviewFormat.js';
import { reviewLines } from '../agent/review/reviewText.js';
import { redactSecretsDeep } from '../config/secretRedactor.js';
import { WorkspaceError, WorkspaceGuard } from '../tools/index.js';
import { collectReviewDiff, type ReviewDiff, ReviewTargetError } from '../tools/reviewDiff.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import type { GlobalOptions } from './globalOptions.js';
import { resolveRun } from './resolveRun.js';
import { reviewParts } from './reviewSetup.js';

export interface ReviewFlags {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  failOn?: string;
  /** The positional argument: what to look at especially. */
  focus?: string;
}

export async function runReviewCommand(opts: GlobalOptions, flags: ReviewFlags): Promise<number> {
  const given = [flags.uncommitted && '--uncommitted', flags.base !== undefined && '--base', flags.commit !== undefined && '--commit'].filter(Boolean);
  if (given.length > 1) throw new UserFacingError(`review takes one of --uncommitted, --base and --commit (got ${given.join(' and ')})`, EXIT.usage);
  const run = resolveRun(opts);
  let workspace: WorkspaceGuard;
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
  let diff: ReviewDiff;
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
  let outcome: ReviewOutcome;
  try {
    outcome = await runReview({
      ...parts,
      diff,
      ...(flags.focus !== undefined && { focus: flags.focus }),
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
