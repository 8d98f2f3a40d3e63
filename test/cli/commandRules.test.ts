// Command rules end to end: the real CLI in exec (no one to answer), a scripted model asking for
// commands, and rules files in the config directory and in the repository. What the model was told
// is checked on the wire: each scenario step `expect`s text in the request that carries the output,
// and the simulator's log marks a step that did not get it (step -1).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';
import { cliEnv, jsonLines } from '../tools/mcp/mcpHarness.js';

let sim: Simulator | undefined;
const temps: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temp(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

const USER_RULES = `# wsagent test rules
prefix_rule(pattern = ["npm", "test"], decision = "allow", match = ["npm test", "npm test -- --watch=false"])
prefix_rule(
    pattern = ["rm"],
    decision = "forbidden",
    justification = "Never delete files here; ask the user to do it",
    not_match = [["rmdir", "x"]],
)
`;

function repoWithTests(): string {
  const repo = temp('wsagent-rules-repo-');
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'r', version: '1.0.0', scripts: { test: 'echo tests-ran-$((6*7))' } }));
  mkdirSync(join(repo, 'build'));
  writeFileSync(join(repo, 'build', 'out.js'), 'built\n');
  writeFileSync(join(repo, 'x'), 'keep me\n');
  return repo;
}

function configWithRules(text: string | null): string {
  const dir = temp('wsagent-rules-config-');
  if (text !== null) {
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'default.rules'), text);
  }
  return dir;
}

/** The scenario steps the model's requests played (warm-ups left out; -1: a step's expectation failed). */
const steps = (): Array<number | null> =>
  sim!.log
    .responses()
    .filter((e) => e.generate)
    .map((e) => e.step);

const run = (command: string) => ({ name: 'run_command', arguments: { command, timeout_ms: null } });

async function exec(repo: string, configDir: string, extra: string[] = []) {
  return runCli(['exec', '--json', '--approval', 'suggest', ...sandboxFlags, ...extra, '--base-url', sim!.baseUrl, '-C', repo, 'Go.'], {
    env: cliEnv(configDir),
    timeoutMs: 90_000,
  });
}

