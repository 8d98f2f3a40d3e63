// What a review runs on: a model session of its own (the review's instructions, its findings
// schema as `text.format`, read-only tools) beside the workspace guard and an approval policy that
// has nothing to ask about. `wsagent review` and the TUI's /review both start here.
import { type ReviewOptions, runReview } from '../agent/review/Reviewer.js';
import { reviewLines } from '../agent/review/reviewText.js';
import { REVIEW_TEXT_FORMAT } from '../agent/review/reviewFormat.js';
import { reviewInstructions } from '../agent/review/reviewPrompt.js';
import { registerSecret } from '../config/secretRedactor.js';
import { missingKeyMessage, type Settings } from '../config/settings.js';
import { ModelSession, newSessionId } from '../session/index.js';
import { ApprovalPolicy } from '../tools/approvalPolicy.js';
import { createSearchTool, createToolRegistry, gitDiffTool, gitStatusTool, listFilesTool, readFileTool, type WorkspaceGuard } from '../tools/index.js';
import { collectReviewDiff, type ReviewTarget } from '../tools/reviewDiff.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { sessionOptionsFrom } from './sessionSettings.js';

export type ReviewParts = Pick<ReviewOptions, 'session' | 'catalog' | 'approvals' | 'workspace' | 'parallelOver' | 'maxAgents' | 'maxRequests'>;

export function reviewParts(settings: Settings, workspace: WorkspaceGuard): ReviewParts {
  if (!settings.apiKey) throw new UserFacingError(missingKeyMessage(), EXIT.config);
  registerSecret(settings.apiKey);
  // Read-only by construction: the reviewer is offered nothing that edits or runs.
  const registry = createToolRegistry({ tools: [listFilesTool, readFileTool, createSearchTool(), gitStatusTool, gitDiffTool] });
  const session = new ModelSession({
    ...sessionOptionsFrom({ ...settings, apiKey: settings.apiKey }),
    promptCacheKey: newSessionId(),
    instructions: reviewInstructions(workspace.root),
    tools: registry.definitions(),
    textFormat: REVIEW_TEXT_FORMAT,
  });
  return {
    session,
    catalog: { definitions: () => registry.definitions(), parseArguments: (name, json) => registry.parseArguments(name, json) },
    approvals: new ApprovalPolicy(settings.approval),
    workspace,
    parallelOver: settings.reviewParallelFiles > 0 ? settings.reviewParallelFiles : Number.POSITIVE_INFINITY,
    maxAgents: settings.subAgentsMax,
    maxRequests: settings.subAgentsMaxRequests,
  };
}

/** /review in the TUI: the findings as a titled block, in the same words `wsagent review` prints. */
export async function reviewForTui(
  settings: Settings,
  workspace: WorkspaceGuard,
  target: ReviewTarget,
  focus?: string,
): Promise<{ title: string; body: string }> {
  const diff = await collectReviewDiff(workspace.root, target);
  const parts = reviewParts(settings, workspace);
  try {
    const outcome = await runReview({ ...parts, diff, ...(focus && { focus }), onEvent: () => undefined });
    if (outcome.status !== 'completed') throw new Error(`the review did not finish: ${outcome.message}`);
    const count = outcome.review.findings.length;
    return {
      title: `Review of ${diff.description}: ${diff.files.length} file${diff.files.length === 1 ? '' : 's'}, ${count} finding${count === 1 ? '' : 's'}`,
      body: reviewLines(outcome.review, workspace.root).join('\n'),
    };
  } finally {
    await parts.session.close();
  }
}

/** What the conversation's model reads of a /review before the next prompt. */
export function reviewContext(report: { title: string; body: string }): string {
  return `I ran /review (a read-only review in a separate session); take its findings into account:\n${report.title}\n${report.body}`;
}
