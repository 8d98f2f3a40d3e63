// The approval card's "always allow commands starting with `npm test`": the prefix is shown before
// it is saved, `p` appends an allow rule to <config dir>/rules/default.rules, and the next session
// runs a command with that prefix without asking (suggest mode both times).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { sandboxFlags, tmuxBwrapEnv as bwrapEnv } from '../helpers/sandboxAvailable.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-allow-prefix-${process.pid}`;
let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  sim = undefined;
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor, screen } = tmuxScreen(SESSION, 30_000);

function startTui(repo: string, config: string, marker: string): void {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  const flags = sandboxFlags.join(' ');
  const command = `cd ${repo} && ${bwrapEnv} OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --approval suggest ${flags} --base-url ${sim!.baseUrl}; echo $? > ${marker}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '140', '-y', '40', command]);
}

describe.skipIf(!hasTmux)(`always allow a command prefix from the TUI${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('saves a prefix_rule that the next session honours', async () => {
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-prefix-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-prefix-repo-'));
    cleanup.push(config, repo);
    git(repo, ['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'r', version: '1.0.0', scripts: { test: 'echo ran >> ran.txt' } }));
    const runs = (): number => (existsSync(join(repo, 'ran.txt')) ? readFileSync(join(repo, 'ran.txt'), 'utf8').split('\n').filter(Boolean).length : 0);

    sim = await createSimulator({
      scenario: {
        name: 'first',
        description: '',
        steps: [{ calls: [{ name: 'run_command', arguments: { command: 'npm test -- --reporter=dot', timeout_ms: null } }] }, { message: 'First done.' }],
      },
    });
    const first = join(config, 'exit-1');
    startTui(repo, config, first);
    await waitFor((s) => s.includes('›'), 'the prompt');
    keys('run the tests', 'Enter');
    await waitFor((s) => s.includes('always allow commands starting with `npm test`'), 'the card offering the prefix');
    expect(runs()).toBe(0);
    keys('p');
    await waitFor((s) => s.includes('First done.'), 'the first answer');
    expect(runs()).toBe(1);
    const rules = readFileSync(join(config, 'rules', 'default.rules'), 'utf8');
    expect(rules).toBe('prefix_rule(pattern = ["npm", "test"], decision = "allow")\n');
    keys('/quit', 'Enter');
    await waitFor(() => existsSync(first), 'the first session to exit', 10_000);
    await sim.close();

    sim = await createSimulator({
      scenario: {
        name: 'second',
        description: '',
        steps: [{ calls: [{ name: 'run_command', arguments: { command: 'npm test', timeout_ms: null } }] }, { message: 'Second done.' }],
      },
    });
    const second = join(config, 'exit-2');
    startTui(repo, config, second);
    await waitFor((s) => s.includes('›'), 'the prompt of the next session');
    keys('run them again', 'Enter');
    const done = await waitFor((s) => s.includes('Second done.'), 'the second answer, with no approval asked');
    expect(done).not.toContain('Allow?');
    expect(screen()).not.toContain('Allow?');
    expect(runs()).toBe(2);
    keys('/quit', 'Enter');
    await waitFor(() => existsSync(second) && readFileSync(second, 'utf8').trim() === '0', 'exit code 0', 10_000);
  }, 120_000);
});
