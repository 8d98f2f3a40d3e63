// /review in the real TUI: a repository with a planted bug; typing /review shows the findings block
// with the priority, the file and the line, and the simulator saw the review's requests beside the
// session's own socket. /review with a bad branch is one line, and the TUI stays up. The findings go
// to the conversation's model with the next prompt.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { git } from '../helpers/fixtureRepo.js';
import { hasTmux, tuiTestSession } from '../helpers/tmux.js';

let sim: Simulator | undefined;
const closeSimulator = async (): Promise<void> => {
  await sim?.close();
  sim = undefined;
};
const { session: SESSION, dirs, keys, waitFor, type: literal } = tuiTestSession('wsagent-review', { timeoutMs: 30_000, cleanup: closeSimulator });

describe.skipIf(!hasTmux)('/review in the TUI', () => {
  it('lists the findings of the uncommitted changes; a bad branch is a one-line notice', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-review-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-review-config-'));
    dirs.push(repo, config);
    const sum = 'export function sum(xs) {\n  let total = 0;\n  for (let i = 0; i < xs.length; i++) total += xs[i];\n  return total;\n}\n';
    writeFileSync(join(repo, 'sum.js'), sum);
    git(repo, ['init', '-q', '-b', 'main']);
    git(repo, ['add', '-A']);
    git(repo, ['commit', '-q', '-m', 'initial']);
    writeFileSync(join(repo, 'sum.js'), sum.replace('i < xs.length', 'i <= xs.length'));
    const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    await waitFor((s) => /ws ● open/.test(s), 'the prompt and an open socket');
    literal('/review');
    keys('Enter');
    const screen = await waitFor((s) => s.includes('patch is incorrect'), 'the review block');
    expect(screen).toContain('Review of the uncommitted changes');
    expect(screen).toMatch(/P1 sum\.js:3 {2}Off-by-one/);
    const reviewRequests = sim.log.responses().filter((e) => e.generate && e.status === 'completed');
    expect(reviewRequests.length).toBeGreaterThanOrEqual(2); // read the file, then the findings

    literal('/review --base nowhere');
    keys('Enter');
    const refused = await waitFor((s) => s.includes('--base nowhere: no such branch'), 'the bad-branch notice');
    expect(refused).toMatch(/✗ --base nowhere: no such branch or commit in this repository/);
    // Still up: the prompt takes a command.
    literal('/status');
    keys('Enter');
    await waitFor((s) => s.includes('Status'), 'the status block after the refusal');

    // The findings ride to the conversation's model with the next prompt, once.
    literal('fix the P1 finding');
    keys('Enter');
    await waitFor((s) => s.includes('Both limit how often'), "the conversation's answer");
    const turn = sim.log.responses().filter((e) => (e.userTexts ?? []).includes('fix the P1 finding'));
    expect(turn).toHaveLength(1);
    const context = turn[0]!.userTexts!.filter((t) => t.startsWith('I ran /review'));
    expect(context).toHaveLength(1);
    expect(context[0]).toMatch(/P1 sum\.js:3 {2}Off-by-one/);
  });
});
