// Plan first and /init in a real terminal: the built CLI in tmux against the simulator, keys
// typed, the screen read, the request log checked for the tools each request offered.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { tmuxBwrapEnv } from '../helpers/sandboxAvailable.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven plan mode tests: tmux is not installed');

const SESSION = `wsagent-plan-${process.pid}`;
const READ_ONLY = ['list_files', 'read_file', 'search', 'view_image', 'git_status', 'git_diff', 'update_plan'];
const { keys, type: literal, waitFor, kill } = tmuxScreen(SESSION);
let sim: Simulator | undefined;
const temporary: string[] = [];
afterEach(async () => {
  kill();
  await sim?.close();
  sim = undefined;
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The status bar: the screen's last non-empty line. */
const statusBar = (screen: string): string => screen.trimEnd().split('\n').at(-1) ?? '';

async function startTui(): Promise<string> {
  sim = await createSimulator({ scenario: null });
  const repo = copyCalcJs();
  const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-plan-config-'));
  temporary.push(dirname(repo), config);
  const command = `cd ${repo} && ${tmuxBwrapEnv} OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '140', '-y', '45', command]);
  await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
  return repo;
}

const generated = () => sim!.log.responses().filter((e) => e.generate);

describe.skipIf(!hasTmux)('plan first in the TUI (tmux)', () => {
  it('/plan offers only read-only tools until "go"; an edit of the plan reaches the model with the approval; the normal tools come back as one new chain, the plan kept as the checklist', async () => {
    await startTui();
    literal('/plan make divide refuse a zero divisor in src/evaluator.js');
    keys('Enter');
    // The hint comes once the turn is over.
    const planned = await waitFor(
      (s) => s.includes('Plan · 0/4 done') && s.includes('go (or Ctrl-G) carries out the plan'),
      'the plan, its checklist and the hint',
    );
    expect(planned).toContain('Nothing has been changed');
    expect(planned).toContain('2. Make the change in src/evaluator.js');
    expect(statusBar(planned)).toContain('plan mode');
    const planRequests = generated();
    expect(planRequests.length).toBeGreaterThanOrEqual(2);
    for (const request of planRequests) expect(request.tools).toEqual(READ_ONLY);
    // The mode's first request starts a new chain: the tool list changed.
    expect(planRequests[0]!.previousResponseId).toBeNull();

    literal('/plan edit');
    keys('Enter');
    await waitFor((s) => s.includes('Editing the plan') && /› Find the code involved/.test(s), 'the plan in the prompt');
    keys('C-j');
    literal('Mention it in CHANGELOG.md');
    keys('Enter');
    await waitFor((s) => s.includes('☐ Mention it in CHANGELOG.md') && s.includes('Plan · 0/5 done'), 'the edited checklist');
    expect(generated().length).toBe(planRequests.length); // an edit is not a request

    literal('go');
    keys('Enter');
    const after = await waitFor((s) => s.includes('That is all this simulated model does'), 'the answer after approval');
    expect(statusBar(after)).not.toContain('plan mode');
    expect(after).toContain('☐ Mention it in CHANGELOG.md'); // the checklist stays
    const approved = generated().slice(planRequests.length);
    expect(approved.length).toBeGreaterThanOrEqual(1);
    for (const request of approved) expect(request.tools).toEqual(expect.arrayContaining(['apply_patch', 'run_command', 'run_tests']));
    expect(approved[0]!.previousResponseId).toBeNull();
    const sent = approved[0]!.userTexts?.at(-1) ?? '';
    expect(sent).toMatch(/^The user approved the plan/);
    expect(sent).toContain('1. Find the code involved in: make divide refuse a zero divisor in src/evaluator.js');
    expect(sent).toContain('5. Mention it in CHANGELOG.md');
    expect(approved[0]!.instructions).not.toMatch(/plan mode/i);
  }, 90_000);

  it('/init proposes AGENTS.md read-only, shows the diff and writes it only on y', async () => {
    const repo = await startTui();
    const before = readFileSync(join(repo, 'AGENTS.md'), 'utf8');
    literal('/init');
    keys('Enter');
    const card = await waitFor((s) => s.includes('replace AGENTS.md') && s.includes('y yes · n no'), 'the question with the diff');
    expect(card).toMatch(/\+## Build and test/);
    expect(card).toMatch(/\+- `npm run test`: runs `node --test`/);
    expect(readFileSync(join(repo, 'AGENTS.md'), 'utf8')).toBe(before); // nothing written before the answer
    for (const request of generated()) expect(request.tools).toEqual(READ_ONLY);
    keys('y');
    await waitFor((s) => /replaced AGENTS\.md \(\d+ lines\)/.test(s), 'the file written');
    const written = readFileSync(join(repo, 'AGENTS.md'), 'utf8');
    expect(written).toMatch(/^# AGENTS\.md\n/);
    expect(written).toContain('- `npm run test`: runs `node --test`');
  }, 60_000);
});
