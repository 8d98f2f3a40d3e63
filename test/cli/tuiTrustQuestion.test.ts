// The TUI asks once whether to trust a repository that brings allow rules (or MCP servers, hooks):
// y trusts it as `wsagent trust` would, so its rule counts in this very session; n leaves the rule
// ignored and is not asked again while the repository stays as it is.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { sandboxFlags, tmuxBwrapEnv as bwrapEnv } from '../helpers/sandboxAvailable.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-trust-question-${process.pid}`;
let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION, 30_000);
const QUESTION = 'This repository brings command rules allowing `npm test`';

function setup(): { repo: string; config: string; runs: () => number } {
  const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-trust-'));
  const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-trust-repo-'));
  cleanup.push(config, repo);
  git(repo, ['init', '-q', '-b', 'main']);
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'r', version: '1.0.0', scripts: { test: 'echo ran >> ran.txt' } }));
  mkdirSync(join(repo, '.wsagent', 'rules'), { recursive: true });
  writeFileSync(join(repo, '.wsagent', 'rules', 'project.rules'), 'prefix_rule(pattern = ["npm", "test"], decision = "allow")\n');
  const runs = (): number => (existsSync(join(repo, 'ran.txt')) ? readFileSync(join(repo, 'ran.txt'), 'utf8').split('\n').filter(Boolean).length : 0);
  return { repo, config, runs };
}

async function startTui(repo: string, config: string, marker: string): Promise<void> {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  sim = await createSimulator({
    scenario: {
      name: 'npm-test',
      description: '',
      steps: [{ calls: [{ name: 'run_command', arguments: { command: 'npm test', timeout_ms: null } }] }, { message: 'Tests done.' }],
    },
  });
  const command = `cd ${repo} && ${bwrapEnv} OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --approval suggest ${sandboxFlags.join(' ')} --base-url ${sim.baseUrl}; echo $? > ${marker}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '160', '-y', '45', command]);
}

async function quit(marker: string): Promise<void> {
  keys('/quit', 'Enter');
  await waitFor(() => existsSync(marker), 'the session to exit', 10_000);
  await sim?.close();
  sim = undefined;
}

describe.skipIf(!hasTmux)(`the TUI's trust question${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('y trusts the repository, and its allow rule counts in this session', async () => {
    const { repo, config, runs } = setup();
    await startTui(repo, config, join(config, 'exit-1'));
    const card = await waitFor((s) => s.includes(QUESTION), 'the trust question');
    expect(card).toContain('y yes · n no');
    expect(card).not.toContain('always allow');
    keys('y');
    await waitFor((s) => s.includes('trusted ') && s.includes('as it is now'), 'the answer recorded');
    keys('run the tests', 'Enter');
    const done = await waitFor((s) => s.includes('Tests done.'), 'the answer');
    expect(done).not.toContain('Allow? ');
    expect(runs()).toBe(1);
    const settings = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as { trustedRepositories: Array<{ path: string }> };
    expect(settings.trustedRepositories).toHaveLength(1);
    await quit(join(config, 'exit-1'));
  }, 90_000);

  it('n leaves the rule ignored and is not asked again while the repository is unchanged', async () => {
    const { repo, config, runs } = setup();
    await startTui(repo, config, join(config, 'exit-1'));
    await waitFor((s) => s.includes(QUESTION), 'the trust question');
    keys('n');
    keys('Enter'); // no reason
    await waitFor((s) => s.includes('not trusted: what it brings is ignored'), 'the refusal recorded');
    await waitFor((s) => s.includes('allow rules "npm test"') && s.includes('are ignored'), 'the ignored rule reported');
    keys('run the tests', 'Enter');
    await waitFor((s) => s.includes('Allow? '), 'the approval mode asking for npm test');
    expect(runs()).toBe(0);
    keys('n');
    keys('Enter');
    await waitFor((s) => s.includes('Tests done.'), 'the answer');
    await quit(join(config, 'exit-1'));

    await startTui(repo, config, join(config, 'exit-2'));
    await waitFor((s) => s.includes('are ignored') && s.includes('›'), 'the next session, reporting the ignored rule');
    keys('run the tests', 'Enter');
    const asked = await waitFor((s) => s.includes('Allow? '), 'the approval mode asking again');
    expect(asked).not.toContain(QUESTION);
    keys('n');
    keys('Enter');
    await waitFor((s) => s.includes('Tests done.'), 'the answer');
    expect(runs()).toBe(0);
    await quit(join(config, 'exit-2'));
  }, 120_000);
});
