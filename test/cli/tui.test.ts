// The interactive TUI as a person uses it: the real CLI in a tmux terminal, keys typed, the screen read.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

if (!hasTmux) console.log('skipped the tmux-driven TUI tests: tmux is not installed');

const SESSION = `wsagent-test-${process.pid}`;
let sim: Simulator | undefined;
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
});

const { keys, waitFor } = tmuxScreen(SESSION);

describe.skipIf(!hasTmux)('interactive TUI in tmux', () => {
  it('types a prompt, streams the answer, shows the status bar, answers slash commands, quits', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-config-'));
    const marker = join(config, 'exit-code');
    // CI=true on purpose: on a terminal the TUI must draw even where CI is set (Ink would not).
    const command = `CI=true OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --base-url ${sim.baseUrl}; echo $? > ${marker}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '100', '-y', '35', command]);
    await waitFor((s) => s.includes('›') && /ws ● open/.test(s), 'the prompt and an open socket');

    keys('What is the difference between debounce and throttle?', 'Enter');
    const answered = await waitFor((s) => s.includes('Debounce waits for a quiet period') && s.includes('turn 1'), 'the answer');
    expect(answered).toMatch(/ttft \d+ ms/);
    expect(answered).toMatch(/tok [\d.]+k? in/);
    expect(answered).toContain('gpt-5.2');

    keys('/model gpt-5-mini', 'Enter');
    // The status bar: the line starting with the transport, and the one after it.
    const statusBar = (s: string): string => {
      const lines = s.split('\n');
      const at = lines.findIndex((l) => l.startsWith('ws ●'));
      return at < 0 ? '' : lines.slice(at, at + 2).join('\n');
    };
    await waitFor((s) => statusBar(s).includes('gpt-5-mini'), 'the new model in the status bar');

    keys('/status', 'Enter');
    await waitFor((s) => /^Status$/m.test(s) && /^model\s+gpt-5-mini$/m.test(s) && /^connection\s+ws open/m.test(s), 'the status block');

    keys('/quit', 'Enter');
    await waitFor(() => spawnSync('cat', [marker], { encoding: 'utf8' }).stdout.trim() === '0', 'exit code 0', 10_000);
    const log = sim.log.responses();
    expect(log.filter((e) => e.generate)).toHaveLength(1);
    expect(log[0]!.generate).toBe(false); // the warm-up ran while the user typed
  }, 60_000);
});
