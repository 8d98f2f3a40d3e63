// Reading Codex-format rules files: the Starlark subset, the examples checked at load, where the
// rules come from and which a repository that is not trusted may contribute.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAllowRule } from '../../src/config/rules/appendRule.js';
import { prefixRuleFromCall } from '../../src/config/rules/prefixRule.js';
import { loadCommandRules } from '../../src/config/rules/ruleFiles.js';
import { parseRuleCalls } from '../../src/config/rules/starlarkRules.js';
import { trustFingerprint } from '../../src/config/projectTrust.js';
import { trustSubject } from '../../src/config/rules/repositoryTrust.js';
import { evaluateCommand, suggestedPrefix } from '../../src/tools/rules/commandRules.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'wsagent-rulefiles-'));
  dirs.push(d);
  return d;
};

const rules = (text: string) => parseRuleCalls(text, 'f.rules').map((c) => prefixRuleFromCall(c, 'f.rules', 'user'));

describe('rules files (Codex prefix_rule subset)', () => {
  it('reads Codex’s documented example as it is: comments, alternatives, token-list and string examples, trailing commas', () => {
    const [rule] = rules(`# Prompt before running commands with the prefix \`gh pr view\`.
prefix_rule(
    # The prefix to match.
    pattern = ["gh", "pr", ["view", 'list']],
    decision = "prompt",
    justification = """Viewing PRs
is allowed with approval""",
    match = [
        "gh pr view 7888",
        ["gh", "pr", "list"],
    ],
    not_match = [
        "gh pr --repo openai/codex view 7888",
    ],
)`);
    expect(rule).toMatchObject({
      pattern: [['gh'], ['pr'], ['view', 'list']],
      decision: 'prompt',
      justification: 'Viewing PRs\nis allowed with approval',
      source: 'f.rules:2',
    });
  });

  it('decision defaults to allow, as in Codex', () => {
    expect(rules('prefix_rule(pattern=["ls"])')[0]!.decision).toBe('allow');
  });

  it('names the file, line and example that fails', () => {
    expect(() => rules('\n\nprefix_rule(pattern = ["git"], not_match = ["git status"])')).toThrow(
      'f.rules:3: not_match example "git status" matches the rule\'s pattern "git"',
    );
    expect(() => rules('prefix_rule(pattern = [], decision = "allow")')).toThrow('f.rules:1: pattern must be a non-empty list');
    expect(() => rules('prefix_rule(pattern = ["a"], when = "x")')).toThrow('f.rules:1: prefix_rule has no argument "when"');
    expect(() => rules('load("x")')).toThrow('f.rules:1: expected a keyword argument');
    expect(() => rules('x = "a"')).toThrow('f.rules:1: expected "(" but found "="');
    expect(() => rules('x = 1')).toThrow('f.rules:1: unexpected character "1"');
    expect(() => rules('prefix_rule(pattern = ["a\n"])')).toThrow('f.rules:1: a string is not closed before the end of the line');
  });

  it('a repository’s allow rules count only when it is trusted; its stricter rules always', () => {
    const configDir = temp();
    const repo = temp();
    mkdirSync(join(repo, '.wsagent', 'rules'), { recursive: true });
    writeFileSync(join(repo, '.wsagent', 'rules', 'a.rules'), 'prefix_rule(pattern=["curl"])\nprefix_rule(pattern=["rm"], decision="forbidden")\n');
    writeFileSync(join(repo, '.wsagent', 'rules', 'ignored.txt'), 'not a rules file');
    const untrusted = loadCommandRules({ configDir, repositoryRoot: repo, repositoryTrusted: false });
    expect(untrusted.rules.map((r) => r.pattern)).toEqual([[['rm']]]);
    expect(untrusted.ignored.map((r) => r.source)).toEqual([`${join(repo, '.wsagent', 'rules', 'a.rules')}:1`]);
    expect(loadCommandRules({ configDir, repositoryRoot: repo, repositoryTrusted: true }).rules).toHaveLength(2);
  });

  it('trust covers the rule files’ text, and a repository without them keeps its old fingerprint', () => {
    const repo = temp();
    const settings = { mcpServers: {} };
    expect(trustFingerprint(trustSubject(repo, settings))).toBe(trustFingerprint(settings));
    mkdirSync(join(repo, '.wsagent', 'rules'), { recursive: true });
    writeFileSync(join(repo, '.wsagent', 'rules', 'a.rules'), 'prefix_rule(pattern=["curl"])\n');
    const withRules = trustFingerprint(trustSubject(repo, settings));
    expect(withRules).not.toBe(trustFingerprint(settings));
    writeFileSync(join(repo, '.wsagent', 'rules', 'a.rules'), 'prefix_rule(pattern=["curl", "-s"])\n');
    expect(trustFingerprint(trustSubject(repo, settings))).not.toBe(withRules);
  });

  it('appends an allow rule that reads back as the same rule', () => {
    const configDir = temp();
    mkdirSync(join(configDir, 'rules'));
    writeFileSync(join(configDir, 'rules', 'default.rules'), 'prefix_rule(pattern=["ls"])');
    const rule = appendAllowRule(configDir, ['npm', 'test']);
    expect(rule.source).toBe(`${join(configDir, 'rules', 'default.rules')}:2`);
    expect(readFileSync(join(configDir, 'rules', 'default.rules'), 'utf8')).toBe(
      'prefix_rule(pattern=["ls"])\nprefix_rule(pattern = ["npm", "test"], decision = "allow")\n',
    );
    expect(loadCommandRules({ configDir, repositoryRoot: null, repositoryTrusted: false }).rules.map((r) => r.pattern)).toEqual([
      [['ls']],
      [['npm'], ['test']],
    ]);
  });
});

