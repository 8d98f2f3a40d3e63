// The changes a review looks at, read from git without touching the index or the branch:
// uncommitted (the working tree against HEAD, untracked files as new files), against a base branch
// (the working tree against the merge base with it, as a pull request would show), or one commit.
// The diff comes back whole and split per file, so a large one can be reviewed in groups.
import { runGit } from './gitClient.js';
import { workingTreeDiff } from './workingTreeDiff.js';

export type ReviewTarget = { kind: 'uncommitted' } | { kind: 'base'; branch: string } | { kind: 'commit'; sha: string };

export interface FileDiff {
  /** The path relative to the repository root (the new name of a renamed file). */
  path: string;
  diff: string;
}

export interface ReviewDiff {
  /** One line for people and for the model: what is compared with what. */
  description: string;
  files: FileDiff[];
}

/** A target that does not resolve (unknown branch or commit, not a repository): a usage error. */
export class ReviewTargetError extends Error {}

async function git(root: string, args: string[], signal?: AbortSignal): Promise<string> {
  const run = await runGit(root, args, signal);
  if (!run.ok) throw new ReviewTargetError(run.message.replace(/\s+/g, ' ').trim());
  return run.stdout;
}

/** The commit a ref names, or a ReviewTargetError in one line. */
async function commitOf(root: string, ref: string, what: string): Promise<string> {
  if (ref.startsWith('-')) throw new ReviewTargetError(`${what} ${ref}: not a branch or commit`);
  const run = await runGit(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  if (!run.ok || run.stdout.trim() === '') throw new ReviewTargetError(`${what} ${ref}: no such branch or commit in this repository`);
  return run.stdout.trim();
}

export async function collectReviewDiff(root: string, target: ReviewTarget, signal?: AbortSignal): Promise<ReviewDiff> {
  await git(root, ['rev-parse', '--git-dir'], signal).catch(() => {
    throw new ReviewTargetError(`${root} is not a git repository: a review needs git to know what changed`);
  });
  const diffArgs = ['--no-ext-diff', '--no-color', '--find-renames'];
  switch (target.kind) {
    case 'uncommitted': {
      const diff = await workingTreeDiff(root);
      if (diff === null) throw new ReviewTargetError(`${root} has no commit yet: --uncommitted compares with HEAD`);
      return { description: 'the uncommitted changes (working tree and index against HEAD, untracked files included)', files: splitDiff(diff) };
    }
    case 'base': {
      const base = await commitOf(root, target.branch, '--base');
      const mergeBase = (await git(root, ['merge-base', 'HEAD', base], signal)).trim();
      const diff = await git(root, ['diff', ...diffArgs, mergeBase, '--', '.'], signal);
      return {
        description: `the changes against ${target.branch} (the working tree against the merge base ${mergeBase.slice(0, 12)})`,
        files: splitDiff(diff),
      };
    }
    case 'commit': {
      const sha = await commitOf(root, target.sha, '--commit');
      const subject = (await git(root, ['log', '-1', '--format=%s', sha], signal)).trim();
      const diff = await git(root, ['show', ...diffArgs, '--format=', sha, '--', '.'], signal);
      return { description: `the commit ${sha.slice(0, 12)} ("${subject}")`, files: splitDiff(diff) };
    }
  }
}

/** One file's diff beyond this is cut: the reviewer reads the rest with git_diff or read_file. */
const MAX_FILE_DIFF_CHARS = 64 * 1024;

function capped(path: string, diff: string): string {
  if (diff.length <= MAX_FILE_DIFF_CHARS) return diff;
  const cut = diff.lastIndexOf('\n', MAX_FILE_DIFF_CHARS);
  return `${diff.slice(0, cut)}\n… (the diff of ${path} is cut here at 64 KB of ${Math.round(diff.length / 1024)} KB: git_diff with this path or read_file shows the rest)`;
}

/** A unified diff cut at its `diff --git` lines, one part per file (each at most 64 KB). */
export function splitDiff(diff: string): FileDiff[] {
  const files: FileDiff[] = [];
  for (const part of diff.split(/^(?=diff --git )/m)) {
    if (!part.startsWith('diff --git ')) continue;
    const plus = /^\+\+\+ b\/(.+)$/m.exec(part)?.[1];
    const header = /^diff --git a\/.+ b\/(.+)$/m.exec(part)?.[1];
    const path = (plus ?? header ?? '').trim();
    if (path) files.push({ path, diff: capped(path, part.trimEnd()) });
  }
  return files;
}
