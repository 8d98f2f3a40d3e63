// A model the server does not serve (the simulator's model_not_found, issue 22) is a setting to
// change: `exec` says so in one line and exits 3 (config), over both transports, without retrying.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe.each(['ws', 'http'] as const)('an unknown model over %s', (transport) => {
  it('exits 3 with one line naming the model and how to choose another', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const env = { OPENAI_API_KEY: 'sk-model', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-model-')), OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
    const r = await runCli(['exec', '--transport', transport, '-m', 'gpt-nope', '--base-url', sim.baseUrl, '-C', tmpdir(), 'hello'], {
      env,
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('The model `gpt-nope` does not exist');
    expect(lines[0]).toContain('--model');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The turn's request is refused once and not retried: a setting, not a passing fault (the
    // socket's warm-up, if any, is refused the same way before it).
    expect(sim.log.responses().filter((e) => e.generate && e.errorCode === 'model_not_found')).toHaveLength(1);
  });
});
