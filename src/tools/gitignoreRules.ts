// .gitignore rules as git applies them, for walking the workspace without git: every directory's
// .gitignore applies below it, deeper files override shallower ones, `.git/info/exclude` applies
// to the whole repository, and nothing below an ignored directory is visited. When the workspace
// is a subdirectory of a repository, the .gitignore files between the repository root and the
// workspace apply too.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

import ignore, { type Ignore } from 'ignore';

/** One ignore file's rules and the directory its patterns are relative to. */
interface RuleSet {
  base: string;
  rules: Ignore;
}

/** Rule sets from the shallowest to the deepest directory. */
export type RuleChain = readonly RuleSet[];

/** Git's own default on each platform (core.ignorecase). */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

function loadRules(file: string, base: string): RuleSet | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  return { base, rules: ignore({ ignorecase: IGNORE_CASE }).add(text) };
}

/** The rules of `dir/.gitignore` appended to `chain` (or `chain` itself when it has none). */
export function withDirectory(chain: RuleChain, dir: string, hasGitignore = true): RuleChain {
  if (!hasGitignore) return chain;
  const set = loadRules(join(dir, '.gitignore'), dir);
  return set ? [...chain, set] : chain;
}

/**
 * The rules that apply inside `root` before any of its own .gitignore files: those of the
 * enclosing repository (its `.git/info/exclude` and the .gitignore files above `root`).
 */
export function ancestorRules(root: string): RuleChain {
  const above: string[] = [];
  let gitRoot: string | null = null;
  for (let dir = root; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      gitRoot = dir;
      break;
    }
    if (dirname(dir) === dir) break;
    if (dir !== root) above.push(dir);
  }
  if (gitRoot === null) return [];
  const chain: RuleSet[] = [];
  try {
    if (statSync(join(gitRoot, '.git')).isDirectory()) {
      const exclude = loadRules(join(gitRoot, '.git', 'info', 'exclude'), gitRoot);
      if (exclude) chain.push(exclude);
    }
  } catch {
    // unreadable .git: no exclude file
  }
  if (gitRoot !== root) {
    for (const dir of [gitRoot, ...above.reverse()]) {
      const set = loadRules(join(dir, '.gitignore'), dir);
      if (set) chain.push(set);
    }
  }
  return chain;
}

/** True when `abs` (a file, or a directory when `isDir`) is ignored by `chain`. */
export function isIgnored(chain: RuleChain, abs: string, isDir: boolean): boolean {
  // The deepest ignore file that has an opinion decides, as in git.
  for (let i = chain.length - 1; i >= 0; i--) {
    const set = chain[i] as RuleSet;
    let rel = relative(set.base, abs);
    if (rel === '' || rel.startsWith('..')) continue;
    if (sep !== '/') rel = rel.split(sep).join('/');
    let result: { ignored: boolean; unignored: boolean };
    try {
      result = set.rules.test(isDir ? `${rel}/` : rel);
    } catch {
      continue; // a name the ignore library cannot express as a relative path: no rule applies
    }
    if (result.ignored) return true;
    if (result.unignored) return false;
  }
  return false;
}
