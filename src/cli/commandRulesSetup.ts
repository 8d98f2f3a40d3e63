// Loads the command rules for a session: the user's, and the repository's with its allow rules
// only when the repository is trusted as it is now (its rule files are part of what trust covers).
// A rules file that does not parse, or whose examples fail, stops the run with exit 3 (as does a
// settings file that is not JSON: trust cannot be judged without it).
import { findRepositoryRoot } from '../agent/instructions.js';
import { trustState } from '../config/projectTrust.js';
import { patternText } from '../config/rules/prefixRule.js';
import { trustSubject } from '../config/rules/repositoryTrust.js';
import { type LoadedRules, loadCommandRules, RulesSyntaxError } from '../config/rules/ruleFiles.js';
import { canonical, McpConfigError, readProjectSettings, readUserSettings } from '../tools/mcp/mcpConfig.js';
import { EXIT, UserFacingError } from './exitCodes.js';

export function loadSessionRules(configDir: string, cwd: string): LoadedRules {
  const root = canonical(findRepositoryRoot(cwd));
  try {
    const trust = trustState(readUserSettings(configDir), root, trustSubject(root, readProjectSettings(root)));
    return loadCommandRules({ configDir, repositoryRoot: root, repositoryTrusted: trust.trusted });
  } catch (err) {
    if (err instanceof RulesSyntaxError) throw new UserFacingError(`command rules: ${err.message}`, EXIT.config);
    if (err instanceof McpConfigError) throw new UserFacingError(err.message, EXIT.config);
    throw err;
  }
}

/** Said once when a repository's allow rules were left out. */
export function ignoredRulesMessage(loaded: LoadedRules): string | null {
  if (loaded.ignored.length === 0) return null;
  const rules = loaded.ignored.map((r) => `"${patternText(r.pattern)}" (${r.source})`).join(', ');
  return `This repository's allow rules ${rules} are ignored: the repository is not trusted as it is now. Check its .wsagent/rules/, then run \`wsagent trust\` in it to let them count.`;
}
