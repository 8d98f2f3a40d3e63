// Issue 12.3 end to end: the spawned CLI against the simulator. The sandbox mode shows in
// session.started; the demo's repository is fixed and its tests pass inside the sandbox; where
// no sandbox can be had, a run where no one can approve commands but full-auto would run them
// stops before it starts (exit 3), and the other modes run as they did.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { noSandbox, sandboxAvailable } from '../helpers/sandboxAvailable.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

let sim: Simulator | undefined;
let configDir: string;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), 'wsagent-sandbox-cli-config-'));
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  OPENAI_API_KEY: 'sk-sandbox-test',
  WSAGENT_CONFIG_DIR: configDir,
  OPENAI_BASE_URL: '',
  WSAGENT_MODEL: '',
  WSAGENT_SANDBOX: '',
  ...extra,
});

function events(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!validate(event)) throw new Error(`line does not match the schema: ${line.slice(0, 200)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
      return event;
    });
}

const WRITE: Scenario = {
  name: 'write',
  description: 'one command that writes a file in the workspace',
  steps: [{ calls: [{ name: 'run_command', arguments: { command: 'echo made > made.txt && echo wrote it', timeout_ms: null } }] }, { message: 'Done.' }],
};

describe.skipIf(!sandboxAvailable)(`the sandbox from the command line${noSandbox}`, () => {
  it('the demo scenario fixes calc-js with every command in the workspace-write sandbox; npm test passes inside it', async () => {
    sim = await createSimulator({ scenario: 'coding' });
    const repo = copyCalcJs();
    const r = await runCli(
      [
        'exec',
        '--json',
        '--approval',
        'full-auto',
        '--base-url',
        sim.baseUrl,
        '-C',
        repo,
        'The test suite of this repo fails. Find out why, fix it, and make sure npm test passes.',
      ],
      { env: env(), timeoutMs: 90_000 },
    );
    expect(r.code).toBe(0);
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: 'session.started', sandbox: 'workspace-write' });
    expect(list.some((e) => e.type === 'error')).toBe(false);
    const runTests = list.filter((e) => e.type === 'tool.completed' && e.name === 'run_tests');
    expect(runTests.at(-1)).toMatchObject({ ok: true });
    expect(runTests.at(-1)?.output).toMatch(/# pass 40[\s\S]*# fail 0/);
    expect(list.filter((e) => e.type === 'tool.completed').every((e) => !String(e.output).includes('[sandbox]'))).toBe(true);
  });

  it('-s read-only: session.started says so and a write in the workspace is blocked, with the note', async () => {
    sim = await createSimulator({ scenario: WRITE });
    const repo = copyCalcJs();
    const r = await runCli(['exec', '--json', '-a', 'full-auto', '-s', 'read-only', '--base-url', sim.baseUrl, '-C', repo, 'Write a file.'], {
      env: env(),
      timeoutMs: 30_000,
    });
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: 'session.started', sandbox: 'read-only' });
    const done = list.find((e) => e.type === 'tool.completed');
    expect(done).toMatchObject({ ok: false });
    expect(done?.output).toContain('[sandbox] this command was blocked by the read-only sandbox');
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
  });
});

describe('no sandbox to be had (WSAGENT_BWRAP points nowhere)', () => {
  it('exec and -p in full-auto stop before the first request: one line naming both fixes, exit 3, nothing run', async () => {
    sim = await createSimulator({ scenario: WRITE });
    const repo = copyCalcJs();
    const ownConfig = mkdtempSync(join(tmpdir(), 'wsagent-sandbox-cli-none-'));
    const noBwrap = env({ WSAGENT_BWRAP: '/nonexistent/bwrap', WSAGENT_CONFIG_DIR: ownConfig });
    for (const args of [
      ['exec', '--json', '--approval', 'full-auto', 'Write a file.'],
      ['-p', 'Write a file.', '--full-auto'],
    ]) {
      const r = await runCli([...args, '--base-url', sim.baseUrl, '-C', repo], { env: noBwrap, timeoutMs: 30_000 });
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^wsagent: approval mode "full-auto" would run commands, but none can be sandboxed here: \/nonexistent\/bwrap could not be run/);
      expect(lines[0]).toContain('Install bubblewrap');
      expect(lines[0]).toContain('--sandbox danger-full-access');
    }
    expect(sim.log.entries.map((e) => e.kind)).toEqual([]); // no request, not even a warm-up
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
    expect(readdirSync(ownConfig)).toEqual([]); // no session file either
    rmSync(ownConfig, { recursive: true, force: true });
  });

  it('suggest and auto-edit still run (their commands ask anyway, so they are refused as before), without a sandbox notice', async () => {
    sim = await createSimulator({ scenario: WRITE });
    const repo = copyCalcJs();
    const r = await runCli(['exec', '--json', '--approval', 'auto-edit', '--base-url', sim.baseUrl, '-C', repo, 'Write a file.'], {
      env: env({ WSAGENT_BWRAP: '/nonexistent/bwrap' }),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: 'session.started', sandbox: 'none' });
    expect(list.filter((e) => e.code === 'sandbox_unavailable')).toEqual([]);
    const done = list.find((e) => e.type === 'tool.completed');
    expect(done).toMatchObject({ ok: false });
    expect(done?.output).toContain('run_command was not run: approval mode "auto-edit" asks before running commands');
    expect(existsSync(join(repo, 'made.txt'))).toBe(false);
  });

  it('--sandbox danger-full-access runs commands unconfined, without the notice', async () => {
    sim = await createSimulator({ scenario: WRITE });
    const repo = copyCalcJs();
    const r = await runCli(
      ['exec', '--json', '--approval', 'full-auto', '--sandbox', 'danger-full-access', '--base-url', sim.baseUrl, '-C', repo, 'Write a file.'],
      { env: env({ WSAGENT_BWRAP: '/nonexistent/bwrap' }), timeoutMs: 30_000 },
    );
    expect(r.code).toBe(0);
    const list = events(r.stdout);
    expect(list[0]).toMatchObject({ type: 'session.started', sandbox: 'danger-full-access' });
    expect(list.some((e) => e.type === 'error')).toBe(false);
    expect(list.find((e) => e.type === 'tool.completed')).toMatchObject({ ok: true, output: 'wrote it\n[exit code 0]' });
    expect(readFileSync(join(repo, 'made.txt'), 'utf8')).toBe('made\n');
  });
});
