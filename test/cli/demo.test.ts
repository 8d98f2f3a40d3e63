// `wsagent demo` without a terminal: the real agent fixes the fixture repository against the
// in-process simulator, then the demo checks the tests itself and reports what changed.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('wsagent demo', () => {
  it('fixes the failing tests, says so, and shows what changed and the latency figures', async () => {
    const r = await runCli(['demo', '--plain', '--profile', 'local'], { env: { OPENAI_API_KEY: '' }, timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('npm test in the demo repository: passes (pass 40, fail 0)');
    expect(r.stdout).toMatch(/src\/evaluator\.js\s+\|/);
    expect(r.stdout).toMatch(/src\/functions\.js\s+\|/);
    expect(r.stdout).toMatch(/18 model requests over one WebSocket \(18 incremental\)/);
    expect(r.stdout).toMatch(/time to first token: median \d+ ms/);
    expect(r.stdout).toContain('To use the real API: export OPENAI_API_KEY');
  }, 100_000);
});
