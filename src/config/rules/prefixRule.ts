// One `prefix_rule`: a pattern of literal tokens (a list at a position = alternatives), a decision
// and an optional justification, as Codex defines it. Its `match` / `not_match` examples are
// checked when the file loads, like Codex's inline unit tests.
import { parse as shellParse } from 'shell-quote';
import type { RuleCall, StarlarkValue } from './starlarkRules.js';
import { RulesSyntaxError } from './starlarkRules.js';

export type RuleDecision = 'allow' | 'prompt' | 'forbidden';
export const RULE_DECISIONS: readonly RuleDecision[] = ['allow', 'prompt', 'forbidden'];

/** Where a rule came from: the user's config directory, or a repository (trusted or not). */
export type RuleOrigin = 'user' | 'repository';

export interface PrefixRule {
  /** Each position: the tokens accepted there. */
  pattern: string[][];
  decision: RuleDecision;
  justification?: string;
  /** `file:line`, shown wherever the rule is named. */
  source: string;
  origin: RuleOrigin;
}

/** How strict a decision is: the strictest matching rule wins. */
export function strictness(decision: RuleDecision): number {
  return RULE_DECISIONS.indexOf(decision);
}

/** Whether the rule's pattern is a prefix of `argv`. */
export function ruleMatches(rule: Pick<PrefixRule, 'pattern'>, argv: readonly string[]): boolean {
  return argv.length >= rule.pattern.length && rule.pattern.every((alternatives, i) => alternatives.includes(argv[i]!));
}

/** A rule's pattern as the text a person would type (alternatives in brackets). */
export function patternText(pattern: readonly string[][]): string {
  return pattern.map((alts) => (alts.length === 1 ? alts[0]! : `[${alts.join('|')}]`)).join(' ');
}

/** Splits an example written as one string the way a shell would (quotes honoured, no operators). */
export function exampleWords(example: string): string[] | null {
  const words = shellParse(example, (name) => `$${name}`);
  return words.every((w): w is string => typeof w === 'string') ? words : null;
}

function stringList(value: StarlarkValue | undefined): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Builds a rule from its call, checking every argument and example; throws naming file, line and example. */
export function prefixRuleFromCall(call: RuleCall, file: string, origin: RuleOrigin): PrefixRule {
  const at = (line: number): string => `${file}:${line}`;
  const fail = (line: number, message: string): never => {
    throw new RulesSyntaxError(`${at(line)}: ${message}`);
  };
  if (call.name !== 'prefix_rule') fail(call.line, `${call.name}(...) is not supported; only prefix_rule(...) is`);
  for (const [key, { line }] of call.args) {
    if (!['pattern', 'decision', 'justification', 'match', 'not_match'].includes(key)) fail(line, `prefix_rule has no argument "${key}"`);
  }
  const rawPattern = call.args.get('pattern');
  if (!rawPattern) return fail(call.line, 'prefix_rule needs a pattern = [...]');
  if (!Array.isArray(rawPattern.value) || rawPattern.value.length === 0) fail(rawPattern.line, 'pattern must be a non-empty list');
  const pattern = (rawPattern.value as StarlarkValue[]).map((element) => {
    if (typeof element === 'string') return [element];
    if (stringList(element) && element.length > 0) return element;
    return fail(rawPattern.line, 'each pattern element must be a string or a non-empty list of strings');
  });
  const rawDecision = call.args.get('decision');
  const decision = rawDecision?.value ?? 'allow';
  if (typeof decision !== 'string' || !RULE_DECISIONS.includes(decision as RuleDecision)) {
    fail(rawDecision!.line, `decision must be one of ${RULE_DECISIONS.map((d) => `"${d}"`).join(', ')}`);
  }
  const rawJustification = call.args.get('justification');
  if (rawJustification && typeof rawJustification.value !== 'string') fail(rawJustification.line, 'justification must be a string');
  const rule: PrefixRule = {
    pattern,
    decision: decision as RuleDecision,
    ...(rawJustification && { justification: rawJustification.value as string }),
    source: at(call.line),
    origin,
  };
  for (const [key, shouldMatch] of [
    ['match', true],
    ['not_match', false],
  ] as const) {
    const examples = call.args.get(key);
    if (!examples) continue;
    if (!Array.isArray(examples.value)) fail(examples.line, `${key} must be a list of examples`);
    for (const example of examples.value as StarlarkValue[]) {
      const argv = typeof example === 'string' ? exampleWords(example) : stringList(example) ? example : null;
      const shown = typeof example === 'string' ? example : JSON.stringify(example);
      if (!argv || argv.length === 0) return fail(examples.line, `${key} example ${JSON.stringify(shown)} is not a plain command (one command, words only)`);
      if (ruleMatches(rule, argv) !== shouldMatch) {
        fail(
          examples.line,
          `${key} example ${JSON.stringify(shown)} ${shouldMatch ? 'does not match' : 'matches'} the rule's pattern ${JSON.stringify(patternText(pattern))}`,
        );
      }
    }
  }
  return rule;
}
