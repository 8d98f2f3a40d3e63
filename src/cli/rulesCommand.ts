// `wsagent rules check [--json] -- COMMAND…`: which decision the command rules give a command, and
// which rules matched, like `codex execpolicy check` (its JSON uses Codex's `matchedRules` /
// `prefixRuleMatch` shape). One argument is read as a shell line (`-- "npm test && rm x"`); several
// are the words of one command. The rules are the ones a session here would use (a repository's
// allow rules only once it is trusted).
import type { Command } from 'commander';
import { quote } from 'shell-quote';
import { configDir } from '../config/configDir.js';
import { patternText } from '../config/rules/prefixRule.js';
import { type CommandEvaluation, evaluateCommand } from '../tools/rules/commandRules.js';
import { EXIT, UserFacingError } from './exitCodes.js';
import { ignoredRulesMessage, loadSessionRules } from './commandRulesSetup.js';

function plainReport(command: string, evaluation: CommandEvaluation, ignored: string | null): string {
  const lines = [`${evaluation.decision ?? 'no rule decides'}: ${command}`];
  for (const m of evaluation.matched) {
    const why = m.rule.justification ? ` — ${m.rule.justification}` : '';
    lines.push(`  ${m.rule.decision.padEnd(9)} ${JSON.stringify(patternText(m.rule.pattern))} matched \`${m.argv.join(' ')}\` (${m.rule.source})${why}`);
  }
  if (evaluation.decision === null) {
    const partial = evaluation.matched.length > 0 ? 'not every part is allowed, so ' : '';
    const uncertain = evaluation.uncertain ? ' (part of it is only known when the shell runs it, so no rule can allow it)' : '';
    lines.push(`  ${partial}the approval mode decides: suggest and auto-edit ask, full-auto runs it${uncertain}`);
  } else if (evaluation.decision === 'allow') lines.push('  runs without asking in every approval mode (still in the sandbox)');
  else if (evaluation.decision === 'prompt') lines.push('  asks first in every approval mode, full-auto included; refused where no one can answer');
  else lines.push('  refused in every approval mode, --yolo included');
  if (ignored) lines.push(`  note: ${ignored}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(evaluation: CommandEvaluation, ignoredSources: string[]): string {
  return `${JSON.stringify({
    decision: evaluation.decision,
    matchedRules: evaluation.matched.map((m) => ({
      prefixRuleMatch: {
        matchedPrefix: m.argv.slice(0, m.rule.pattern.length),
        decision: m.rule.decision,
        ...(m.rule.justification && { justification: m.rule.justification }),
        source: m.rule.source,
        command: m.argv,
      },
    })),
    commands: evaluation.parts,
    uncertain: evaluation.uncertain,
    ignoredRules: ignoredSources,
  })}\n`;
}

export function registerRulesCommand(program: Command): void {
  const rules = program.command('rules').description('command rules (prefix_rule files in <config dir>/rules/ and .wsagent/rules/)');
  rules
    .command('check')
    .description('print the decision the rules give a command and the rules that matched: wsagent rules check -- git push origin main')
    .argument('<command...>', 'the command (one argument: a shell line; several: its words)')
    .option('--json', 'print JSON (Codex execpolicy check shape: decision, matchedRules)')
    .action((words: string[], opts: { json?: boolean }, cmd: Command) => {
      const cwd = (cmd.optsWithGlobals() as { cwd?: string; cd?: string }).cwd ?? (cmd.optsWithGlobals() as { cd?: string }).cd ?? process.cwd();
      const line = words.length === 1 ? words[0]! : quote(words);
      if (line.trim() === '') throw new UserFacingError('rules check: give a command after --', EXIT.usage);
      const loaded = loadSessionRules(configDir(), cwd);
      const evaluation = evaluateCommand(loaded.rules, line);
      process.stdout.write(
        opts.json
          ? jsonReport(
              evaluation,
              loaded.ignored.map((r) => r.source),
            )
          : plainReport(line, evaluation, ignoredRulesMessage(loaded)),
      );
    });
}
