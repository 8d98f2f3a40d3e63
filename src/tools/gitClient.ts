// Running git for git_status and git_diff through simple-git, with errors turned into messages
// the model can act on (not a repository, git missing) instead of exceptions.
import { simpleGit } from 'simple-git';

import { errorMessage } from './toolHelpers.js';

const GIT_TIMEOUT_MS = 30_000;

export type GitRun = { ok: true; stdout: string } | { ok: false; message: string };

/** Runs `git <args>` in `root`; paths are printed unquoted (core.quotepath=off), without colour. */
export async function runGit(root: string, args: string[], signal?: AbortSignal): Promise<GitRun> {
  const git = simpleGit({
    baseDir: root,
    config: ['core.quotepath=off', 'color.ui=never'],
    timeout: { block: GIT_TIMEOUT_MS },
    ...(signal ? { abort: signal } : {}),
  });
  try {
    return { ok: true, stdout: await git.raw(args) };
  } catch (err) {
    return { ok: false, message: gitErrorMessage(root, errorMessage(err)) };
  }
}

function gitErrorMessage(root: string, message: string): string {
  if (/not a git repository/i.test(message)) {
    return `The workspace ${root} is not a git repository, so there is no git status or diff. Use list_files and read_file to see its files.`;
  }
  if (/ENOENT|spawn git|not found/i.test(message) && !/fatal:/.test(message)) {
    return 'git is not installed (or not on the PATH); git_status and git_diff need it.';
  }
  return `git failed: ${message.trim()}`;
}
