// The programs wsagent uses when they are there: ripgrep (the fast `search`; a JS fallback otherwise)
// and git (git_status, git_diff, undo snapshots in a repository; copies outside one).
import { spawnSync } from 'node:child_process';
import { type DoctorCheck, ok, warn } from './doctorCheck.js';

function versionLine(program: string, env: NodeJS.ProcessEnv): string | null {
  const run = spawnSync(program, ['--version'], { encoding: 'utf8', timeout: 5000, env });
  if (run.error || run.status !== 0) return null;
  return run.stdout.trim().split('\n')[0] ?? null;
}

export function checkRipgrep(env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  const version = versionLine('rg', env);
  if (version) return ok('ripgrep', version);
  return warn(
    'ripgrep',
    'rg is not on PATH: `search` uses its slower JavaScript fallback',
    'install ripgrep (Debian/Ubuntu: apt install ripgrep; macOS: brew install ripgrep)',
  );
}

export function checkGit(env: NodeJS.ProcessEnv = process.env): DoctorCheck {
  const version = versionLine('git', env);
  if (version) return ok('git', version);
  return warn('git', 'git is not on PATH: no git_status/git_diff, and undo keeps copies instead of snapshots', 'install git (Debian/Ubuntu: apt install git)');
}
