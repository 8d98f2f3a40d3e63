// What undo cannot bring back is said before the change (issue 20, point 3): a command in a
// repository with an untracked file over undoMaxUntrackedMb gets an `undo_limited` notice naming
// it — a JSON event, a `warning:` line in plain text — and the file stays out of .git.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

let sim: Simulator | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SCENARIO: Scenario = {
  name: 'one-command',
  description: 'a command, then an answer',
  steps: [{ calls: [{ name: 'run_command', arguments: { command: 'echo made > made.txt', timeout_ms: null } }] }, { message: 'Made it.' }],
};

describe('undo_limited', () => {
  it('names the big untracked file a command snapshot leaves out, once, and keeps it out of .git', async () => {
    sim = await createSimulator({ scenario: SCENARIO });
    const repo = mkdtempSync(join(tmpdir(), 'wsagent-undo-notice-repo-'));
    const config = mkdtempSync(join(tmpdir(), 'wsagent-undo-notice-config-'));
    dirs.push(repo, config);
    writeFileSync(join(repo, 'README.md'), 'x\n');
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo });
    execFileSync('git', ['add', '-A'], { cwd: repo });
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'initial'], { cwd: repo });
    writeFileSync(join(repo, 'data.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
    const env = { OPENAI_API_KEY: 'sk-notice', WSAGENT_CONFIG_DIR: config, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', WSAGENT_UNDO_MAX_UNTRACKED_MB: '2' };
    const notice =
      'data.bin (3.0 MB, untracked) is not in the undo snapshot: it is over the 2.0 MB limit (setting undoMaxUntrackedMb); undo cannot bring it back if this turn changes it';

    const json = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'make it'], {
      env,
      timeoutMs: 30_000,
    });
    expect(json.code).toBe(0);
    const events = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.filter((e) => e.code === 'undo_limited')).toEqual([expect.objectContaining({ type: 'error', fatal: false, message: notice })]);
    const blob = execFileSync('git', ['hash-object', 'data.bin'], { cwd: repo, encoding: 'utf8' }).trim();
    expect(() => execFileSync('git', ['cat-file', '-e', blob], { cwd: repo, stdio: 'ignore' })).toThrow();

    await sim.close();
    sim = await createSimulator({ scenario: SCENARIO });
    const plain = await runCli(['exec', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'make it'], {
      env,
      timeoutMs: 30_000,
    });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain(`warning: ${notice}\n`);
  }, 60_000);
});
