// Runs a review: one read-only agent over the whole diff, or, for a diff of more than `parallelOver`
// files, sub-agents that each review a group of files at the same time. The parent session sends
// the diff once (the connection's generate:false warm-up: a response that read the diff and wrote
// nothing), and every sub-agent forks from that response on a lane of the same socket (protocol.md
// §9), so the diff crosses the wire once. Without lanes each fork gets a socket of its own, over
// HTTP a chain of its own, both with the full context (ModelSession.fork decides). The groups'
// reviews are merged into one.
import { type ModelSession, userMessage } from '../../session/index.js';
import type { FileDiff, ReviewDiff } from '../../tools/reviewDiff.js';
import type { WorkspaceGuard } from '../../tools/WorkspaceGuard.js';
import { Agent, type TurnResult } from '../Agent.js';
import type { AgentEvent } from '../events.js';
import type { ApprovalGate, ToolCatalog } from '../ports.js';
import { mergeReviews, parseReview, ReviewFormatError, type ReviewResult } from './reviewFormat.js';
import { groupFiles, groupReviewPrompt, sharedDiffMessage, wholeReviewPrompt } from './reviewPrompt.js';

export interface ReviewOptions {
  /** A session whose requests carry REVIEW_TEXT_FORMAT and offer read-only tools only. */
  session: ModelSession;
  catalog: ToolCatalog;
  approvals: ApprovalGate;
  workspace: WorkspaceGuard;
  diff: ReviewDiff;
  /** What the user wants the review to look at especially (free text), if anything. */
  focus?: string;
  /** More files than this: reviewed in parallel by sub-agents. */
  parallelOver: number;
  /** Sub-agents at most (groups of files). */
  maxAgents: number;
  /** Model requests per reviewer. */
  maxRequests: number;
  signal?: AbortSignal;
  onEvent: (event: AgentEvent) => void;
}

export type ReviewOutcome =
  | { status: 'completed'; review: ReviewResult; reviewers: number }
  /** `errorCode`: the session's error code when a request failed (auth, network, …). */
  | { status: 'failed' | 'cancelled' | 'max_turns'; message: string; reviewers: number; errorCode?: string };

/** The review of nothing: no model request is needed to say so. */
export const EMPTY_REVIEW: ReviewResult = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'There are no changes to review.',
  overall_confidence_score: 1,
};

export async function runReview(o: ReviewOptions): Promise<ReviewOutcome> {
  const { diff } = o;
  if (diff.files.length === 0) return { status: 'completed', review: EMPTY_REVIEW, reviewers: 0 };
  if (diff.files.length <= o.parallelOver || o.maxAgents < 2) {
    const result = await reviewer(o, o.session, o.onEvent).runTurn(wholeReviewPrompt(diff, o.focus), { ...(o.signal && { signal: o.signal }) });
    return outcome(o, [{ label: 'review', result }]);
  }
  o.session.addItems([userMessage(sharedDiffMessage(diff, o.focus))], 'user');
  // The warm-up is the response the forks start from: the diff, read once. (A failed one costs
  // nothing: the forks then start new chains with the full context.)
  await o.session.connect(o.signal).catch(() => undefined);
  if (o.signal?.aborted) return { status: 'cancelled', message: 'cancelled', reviewers: 0 };
  const groups = groupFiles(diff.files, o.maxAgents);
  const results = await Promise.all(groups.map((files, i) => reviewGroup(o, `review-${i + 1}`, files)));
  return outcome(o, results);
}

async function reviewGroup(o: ReviewOptions, name: string, files: FileDiff[]): Promise<{ label: string; result: TurnResult }> {
  const child = o.session.fork({ lane: name });
  const task = groupReviewPrompt(files);
  o.onEvent({ type: 'agent.started', agent: name, task, lane: child.streamId });
  let result: TurnResult;
  try {
    // Its activity reaches the front end tagged with its name, as spawn_agents' sub-agents' does.
    result = await reviewer(o, child, (event) => {
      if (event.type.startsWith('tool.') || event.type === 'request.completed' || event.type === 'recovery') o.onEvent({ ...event, agent: name } as AgentEvent);
    }).runTurn(task, { ...(o.signal && { signal: o.signal }) });
  } finally {
    await child.close();
  }
  o.onEvent({ type: 'agent.completed', agent: name, status: result.status, finalMessage: result.finalMessage, requests: result.timings.requests });
  return { label: `${name} (${files.map((f) => f.path).join(', ')})`, result };
}

function reviewer(o: ReviewOptions, session: ModelSession, onEvent: (event: AgentEvent) => void): Agent {
  return new Agent({
    session,
    catalog: o.catalog,
    approvals: o.approvals,
    workspace: o.workspace,
    changes: null, // read-only: nothing to snapshot
    approver: null, // nothing it may run needs asking; anything else is refused
    maxTurns: o.maxRequests,
    onEvent,
  });
}

function outcome(o: ReviewOptions, results: Array<{ label: string; result: TurnResult }>): ReviewOutcome {
  const reviewers = results.length;
  const unfinished = results.find((r) => r.result.status !== 'completed');
  if (unfinished) {
    const { status, error } = unfinished.result;
    const message = error?.message ?? `${unfinished.label}: ${status}`;
    return { status: status as 'failed' | 'cancelled' | 'max_turns', message, reviewers, ...(error && { errorCode: error.code }) };
  }
  try {
    const parts = results.map((r) => ({ label: r.label, review: parseReview(r.result.finalMessage, o.workspace.root) }));
    return { status: 'completed', review: mergeReviews(parts), reviewers };
  } catch (err) {
    if (err instanceof ReviewFormatError) return { status: 'failed', message: err.message, reviewers };
    throw err;
  }
}
