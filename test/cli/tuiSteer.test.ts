// Talking to a running turn in the real TUI (tmux): Enter steers, Tab queues for the next turn,
// ↑ on an empty prompt pulls the queued message back, Esc interrupts and sends what is held.
// What the model saw is read from the simulator's request log and its quoting answers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const SESSION = `wsagent-steer-${process.pid}`;
const HEARD = 'Heard: {{latest_user_message}} (seen {{latest_user_message_count}} time)';
const SCENARIO: Scenario = {
  name: 'tui-steer',
  description: 'a long message (steered), a quoting answer, a slow command (interrupted), a quoting answer',
  steps: [
    { message: `${'Reading the project one part after another to find where the change belongs. '.repeat(24)}Done.` },
    { message: HEARD },
    { calls: [{ name: 'run_command', arguments: { command: 'sleep 20', timeout_ms: null } }] },
    { message: HEARD },
  ],
};

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION, 30_000);

describe.skipIf(!hasTmux)('steering in the TUI', () => {
  it('Enter steers (native), Tab queues, ↑ pulls back, Esc interrupts and sends the held steer', async () => {
    sim = await createSimulator({ scenario: SCENARIO, profile: 'local,tokens_per_second=40' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-steer-config-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-steer-repo-'));
    dirs.push(config, repo);
    writeFileSync(join(repo, 'README.md'), 'steer\n');
    const command = `OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl} --model gpt-6-astra --approval full-auto${sandboxFlags.map((f) => ` ${f}`).join('')} -C ${repo}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');

    keys('Look through the project.', 'Enter');
    await waitFor((s) => s.includes('Reading the project'), 'the long answer streaming');
    // Tab: a message for the next turn; ↑ on the empty prompt brings it back; Tab queues it again.
    keys('Then list the files.', 'Tab');
    await waitFor((s) => /next {2}Then list the files\. · queued/.test(s), 'the queued message');
    keys('Up');
    await waitFor((s) => /› Then list the files\./.test(s) && !/Then list the files\. · queued/.test(s), 'the queued message back in the prompt');
    keys(' Briefly.', 'Tab');
    await waitFor((s) => /Then list the files\. Briefly\. · queued/.test(s), 'the edited message queued again');
    // Enter while the answer streams: a native steer.
    keys('Keep it to one file.', 'Enter');
    await waitFor((s) => /Keep it to one file\. · (steering…|applied)/.test(s), 'the steer listed');

    // The steer reached the model once (the successor quotes it); then the queued message is turn 2.
    await waitFor((s) => s.includes('Heard: Keep it to one file. (seen 1 time)'), 'the model quoting the steer');
    await waitFor((s) => s.includes('sleep 20'), 'turn 2 (the queued message) running its command');
    expect(sim.log.entries.filter((e) => e.kind === 'steer_committed').map((e) => e.steer?.via)).toEqual(['successor']);
    const turn2 = sim.log.responses().filter((r) => r.generate)[1]!;
    expect(turn2.userTexts).toContain('Then list the files. Briefly.');

    // While the command runs there is nothing to steer natively: the steer is held (status bar count).
    keys('Use the other file.', 'Enter');
    await waitFor((s) => /Use the other file\. · sent with the next request/.test(s) && /steers 1/.test(s), 'the held steer and its count');
    keys('Escape');
    // Esc cancelled the turn and sent the held steer at once, as the next request.
    await waitFor((s) => s.includes('Heard: Use the other file. (seen 1 time)'), 'the model quoting the held steer');
    const last = sim.log
      .responses()
      .filter((r) => r.generate)
      .at(-1)!;
    expect((last.userTexts ?? []).filter((t) => t === 'Use the other file.')).toHaveLength(1);
  }, 90_000);
});
