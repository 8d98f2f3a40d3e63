// Issue 9.4: the API key and other secrets never reach the model's commands, and where one turns up
// anyway (a file a command prints, a server that echoes it) it is `[redacted]` in everything
// wsagent writes or sends: tool outputs on the wire, the JSONL stream, the session file, stderr.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Scenario, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const KEY = 'sk-test-SECRET-4f9a7c2e1b';
const GITHUB = 'ghp_testtoken_8d7e6f5a4b3c';
const KEPT = 'kept-value-1a2b3c4d5e';

let sim: Simulator | undefined;
let server: Server | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

function env(configDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: KEY, GITHUB_TOKEN: GITHUB, WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', ...extra };
}

const COMMAND = 'echo "key=[$OPENAI_API_KEY]"; echo "gh=[$GITHUB_TOKEN]"; test -n "$MY_DEPLOY_TOKEN" && echo "deploy=[$MY_DEPLOY_TOKEN]"; cat .env; env';

const LEAK: Scenario = {
  name: 'leak',
  description: 'the model tries to read the key',
  steps: [
    { calls: [{ name: 'run_command', arguments: { command: COMMAND, timeout_ms: null } }] },
    // The simulator checks what reached it: the key from .env arrives blanked, or this step does not play.
    { expect: { contains: ['key=[]', 'gh=[]', `OPENAI_API_KEY=[redacted]`] }, message: 'I could not see any key.' },
  ],
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('secrets and the model’s commands', () => {
  it('commands get no key and no secret-looking variables; a key they find anyway is [redacted] on the wire, in --json, the session file and stdout', async () => {
    sim = await createSimulator({ scenario: LEAK });
    const repo = copyCalcJs();
    writeFileSync(join(repo, '.env'), `OPENAI_API_KEY=${KEY}\n`);
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-redact-config-'));
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'Show me the API key.'], {
      env: env(configDir),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    // The expect of step 1 matched: the model got the blanked output.
    expect(sim.log.responses().flatMap((e) => (e.step === null ? [] : [e.step]))).toEqual([0, 1]); // warm-ups play no step
    const completed = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.type === 'tool.completed') as { output: string };
    expect(completed.output).toContain('key=[]\ngh=[]\n');
    expect(completed.output).toContain('OPENAI_API_KEY=[redacted]');
    expect(completed.output).not.toMatch(/^(GITHUB_TOKEN|WSAGENT_CONFIG_DIR|OPENAI_BASE_URL)=/m);
    expect(completed.output).toContain('NO_COLOR=1');
    for (const text of [r.stdout, r.stderr, ...filesUnder(configDir).map((f) => readFileSync(f, 'utf8'))]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(GITHUB);
    }
    const sessionFiles = filesUnder(join(configDir, 'sessions'));
    expect(sessionFiles).toHaveLength(1);
    expect(readFileSync(sessionFiles[0] ?? '', 'utf8')).toContain('OPENAI_API_KEY=[redacted]');
  });

  it('shellEnvironment.keep keeps a named variable for commands (its value still never shown)', async () => {
    const scenario: Scenario = {
      name: 'keep',
      description: 'a kept token',
      steps: [
        { calls: [{ name: 'run_command', arguments: { command: COMMAND, timeout_ms: null } }] },
        { expect: { contains: 'deploy=[[redacted]]' }, message: 'done' },
      ],
    };
    sim = await createSimulator({ scenario });
    const repo = copyCalcJs();
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-redact-config-'));
    const set = await runCli(['config', 'set', 'shellEnvironment.keep', '["MY_DEPLOY_TOKEN"]'], { env: env(configDir) });
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('shellEnvironment.keep = MY_DEPLOY_TOKEN\n');
    const r = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'Deploy.'], {
      env: env(configDir, { MY_DEPLOY_TOKEN: KEPT }),
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect(sim.log.responses().flatMap((e) => (e.step === null ? [] : [e.step]))).toEqual([0, 1]); // warm-ups play no step
    expect(r.stdout).toContain('deploy=[[redacted]]');
    expect(r.stdout).toContain('gh=[]');
    expect(r.stdout).not.toContain(KEPT);

    // The environment variable form, comma-separated, overrides the stored list.
    await sim.close();
    sim = await createSimulator({
      scenario: { ...scenario, steps: [...scenario.steps.slice(0, 1), { expect: { contains: 'gh=[[redacted]]' }, message: 'done' }] },
    });
    const without = await runCli(['exec', '--json', '--approval', 'full-auto', ...sandboxFlags, '--base-url', sim.baseUrl, '-C', repo, 'Deploy.'], {
      env: env(configDir, { MY_DEPLOY_TOKEN: KEPT, WSAGENT_SHELL_ENV_KEEP: 'OTHER_TOKEN,GITHUB_TOKEN' }),
      timeoutMs: 30_000,
    });
    expect(without.stdout).not.toContain('deploy=[[redacted]]'); // no longer kept: the variable is gone
    expect(without.stdout).toContain('gh=[[redacted]]');
  });

  it('a server that echoes the key in a 500 error body: stderr shows [redacted]', async () => {
    let requests = 0;
    const echoing = createServer((req, res) => {
      requests++;
      const auth = req.headers.authorization ?? '';
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `internal error while checking ${auth}`, type: 'server_error', code: null } }));
    });
    server = echoing;
    await new Promise<void>((resolve) => echoing.listen(0, '127.0.0.1', resolve));
    const port = (echoing.address() as AddressInfo).port;
    const configDir = mkdtempSync(join(tmpdir(), 'wsagent-redact-config-'));
    const r = await runCli(['-p', 'hello', '--transport', 'http', '--base-url', `http://127.0.0.1:${port}/v1`], { env: env(configDir), timeoutMs: 60_000 });
    expect(requests).toBeGreaterThan(0);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Bearer [redacted]');
    expect(r.stderr + r.stdout).not.toContain(KEY);
  });
});