describe('command rules in exec (suggest: no one to ask)', () => {
  it('runs an allowed command without asking, refuses a forbidden one with its justification, and forbids a list with a forbidden part', async () => {
    const repo = repoWithTests();
    const configDir = configWithRules(USER_RULES);
    sim = await createSimulator({
      scenario: {
        name: 'rules',
        description: 'allowed, forbidden, forbidden part, unruled',
        steps: [
          { calls: [run('npm test')] },
          { expect: { contains: 'tests-ran-42' }, calls: [run('rm -rf build')] },
          { expect: { contains: 'Never delete files here; ask the user to do it' }, calls: [run('npm test && rm x')] },
          { expect: { contains: 'forbidden by a command rule' }, calls: [run('git status')] },
          { expect: { contains: 'asks before running commands' }, message: 'Done.' },
        ],
      },
    });
    const result = await exec(repo, configDir);
    expect(result.stderr).not.toMatch(/unexpected error/);
    const events = jsonLines(result.stdout);
    expect(steps()).toEqual([0, 1, 2, 3, 4]);
    const forbidden = events.filter((e) => e.type === 'error' && e.code === 'command_forbidden');
    expect(forbidden).toHaveLength(2);
    expect(String(forbidden[0]!.message)).toContain('`rm -rf build` matches the rule "rm"');
    expect(String(forbidden[1]!.message)).toContain('`rm x` matches the rule "rm"');
    // Only `git status` fell back to the approval mode.
    expect(events.filter((e) => e.type === 'error' && e.code === 'approval_refused')).toHaveLength(1);
    expect(existsSync(join(repo, 'build', 'out.js'))).toBe(true);
    expect(existsSync(join(repo, 'x'))).toBe(true);
    expect(result.code).toBe(0);
  });

  it('forbids in full-auto and --yolo too', async () => {
    const repo = repoWithTests();
    const configDir = configWithRules(USER_RULES);
    sim = await createSimulator({
      scenario: {
        name: 'yolo',
        description: 'forbidden under --yolo',
        steps: [{ calls: [run('echo start; rm -rf build')] }, { expect: { contains: 'Never delete files here' }, message: 'Done.' }],
      },
    });
    const result = await runCli(['exec', '--json', '--yolo', '--base-url', sim.baseUrl, '-C', repo, 'Go.'], { env: cliEnv(configDir), timeoutMs: 90_000 });
    expect(steps()).toEqual([0, 1]);
    expect(existsSync(join(repo, 'build', 'out.js'))).toBe(true);
    expect(result.code).toBe(0);
  });

  it('with no sandbox an allow rule does not run the command unconfined; the refusal says why', async () => {
    const repo = repoWithTests();
    const configDir = configWithRules(USER_RULES);
    sim = await createSimulator({
      scenario: {
        name: 'nosandbox',
        description: 'allowed but no sandbox',
        steps: [{ calls: [run('npm test')] }, { expect: { contains: 'no sandbox is available' }, message: 'Done.' }],
      },
    });
    const result = await runCli(['exec', '--json', '--approval', 'suggest', '--base-url', sim.baseUrl, '-C', repo, 'Go.'], {
      env: cliEnv(configDir, { WSAGENT_BWRAP: '/nonexistent/bwrap' }),
      timeoutMs: 90_000,
    });
    expect(steps()).toEqual([0, 1]);
    expect(jsonLines(result.stdout).some((e) => e.type === 'tool.completed' && String(e.output).includes('tests-ran-42'))).toBe(false);
  });

  it('a prompt rule asks even in full-auto, so with no one to answer the command is refused naming the rule', async () => {
    const repo = repoWithTests();
    const configDir = configWithRules('prefix_rule(pattern = ["git", ["push", "fetch"]], decision = "prompt", justification = "Pushing is for people")\n');
    sim = await createSimulator({
      scenario: {
        name: 'prompt',
        description: 'prompt rule in full-auto',
        steps: [
          { calls: [run('git push origin main')] },
          { expect: { contains: 'a command rule asks before it and no one is here to answer' }, message: 'Done.' },
        ],
      },
    });
    const result = await runCli(['exec', '--json', '--full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'Go.'], {
      env: cliEnv(configDir),
      timeoutMs: 90_000,
    });
    expect(steps()).toEqual([0, 1]);
    const refusal = jsonLines(result.stdout).find((e) => e.type === 'error' && e.code === 'approval_refused');
    expect(String(refusal?.message)).toContain('matches the rule "git [push|fetch]"');
    expect(String(refusal?.message)).toContain('Pushing is for people');
  });

  it('a repository rule allowing curl counts only after `wsagent trust`, and again only after a change is trusted', async () => {
    const repo = repoWithTests();
    mkdirSync(join(repo, '.wsagent', 'rules'), { recursive: true });
    writeFileSync(join(repo, '.wsagent', 'rules', 'project.rules'), 'prefix_rule(pattern = ["curl"], decision = "allow")\n');
    const configDir = configWithRules(null);
    const scenario = {
      name: 'curl',
      description: 'run curl --version',
      steps: [{ calls: [run('curl --version')] }, { message: 'Done.' }],
    };
    const curlRan = (events: Array<Record<string, unknown>>): boolean =>
      events.some((e) => e.type === 'tool.completed' && e.ok === true && String(e.output).includes('curl'));

    sim = await createSimulator({ scenario });
    const before = jsonLines((await exec(repo, configDir)).stdout);
    const notices = before.filter((e) => e.type === 'error' && e.code === 'rules_untrusted');
    expect(notices).toHaveLength(1);
    expect(String(notices[0]!.message)).toContain('"curl"');
    expect(String(notices[0]!.message)).toContain('wsagent trust');
    expect(before.some((e) => e.type === 'error' && e.code === 'approval_refused')).toBe(true);
    expect(curlRan(before)).toBe(false);
    const checkBefore = await runCli(['rules', 'check', '--json', '--', 'curl', '--version'], { env: cliEnv(configDir), cwd: repo });
    expect(JSON.parse(checkBefore.stdout)).toMatchObject({ decision: null, ignoredRules: [expect.stringContaining('project.rules:1')] });
    await sim.close();

    const trust = await runCli(['trust'], { env: cliEnv(configDir), cwd: repo });
    expect(trust.code).toBe(0);
    expect(trust.stdout).toContain('command rules (.wsagent/rules/project.rules)');
    sim = await createSimulator({ scenario });
    const after = jsonLines((await exec(repo, configDir)).stdout);
    expect(after.filter((e) => e.type === 'error')).toEqual([]);
    expect(curlRan(after)).toBe(true);
    await sim.close();

    // A changed rules file is not what the user trusted.
    writeFileSync(join(repo, '.wsagent', 'rules', 'project.rules'), 'prefix_rule(pattern = ["curl"], decision = "allow")\nprefix_rule(pattern = ["wget"])\n');
    sim = await createSimulator({ scenario });
    const changed = jsonLines((await exec(repo, configDir)).stdout);
    expect(changed.filter((e) => e.type === 'error' && e.code === 'rules_untrusted')).toHaveLength(1);
    expect(curlRan(changed)).toBe(false);
  });

  it('a repository rule can forbid without trust', async () => {
    const repo = repoWithTests();
    mkdirSync(join(repo, '.wsagent', 'rules'), { recursive: true });
    writeFileSync(
      join(repo, '.wsagent', 'rules', 'project.rules'),
      'prefix_rule(pattern = ["git", "push"], decision = "forbidden", justification = "CI pushes")\n',
    );
    const check = await runCli(['rules', 'check', '--', 'git push origin main'], { env: cliEnv(configWithRules(null)), cwd: repo });
    expect(check.stdout).toMatch(
      /^forbidden: git push origin main\n {2}forbidden "git push" matched `git push origin main` \(.*project\.rules:1\) — CI pushes\n/,
    );
  });
});

