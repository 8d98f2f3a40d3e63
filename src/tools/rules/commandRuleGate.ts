// The command rules as the tool runner sees them: for a `run_command` call, whether a rule allows
// it (runs without asking, still sandboxed), asks first (even in full-auto), or forbids it (in
// every mode, --yolo included; the model is told the rule's justification). Rules are for the
// model's shell commands only: `run_tests` builds its own command, edits and MCP tools stay under
// the approval mode, and the user's own `!cmd` is not judged by them.
import { appendAllowRule } from '../../config/rules/appendRule.js';
import { type PrefixRule, patternText } from '../../config/rules/prefixRule.js';
import { type CommandEvaluation, evaluateCommand, type MatchedRule, suggestedPrefix } from './commandRules.js';

export const RULED_TOOLS: ReadonlySet<string> = new Set(['run_command']);

export type RuleCheck =
  | { decision: 'allow'; rule: string }
  | { decision: 'prompt'; reason: string; refusal: string }
  | { decision: 'forbidden'; message: string };

function commandOf(toolName: string, args: unknown): string | null {
  if (!RULED_TOOLS.has(toolName)) return null;
  const command = (args as { command?: unknown } | null)?.command;
  return typeof command === 'string' ? command : null;
}

function describe(m: MatchedRule): string {
  return `\`${m.argv.join(' ')}\` matches the rule ${JSON.stringify(patternText(m.rule.pattern))} (${m.rule.source})`;
}

function because(m: MatchedRule): string {
  return m.rule.justification ? `: ${m.rule.justification.trim().replace(/\.$/u, '')}` : '';
}

/** What the runner does with a command, given the evaluation. */
export function ruleCheck(toolName: string, evaluation: CommandEvaluation): RuleCheck | null {
  const m = evaluation.decisive;
  if (!m) return null;
  if (m.rule.decision === 'forbidden') {
    return {
      decision: 'forbidden',
      message: `${toolName} was not run: it is forbidden by a command rule; ${describe(m)}${because(m)}. Do not retry it or work around the rule.`,
    };
  }
  if (m.rule.decision === 'prompt') {
    return {
      decision: 'prompt',
      reason: `a command rule asks first: ${describe(m)}${because(m)}`,
      refusal: `${toolName} was not run: a command rule asks before it and no one is here to answer; ${describe(m)}${because(m)}.`,
    };
  }
  return { decision: 'allow', rule: m.rule.source };
}

export class CommandRuleGate {
  private readonly rules: PrefixRule[];

  constructor(
    rules: readonly PrefixRule[],
    private readonly configDir: string,
  ) {
    this.rules = [...rules];
  }

  /** null: no rule decides this call; the approval mode does. */
  check(toolName: string, args: unknown): RuleCheck | null {
    const command = commandOf(toolName, args);
    return command === null ? null : ruleCheck(toolName, evaluateCommand(this.rules, command));
  }

  /** The prefix the approval card offers to always allow (null: not a ruled tool, or no safe prefix). */
  suggest(toolName: string, args: unknown): string[] | null {
    const command = commandOf(toolName, args);
    return command === null ? null : suggestedPrefix(command);
  }

  /** Saves an allow rule for the prefix to `<config dir>/rules/default.rules` and applies it from now on. */
  allowPrefix(prefix: readonly string[]): void {
    this.rules.push(appendAllowRule(this.configDir, prefix));
  }
}