describe('evaluating a command line', () => {
  const set = rules(
    'prefix_rule(pattern=["npm","test"])\nprefix_rule(pattern=["git",["status","diff"]])\nprefix_rule(pattern=["git","push"], decision="prompt")\nprefix_rule(pattern=["rm"], decision="forbidden")',
  );

  it('the strictest decision wins and every part must be allowed', () => {
    expect(evaluateCommand(set, 'npm test && git diff | cat').decision).toBe(null); // cat: no rule
    expect(evaluateCommand(set, 'npm test && git diff').decision).toBe('allow');
    expect(evaluateCommand(set, 'git status; git push').decision).toBe('prompt');
    expect(evaluateCommand(set, 'git push || rm -rf .').decision).toBe('forbidden');
    expect(evaluateCommand(set, 'npm test $(rm -rf x)').decision).toBe('forbidden');
  });

  it('never allows what it cannot read, but still forbids what it can', () => {
    expect(evaluateCommand(set, 'npm test `id`').decision).toBe(null);
    expect(evaluateCommand(set, 'npm test "$(id)"').decision).toBe(null);
    expect(evaluateCommand(set, 'NODE_OPTIONS=--require=x npm test').decision).toBe(null);
    expect(evaluateCommand(set, 'if true; then rm x; fi').decision).toBe('forbidden');
  });

  it('offers the longest safe prefix of one plain command, never a bare interpreter', () => {
    expect(suggestedPrefix('npm test -- --watch')).toEqual(['npm', 'test']);
    expect(suggestedPrefix('npx vitest run test/a.test.ts')).toEqual(['npx', 'vitest', 'run']);
    expect(suggestedPrefix('cargo build --release')).toEqual(['cargo', 'build']);
    expect(suggestedPrefix('python3 -c "print(1)"')).toBe(null);
    expect(suggestedPrefix('bash script.sh')).toEqual(['bash', 'script.sh']);
    expect(suggestedPrefix('npm test && rm x')).toBe(null);
    expect(suggestedPrefix('ls $HOME')).toBe(null);
  });
});