describe('rules files that do not load', () => {
  it('a match example that does not match stops the run naming the file, line and example', async () => {
    const configDir = configWithRules(
      'prefix_rule(pattern = ["npm", "test"])\nprefix_rule(\n  pattern = ["gh", "pr", "view"],\n  match = ["gh pr list"],\n)\n',
    );
    const repo = repoWithTests();
    const result = await runCli(['exec', '--base-url', 'http://127.0.0.1:9', '-C', repo, 'Go.'], { env: cliEnv(configDir), timeoutMs: 30_000 });
    expect(result.code).toBe(3);
    const file = join(configDir, 'rules', 'default.rules');
    expect(result.stderr.trim()).toBe(`wsagent: command rules: ${file}:4: match example "gh pr list" does not match the rule's pattern "gh pr view"`);
    const check = await runCli(['rules', 'check', '--', 'ls'], { env: cliEnv(configDir), cwd: repo });
    expect(check.code).toBe(3);
    expect(check.stderr).toContain(`${file}:4: match example "gh pr list"`);
  });

  it('a settings file that is not JSON is one line and exit 3 for rules check too', async () => {
    const repo = repoWithTests();
    mkdirSync(join(repo, '.wsagent'));
    writeFileSync(join(repo, '.wsagent', 'config.json'), '{ nope');
    const check = await runCli(['rules', 'check', '--', 'ls'], { env: cliEnv(configWithRules(null)), cwd: repo });
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/^wsagent: .*config\.json: .*\n$/);
  });

  it('a syntax error names the file and line', async () => {
    const configDir = configWithRules('prefix_rule(pattern = ["ls"], decision = "maybe")\n');
    const check = await runCli(['rules', 'check', '--', 'ls'], { env: cliEnv(configDir), cwd: repoWithTests() });
    expect(check.code).toBe(3);
    expect(check.stderr.trim()).toBe(
      `wsagent: command rules: ${join(configDir, 'rules', 'default.rules')}:1: decision must be one of "allow", "prompt", "forbidden"`,
    );
  });
});

describe('wsagent rules check', () => {
  it('prints the decision and every matching rule, plain and as JSON', async () => {
    const configDir = configWithRules(USER_RULES);
    const repo = repoWithTests();
    const file = join(configDir, 'rules', 'default.rules');
    const plain = await runCli(['rules', 'check', '--', 'npm test && rm x'], { env: cliEnv(configDir), cwd: repo });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe(
      [
        'forbidden: npm test && rm x',
        `  allow     "npm test" matched \`npm test\` (${file}:2)`,
        `  forbidden "rm" matched \`rm x\` (${file}:3) — Never delete files here; ask the user to do it`,
        '  refused in every approval mode, --yolo included',
        '',
      ].join('\n'),
    );
    const json = await runCli(['rules', 'check', '--json', '--', 'npm', 'test'], { env: cliEnv(configDir), cwd: repo });
    expect(JSON.parse(json.stdout)).toEqual({
      decision: 'allow',
      matchedRules: [{ prefixRuleMatch: { matchedPrefix: ['npm', 'test'], decision: 'allow', source: `${file}:2`, command: ['npm', 'test'] } }],
      commands: [['npm', 'test']],
      uncertain: false,
      ignoredRules: [],
    });
    const none = await runCli(['rules', 'check', '--', 'npm test $(whoami)'], { env: cliEnv(configDir), cwd: repo });
    expect(none.stdout).toContain('no rule decides: npm test $(whoami)');
    expect(none.stdout).toContain('no rule can allow it');
  });
});
