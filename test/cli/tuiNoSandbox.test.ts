// Issue 19: without a sandbox the TUI does not stop as exec does (someone is there to answer): it
// says so once, and every command asks first, even in full-auto, each time.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN } from '../helpers/cli.js';
import { hasTmux, tmuxScreen } from '../helpers/tmux.js';

const SESSION = `wsagent-nosandbox-${process.pid}`;
let sim: Simulator | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
  for (const dir of cleanup.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const { keys, waitFor } = tmuxScreen(SESSION);
const count = (text: string, part: string): number => text.split(part).length - 1;

describe.skipIf(!hasTmux)(`the TUI without a sandbox${hasTmux ? '' : ' (skipped: tmux is not installed)'}`, () => {
  it('says so once, and each command asks first although the mode is full-auto', async () => {
    sim = await createSimulator({
      scenario: {
        name: 'two-commands',
        description: '',
        steps: [
          { calls: [{ name: 'run_command', arguments: { command: 'echo first > one.txt', timeout_ms: null } }] },
          { calls: [{ name: 'run_command', arguments: { command: 'echo second > two.txt', timeout_ms: null } }] },
          { message: 'Both ran.' },
        ],
      },
    });
    const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-nosandbox-'));
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-nosandbox-repo-'));
    cleanup.push(config, repo);
    writeFileSync(join(repo, 'README.md'), 'x\n');
    const marker = join(config, 'exit-code');
    const command = `cd ${repo} && WSAGENT_BWRAP=/nonexistent OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --approval full-auto --base-url ${sim.baseUrl}; echo $? > ${marker}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '120', '-y', '40', command]);
    await waitFor((s) => s.includes('›') && s.includes('no sandbox for commands'), 'the prompt and the notice');

    keys('run both', 'Enter');
    await waitFor((s) => s.includes('echo first') && s.includes('would run unconfined'), 'the first approval prompt, with the reason');
    expect(existsSync(join(repo, 'one.txt'))).toBe(false);
    keys('y');
    await waitFor((s) => s.includes('echo second') && existsSync(join(repo, 'one.txt')), 'the second command asking');
    expect(existsSync(join(repo, 'two.txt'))).toBe(false); // it waits for its own answer
    keys('y');
    const done = await waitFor((s) => s.includes('Both ran.'), 'the answer');
    expect(readFileSync(join(repo, 'two.txt'), 'utf8')).toBe('second\n');
    expect(count(done, 'no sandbox for commands')).toBe(1);
    keys('/quit', 'Enter');
    await waitFor(() => existsSync(marker) && readFileSync(marker, 'utf8').trim() === '0', 'exit code 0', 10_000);
  }, 60_000);
});
