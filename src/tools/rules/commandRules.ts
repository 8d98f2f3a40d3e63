// Applies command rules to a command line: each simple command is matched against every rule and
// the strictest decision wins (forbidden > prompt > allow), as in Codex. The line is allowed only
// when every part is allowed by a rule and nothing about it is uncertain; any forbidden part
// forbids the whole line; a part no rule matches leaves the line to the approval mode.
import { type PrefixRule, type RuleDecision, ruleMatches, strictness } from '../../config/rules/prefixRule.js';
import { splitSimpleCommands } from './simpleCommands.js';

export interface MatchedRule {
  rule: PrefixRule;
  /** The simple command it matched. */
  argv: string[];
}

export interface CommandEvaluation {
  /** null: no rule decides; the approval mode does. */
  decision: RuleDecision | null;
  /** Every rule that matched a part, in the order of the parts. */
  matched: MatchedRule[];
  /** The rule that decided (the first match of the winning decision). */
  decisive: MatchedRule | null;
  /** The simple commands found. */
  parts: string[][];
  /** Some part could not be fully understood: no allow rule can allow the line. */
  uncertain: boolean;
}

export function evaluateCommand(rules: readonly PrefixRule[], command: string): CommandEvaluation {
  const split = splitSimpleCommands(command);
  const matched: MatchedRule[] = [];
  let everyPartAllowed = split.parts.length > 0 && !split.uncertain;
  for (const part of split.parts) {
    const hits = rules.filter((rule) => ruleMatches(rule, part.argv));
    for (const rule of hits) matched.push({ rule, argv: part.argv });
    if (part.uncertain || hits.length === 0) everyPartAllowed = false;
  }
  const strictest = matched.reduce<RuleDecision | null>(
    (worst, m) => (worst === null || strictness(m.rule.decision) > strictness(worst) ? m.rule.decision : worst),
    null,
  );
  let decision: RuleDecision | null = strictest;
  if (strictest === 'allow' && !everyPartAllowed) decision = null;
  const decisive = decision ? (matched.find((m) => m.rule.decision === decision) ?? null) : null;
  return { decision, matched, decisive, parts: split.parts.map((p) => p.argv), uncertain: split.uncertain || split.parts.some((p) => p.uncertain) };
}

/** Words that run whatever follows them: allowing them alone would allow anything. */
const RUNS_ANYTHING = new Set([
  'sh',
  'bash',
  'zsh',
  'dash',
  'fish',
  'env',
  'sudo',
  'doas',
  'xargs',
  'eval',
  'exec',
  'command',
  'builtin',
  'nohup',
  'nice',
  'timeout',
  'time',
  'watch',
  'python',
  'python3',
  'node',
  'deno',
  'bun',
  'perl',
  'ruby',
  'php',
  'npx',
  'bunx',
  'pnpx',
  'find',
  'awk',
  'sed',
  'ssh',
  'git',
  'npm',
  'pnpm',
  'yarn',
  'make',
  'cargo',
  'go',
  'docker',
  'kubectl',
  'rm',
  'mv',
  'cp',
  'dd',
  'chmod',
  'chown',
  'curl',
  'wget',
]);
const MAX_PREFIX_WORDS = 3;

/**
 * The prefix the approval card offers to always allow (null: none is safe): the leading words of a
 * single, fully understood simple command, up to the first option, path or unusual word, at most
 * three words, and never a bare word that would allow any command (`bash`, `npm`, `git`…).
 */
export function suggestedPrefix(command: string): string[] | null {
  const split = splitSimpleCommands(command);
  if (split.uncertain || split.parts.length !== 1 || split.parts[0]!.uncertain) return null;
  const prefix: string[] = [];
  for (const word of split.parts[0]!.argv) {
    if (prefix.length === MAX_PREFIX_WORDS || !/^[A-Za-z0-9_][A-Za-z0-9_.:@+-]*$/.test(word)) break;
    prefix.push(word);
  }
  if (prefix.length === 0 || (prefix.length === 1 && RUNS_ANYTHING.has(prefix[0]!))) return null;
  return prefix;
}
