// The bubblewrap probe is remembered per machine (issue 22, item 8): a second start does not run
// `bwrap … true` again; a changed bwrap (its mtime) or a failed probe is probed afresh. Checked with
// a bwrap stand-in that counts its runs and hands over to the real one.
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { probeBwrap } from '../../src/tools/sandbox/index.js';
import { runCli } from '../helpers/cli.js';

const realBwrap = probeBwrap();
const dir = mkdtempSync(join(tmpdir(), 'wsagent-probe-cache-'));
let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A bwrap that logs each run to `runs`, then behaves as `then` says. */
function standIn(name: string, then: string): { path: string; runs: () => number } {
  const path = join(dir, name);
  const log = join(dir, `${name}.runs`);
  writeFileSync(path, `#!/bin/sh\necho run >> '${log}'\n${then}\n`);
  chmodSync(path, 0o755);
  return { path, runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0) };
}

async function start(bwrap: string, configDir: string): Promise<string> {
  sim ??= await createSimulator({ scenario: 'chat' });
  const env = { OPENAI_API_KEY: 'sk-probe', WSAGENT_CONFIG_DIR: configDir, WSAGENT_BWRAP: bwrap, OPENAI_BASE_URL: '', WSAGENT_MODEL: '' };
  const r = await runCli(['-p', 'hello', '--json', '--base-url', sim.baseUrl, '-C', dir], { env, timeoutMs: 30_000 });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe.skipIf(!realBwrap.ok)('the bwrap probe cache', () => {
  it('probes once per machine; a changed bwrap is probed again', async () => {
    const bwrap = standIn('bwrap-ok', `exec ${realBwrap.ok ? realBwrap.path : 'false'} "$@"`);
    const configDir = mkdtempSync(join(dir, 'config-'));
    await start(bwrap.path, configDir);
    expect(bwrap.runs()).toBe(1);
    await start(bwrap.path, configDir);
    await start(bwrap.path, configDir);
    expect(bwrap.runs()).toBe(1);
    // An upgrade (a new mtime) may change the answer: probed again, then remembered again.
    utimesSync(bwrap.path, new Date(), new Date(Date.now() + 60_000));
    await start(bwrap.path, configDir);
    await start(bwrap.path, configDir);
    expect(bwrap.runs()).toBe(2);
  });

  it('does not remember a failure', async () => {
    const broken = standIn('bwrap-broken', 'echo "bwrap: No permissions to creating new namespace" >&2; exit 1');
    const configDir = mkdtempSync(join(dir, 'config-'));
    const events = await start(broken.path, configDir);
    expect(events).toContain('"sandbox":"none"');
    await start(broken.path, configDir);
    expect(broken.runs()).toBe(2);
  });
});
