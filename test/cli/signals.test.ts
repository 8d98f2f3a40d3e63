// SIGTERM, SIGHUP and SIGINT end wsagent cleanly: the turn is cancelled, the running command and
// its shell are killed (no orphan left for PID 1), the session file is complete, and the exit code
// says which signal it was. `--resume last` then continues.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { spawnWatched } from '../helpers/killableCli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const sims: Simulator[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
});

const pgrep = (pattern: string): string => spawnSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).stdout.trim();

const EXPECTED = { SIGTERM: 143, SIGHUP: 129, SIGINT: 130 } as const;

describe('termination signals (exec)', () => {
  for (const [signal, code] of Object.entries(EXPECTED) as Array<[keyof typeof EXPECTED, number]>) {
    it(`${signal}: kills the command's process tree, exits ${code}, and the session resumes`, async () => {
      // A number unique to this test, so pgrep sees only its own processes.
      const seconds = `3${code}.${process.pid % 1000}`;
      const scenario: Scenario = {
        name: 'slow',
        description: 'a command that runs for half a minute, then an answer',
        steps: [
          { calls: [{ name: 'run_command', arguments: { command: `sleep ${seconds} && echo finished`, timeout_ms: null } }] },
          { message: 'Picked up after the signal.' },
        ],
      };
      const sim = await createSimulator({ scenario });
      sims.push(sim);
      const configDir = mkdtempSync(join(tmpdir(), 'wsagent-signal-config-'));
      const repo = mkdtempSync(join(tmpdir(), 'wsagent-signal-repo-'));
      writeFileSync(join(repo, 'README.md'), 'signals\n');
      const env = { OPENAI_API_KEY: 'sk-signal-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
      const common = ['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo];
      const cli = spawnWatched([...common, 'run the slow command'], { env });
      await cli.waitFor((e) => e.type === 'tool.started');
      for (let i = 0; i < 200 && !pgrep(`sleep ${seconds}`); i++) await new Promise((r) => setTimeout(r, 20));
      expect(pgrep(`sleep ${seconds}`)).not.toBe('');
      cli.child.kill(signal);
      const exited = await cli.exited;
      expect(exited).toEqual({ code, signal: null });
      expect(pgrep(`sleep ${seconds}`)).toBe('');
      // The last lines were written: the call has its (cancelled) output, the run its last event.
      expect(cli.events.at(-1)).toMatchObject({ type: 'session.completed', status: 'cancelled' });
      const file = join(configDir, 'sessions', readdirSync(join(configDir, 'sessions'))[0]!);
      expect(readFileSync(file, 'utf8')).toMatch(/"function_call_output".*cancelled this call/);

      const resumed = await runCli([...common, '--resume', 'last', 'go on'], { env, timeoutMs: 30_000 });
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      expect(resumed.stdout).toContain('Picked up after the signal.');
    }, 60_000);
  }
});
