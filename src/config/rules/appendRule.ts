// "Always allow commands starting with …" from the approval card: appends an allow rule to
// `<config dir>/rules/default.rules` (Codex's file name and format, so either tool can read it).
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PrefixRule } from './prefixRule.js';
import { DEFAULT_RULES_FILE, userRulesDir } from './ruleFiles.js';

export function appendAllowRule(configDir: string, prefix: readonly string[]): PrefixRule {
  const dir = userRulesDir(configDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, DEFAULT_RULES_FILE);
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const separator = before === '' || before.endsWith('\n') ? '' : '\n';
  const line = before === '' ? 1 : before.split('\n').length + (separator ? 1 : 0);
  // JSON string syntax is valid Starlark for these words (letters, digits and a few signs).
  appendFileSync(file, `${separator}prefix_rule(pattern = [${prefix.map((w) => JSON.stringify(w)).join(', ')}], decision = "allow")\n`, { mode: 0o600 });
  return { pattern: prefix.map((w) => [w]), decision: 'allow', source: `${file}:${line}`, origin: 'user' };
}
