// One-shot and exec as scripts use them: the built CLI spawned against the simulator, asserting
// stdout, stderr, exit codes, the files changed, and every JSONL line against the documented schema.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { runCli } from '../helpers/cli.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { sandboxFlags } from '../helpers/sandboxAvailable.js';

const schema = JSON.parse(readFileSync(new URL('../../docs/json-events.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

let sim: Simulator | undefined;
let configDir: string;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});
beforeAll(() => {
  configDir = mkdtempSync(join(tmpdir(), 'wsagent-cli-config-'));
});

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { OPENAI_API_KEY: 'sk-cli-test', WSAGENT_CONFIG_DIR: configDir, OPENAI_BASE_URL: '', WSAGENT_MODEL: '', ...extra };
}

function jsonLines(stdout: string): Array<Record<string, unknown>> {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>;
      if (!validate(event))
        throw new Error(`line does not match docs/json-events.schema.json: ${line.slice(0, 200)}\n${JSON.stringify(validate.errors?.slice(0, 3))}`);
      return event;
    });
}

describe('wsagent exec', () => {
  it('--json: fixes the repository with full-auto, every line valid, exit 0', async () => {
    sim = await createSimulator({ scenario: 'coding' });
    const repo = copyCalcJs();
    const last = join(repo, '..', 'last.md');
    const r = await runCli(
      [
        'exec',
        '--json',
        '--approval',
        'full-auto',
        ...sandboxFlags,
        '--base-url',
        sim.baseUrl,
        '-C',
        repo,
        '--output-last-message',
        last,
        'The test suite of this repo fails. Find out why, fix it, and make sure npm test passes.',
      ],
      { env: env(), timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('session.started');
    expect(types.at(-1)).toBe('session.completed');
    expect(events.at(-1)).toMatchObject({ status: 'completed', stats: { turns: 1, toolCalls: 28 } });
    const completedTools = events.filter((e) => e.type === 'tool.completed');
    expect(completedTools).toHaveLength(28);
    expect(events.filter((e) => e.type === 'tool.requested')).toHaveLength(28);
    // The repository really is fixed.
    const test = spawnSync('npm', ['test'], { cwd: repo, encoding: 'utf8' });
    expect(test.status).toBe(0);
    expect(readFileSync(last, 'utf8')).toContain('All 40 tests pass');
    expect(JSON.stringify(events)).not.toContain('sk-cli-test');
    // 28 real tool calls, several `npm test` runs among them: give a loaded 2-core machine room.
  }, 90_000);

  it('refuses edits and commands by default, visibly, and leaves the files alone', async () => {
    sim = await createSimulator({ scenario: 'short' });
    const repo = copyCalcJs();
    const before = readFileSync(join(repo, 'src', 'evaluator.js'), 'utf8');
    const r = await runCli(
      ['exec', '--base-url', sim.baseUrl, '-C', repo, 'npm test fails with Unknown variable "discount" although the test passes discount: 0. Please fix that.'],
      { env: env(), timeoutMs: 30_000 },
    );
    expect(r.stderr).toContain('apply_patch was not run: approval mode "suggest"');
    expect(r.stderr).toContain('--approval auto-edit');
    expect(readFileSync(join(repo, 'src', 'evaluator.js'), 'utf8')).toBe(before);
    // The scripted model expected the edit to have happened and says so: the task did not complete as scripted.
    expect([0, 1]).toContain(r.code);
  });

  it('runs several prompts from a script as follow-up turns on one socket', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const script = join(mkdtempSync(join(tmpdir(), 'wsagent-script-')), 'prompts.txt');
    writeFileSync(
      script,
      'What is the difference between debounce and throttle?\n---\nCan you show me a small debounce in TypeScript?\n---\nThanks! Which one should I use for a search box?\n',
    );
    const r = await runCli(['exec', '--json', '--script', script, '--base-url', sim.baseUrl], { env: env(), timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.filter((e) => e.type === 'turn.completed').map((e) => e.status)).toEqual(['completed', 'completed', 'completed']);
    const log = sim.log.responses();
    expect(new Set(log.map((e) => e.connectionId))).toEqual(new Set([1]));
    expect(log.slice(1).every((e) => e.inputMode === 'incremental')).toBe(true);
    expect(log.at(-1)!.step).toBe(2);
  });

  it('reads prompts from stdin with -', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const r = await runCli(['exec', '-', '--base-url', sim.baseUrl], {
      env: env(),
      input: 'What is the difference between debounce and throttle?\n',
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Debounce');
  });
});

describe('sessions and --resume', () => {
  it('a later run continues the last session on a new chain', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const own = { ...env(), WSAGENT_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'wsagent-resume-')) };
    const first = await runCli(['exec', 'What is the difference between debounce and throttle?', '--base-url', sim.baseUrl], { env: own, timeoutMs: 30_000 });
    expect(first.code).toBe(0);
    const listed = await runCli(['sessions'], { env: own });
    expect(listed.stdout).toContain('What is the difference between debounce and throttle?');
    const second = await runCli(['exec', '--resume', 'last', 'Can you show me a small debounce in TypeScript?', '--base-url', sim.baseUrl], {
      env: own,
      timeoutMs: 30_000,
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('debounce<A extends unknown[]>');
    const log = sim.log.responses();
    // The resumed session's new connection: a warm-up carrying the whole earlier conversation.
    const resumed = log.filter((e) => e.connectionId === 2);
    expect(resumed.map((e) => [e.generate, e.inputMode])).toEqual([
      [false, 'full'],
      [true, 'incremental'],
    ]);
    expect(resumed[0]!.inputItems).toBeGreaterThanOrEqual(3);
    expect(resumed[1]!.step).toBe(1);
  });
});

describe('wsagent -p (one-shot)', () => {
  it('streams the answer to stdout and progress to stderr', async () => {
    sim = await createSimulator({ scenario: 'chat' });
    const r = await runCli(['-p', 'What is the difference between debounce and throttle?', '--base-url', sim.baseUrl], { env: env(), timeoutMs: 30_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Debounce** waits for a quiet period');
    expect(r.stdout).not.toContain('session.started');
  });

  it('a missing key is exit 3 with one line saying how to set it', async () => {
    const r = await runCli(['-p', 'hi'], { env: { ...env(), OPENAI_API_KEY: '' } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('OPENAI_API_KEY');
    expect(r.stderr).toContain('wsagent config set apiKey');
  });

  it('a rejected key is exit 3', async () => {
    sim = await createSimulator({ scenario: 'chat', apiKey: 'sk-the-right-one' });
    const r = await runCli(['-p', 'hi', '--base-url', sim.baseUrl], { env: env(), timeoutMs: 30_000 });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/rejected the credentials/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unreachable server is exit 4 with a clear message', async () => {
    const r = await runCli(['-p', 'hi', '--base-url', 'http://127.0.0.1:9/v1', '--transport', 'ws'], { env: env(), timeoutMs: 60_000 });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/could not connect/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('bad flags are exit 2 with one clear line', async () => {
    for (const [args, message] of [
      [['-p', 'x', '--transport', 'carrier-pigeon'], /argument 'carrier-pigeon' is invalid/],
      [['-p', 'x', '--approval', 'yolo'], /argument 'yolo' is invalid/],
      [['-p', 'x', '--max-turns', 'many'], /maxTurns must be a whole number/],
      [['-p', 'x', '-C', '/no/such/dir'], /no such directory/],
      [['-p', 'x', '--base-url', 'not a url'], /must be a URL/],
      [['exec'], /exec needs at least one prompt/],
      [['--frobnicate'], /unknown option '--frobnicate'/],
    ] as const) {
      const r = await runCli([...args], { env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
