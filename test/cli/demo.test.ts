// `wsagent demo` without a terminal: the real agent fixes the fixture repository against the
// in-process simulator, then the demo checks the tests itself and reports what changed. On a
// machine without bubblewrap (issue 19) it passes as well: its own throwaway repository and its
// scripted model let it run the commands unconfined, which it says in one line.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { sandboxAvailable } from '../helpers/sandboxAvailable.js';

describe('wsagent demo', () => {
  it('fixes the failing tests, says so, and shows what changed and the latency figures', async () => {
    const r = await runCli(['demo', '--plain', '--profile', 'local'], { env: { OPENAI_API_KEY: '' }, timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    // The sandbox when there is one; without, unconfined (the test below).
    expect(r.stdout).toContain(`approval: full-auto; sandbox: ${sandboxAvailable ? 'workspace-write' : 'danger-full-access'}\n`);
    expect(r.stdout).toContain('npm test in the demo repository: passes (pass 40, fail 0)');
    expect(r.stdout).toMatch(/src\/evaluator\.js\s+\|/);
    expect(r.stdout).toMatch(/src\/functions\.js\s+\|/);
    expect(r.stdout).toMatch(/18 model requests over one WebSocket \(18 incremental\)/);
    expect(r.stdout).toMatch(/time to first token: median \d+ ms/);
    expect(r.stdout).toContain('To use the real API: export OPENAI_API_KEY');
  }, 100_000);

  it('passes on a machine without bubblewrap, its commands unconfined, saying so in one line', async () => {
    const r = await runCli(['demo', '--plain', '--profile', 'local'], { env: { OPENAI_API_KEY: '', WSAGENT_BWRAP: '/nonexistent/bwrap' }, timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('approval: full-auto; sandbox: danger-full-access\n');
    const notes = r.stdout.split('\n').filter((line) => line.includes('no sandbox'));
    expect(notes).toEqual([
      'no sandbox here (/nonexistent/bwrap could not be run (ENOENT)): the demo runs its commands unconfined, in the throwaway repository it made',
    ]);
    expect(r.stdout).not.toContain('refused');
    expect(r.stdout).toContain('npm test in the demo repository: passes (pass 40, fail 0)');
  }, 100_000);
});
