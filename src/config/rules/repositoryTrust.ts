// What trusting a repository covers, read from disk: its `.wsagent/config.json` settings plus the
// text of its `.wsagent/rules/*.rules` files (key `rules`), so editing a repository's rules
// untrusts it just as changing its MCP servers does.
import { readRuleFiles, repositoryRulesDir } from './ruleFiles.js';

export function trustSubject(repositoryRoot: string, projectSettings: Record<string, unknown> | null): Record<string, unknown> | null {
  const files = readRuleFiles(repositoryRulesDir(repositoryRoot));
  if (Object.keys(files).length === 0) return projectSettings;
  return { ...(projectSettings ?? {}), rules: files };
}
