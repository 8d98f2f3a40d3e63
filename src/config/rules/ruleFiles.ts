// Where command rules live and how they are read: every `*.rules` file in `<config dir>/rules/`
// (the user's, trusted) and in the repository's `.wsagent/rules/`. A repository's `allow` rules
// count only once the user trusts the repository (`wsagent trust`): a cloned repository may make
// things stricter, never pre-approve its own commands. config/ reads the rules; tools/ applies them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PrefixRule, prefixRuleFromCall, type RuleOrigin } from './prefixRule.js';
import { parseRuleCalls } from './starlarkRules.js';

export { RulesSyntaxError } from './starlarkRules.js';

/** The file the TUI's "always allow" answers append to. */
export const DEFAULT_RULES_FILE = 'default.rules';

export function userRulesDir(configDir: string): string {
  return join(configDir, 'rules');
}

export function repositoryRulesDir(repositoryRoot: string): string {
  return join(repositoryRoot, '.wsagent', 'rules');
}

/** The `*.rules` files of a directory, sorted by name, with their text (none: {}). */
export function readRuleFiles(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.rules'))
    .sort())
    files[name] = readFileSync(join(dir, name), 'utf8');
  return files;
}

function rulesOf(dir: string, origin: RuleOrigin): PrefixRule[] {
  return Object.entries(readRuleFiles(dir)).flatMap(([name, text]) => {
    const file = join(dir, name);
    return parseRuleCalls(text, file).map((call) => prefixRuleFromCall(call, file, origin));
  });
}

export interface LoadedRules {
  /** The rules in force. */
  rules: PrefixRule[];
  /** A repository's allow rules left out because the repository is not trusted (reported once). */
  ignored: PrefixRule[];
}

/** Reads and checks every rule; throws RulesSyntaxError naming the file, line and failing example. */
export function loadCommandRules(opts: { configDir: string; repositoryRoot: string | null; repositoryTrusted: boolean }): LoadedRules {
  const user = rulesOf(userRulesDir(opts.configDir), 'user');
  const repository = opts.repositoryRoot ? rulesOf(repositoryRulesDir(opts.repositoryRoot), 'repository') : [];
  const ignored = opts.repositoryTrusted ? [] : repository.filter((r) => r.decision === 'allow');
  return { rules: [...user, ...repository.filter((r) => !ignored.includes(r))], ignored };
}
