// A fresh copy of the calc-js fixture in a temporary git repository, as a user's checkout.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURE_CALC_JS = fileURLToPath(new URL('../../fixtures/repos/calc-js', import.meta.url));

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t.invalid' };

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...GIT_ENV } });
}

/** Makes `dir` a git repository whose one commit holds the files in it now. */
export function commitAll(dir: string): void {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'initial']);
}

export function copyCalcJs(): string {
  const repo = join(mkdtempSync(join(tmpdir(), 'wsagent-repo-')), 'calc-js');
  cpSync(FIXTURE_CALC_JS, repo, { recursive: true });
  commitAll(repo);
  return repo;
}
