// The TUI under SIGTERM and SIGHUP: the running command's process tree is killed, the session is
// closed, the terminal is back in cooked mode, and the exit code names the signal.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { BIN, runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const SESSION = `wsagent-sig-${process.pid}`;
let sim: Simulator | undefined;
afterEach(async () => {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await sim?.close();
});

const pgrep = (pattern: string): string => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim();
const keys = (...k: string[]): void => void execFileSync('tmux', ['send-keys', '-t', SESSION, ...k]);

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never saw ${what}: ${execFileSync('tmux', ['capture-pane', '-p', '-t', SESSION], { encoding: 'utf8' })}`);
}

describe.skipIf(!hasTmux)('TUI termination signals', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    it(`${signal} during a command: process tree killed, terminal restored, exit ${code}, session resumable`, async () => {
      const seconds = `4${code}.${process.pid % 1000}`;
      sim = await createSimulator({
        scenario: {
          name: 'slow',
          description: '',
          steps: [{ calls: [{ name: 'run_command', arguments: { command: `sleep ${seconds}`, timeout_ms: null } }] }, { message: 'Back again.' }],
        },
      });
      const config = mkdtempSync(join(tmpdir(), 'wsagent-tui-sig-'));
      const repo = mkdtempSync(join(tmpdir(), 'wsagent-tui-sig-repo-'));
      const marker = join(config, 'exit-code');
      const tty = join(config, 'tty');
      const command = `cd ${repo} && OPENAI_API_KEY=sk-tui WSAGENT_CONFIG_DIR=${config} node ${BIN} --approval full-auto${sandboxFlags.map((f) => ` ${f}`).join('')} --base-url ${sim.baseUrl}; echo $? > ${marker}; stty -a > ${tty}; sleep 30`;
      execFileSync('tmux', ['new-session', '-d', '-s', SESSION, '-x', '100', '-y', '30', command]);
      await until(() => execFileSync('tmux', ['capture-pane', '-p', '-t', SESSION], { encoding: 'utf8' }).includes('›'), 'the prompt');
      keys('run the slow thing', 'Enter');
      await until(() => pgrep(`sleep ${seconds}`) !== '', 'the command running');
      const pid = pgrep(`^node ${BIN} --approval full-auto${sandboxFlags.map((f) => ` ${f}`).join('')} --base-url ${sim.baseUrl}`).split('\n')[0]!;
      process.kill(Number(pid), signal);
      await until(() => existsSync(marker) && existsSync(tty) && readFileSync(tty, 'utf8').length > 0, 'the exit code');
      expect(readFileSync(marker, 'utf8').trim()).toBe(String(code));
      expect(pgrep(`sleep ${seconds}`)).toBe('');
      // Cooked mode again: line editing and echo are back on.
      expect(readFileSync(tty, 'utf8')).toMatch(/(^|\s)icanon(\s|$)/);
      expect(readFileSync(tty, 'utf8')).toMatch(/(^|\s)echo(\s|$)/);
      const file = join(config, 'sessions', readdirSync(join(config, 'sessions'))[0]!);
      expect(readFileSync(file, 'utf8')).toContain('function_call_output');
      const resumed = await runCli(['exec', '--base-url', sim.baseUrl, '-C', repo, '--resume', 'last', 'go on'], {
        env: { OPENAI_API_KEY: 'sk-tui', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' },
      });
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain('Back again.');
    }, 60_000);
  }
});
