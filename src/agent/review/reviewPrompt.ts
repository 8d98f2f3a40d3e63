// What the reviewer is told: the instructions (how to review, in the shape Codex's review uses), the
// message carrying the diff, and, for a large diff, each sub-agent's share of the files.
import type { FileDiff, ReviewDiff } from '../../tools/reviewDiff.js';

export function reviewInstructions(root: string): string {
  return [
    'You are reviewing a proposed code change made by another engineer. You are read-only: you can list, read and',
    'search files and look at git status and diffs, nothing else.',
    'Flag only actionable issues that the change introduces and that its author would fix if they knew: bugs,',
    'security holes, broken error handling, performance traps, code that will mislead the next reader. No nits,',
    'nothing already there before the change, nothing that rests on an assumption you cannot check in the code.',
    'Read the files around the change when the diff alone does not show whether something is wrong.',
    'For each finding: a short imperative title, a body of one paragraph saying why it is a problem and when it',
    'shows, a priority (0 drop everything and fix, 1 urgent, 2 normal, 3 nice to have), a confidence between 0 and',
    '1, and the exact location: the absolute file path and the smallest line range (new-file line numbers) that',
    'shows the problem. Then an overall verdict, "patch is correct" or "patch is incorrect", with a one-paragraph',
    'explanation and a confidence between 0 and 1.',
    `The repository root is ${root}; absolute paths start there.`,
    'Answer with the JSON object the response format describes, nothing else.',
  ].join('\n');
}

function diffBlock(files: FileDiff[]): string {
  return `<diff>\n${files.map((f) => f.diff).join('\n')}\n</diff>`;
}

/** The user's own words about what to look at (`wsagent review "focus on error handling"`), if any. */
function focusLine(focus: string | undefined): string {
  return focus?.trim() ? `\nThe author asks you to focus on: ${focus.trim()}` : '';
}

/** A small review: one message with the whole diff and the request to review it. */
export function wholeReviewPrompt(diff: ReviewDiff, focus?: string): string {
  const files = diff.files.map((f) => f.path).join(', ');
  return `Review ${diff.description}. Files changed (${diff.files.length}): ${files}.${focusLine(focus)}\n\n${diffBlock(diff.files)}`;
}

/** A large review: the diff every sub-agent forks from. */
export function sharedDiffMessage(diff: ReviewDiff, focus?: string): string {
  return (
    `These are ${diff.description}: ${diff.files.length} files. Several reviewers will each review a group of them, ` +
    `starting from here.${focusLine(focus)}\n\n${diffBlock(diff.files)}`
  );
}

/** One sub-agent's task: its files of the diff above. */
export function groupReviewPrompt(files: FileDiff[]): string {
  return (
    `Review only these files of the diff above: ${files.map((f) => f.path).join(', ')}. ` +
    'Report findings in them alone (read other files if you need to); the overall verdict is about these files.'
  );
}

/** The files in at most `groups` groups of nearly equal size, in diff order. */
export function groupFiles(files: FileDiff[], groups: number): FileDiff[][] {
  const count = Math.max(1, Math.min(groups, files.length));
  const size = Math.ceil(files.length / count);
  const out: FileDiff[][] = [];
  for (let i = 0; i < files.length; i += size) out.push(files.slice(i, i + size));
  return out;
}
