// Issue 25.3: action.yml's steps run as a GitHub runner runs them (test/helpers/actionRunner.ts)
// against the simulator, from a checkout of this repository as the runner would fetch it: the
// install builds wsagent there, `wsagent exec` runs in a user's repository, and the outputs come
// back through GITHUB_OUTPUT. The simulator requires the key, so the runs prove it reached
// wsagent; the key is masked and appears in no output, log line or output file.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator } from '../../src/simulator/index.js';
import { type ActionRun, readAction, runAction } from '../helpers/actionRunner.js';
import { copyCalcJs } from '../helpers/fixtureRepo.js';
import { sandboxSetting } from '../helpers/sandboxAvailable.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KEY = 'sk-action-SECRET-91b3e07d5a';

let sim: Simulator;
let checkout: string;
let workspace: string;
const dirs: string[] = [];

/** What the action uses of this repository: the files it builds and runs from. */
const ACTION_FILES = /^(action\.yml|package(-lock)?\.json|tsconfig\.json|bin\/.*|scripts\/.*|src\/.*)$/;

/**
 * This repository as the runner fetches the action (its files as git has them, no dist/), with
 * the dependencies `npm ci` would install linked in.
 */
function actionCheckout(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'wsagent-action-checkout-')), 'wsagent');
  dirs.push(dirname(dir));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const file of files) {
    if (!ACTION_FILES.test(file) || !existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    cpSync(join(ROOT, file), join(dir, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Every place the key could leak: each step's stdout (the mask command aside), stderr and GITHUB_OUTPUT. */
function expectKeyNowhere(run: ActionRun): void {
  for (const step of run.steps) {
    const logged = step.stdout
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    expect(logged, step.name).not.toContain(KEY);
    expect(step.stderr, step.name).not.toContain(KEY);
    expect(step.outputFile, step.name).not.toContain(KEY);
  }
  expect(JSON.stringify(run.outputs)).not.toContain(KEY);
}

beforeAll(async () => {
  sim = await createSimulator({ scenario: null, apiKey: KEY });
  checkout = actionCheckout();
  workspace = copyCalcJs();
  dirs.push(dirname(workspace));
});
afterAll(async () => {
  await sim.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the GitHub Action (25.3)', () => {
  it('declares the inputs and outputs a workflow uses', () => {
    const action = readAction(join(ROOT, 'action.yml'));
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(
      expect.arrayContaining([
        'prompt',
        'prompt-file',
        'model',
        'approval',
        'sandbox',
        'output-schema',
        'output-schema-file',
        'extra-args',
        'api-key',
        'base-url',
      ]),
    );
    expect(Object.keys(action.outputs)).toEqual(['final-message', 'exit-code']);
  });

  it('installs wsagent in its checkout, runs exec against the simulator, and returns the multi-line final message and exit code 0; the key is masked and never shown', async () => {
    const before = sim.log.entries.length;
    const run = await runAction(join(checkout, 'action.yml'), {
      workspace,
      inputs: { prompt: 'Look around the repository and report.', 'api-key': KEY, 'base-url': sim.baseUrl, sandbox: sandboxSetting },
    });
    expect(
      run.steps.map((s) => [s.name, s.code]),
      run.steps.map((s) => s.stdout + s.stderr).join('\n'),
    ).toEqual([
      ['Install wsagent', 0],
      ['Prepare the sandbox', 0],
      ['Run wsagent exec', 0],
    ]);
    const [install, sandbox] = run.steps;
    expect(install!.stdout).toContain('node_modules already matches package-lock.json; npm ci skipped');
    expect(install!.stdout).toContain('wsagent action: npm run build');
    expect(existsSync(join(checkout, 'dist', 'cli.js'))).toBe(true);
    expect(sandbox!.stdout).toContain(
      sandboxSetting === 'danger-full-access' ? 'sandbox danger-full-access, bubblewrap not needed' : 'self-hosted Linux runner, its sandbox left as it is',
    );
    expect(run.outputs['exit-code']).toBe('0');
    expect(run.outputs['final-message']).toMatch(
      /^I made \d+ read-only tool calls? and saw:\n[\s\S]+\nThat is all this simulated model does: it answers here\.$/,
    );
    // The model was the simulator's, over its socket, with the key it requires.
    const requests = sim.log.entries.slice(before).filter((e) => e.kind === 'response');
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((e) => e.httpStatus === null || e.httpStatus === 200)).toBe(true);
    expect(run.masks).toEqual([KEY]);
    expectKeyNowhere(run);
  });

  it('a prompt file and an inline output schema: the final message is the JSON; extra-args reach exec', async () => {
    writeFileSync(join(workspace, 'task.md'), 'Summarise the repository.\n---\nIn one object.\n');
    const schema = JSON.stringify({ type: 'object', properties: { summary: { type: 'string' } }, required: ['summary'], additionalProperties: false });
    const run = await runAction(join(checkout, 'action.yml'), {
      workspace,
      onlyStep: 'run',
      inputs: {
        'prompt-file': 'task.md',
        'output-schema': schema,
        'extra-args': '--ephemeral --max-turns 5',
        'api-key': KEY,
        'base-url': sim.baseUrl,
        sandbox: sandboxSetting,
      },
    });
    expect(run.steps.map((s) => s.code)).toEqual([0]);
    expect(run.steps[0]!.stdout).toContain('--ephemeral --max-turns 5 -- <prompt, ');
    expect(JSON.parse(run.outputs['final-message']!)).toEqual({ summary: expect.any(String) });
    expect(run.outputs['exit-code']).toBe('0');
    expectKeyNowhere(run);
  });

  it("wsagent's failure: exit-code says it; fail-on-error false keeps the step green, the default fails it; no prompt is a usage error", async () => {
    const dead = { workspace, onlyStep: 'run', inputs: { prompt: 'hello', 'api-key': KEY, 'base-url': 'http://127.0.0.1:1/v1', sandbox: sandboxSetting } };
    const tolerated = await runAction(join(checkout, 'action.yml'), { ...dead, inputs: { ...dead.inputs, 'fail-on-error': 'false' } });
    expect(tolerated.steps.map((s) => s.code)).toEqual([0]);
    expect(tolerated.outputs).toEqual({ 'final-message': '', 'exit-code': '4' });
    const failing = await runAction(join(checkout, 'action.yml'), dead);
    expect(failing.steps.map((s) => s.code)).toEqual([4]);
    expect(failing.outputs['exit-code']).toBe('4');
    expect(failing.steps[0]!.stdout).toContain('::error::wsagent exec exited with 4');
    const noPrompt = await runAction(join(checkout, 'action.yml'), { workspace, onlyStep: 'run', inputs: { 'api-key': KEY } });
    expect(noPrompt.steps.map((s) => s.code)).toEqual([2]);
    expect(noPrompt.steps[0]!.stdout).toContain('::error::wsagent action: give prompt or prompt-file');
    for (const run of [tolerated, failing, noPrompt]) expectKeyNowhere(run);
  });

  it("the install skips npm ci only when node_modules holds the lock file's versions", () => {
    const installedAsLocked = (lock: object, installed: object | null): boolean => {
      const dir = mkdtempSync(join(tmpdir(), 'wsagent-action-lock-'));
      dirs.push(dir);
      writeFileSync(join(dir, 'package-lock.json'), JSON.stringify({ packages: lock }));
      if (installed) {
        mkdirSync(join(dir, 'node_modules'));
        writeFileSync(join(dir, 'node_modules', '.package-lock.json'), JSON.stringify({ packages: installed }));
      }
      const script = `import('${join(ROOT, 'scripts', 'installedAsLocked.mjs')}').then((m) => process.stdout.write(String(m.installedAsLocked(process.argv[1]))))`;
      return spawnSync(process.execPath, ['-e', script, dir], { encoding: 'utf8' }).stdout === 'true';
    };
    const lock = {
      '': { name: 'wsagent' },
      'node_modules/a': { version: '1.0.0' },
      'node_modules/a/node_modules/b': { version: '2.0.0' },
      'node_modules/@esbuild/darwin-arm64': { version: '0.28.2', optional: true },
    };
    const asLocked = { 'node_modules/a': { version: '1.0.0' }, 'node_modules/a/node_modules/b': { version: '2.0.0' } };
    expect(installedAsLocked(lock, asLocked)).toBe(true);
    expect(installedAsLocked(lock, null)).toBe(false);
    expect(installedAsLocked(lock, { ...asLocked, 'node_modules/a': { version: '1.0.1' } })).toBe(false);
    expect(installedAsLocked(lock, { 'node_modules/a': { version: '1.0.0' } })).toBe(false);
    expect(installedAsLocked(lock, { ...asLocked, 'node_modules/@esbuild/darwin-arm64': { version: '0.27.0' } })).toBe(false);
  });
});
