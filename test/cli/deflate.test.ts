// permessage-deflate (protocol.md §1: accept it if offered, don't require it), checked on the real
// CLI: negotiated whenever the server offers it, and a server that does not offer it serves the
// session just the same. The simulator logs what each connection negotiated.
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

async function chat(perMessageDeflate: boolean): Promise<{ code: number | null; stdout: string; deflate: Array<boolean | undefined> }> {
  sim = await createSimulator({ scenario: 'chat', perMessageDeflate });
  const env = { OPENAI_API_KEY: 'sk-deflate', WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-deflate-')), OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  const r = await runCli(['exec', '--transport', 'ws', '--base-url', sim.baseUrl, '-C', tmpdir(), 'hello'], { env, timeoutMs: 30_000 });
  return { code: r.code, stdout: r.stdout, deflate: sim.log.responses().map((e) => e.deflate) };
}

describe('permessage-deflate', () => {
  it('is negotiated when the server offers it', async () => {
    const r = await chat(true);
    expect(r.code).toBe(0);
    expect(r.deflate.length).toBeGreaterThan(0);
    expect(r.deflate.every((d) => d === true)).toBe(true);
  });

  it('is not required: a server that does not offer it serves the session', async () => {
    const r = await chat(false);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).not.toBe('');
    expect(r.deflate.length).toBeGreaterThan(0);
    expect(r.deflate.every((d) => d === false)).toBe(true);
  });
});
